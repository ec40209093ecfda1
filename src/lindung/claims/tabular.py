"""Reading a family list (XLSX or CSV as it comes) with ``core.tabular``: the header row found among the top
rows by the header variants below, a title and a signature block dropped, cells as text, birth dates read
by ``core.parsing`` (dd/mm/yyyy text, or Excel dates in a workbook).
"""

from __future__ import annotations

import polars as pl
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from lindung.core import parsing
from lindung.core.tabular import FileRejected, TableSpec, read_table

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
FAMILY_FILE = TableSpec(
    headers=FAMILY_HEADERS,
    required=("full_name", "relation"),
    labels={"full_name": gettext_lazy("Nama"), "relation": gettext_lazy("Hubungan")},
    text=("nik",),
    row_keys=("full_name",),
)


def read_family_file(data: bytes, *, filename: str) -> pl.DataFrame:
    """The rows as text columns with canonical names, ``row_no`` (1-based under the header) and
    ``birth_date_parsed``. Raises FileRejected with a message for the user."""
    if len(data) > MAX_BYTES:
        raise FileRejected(_("Berkas daftar keluarga terlalu besar (paling besar 5 MB)."), code="too_large")
    table = read_table(data, filename=filename, spec=FAMILY_FILE, max_bytes=MAX_BYTES)
    frame = (
        table.frame
        # A row is data when it names someone and says something of them (not a signature block line).
        .filter(
            pl.col("relation").is_not_null()
            | pl.col("nik").is_not_null()
            | pl.col("birth_date").is_not_null()
        ).with_columns(
            birth_date_parsed=parsing.dates_expr(
                pl.col("birth_date"), excel_serial=table.kind == "xlsx"
            ).struct.field("date"),
            nik=pl.col("nik").fill_null("").str.replace_all(r"[\s.\-']", ""),
        )
    )
    if frame.height == 0:
        raise FileRejected(_("Tidak ada baris data di bawah judul kolom."), code="no_rows")
    if frame.height > MAX_ROWS:
        raise FileRejected(_("Daftar keluarga paling banyak 200 baris."), code="too_many_rows")
    return frame
