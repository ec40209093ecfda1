"""The data-export log: every file a signed-in user downloads is recorded (``ExportLog``).

A middleware, so that a new export is logged without anyone remembering to; the row counts come from the
export helpers of ``lindung.core.exports`` (a streamed CSV counts its rows, an XLSX tells its sheet sizes).
"""

from __future__ import annotations

import re
from urllib.parse import unquote

from lindung.audit.services import export_record, export_rows_set
from lindung.core.exports import xlsx_data_rows
from lindung.core.formatting import mask_nik

_FILENAME = re.compile(r"""filename\*?=(?:UTF-8'')?"?([^";]+)"?""", re.IGNORECASE)
_NIK = re.compile(r"(?<![0-9])[0-9]{16}(?![0-9])")


def _filter_value(value) -> str:
    """A filter as logged: at most 200 characters, a NIK searched for kept masked like everywhere else."""
    return _NIK.sub(lambda m: mask_nik(m.group(0)), str(value)[:200])


def _query_filters(request) -> dict:
    match = getattr(request, "resolver_match", None)
    filters: dict = dict(match.kwargs) if match else {}
    for key in request.GET:
        values = request.GET.getlist(key)
        filters[key] = values if len(values) > 1 else values[0]
    return {
        k: [_filter_value(x) for x in v] if isinstance(v, list) else _filter_value(v)
        for k, v in filters.items()
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


class ExportLogMiddleware:
    """Every file a signed-in user downloads (CSV, XLSX, PDF) is written to the export log."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return export_logged(request, self.get_response(request))
