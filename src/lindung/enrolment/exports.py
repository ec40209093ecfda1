"""XLSX files: the upload template per programme and the row-level report of a batch."""

from __future__ import annotations

import io
import tempfile
from collections.abc import Iterator
from typing import IO

import xlsxwriter

from lindung.core.exports import safe_cell
from lindung.core.formatting import mask_nik
from lindung.enrolment.models import Batch
from lindung.programs.models import Programme

TEMPLATE_COLUMNS = [
    ("NIK", "1604216512900001", "16 digit, kolom diformat sebagai Teks (jangan angka)."),
    ("Nama Lengkap", "SITI AMINAH", "Sesuai KTP."),
    ("Tempat Lahir", "LAHAT", ""),
    ("Tanggal Lahir", "25/12/1990", "dd/mm/yyyy atau tanggal Excel."),
    ("Jenis Kelamin (L/P)", "P", "L atau P."),
    ("Kode Desa", "16.04.21.2008", "Kode Kemendagri desa/kelurahan (10 digit, boleh bertitik)."),
    ("Alamat", "Dusun 2 RT 003", ""),
    ("No. HP", "081234567890", ""),
    ("Pekerjaan", "PETANI", ""),
    ("Penghasilan per Bulan", "1000000", "Rupiah tanpa titik atau dengan titik ribuan."),
]


def template_xlsx(programme: Programme) -> bytes:
    buf = io.BytesIO()
    wb = xlsxwriter.Workbook(buf, {"in_memory": True})
    text = wb.add_format({"num_format": "@"})
    bold = wb.add_format({"bold": True, "bg_color": "#E8F3EE", "border": 1})
    ws = wb.add_worksheet("Data")
    columns = list(TEMPLATE_COLUMNS)
    if programme.target_group == Programme.TargetGroup.BADAN_ADHOC:
        columns.append(("Jenis Petugas", "KPPS", "PPK, PPS, KPPS, Pantarlih, Panwascam atau PPL."))
    for i, (name, example, _) in enumerate(columns):
        ws.write_string(0, i, name, bold)
        ws.write_string(1, i, example, text)
        ws.set_column(i, i, max(14, len(name) + 4), text)
    ws.freeze_panes(1, 0)
    info = wb.add_worksheet("Petunjuk")
    lines = [
        f"Templat unggahan program: {programme.name} ({programme.code})",
        "Isi satu baris per orang mulai baris 2 (hapus baris contoh). Jangan ubah judul kolom.",
        "Kolom NIK sudah diformat sebagai Teks: ketik NIK 16 digit apa adanya. NIK yang tersimpan sebagai angka akan ditolak.",
        f"Batas usia program: {programme.min_age}–{programme.max_age} tahun. Kuota per desa: {programme.quota_per_village or '-'}.",
        "Judul dan blok tanda tangan di atas/bawah tabel boleh ada; baris tanpa NIK dan nama diabaikan.",
        "",
        "Kolom:",
    ] + [f"- {name}: {hint}" for name, _, hint in columns if hint]
    for i, line in enumerate(lines):
        info.write_string(i, 0, line)
    info.set_column(0, 0, 110)
    wb.close()
    return buf.getvalue()


REPORT_COLUMNS = [
    "Baris",
    "Status",
    "Pesan",
    "NIK",
    "Nama",
    "Tanggal Lahir",
    "L/P",
    "Kode Desa",
    "Tempat Lahir",
    "Pekerjaan",
    "No. HP",
]


# Above this many rows the report is a CSV: xlsxwriter writes 100.000 rows in ~17 s, a CSV a million in
# about as long, streamed (docs/benchmarks.md, worst-case uploads).
REPORT_XLSX_MAX_ROWS = 50_000
_LABELS = {"valid": "Valid", "warning": "Peringatan", "rejected": "Ditolak", "returned": "Dikembalikan"}


def report_rows(batch: Batch, *, mask: bool, status: str = "") -> Iterator[list]:
    """The report's rows (``REPORT_COLUMNS``), read in chunks; only those of ``status`` when given."""
    rows = (
        batch.row_set.filter(**({"status": status} if status else {}))
        .order_by("row_no")
        .values_list(
            "row_no",
            "status",
            "return_reason",
            "messages",
            "nik",
            "full_name",
            "birth_date",
            "sex",
            "region_code",
            "birth_place",
            "occupation",
            "phone",
        )
    )
    for (
        row_no,
        row_status,
        reason,
        messages,
        nik,
        name,
        birth,
        sex,
        region,
        place,
        job,
        phone,
    ) in rows.iterator(chunk_size=5000):
        notes = [f"Dikembalikan: {reason}"] if reason else []
        yield [
            row_no,
            _LABELS[row_status],
            " | ".join([*notes, *(m["message"] for m in messages)]),
            mask_nik(nik) if mask else nik,
            name,
            birth.strftime("%d/%m/%Y") if birth else "",
            sex,
            region,
            place,
            job,
            phone,
        ]


def report_xlsx(batch: Batch, *, mask: bool, status: str = "") -> IO[bytes]:
    """The row-level report as an XLSX in a temporary file (rewound), written row by row in xlsxwriter's
    constant-memory mode (its cells never all in memory)."""
    out = tempfile.TemporaryFile()  # noqa: SIM115 (returned open; the response closes it)
    wb = xlsxwriter.Workbook(out, {"constant_memory": True})
    bold = wb.add_format({"bold": True, "bg_color": "#E8F3EE", "border": 1})
    status_fmt = {
        label: wb.add_format({"bg_color": colour})
        for label, colour in (
            ("Valid", "#E8F3EE"),
            ("Peringatan", "#FFF4E5"),
            ("Ditolak", "#FDECEA"),
            ("Dikembalikan", "#FDECEA"),
        )
    }
    ws = wb.add_worksheet("Hasil")
    ws.set_column(2, 2, 80)
    ws.set_column(3, 4, 22)
    ws.freeze_panes(1, 0)
    for i, h in enumerate(REPORT_COLUMNS):
        ws.write_string(0, i, h, bold)
    n = 0
    for n, (row_no, label, *values) in enumerate(report_rows(batch, mask=mask, status=status), start=1):
        ws.write_number(n, 0, row_no)
        ws.write_string(n, 1, label, status_fmt[label])
        for i, v in enumerate(values, start=2):
            if v:
                ws.write_string(n, i, safe_cell(v))
    ws.autofilter(0, 0, max(n, 1), len(REPORT_COLUMNS) - 1)
    wb.close()
    out.seek(0)
    return out
