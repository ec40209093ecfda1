"""Spreadsheet-safe exports, and the log of every file that leaves the system.

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
from urllib.parse import unquote

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


# --- export log ---------------------------------------------------------------------------------------

_FILENAME = re.compile(r"""filename\*?=(?:UTF-8'')?"?([^";]+)"?""", re.IGNORECASE)
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


def _query_filters(request) -> dict:
    match = getattr(request, "resolver_match", None)
    filters: dict = dict(match.kwargs) if match else {}
    for key in request.GET:
        values = request.GET.getlist(key)
        filters[key] = values if len(values) > 1 else values[0]
    return {
        k: str(v)[:200] if not isinstance(v, list) else [str(x)[:200] for x in v] for k, v in filters.items()
    }


def export_logged(request, response):
    """Records a file download (a response with a file name) by a signed-in user in the export log:
    who, which export (URL name), its filters (URL arguments and query), file name, format, row count.

    A streamed CSV is logged when it starts and its row count filled in when it ends, so an aborted
    download is still on record."""
    disposition = response.get("Content-Disposition", "")
    user = getattr(request, "user", None)
    if response.status_code != 200 or "filename" not in disposition or not (user and user.is_authenticated):
        return response
    from lindung.audit.services import export_record, export_rows_set

    found = _FILENAME.search(disposition)
    filename = unquote(found.group(1)).strip() if found else ""
    fmt = filename.rsplit(".", 1)[-1].lower() if "." in filename else ""
    rows = None
    if not response.streaming and fmt == "xlsx":
        rows = xlsx_data_rows(response.content)
    match = getattr(request, "resolver_match", None)
    log = export_record(
        actor=user,
        export=match.view_name if match else "",
        path=request.path,
        filters=_query_filters(request),
        filename=filename,
        file_format=fmt,
        rows=rows,
    )
    counter = getattr(response, "export_counter", None)
    if response.streaming and counter is not None:

        def counted(content):
            yield from content
            export_rows_set(log=log, rows=counter.rows)

        response.streaming_content = counted(response.streaming_content)
    return response
