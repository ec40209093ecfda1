"""Reads enrolment lists as villages and OPDs send them: XLSX or CSV, a title above the header, a signature
block below the data, NIKs that Excel stored as numbers, dates as Excel dates or text.

The result is one polars frame of text columns with canonical names, plus row numbers as the user sees
them (``row_no``: 1-based data rows below the header; ``sheet_row``: the spreadsheet row). Cleaning is
vectorised; nothing here loops over rows in Python.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import unicodedata
import zipfile
from dataclasses import dataclass, field
from functools import reduce

import polars as pl
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

MAX_BYTES = 128 * 1024 * 1024
MAX_UNCOMPRESSED = 600 * 1024 * 1024
MAX_ROWS = 1_000_000
HEADER_SCAN_ROWS = 25

# canonical name -> header variants (compared after normalising: lower case, letters and digits only)
HEADERS: dict[str, tuple[str, ...]] = {
    "nik": ("nik", "noktp", "nomorktp", "nomorindukkependudukan", "nikktp", "noinduk kependudukan", "nonik"),
    "full_name": ("nama", "namalengkap", "namapeserta", "namapekerja", "namasesuaiktp"),
    "birth_place": ("tempatlahir", "tmplahir", "tmptlahir"),
    "birth_date": ("tanggallahir", "tgllahir", "tgllhr", "tanggallhr", "tgllahirddmmyyyy"),
    "sex": ("jeniskelamin", "jk", "lp", "jeniskelaminlp", "kelamin", "sex"),
    "region_code": ("kodedesa", "kodewilayah", "kodekelurahan", "kodedesakelurahan", "kodedesakel"),
    "address": ("alamat", "alamatlengkap", "alamatdomisili"),
    "phone": ("nohp", "telepon", "notelp", "nohandphone", "nomorhp", "notelepon", "hp"),
    "occupation": ("pekerjaan", "jabatan", "profesi", "jenispekerjaan"),
    "monthly_income": (
        "penghasilan",
        "honorperbulan",
        "upah",
        "gaji",
        "penghasilanperbulan",
        "honor",
        "upahperbulan",
    ),
    "kk_number": ("nokk", "nomorkk", "nomorkartukeluarga"),
    "mother_maiden_name": ("namaibukandung", "ibukandung", "namaibu"),
    "officer_kind": ("jenispetugas", "petugas", "jabatanadhoc"),
    "unit": ("unitkerja", "opd", "satuankerja"),
    "kpj": ("kpj", "nokpj", "nomorkpj", "nomorkepesertaan"),
}
REQUIRED = ("nik", "full_name")
LABELS = {
    "nik": "NIK",
    "full_name": "Nama",
    "birth_date": "Tanggal lahir",
    "sex": "Jenis kelamin",
    "region_code": "Kode desa",
    "monthly_income": "Penghasilan",
}

MSG_NIK_NUMBER = (
    "NIK tersimpan sebagai angka oleh Excel sehingga digit terakhir bisa berubah; format kolom NIK sebagai "
    "Teks lalu ketik ulang NIK ini."
)
MSG_NIK_SCIENTIFIC = (
    'NIK "{}" tertulis dalam notasi ilmiah oleh Excel dan digitnya sudah hilang; format kolom NIK sebagai '
    "Teks lalu ketik ulang NIK ini."
)
MSG_REQUIRED = "{} wajib diisi."
MSG_DATE = 'Tanggal lahir "{}" tidak dapat dibaca; pakai format dd/mm/yyyy, misalnya 17/08/1991.'
MSG_SEX = 'Jenis kelamin "{}" tidak dikenal; isi L atau P.'
MSG_INCOME = 'Penghasilan "{}" bukan angka Rupiah yang dapat dibaca.'


class FileRejected(Exception):
    def __init__(self, message: str, code: str = "file_rejected") -> None:
        super().__init__(message)
        self.message = message
        self.code = code


@dataclass
class ReadResult:
    frame: pl.DataFrame
    columns_found: dict[str, str]
    messages: pl.DataFrame
    kind: str
    sheet: str = ""
    extra: dict = field(default_factory=dict)

    @property
    def rows(self) -> int:
        return self.frame.height


def _norm(text: str) -> str:
    text = unicodedata.normalize("NFKD", str(text or "")).encode("ascii", "ignore").decode().lower()
    return re.sub(r"[^a-z0-9]", "", text)


_VARIANTS = {_norm(v): key for key, variants in HEADERS.items() for v in variants}


def _match_header(cells: list[str]) -> dict[int, str]:
    found: dict[int, str] = {}
    for i, cell in enumerate(cells):
        key = _VARIANTS.get(_norm(cell))
        if key and key not in found.values():
            found[i] = key
    return found


def _decode_csv(data: bytes) -> str:
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252")
    except UnicodeDecodeError as exc:
        raise FileRejected(
            _(
                "Berkas CSV tidak dapat dibaca: pengodean karakternya rusak (bukan UTF-8 maupun Windows-1252). "
                "Simpan ulang dari Excel sebagai \u201cCSV UTF-8\u201d."
            ),
            code="encoding",
        ) from exc


def _read_csv(data: bytes) -> tuple[pl.DataFrame, set[int]]:
    text = _decode_csv(data)
    head = text[:20_000].splitlines()[:HEADER_SCAN_ROWS]
    sep = ";" if sum(line.count(";") for line in head) > sum(line.count(",") for line in head) else ","
    try:
        frame = pl.read_csv(
            io.StringIO(text) if len(text) < 50_000_000 else text.encode(),
            separator=sep,
            has_header=False,
            infer_schema=False,
            truncate_ragged_lines=True,
            quote_char='"',
        )
    except pl.exceptions.PolarsError as exc:
        raise FileRejected(
            _("Berkas CSV tidak dapat dibaca: %(error)s.") % {"error": exc.__class__.__name__},
            code="csv_invalid",
        ) from exc
    return frame, set()


def _check_zip(data: bytes) -> zipfile.ZipFile:
    if data[:8] == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1":
        raise FileRejected(
            _(
                "Berkas Excel ini terkunci dengan kata sandi (terenkripsi) atau berformat .xls lama. "
                "Buka kuncinya dan simpan ulang sebagai .xlsx."
            ),
            code="encrypted",
        )
    try:
        zf = zipfile.ZipFile(io.BytesIO(data))
        infos = zf.infolist()
    except zipfile.BadZipFile as exc:
        raise FileRejected(
            _("Berkas XLSX rusak dan tidak dapat dibuka. Simpan ulang dari Excel."), code="corrupt"
        ) from exc
    total = sum(i.file_size for i in infos)
    if total > MAX_UNCOMPRESSED or any(
        i.compress_size and i.file_size / i.compress_size > 400 for i in infos
    ):
        raise FileRejected(
            _("Berkas XLSX ditolak: isinya setelah dibuka terlalu besar (kemungkinan bom zip)."),
            code="zip_bomb",
        )
    if "xl/workbook.xml" not in {i.filename for i in infos}:
        raise FileRejected(_("Berkas ini bukan lembar kerja Excel (.xlsx) yang sah."), code="corrupt")
    return zf


def _sheet_xml_name(zf: zipfile.ZipFile) -> str:
    names = sorted(n for n in zf.namelist() if re.match(r"xl/worksheets/sheet\d+\.xml$", n))
    return names[0] if names else ""


def _col_letter(idx: int) -> str:
    letters = ""
    idx += 1
    while idx:
        idx, rem = divmod(idx - 1, 26)
        letters = chr(65 + rem) + letters
    return letters


def _numeric_cells(zf: zipfile.ZipFile, col_idx: int) -> set[int]:
    """Spreadsheet rows (1-based) whose cell in the column is stored as a number."""
    name = _sheet_xml_name(zf)
    if not name:
        return set()
    xml = zf.read(name)
    col = _col_letter(col_idx).encode()
    rows = set()
    for m in re.finditer(rb'<c r="' + col + rb'(\d+)"([^>]*)>', xml):
        attrs = m.group(2)
        if b' t="' not in attrs or b' t="n"' in attrs:
            rows.add(int(m.group(1)))
    return rows


def _read_xlsx(data: bytes) -> tuple[pl.DataFrame, zipfile.ZipFile, str]:
    import fastexcel

    zf = _check_zip(data)
    try:
        reader = fastexcel.read_excel(data)
        sheet = reader.sheet_names[0]
        frame = reader.load_sheet(0, header_row=None, dtypes="string").to_polars()
    except Exception as exc:  # fastexcel raises its own error types for damaged workbooks
        raise FileRejected(
            _("Berkas XLSX rusak dan tidak dapat dibaca. Simpan ulang dari Excel."), code="corrupt"
        ) from exc
    return frame, zf, sheet


def read_enrolment_file(
    data: bytes,
    *,
    filename: str,
    max_rows: int = MAX_ROWS,
    max_bytes: int = MAX_BYTES,
    required: tuple[str, ...] = REQUIRED,
) -> ReadResult:
    if not data:
        raise FileRejected(_("Berkas kosong."), code="empty")
    if len(data) > max_bytes:
        raise FileRejected(
            _("Berkas terlalu besar (%(size)s MB; paling besar %(limit)s MB).")
            % {"size": f"{len(data) / 1024 / 1024:.0f}", "limit": max_bytes // 1024 // 1024},
            code="too_large",
        )
    lower = filename.lower()
    zf = None
    sheet = ""
    if lower.endswith((".xlsx", ".xlsm")) or data[:2] == b"PK":
        kind = "xlsx"
        raw, zf, sheet = _read_xlsx(data)
    elif lower.endswith((".csv", ".txt")):
        kind = "csv"
        raw, _numeric = _read_csv(data)
    elif lower.endswith(".xls") or data[:8] == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1":
        _check_zip(data)
        raise FileRejected(
            _("Format .xls lama tidak didukung; simpan sebagai .xlsx atau CSV."), code="format"
        )
    else:
        raise FileRejected(_("Format berkas tidak dikenal: unggah .xlsx atau .csv."), code="format")

    if raw.height == 0:
        raise FileRejected(_("Berkas kosong: tidak ada baris."), code="empty")
    raw = raw.rename({c: f"c{i}" for i, c in enumerate(raw.columns)})

    # Header row: the first of the top rows that names NIK and a name column (most known headers wins).
    top = raw.head(HEADER_SCAN_ROWS).rows()
    best_row, best = -1, {}
    for i, cells in enumerate(top):
        found = _match_header(["" if c is None else str(c) for c in cells])
        if len(found) > len(best):
            best_row, best = i, found
    if not best or not set(required) <= set(best.values()):
        seen = [str(c) for c in (top[best_row] if best_row >= 0 else top[0]) if c not in (None, "")]
        names = [{"nik": "NIK", "full_name": _("Nama"), "kpj": "KPJ"}.get(k, k) for k in required]
        raise FileRejected(
            _(
                "Baris judul kolom tidak ditemukan: kolom %(columns)s wajib ada. "
                "Kolom yang terbaca: %(seen)s. "
                "Gunakan templat unggahan program ini."
            )
            % {
                "columns": reduce(
                    lambda a, b: _("%(first)s dan %(second)s") % {"first": a, "second": b}, names
                ),
                "seen": ", ".join(seen[:12]) or _("(tidak ada)"),
            },
            code="columns",
        )
    header_cells = top[best_row]
    columns_found = {key: str(header_cells[i]).strip() for i, key in best.items()}
    data_rows = raw.slice(best_row + 1)
    frame = data_rows.select([pl.col(f"c{i}").alias(key) for i, key in best.items()])
    frame = frame.with_columns([pl.col(c).cast(pl.Utf8).str.strip_chars() for c in frame.columns])
    frame = frame.with_columns(
        [pl.when(pl.col(c) == "").then(None).otherwise(pl.col(c)).alias(c) for c in frame.columns]
    )
    frame = (
        frame.with_row_index("_i")
        .with_columns(row_no=pl.col("_i") + 1, sheet_row=pl.col("_i") + best_row + 2)
        .drop("_i")
    )
    # Data ends where the signature block starts: rows without NIK and name are not data.
    if "full_name" not in frame.columns:
        frame = frame.with_columns(pl.lit(None, pl.Utf8).alias("full_name"))
    has_data = pl.col("nik").is_not_null() | pl.col("full_name").is_not_null()
    frame = frame.filter(has_data)
    if frame.height == 0:
        raise FileRejected(_("Tidak ada baris data di bawah judul kolom."), code="no_rows")
    if frame.height > max_rows:
        raise FileRejected(
            ngettext(
                "Berkas berisi %(rows)s baris data; paling banyak %(limit)s baris per unggahan. "
                "Pecah berkas menjadi beberapa bagian.",
                "Berkas berisi %(rows)s baris data; paling banyak %(limit)s baris per unggahan. "
                "Pecah berkas menjadi beberapa bagian.",
                frame.height,
            )
            % {"rows": f"{frame.height:,}".replace(",", "."), "limit": f"{max_rows:,}".replace(",", ".")},
            code="too_many_rows",
        )

    numeric_rows: set[int] = set()
    if zf is not None:
        nik_idx = next(i for i, k in best.items() if k == "nik")
        numeric_rows = _numeric_cells(zf, nik_idx)
    frame, messages = _clean(frame, numeric_rows, required)
    return ReadResult(frame=frame, columns_found=columns_found, messages=messages, kind=kind, sheet=sheet)


_DATE_FORMATS = ("%d/%m/%Y", "%d-%m-%Y", "%Y-%m-%d", "%Y-%m-%d %H:%M:%S", "%d.%m.%Y", "%d/%m/%y")


def _parse_date(expr: pl.Expr) -> pl.Expr:
    parsed = [expr.str.to_date(f, strict=False) for f in _DATE_FORMATS]
    serial = expr.cast(pl.Float64, strict=False)
    from_serial = pl.when(serial.is_between(1, 80_000)).then(
        (pl.lit(dt.date(1899, 12, 30)) + pl.duration(days=serial.floor().cast(pl.Int64))).cast(pl.Date)
    )
    return pl.coalesce([*parsed, from_serial])


def _clean(
    frame: pl.DataFrame, numeric_rows: set[int], required: tuple[str, ...] = REQUIRED
) -> tuple[pl.DataFrame, pl.DataFrame]:
    cols = set(frame.columns)
    nik_raw = pl.col("nik").fill_null("")
    numeric_list = pl.Series("n", sorted(numeric_rows), dtype=pl.Int64)
    exprs = [
        pl.col("nik").alias("nik_raw"),
        nik_raw.str.replace_all(r"[\s.\-']", "").alias("nik"),
        (
            pl.col("sheet_row").cast(pl.Int64).is_in(numeric_list.implode())
            if numeric_rows
            else pl.lit(False)
        ).alias("_nik_number"),
        nik_raw.str.contains(r"^\d(?:[.,]\d+)?[eE]\+?\d+$").alias("_nik_sci"),
        pl.col("full_name").str.replace_all(r"\s+", " ").alias("full_name"),
    ]
    if "birth_date" in cols:
        exprs.append(_parse_date(pl.col("birth_date")).alias("birth_date_parsed"))
    if "sex" in cols:
        s = pl.col("sex").str.to_uppercase().str.replace_all(r"[^A-Z]", "")
        exprs.append(
            pl.when(s.is_in(["L", "LAKILAKI", "PRIA", "LK", "M"]))
            .then(pl.lit("L"))
            .when(s.is_in(["P", "PEREMPUAN", "WANITA", "PR", "F", "W"]))
            .then(pl.lit("P"))
            .alias("sex_parsed")
        )
    if "region_code" in cols:
        digits = pl.col("region_code").str.replace_all(r"\D", "")
        exprs.append(
            pl.when(digits.str.len_chars() == 10)
            .then(
                pl.concat_str(
                    [
                        digits.str.slice(0, 2),
                        digits.str.slice(2, 2),
                        digits.str.slice(4, 2),
                        digits.str.slice(6, 4),
                    ],
                    separator=".",
                )
            )
            .otherwise(pl.col("region_code"))
            .alias("region_code")
        )
    if "monthly_income" in cols:
        txt = pl.col("monthly_income").str.replace(r"(?i)^rp\.?\s*", "").str.replace(r",\d{1,2}$", "")
        txt = pl.when(txt.str.contains(r"^\d+\.0+$")).then(txt.str.replace(r"\.0+$", "")).otherwise(txt)
        txt = txt.str.replace_all(r"[.\s]", "")
        exprs.append(txt.cast(pl.Int64, strict=False).alias("income_parsed"))
    frame = frame.with_columns(exprs)

    checks: list[tuple[str, str, pl.Expr, pl.Expr]] = [
        ("nik", "nik_excel_number", pl.col("_nik_number") & ~pl.col("_nik_sci"), pl.lit(MSG_NIK_NUMBER)),
        ("nik", "nik_scientific", pl.col("_nik_sci"), pl.format(MSG_NIK_SCIENTIFIC, pl.col("nik_raw"))),
        ("nik", "required", pl.col("nik_raw").is_null(), pl.lit(MSG_REQUIRED.format("NIK"))),
        (
            "full_name",
            "required",
            pl.col("full_name").is_null() & pl.lit("full_name" in required),
            pl.lit(MSG_REQUIRED.format("Nama")),
        ),
    ]
    if "birth_date" in cols:
        checks.append(
            (
                "birth_date",
                "date_invalid",
                pl.col("birth_date").is_not_null() & pl.col("birth_date_parsed").is_null(),
                pl.format(MSG_DATE, pl.col("birth_date")),
            )
        )
    if "sex" in cols:
        checks.append(
            (
                "sex",
                "sex_invalid",
                pl.col("sex").is_not_null() & pl.col("sex_parsed").is_null(),
                pl.format(MSG_SEX, pl.col("sex")),
            )
        )
    if "monthly_income" in cols:
        checks.append(
            (
                "monthly_income",
                "income_invalid",
                pl.col("monthly_income").is_not_null() & pl.col("income_parsed").is_null(),
                pl.format(MSG_INCOME, pl.col("monthly_income")),
            )
        )
    parts = [
        frame.filter(cond).select(
            "row_no",
            pl.lit(column).alias("column"),
            pl.lit("error").alias("level"),
            pl.lit(code).alias("code"),
            msg.alias("message"),
        )
        for column, code, cond, msg in checks
    ]
    messages = pl.concat(parts).sort("row_no") if parts else pl.DataFrame()
    # Canonical typed columns replace the raw text ones.
    renames = {"birth_date_parsed": "birth_date", "sex_parsed": "sex", "income_parsed": "monthly_income"}
    frame = frame.drop([c for c in renames.values() if c in frame.columns] + ["_nik_sci"]).rename(
        {k: v for k, v in renames.items() if k in frame.columns}
    )
    for name, dtype in (("birth_date", pl.Date), ("sex", pl.Utf8), ("monthly_income", pl.Int64)):
        if name not in frame.columns:
            frame = frame.with_columns(pl.lit(None, dtype).alias(name))
    for name in (
        "birth_place",
        "region_code",
        "address",
        "phone",
        "occupation",
        "kk_number",
        "mother_maiden_name",
        "officer_kind",
        "unit",
        "kpj",
    ):
        if name not in frame.columns:
            frame = frame.with_columns(pl.lit(None, pl.Utf8).alias(name))
    return frame.rename({"_nik_number": "nik_was_number"}), messages
