"""The one place compliance reads spreadsheets: an adapter over the shared header-detecting reader.

Today the machinery lives in ``lindung.enrolment.reader`` (decoding, delimiter, workbook guards, header
matching); it is moving to ``lindung.core.tabular`` with this same interface (``TableSpec``, ``read_table``,
``FileRejected``). When it lands, this module becomes one import of it and nothing else in compliance
changes.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import reduce

import polars as pl
from django.utils.translation import gettext as _

from lindung.enrolment.reader import MAX_BYTES, FileRejected, _read_csv, _read_xlsx

HEADER_SCAN_ROWS = 25
MAX_ROWS = 2_000_000

__all__ = ["FileRejected", "Table", "TableSpec", "read_table"]


def normalise_header(text: str) -> str:
    text = unicodedata.normalize("NFKD", str(text or "")).encode("ascii", "ignore").decode().lower()
    return re.sub(r"[^a-z0-9]", "", text)


@dataclass(frozen=True)
class TableSpec:
    headers: Mapping[str, Sequence[str]]
    required: Sequence[str]
    labels: Mapping[str, str] = field(default_factory=dict)
    text: Sequence[str] = ()
    row_keys: Sequence[str] | None = None

    def variants(self) -> dict[str, str]:
        return {normalise_header(v): key for key, variants in self.headers.items() for v in (key, *variants)}


@dataclass
class Table:
    frame: pl.DataFrame
    columns_found: dict[str, str]
    kind: str
    sheet: str = ""

    @property
    def rows(self) -> int:
        return self.frame.height


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
    data: bytes, *, filename: str, spec: TableSpec, max_rows: int = MAX_ROWS, max_bytes: int = MAX_BYTES
) -> Table:
    """An XLSX or CSV table as sent: one text column per canonical name of the spec (null when absent),
    ``row_no`` (data rows below the header, 1-based) and ``sheet_row``. Raises ``FileRejected``."""
    if not data:
        raise FileRejected(_("Berkas kosong."), code="empty")
    if len(data) > max_bytes:
        raise FileRejected(
            _("Berkas terlalu besar (%(size)s MB; paling besar %(limit)s MB).")
            % {"size": f"{len(data) / 1024 / 1024:.0f}", "limit": max_bytes // 1024 // 1024},
            code="too_large",
        )
    lower = filename.lower()
    sheet = ""
    if lower.endswith((".xlsx", ".xlsm")) or data[:2] == b"PK":
        kind = "xlsx"
        raw, _zf, sheet = _read_xlsx(data)
    elif lower.endswith((".csv", ".txt")):
        kind = "csv"
        raw, _numeric = _read_csv(data)
    else:
        raise FileRejected(_("Format berkas tidak dikenal: unggah .xlsx atau .csv."), code="format")
    if raw.height == 0:
        raise FileRejected(_("Berkas kosong: tidak ada baris."), code="empty")
    raw = raw.rename({c: f"c{i}" for i, c in enumerate(raw.columns)})
    top = raw.head(HEADER_SCAN_ROWS).rows()
    variants = spec.variants()
    best_row, best = -1, {}
    for i, cells in enumerate(top):
        found: dict[int, str] = {}
        for j, cell in enumerate(cells):
            key = variants.get(normalise_header("" if cell is None else str(cell)))
            if key and key not in found.values():
                found[j] = key
        if len(found) > len(best):
            best_row, best = i, found
    if not best or not set(spec.required) <= set(best.values()):
        raise _missing_columns(spec, top[best_row] if best_row >= 0 else top[0])
    header = top[best_row]
    columns_found = {key: str(header[i]).strip() for i, key in best.items()}
    frame = raw.slice(best_row + 1).select([pl.col(f"c{i}").alias(key) for i, key in best.items()])
    del raw
    frame = frame.with_columns(
        [
            pl.col(c)
            .cast(pl.Utf8)
            .str.strip_chars()
            .pipe(lambda e: pl.when(e == "").then(None).otherwise(e))
            .alias(c)
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
            _("Berkas berisi lebih dari %(limit)s baris; pecah berkas menjadi beberapa bagian.")
            % {"limit": f"{max_rows:,}".replace(",", ".")},
            code="too_many_rows",
        )
    missing = [k for k in spec.headers if k not in frame.columns]
    if missing:
        frame = frame.with_columns([pl.lit(None, pl.Utf8).alias(k) for k in missing])
    return Table(frame=frame, columns_found=columns_found, kind=kind, sheet=sheet)
