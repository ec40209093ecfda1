"""XLSX files: the upload template per programme and the row-level report of a batch."""

from __future__ import annotations

import io

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


def report_xlsx(batch: Batch, *, mask: bool) -> bytes:
    buf = io.BytesIO()
    wb = xlsxwriter.Workbook(buf, {"in_memory": True})
    bold = wb.add_format({"bold": True, "bg_color": "#E8F3EE", "border": 1})
    status_fmt = {
        "valid": wb.add_format({"bg_color": "#E8F3EE"}),
        "warning": wb.add_format({"bg_color": "#FFF4E5"}),
        "rejected": wb.add_format({"bg_color": "#FDECEA"}),
    }
    ws = wb.add_worksheet("Hasil")
    header = [
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
    for i, h in enumerate(header):
        ws.write_string(0, i, h, bold)
    labels = {"valid": "Valid", "warning": "Peringatan", "rejected": "Ditolak"}
    for n, r in enumerate(batch.row_set.order_by("row_no").iterator(chunk_size=5000), start=1):
        msgs = " | ".join(m["message"] for m in r.messages)
        values = [
            str(r.row_no),
            labels[r.status],
            msgs,
            mask_nik(r.nik) if mask else r.nik,
            r.full_name,
            r.birth_date.strftime("%d/%m/%Y") if r.birth_date else "",
            r.sex,
            r.region_code,
            r.birth_place,
            r.occupation,
            r.phone,
        ]
        for i, v in enumerate(values):
            ws.write_string(n, i, safe_cell(v), status_fmt[r.status] if i == 1 else None)
    ws.set_column(2, 2, 80)
    ws.set_column(3, 4, 22)
    ws.autofilter(0, 0, max(batch.rows, 1), len(header) - 1)
    ws.freeze_panes(1, 0)
    wb.close()
    return buf.getvalue()
