"""The one place compliance reads spreadsheets: ``core.tabular`` (decoding, delimiter, workbook guards, header
matching), with compliance's own row limit (a province's employer register is larger than an enrolment list).
"""

from __future__ import annotations

from lindung.core.tabular import MAX_BYTES, FileRejected, Table, TableSpec, normalise_header
from lindung.core.tabular import read_table as _read_table

MAX_ROWS = 2_000_000

__all__ = ["FileRejected", "Table", "TableSpec", "normalise_header", "read_table"]


def read_table(
    data: bytes, *, filename: str, spec: TableSpec, max_rows: int = MAX_ROWS, max_bytes: int = MAX_BYTES
) -> Table:
    """An XLSX or CSV table as sent (``core.tabular.read_table``), up to ``MAX_ROWS`` rows."""
    return _read_table(data, filename=filename, spec=spec, max_rows=max_rows, max_bytes=max_bytes)
