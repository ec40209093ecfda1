"""Reading tables people send as files: XLSX or CSV, as they come.

A caller describes its table (``TableSpec``: header variants per column, required columns, labels for
messages, columns that must be text) and gets back a polars frame of text columns with the row numbers the
user sees, or one ``FileRejected`` with a message in Bahasa Indonesia. What this module handles for every
caller:

- the header row is found among the first rows by matching the caller's header variants (a title above it
  and a signature block below the data are not data);
- every cell is text (stripped; empty cells are null); no type guessing;
- a column that must be text (a NIK, a number with leading zeros) but that Excel stored as a number is
  flagged per row (``<column>_as_number``), from the cell types in the sheet XML;
- CSV: UTF-8 (with or without BOM), UTF-16 with BOM (Excel's "Unicode text") and Windows-1252 are decoded;
  the delimiter (``;``, ``,``, tab, ``|``) is guessed from the first lines;
- limits that keep one upload within memory and time: file size, rows, columns, and for workbooks the size
  once unzipped (declared and real), encryption and corruption. Each is refused before the expensive step.

Nothing here loops over data rows in Python.
"""

from __future__ import annotations

import csv
import io
import re
import unicodedata
import zipfile
import zlib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import reduce

import fastexcel
import polars as pl
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

MAX_BYTES = 128 * 1024 * 1024
MAX_ROWS = 1_000_000
MAX_COLUMNS = 200  # a real list has a few dozen; a million-column file is refused before it is parsed
HEADER_SCAN_ROWS = 30
# Workbooks: what the zip may expand to. A real list compresses 5-20x (a million rows of the upload
# template written with inline strings: 36 MB -> 606 MB); a zip bomb thousands of times. Both the total and
# the ratio are bounded, first from the sizes the zip declares (instantly), then by inflating it (a zip may
# lie about its sizes; the reader behind would not notice).
MAX_EXPANDED = 800 * 1024 * 1024
MAX_RATIO = 100
EXPANDED_FLOOR = 16 * 1024 * 1024  # small files may expand this much whatever their ratio
DELIMITERS = (";", ",", "\t", "|")
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # encrypted .xlsx and old .xls


class FileRejected(Exception):
    def __init__(self, message: str, code: str = "file_rejected") -> None:
        super().__init__(message)
        self.message = message
        self.code = code


@dataclass(frozen=True)
class TableSpec:
    """What a caller's table looks like.

    ``headers``: canonical column name -> header variants as people write them (compared after
    ``normalise_header``). ``required``: columns the header row must have. ``labels``: how columns are named
    in messages. ``text``: columns that must be text (digits that Excel would mangle as numbers). ``row_keys``:
    a row is data when one of these is filled (default: the required columns); the rest (signature block,
    blank lines) is dropped.
    """

    headers: Mapping[str, Sequence[str]]
    required: Sequence[str]
    labels: Mapping[str, str] = field(default_factory=dict)
    text: Sequence[str] = ()
    row_keys: Sequence[str] | None = None

    def variants(self) -> dict[str, str]:
        return {normalise_header(v): key for key, variants in self.headers.items() for v in (key, *variants)}


@dataclass
class Table:
    """``frame``: one Utf8 column per canonical name of the spec (null when absent from the file), a Boolean
    ``<name>_as_number`` per text column, ``row_no`` (1-based data rows below the header, as the user counts
    them) and ``sheet_row`` (the spreadsheet row or CSV line)."""

    frame: pl.DataFrame
    columns_found: dict[str, str]
    kind: str
    sheet: str = ""

    @property
    def rows(self) -> int:
        return self.frame.height


def normalise_header(text: str) -> str:
    text = unicodedata.normalize("NFKD", str(text or "")).encode("ascii", "ignore").decode().lower()
    return re.sub(r"[^a-z0-9]", "", text)


def _thousands(n: int) -> str:
    return f"{n:,}".replace(",", ".")


# --- text files --------------------------------------------------------------------------------------


def _encoding_error() -> FileRejected:
    return FileRejected(
        _(
            "Berkas CSV tidak dapat dibaca: pengodean karakternya rusak (bukan UTF-8 maupun Windows-1252). "
            "Simpan ulang dari Excel sebagai “CSV UTF-8”."
        ),
        code="encoding",
    )


def decode_text(data: bytes) -> str:
    """The text of a CSV as Excel and other tools save it: UTF-8 (a BOM dropped), UTF-16 with a BOM, else
    Windows-1252. Raises ``FileRejected`` for bytes that are none of these or not text at all."""
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    elif data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            text = data.decode("utf-16")
        except UnicodeDecodeError as exc:
            raise _encoding_error() from exc
        return _text_only(text)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        try:
            text = data.decode("cp1252")
        except UnicodeDecodeError as exc:
            raise _encoding_error() from exc
    return _text_only(text)


