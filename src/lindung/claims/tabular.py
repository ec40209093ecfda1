"""Reading a family list (XLSX or CSV as it comes) with the enrolment reader's machinery.

The one place claims touches the reader: when the reader moves to ``lindung.core.tabular`` only the import below
changes. The header row is found among the top rows by matching known header variants, like the enrolment
reader does; cells stay text; dates are Excel serials or dd/mm/yyyy text.
"""

from __future__ import annotations

import polars as pl
from django.utils.translation import gettext as _

from lindung.enrolment.reader import HEADER_SCAN_ROWS, FileRejected, _norm, _parse_date, _read_csv, _read_xlsx

__all__ = ["FileRejected", "read_family_file"]

MAX_BYTES = 5 * 1024 * 1024
MAX_ROWS = 200

FAMILY_HEADERS: dict[str, tuple[str, ...]] = {
    "full_name": ("nama", "namalengkap", "namaanggotakeluarga", "namaahliwaris", "namaanggota"),
    "relation": (
        "hubungan",
        "hubungankeluarga",
        "statushubungan",
        "hubungandalamkeluarga",
        "hubungandgnpeserta",
    ),
    "nik": ("nik", "noktp", "nomorktp", "nomorindukkependudukan", "niknomorktp"),
    "birth_date": ("tanggallahir", "tgllahir", "tgllhr", "tanggallhr"),
    "married": ("statuskawin", "statusperkawinan", "kawin", "menikah", "sudahmenikah"),
    "working": ("bekerja", "sudahbekerja", "statuspekerjaan", "pekerjaan"),
    "school_level": ("jenjang", "jenjangsekolah", "pendidikan", "sekolah", "jenjangpendidikan"),
    "school_year": ("kelas", "tahunke", "kelastahunke", "semester", "tingkat"),
    "phone": ("nohp", "telepon", "notelp", "nomorhp"),
}
_VARIANTS = {_norm(v): key for key, variants in FAMILY_HEADERS.items() for v in variants}


def read_family_file(data: bytes, *, filename: str) -> pl.DataFrame:
    """The rows as text columns with canonical names, ``row_no`` (1-based under the header) and
    ``birth_date_parsed``. Raises FileRejected with a message for the user."""
    if not data:
        raise FileRejected(_("Berkas kosong."), code="empty")
    if len(data) > MAX_BYTES:
        raise FileRejected(_("Berkas daftar keluarga terlalu besar (paling besar 5 MB)."), code="too_large")
    lower = filename.lower()
    if lower.endswith((".xlsx", ".xlsm")) or data[:2] == b"PK":
        raw = _read_xlsx(data)[0]
    elif lower.endswith((".csv", ".txt")):
        raw = _read_csv(data)[0]
    else:
        raise FileRejected(_("Format berkas tidak dikenal: unggah .xlsx atau .csv."), code="format")
    if raw.height == 0:
        raise FileRejected(_("Berkas kosong: tidak ada baris."), code="empty")
    raw = raw.rename({c: f"c{i}" for i, c in enumerate(raw.columns)})
    best_row, best = -1, {}
    for i, cells in enumerate(raw.head(HEADER_SCAN_ROWS).rows()):
        found: dict[int, str] = {}
        for j, cell in enumerate(cells):
            key = _VARIANTS.get(_norm("" if cell is None else str(cell)))
            if key and key not in found.values():
                found[j] = key
        if len(found) > len(best):
            best_row, best = i, found
    if not {"full_name", "relation"} <= set(best.values()):
        raise FileRejected(
            _("Baris judul kolom tidak ditemukan: kolom Nama dan Hubungan wajib ada."), code="columns"
        )
    frame = raw.slice(best_row + 1).select(
        [pl.col(f"c{i}").cast(pl.Utf8).str.strip_chars().alias(k) for i, k in best.items()]
    )
    for key in FAMILY_HEADERS:
        if key not in frame.columns:
            frame = frame.with_columns(pl.lit(None, pl.Utf8).alias(key))
    frame = (
        frame.with_row_index("row_no", offset=1)
        # A row is data when it names someone and says something of them (not a signature block line).
        .filter(
            pl.col("full_name").is_not_null()
            & (pl.col("full_name") != "")
            & (
                pl.col("relation").is_not_null()
                | pl.col("nik").is_not_null()
                | pl.col("birth_date").is_not_null()
            )
        )
        .with_columns(
            birth_date_parsed=_parse_date(pl.col("birth_date")),
            nik=pl.col("nik").fill_null("").str.replace_all(r"[\s.\-']", ""),
        )
    )
    if frame.height == 0:
        raise FileRejected(_("Tidak ada baris data di bawah judul kolom."), code="no_rows")
    if frame.height > MAX_ROWS:
        raise FileRejected(_("Daftar keluarga paling banyak 200 baris."), code="too_many_rows")
    return frame
