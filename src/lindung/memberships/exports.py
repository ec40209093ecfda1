"""Participant exports (XLSX, CSV) and printable membership cards (PDF)."""

from __future__ import annotations

import io

import xlsxwriter

from lindung.core.exports import safe_cell
from lindung.core.formatting import mask_nik
from lindung.core.pdf import render_pdf

HEADER = ["NIK", "Nama", "Tanggal lahir", "L/P", "Kode desa", "KPJ", "Status", "Mulai", "Berakhir"]


def participant_rows(qs, *, full_nik: bool):
    status = dict(qs.model.Status.choices)
    for m in qs.iterator(chunk_size=5000):
        p = m.person
        yield [
            p.nik if full_nik else mask_nik(p.nik),
            p.full_name,
            p.birth_date.strftime("%d-%m-%Y") if p.birth_date else "",
            p.sex,
            m.region_code,
            m.kpj,
            status.get(m.status, m.status),
            m.start_date.strftime("%d-%m-%Y"),
            m.end_date.strftime("%d-%m-%Y") if m.end_date else "",
        ]


def participants_xlsx(qs, *, full_nik: bool) -> bytes:
    buf = io.BytesIO()
    wb = xlsxwriter.Workbook(buf, {"in_memory": True, "constant_memory": True, "strings_to_formulas": False})
    ws = wb.add_worksheet("Peserta")
    bold = wb.add_format({"bold": True})
    for i, h in enumerate(HEADER):
        ws.write_string(0, i, h, bold)
    for n, row in enumerate(participant_rows(qs, full_nik=full_nik), start=1):
        for i, v in enumerate(row):
            ws.write_string(n, i, safe_cell(v))
    wb.close()
    return buf.getvalue()


def cards_pdf(*, programme, village, memberships) -> bytes:
    return render_pdf(
        "memberships/cards.html", {"programme": programme, "village": village, "members": memberships}
    )