def _text_only(text: str) -> str:
    if "\x00" in text:
        raise FileRejected(
            _("Berkas ini bukan berkas teks CSV; unggah .xlsx atau simpan ulang sebagai CSV."), code="format"
        )
    return text


def _sample_lines(text: str, limit: int = HEADER_SCAN_ROWS) -> list[str]:
    return text[:65_536].splitlines()[:limit]


def guess_delimiter(lines: Sequence[str]) -> str:
    """The delimiter of a CSV from its first lines: the candidate (``;``, ``,``, tab, ``|``) that splits them
    into the most fields, quotes respected; ``;`` when none splits anything (Indonesian Excel's default)."""
    best, best_score = DELIMITERS[0], 0
    sample = [line for line in lines if line.strip()]
    for delimiter in DELIMITERS:
        score = sum(len(fields) - 1 for fields in csv.reader(sample, delimiter=delimiter))
        if score > best_score:
            best, best_score = delimiter, score
    return best


def _too_many_columns(count: int, limit: int) -> FileRejected:
    return FileRejected(
        _(
            "Berkas berisi %(count)s kolom atau lebih; paling banyak %(limit)s kolom. Periksa pemisah kolomnya."
        )
        % {"count": _thousands(count), "limit": limit},
        code="too_many_columns",
    )


def _read_csv(data: bytes, *, max_rows: int, max_columns: int) -> pl.DataFrame:
    text = decode_text(data)
    lines = _sample_lines(text)
    delimiter = guess_delimiter(lines)
    widths = [len(fields) for fields in csv.reader(lines, delimiter=delimiter)]
    width = max(widths, default=1)
    if width > max_columns:
        raise _too_many_columns(width, max_columns)
    # UTF-8 bytes for polars: the original when it was UTF-8 (no copy of a large text), else re-encoded.
    payload = data[3:] if data.startswith(b"\xef\xbb\xbf") else data
    if not _is_utf8(payload):
        payload = text.encode("utf-8")
    del text
    try:
        frame = pl.read_csv(
            payload,
            separator=delimiter,
            has_header=False,
            schema={f"c{i}": pl.Utf8 for i in range(width)},
            missing_columns="insert",
            truncate_ragged_lines=True,
            quote_char='"',
            n_rows=_row_cap(max_rows),
        )
    except pl.exceptions.PolarsError as exc:
        raise FileRejected(
            _("Berkas CSV tidak dapat dibaca: %(error)s.") % {"error": exc.__class__.__name__},
            code="csv_invalid",
        ) from exc
    return frame


def _is_utf8(data: bytes) -> bool:
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return False
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def _row_cap(max_rows: int) -> int:
    """Rows read at most: the limit plus room for a title, blank lines and a signature block. A file with
    more lines is refused without reading the rest."""
    return max_rows * 2 + 1_000


# --- workbooks ----------------------------------------------------------------------------------------


def _expanded_limit(size: int) -> int:
    return min(MAX_EXPANDED, max(EXPANDED_FLOOR, size * MAX_RATIO))


def _zip_bomb() -> FileRejected:
    return FileRejected(
        _("Berkas XLSX ditolak: isinya setelah dibuka terlalu besar (kemungkinan bom zip)."),
        code="zip_bomb",
    )


def _corrupt() -> FileRejected:
    return FileRejected(
        _("Berkas XLSX rusak dan tidak dapat dibuka. Simpan ulang dari Excel."), code="corrupt"
    )


def _encrypted() -> FileRejected:
    return FileRejected(
        _(
            "Berkas Excel ini terkunci dengan kata sandi (terenkripsi) atau berformat .xls lama. "
            "Buka kuncinya dan simpan ulang sebagai .xlsx."
        ),
        code="encrypted",
    )


def open_workbook(data: bytes) -> zipfile.ZipFile:
    """The workbook's zip after the guards: not encrypted, a zip, a workbook, and within the expanded-size
    limit both as declared and as really inflated (each entry streamed, its CRC checked)."""
    if data[:8] == OLE_MAGIC:
        raise _encrypted()
    try:
        zf = zipfile.ZipFile(io.BytesIO(data))
        infos = zf.infolist()
    except (zipfile.BadZipFile, ValueError, EOFError) as exc:
        raise _corrupt() from exc
    limit = _expanded_limit(len(data))
    if sum(i.file_size for i in infos) > limit:
        raise _zip_bomb()
    names = {i.filename for i in infos}
    if "xl/workbook.xml" not in names:
        raise FileRejected(_("Berkas ini bukan lembar kerja Excel (.xlsx) yang sah."), code="corrupt")
    if any(i.flag_bits & 0x1 for i in infos):
        raise _encrypted()
    total = 0
    try:
        for info in infos:
            with zf.open(info) as fh:
                while chunk := fh.read(4 << 20):
                    total += len(chunk)
                    if total > limit:
                        raise _zip_bomb()
    except FileRejected:
        raise
    except (zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError, RuntimeError, ValueError) as exc:
        raise _corrupt() from exc
    return zf


