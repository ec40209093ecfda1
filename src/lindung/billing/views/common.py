"""What the money pages share: file responses, the sponsor gate, the programme list, form errors."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpResponse

from lindung.accounts.permissions import can_view_money
from lindung.programs import selectors as programme_selectors
from lindung.programs.models import Programme

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PDF = "application/pdf"


def file_response(content: bytes, *, filename: str, content_type: str, inline: bool = False) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'{"inline" if inline else "attachment"}; filename="{filename}"'
    return response


def no_sponsors(request) -> None:
    """The regency's money pages: not for sponsors (they have their own portal), villages, election bodies,
    prosecutors or the permit office (accounts.permissions.can_view_money)."""
    if not can_view_money(request.user):
        raise Http404("Tidak ditemukan.")


def visible_programmes(request) -> list[Programme]:
    """The programmes the user sees (filters and menus), drafts left out."""
    return list(programme_selectors.programme_list(user=request.user).exclude(status=Programme.Status.DRAFT))


def flash_form_errors(request, form) -> None:
    for name, errors in form.errors.items():
        label = form.fields[name].label if name in form.fields else ""
        for e in errors:
            messages.error(request, f"{label}: {e}" if label else e)
