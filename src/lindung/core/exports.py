"""Spreadsheet-safe exports, counted for the export log (``lindung.audit.middleware``).

No cell may start a formula in any spreadsheet, whatever list separator its locale uses: Excel with the
Indonesian settings splits a CSV line on ``;``, so ``Budi;=cmd|...`` written as one comma-separated cell
would become two cells, the second a formula. ``safe_cell`` therefore neutralises the start of every
*segment* of a value (the text at its start and after each ``,``, ``;``, tab or line break), and the CSV
writer quotes every field. XLSX cells are written as strings (``strings_to_formulas=False``) and go through
the same ``safe_cell``.
"""

from __future__ import annotations

import csv
import io
import re
import zipfile
from collections.abc import Iterable

from django.http import StreamingHttpResponse

# A segment is dangerous when, after spaces and double quotes (which a spreadsheet strips), it starts
# with = + - @ or a tab / carriage return (which some spreadsheets skip before a formula).
_DANGEROUS_SEGMENT = re.compile(r"""(^|[,;\t\r\n])(?=[ "]*[=+\-@\t\r])""")


def safe_cell(value) -> str:
    """The value as text that no spreadsheet runs as a formula, in any locale: every segment that could
    start one gets a leading apostrophe (``-5`` -> ``'-5``, ``Budi;=cmd`` -> ``Budi;'=cmd``)."""
    text = "" if value is None else str(value)
    return _DANGEROUS_SEGMENT.sub(r"\1'", text)


class _Echo:
    def write(self, value):
        return value


class _RowCounter:
    rows = 0


def csv_response(*, filename: str, header: list[str], rows: Iterable[Iterable]) -> StreamingHttpResponse:
    """A streamed CSV download: UTF-8 with BOM (so Excel reads it), every field quoted and neutralised.

    The number of data rows written is counted for the export log (``ExportLogMiddleware``)."""
    writer = csv.writer(_Echo(), quoting=csv.QUOTE_ALL)
    counter = _RowCounter()

    def stream():
        yield "\ufeff"  # so Excel opens UTF-8 correctly
        yield writer.writerow([safe_cell(v) for v in header])
        for row in rows:
            counter.rows += 1
            yield writer.writerow([safe_cell(v) for v in row])

    response = StreamingHttpResponse(stream(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response.export_counter = counter
    return response


# --- counting rows for the export log ---------------------------------------------------------------

_DIMENSION = re.compile(rb'<dimension ref="[A-Z]+\d+(?::[A-Z]+(\d+))?"')


def xlsx_data_rows(content: bytes) -> int | None:
    """Rows in a workbook's sheets, less one header row per sheet, read from each sheet's dimension."""
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as z:
            total = 0
            for name in z.namelist():
                if name.startswith("xl/worksheets/sheet") and name.endswith(".xml"):
                    with z.open(name) as sheet:
                        found = _DIMENSION.search(sheet.read(2048))
                    if found:
                        total += max(int(found.group(1) or 1) - 1, 0)
            return total
    except (zipfile.BadZipFile, KeyError, ValueError):
        return None