def _first_sheet_path(zf: zipfile.ZipFile) -> str:
    """The XML part of the workbook's first sheet (the one a reader opens), from workbook.xml and its rels."""
    try:
        workbook = zf.read("xl/workbook.xml")[:1_000_000].decode("utf-8", "replace")
        rels = zf.read("xl/_rels/workbook.xml.rels")[:1_000_000].decode("utf-8", "replace")
        sheet = re.search(r"<(?:\w+:)?sheet\b[^>]*\br:id=\"([^\"]+)\"", workbook)
        if sheet:
            for rel in re.finditer(r"<Relationship\b[^>]*>", rels):
                if f'Id="{sheet.group(1)}"' in rel.group(0):
                    target = re.search(r'Target="([^"]+)"', rel.group(0))
                    if target:
                        path = target.group(1).lstrip("/")
                        return path if path.startswith("xl/") else f"xl/{path}"
    except KeyError:
        pass
    names = sorted(n for n in zf.namelist() if re.match(r"xl/worksheets/sheet\d+\.xml$", n))
    return names[0] if names else ""


def _column_letters(index: int) -> str:
    letters = ""
    index += 1
    while index:
        index, rem = divmod(index - 1, 26)
        letters = chr(65 + rem) + letters
    return letters


def _numeric_rows(zf: zipfile.ZipFile, sheet_path: str, column: int) -> list[int]:
    """Sheet rows (1-based) whose cell in the column (0-based, absolute) is stored as a number: no ``t``
    attribute or ``t="n"``. Streams the sheet XML (it can be hundreds of MB) instead of loading it."""
    if not sheet_path or sheet_path not in zf.namelist():
        return []
    cell = re.compile(rb'<c r="' + _column_letters(column).encode() + rb'(\d+)"([^>]*)>')
    rows: list[int] = []
    tail = b""
    with zf.open(sheet_path) as fh:
        while True:
            chunk = fh.read(8 << 20)
            buf = tail + chunk
            cut = buf.rfind(b"<") if chunk else len(buf)
            for number, attrs in cell.findall(buf, 0, cut):
                if b' t="' not in attrs or b' t="n"' in attrs:
                    rows.append(int(number))
            tail = buf[cut:]
            if not chunk:
                break
    return rows


def _read_xlsx(
    data: bytes, *, max_rows: int, max_columns: int
) -> tuple[pl.DataFrame, list[int], zipfile.ZipFile, str, str]:
    """The first sheet as text from row 1 (``c<i>`` columns), their absolute column indexes, the zip, the
    sheet's XML path and name."""
    zf = open_workbook(data)
    try:
        reader = fastexcel.read_excel(data)
        name = reader.sheet_names[0]
        sheet = reader.load_sheet(0, header_row=None, skip_rows=0, dtypes="string", n_rows=_row_cap(max_rows))
        if sheet.width > max_columns:
            raise _too_many_columns(sheet.width, max_columns)
        absolute = [c.absolute_index for c in sheet.available_columns()]
        frame = sheet.to_polars()
    except FileRejected:
        raise
    except Exception as exc:  # fastexcel raises its own error types for damaged workbooks
        raise FileRejected(
            _("Berkas XLSX rusak dan tidak dapat dibaca. Simpan ulang dari Excel."), code="corrupt"
        ) from exc
    frame = frame.rename({c: f"c{i}" for i, c in enumerate(frame.columns)})
    return frame, absolute, zf, _first_sheet_path(zf), name


# --- the table ----------------------------------------------------------------------------------------


def _match_header(cells: list[str], variants: dict[str, str]) -> dict[int, str]:
    found: dict[int, str] = {}
    for i, cell in enumerate(cells):
        key = variants.get(normalise_header(cell))
        if key and key not in found.values():
            found[i] = key
    return found


