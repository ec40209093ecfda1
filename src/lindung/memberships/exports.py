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


CARDS_PER_SHEET = 10  # 2 x 5 cards of 85,6 x 54 mm (ID-1) on an A4 sheet


def card_sheets(villages: list[tuple[object, list]]) -> list[dict]:
    """Cards grouped per village and cut into A4 sheets of two columns and five rows."""
    sheets = []
    for village, members in villages:
        chunks = [members[i : i + CARDS_PER_SHEET] for i in range(0, len(members), CARDS_PER_SHEET)]
        for n, chunk in enumerate(chunks, start=1):
            padded = chunk + [None] * (len(chunk) % 2)
            sheets.append(
                {
                    "village": village,
                    "number": n,
                    "of": len(chunks),
                    "count": len(members),
                    "rows": [padded[i : i + 2] for i in range(0, len(padded), 2)],
                }
            )
    return sheets


def cards_pdf(*, programme, villages: list[tuple[object, list]]) -> bytes:
    """Membership cards: ``villages`` is a list of (village region, memberships with person and funder).

    Each card names who pays for it (the funder's name and kind), not only the kind of funding."""
    for _village, members in villages:
        for m in members:
            f = m.funder
            m.funder_label = (
                f"{f.display_name} ({f.get_kind_display()})"
                if f.display_name != f.get_kind_display()
                else f.display_name
            )
    return render_pdf(
        "memberships/cards.html",
        {"programme": programme, "elements": " + ".join(programme.elements), "sheets": card_sheets(villages)},
    )