def _missing_columns(spec: TableSpec, cells: Sequence) -> FileRejected:
    seen = [str(c) for c in cells if c not in (None, "")]
    names = [str(spec.labels.get(k, k)) for k in spec.required]
    return FileRejected(
        _(
            "Baris judul kolom tidak ditemukan: kolom %(columns)s wajib ada. "
            "Kolom yang terbaca: %(seen)s. "
            "Gunakan templat unggahan program ini."
        )
        % {
            "columns": reduce(lambda a, b: _("%(first)s dan %(second)s") % {"first": a, "second": b}, names),
            "seen": ", ".join(seen[:12]) or _("(tidak ada)"),
        },
        code="columns",
    )


def read_table(
    data: bytes,
    *,
    filename: str,
    spec: TableSpec,
    max_rows: int = MAX_ROWS,
    max_bytes: int = MAX_BYTES,
    max_columns: int = MAX_COLUMNS,
) -> Table:
    """Reads an XLSX or CSV table as sent (see the module docstring); raises ``FileRejected``."""
    if not data:
        raise FileRejected(_("Berkas kosong."), code="empty")
    if len(data) > max_bytes:
        raise FileRejected(
            _("Berkas terlalu besar (%(size)s MB; paling besar %(limit)s MB).")
            % {"size": f"{len(data) / 1024 / 1024:.0f}", "limit": max_bytes // 1024 // 1024},
            code="too_large",
        )
    lower = filename.lower()
    zf, sheet_path, sheet_name, absolute = None, "", "", []
    if data[:8] == OLE_MAGIC:
        raise _encrypted()
    if lower.endswith((".xlsx", ".xlsm")) or data[:2] == b"PK":
        kind = "xlsx"
        raw, absolute, zf, sheet_path, sheet_name = _read_xlsx(
            data, max_rows=max_rows, max_columns=max_columns
        )
    elif lower.endswith((".csv", ".txt")):
        kind = "csv"
        raw = _read_csv(data, max_rows=max_rows, max_columns=max_columns)
    elif lower.endswith(".xls"):
        raise FileRejected(
            _("Format .xls lama tidak didukung; simpan sebagai .xlsx atau CSV."), code="format"
        )
    else:
        raise FileRejected(_("Format berkas tidak dikenal: unggah .xlsx atau .csv."), code="format")
    if raw.height == 0:
        raise FileRejected(_("Berkas kosong: tidak ada baris."), code="empty")
    if raw.height >= _row_cap(max_rows):  # the rest was not even read
        raise FileRejected(
            _("Berkas berisi lebih dari %(limit)s baris; pecah berkas menjadi beberapa bagian.")
            % {"limit": _thousands(max_rows)},
            code="too_many_rows",
        )

    # The header row: of the top rows, the one naming the most known columns.
    top = raw.head(HEADER_SCAN_ROWS).rows()
    variants = spec.variants()
    best_row, best = -1, {}
    for i, cells in enumerate(top):
        found = _match_header(["" if c is None else str(c) for c in cells], variants)
        if len(found) > len(best):
            best_row, best = i, found
    if not best or not set(spec.required) <= set(best.values()):
        raise _missing_columns(spec, top[best_row] if best_row >= 0 else top[0])
    header_cells = top[best_row]
    columns_found = {key: str(header_cells[i]).strip() for i, key in best.items()}

    frame = raw.slice(best_row + 1).select([pl.col(f"c{i}").alias(key) for i, key in best.items()])
    del raw
    frame = frame.with_columns(
        [
            pl.col(c).str.strip_chars().pipe(lambda e: pl.when(e == "").then(None).otherwise(e)).alias(c)
            for c in frame.columns
        ]
    )
    frame = frame.with_row_index("_i").with_columns(
        row_no=(pl.col("_i") + 1).cast(pl.Int64), sheet_row=(pl.col("_i") + best_row + 2).cast(pl.Int64)
    )
    keys = [k for k in (spec.row_keys or spec.required) if k in frame.columns]
    frame = frame.filter(pl.any_horizontal([pl.col(k).is_not_null() for k in keys])).drop("_i")
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
            % {"rows": _thousands(frame.height), "limit": _thousands(max_rows)},
            code="too_many_rows",
        )

    # Text columns that Excel stored as numbers, per row.
    flags = []
    for name in spec.text:
        index = next((i for i, k in best.items() if k == name), None)
        if zf is not None and index is not None:
            rows = _numeric_rows(zf, sheet_path, absolute[index])
            flag = (
                pl.col("sheet_row").is_in(pl.Series(rows, dtype=pl.Int64).implode())
                if rows
                else pl.lit(False)
            )
        else:
            flag = pl.lit(False)
        flags.append(flag.alias(f"{name}_as_number"))
    absent = [pl.lit(None, pl.Utf8).alias(k) for k in spec.headers if k not in frame.columns]
    frame = frame.with_columns(*absent, *flags)
    return Table(frame=frame, columns_found=columns_found, kind=kind, sheet=sheet_name)
