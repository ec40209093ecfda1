"""Arrears (page, XLSX, PDF) and the manager's runs started from it: lapse and late fees."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from lindung.accounts.permissions import can_run_billing
from lindung.billing import exports, selectors, services
from lindung.billing.views.common import PDF, XLSX, file_response, no_sponsors, visible_programmes
from lindung.billing.views.reports import (
    PREVIEW_ROWS,
    lapse_summary,
    late_fee_summary,
    report_pop,
    report_rows,
    report_store,
)
from lindung.core.errors import ApplicationError


@login_required
def arrears(request):
    no_sponsors(request)
    program = request.GET.get("program", "")
    programmes = visible_programmes(request)
    context = {
        "arrears": selectors.arrears(user=request.user),
        "villages": selectors.arrears_by_village(user=request.user, programme=program)[:300],
        "outlook": selectors.lapse_outlook(user=request.user),
        "programmes": programmes,
        "program": program,
        "may_run": any(can_run_billing(request.user, p) for p in programmes),
        "today": timezone.localdate(),
        "run_report": report_pop(request, "lapse", "late_fees"),
    }
    return render(request, "billing/arrears.html", context)


@login_required
def arrears_xlsx(request):
    no_sponsors(request)
    program = request.GET.get("program", "")
    rows = selectors.arrears_by_village(user=request.user, programme=program)
    content = exports.xlsx(
        sheets=[("Tunggakan per desa", exports.ARREARS_HEADER, exports.arrears_rows(rows))]
    )
    return file_response(
        content, filename=f"tunggakan-per-desa-{timezone.localdate():%Y%m%d}.xlsx", content_type=XLSX
    )


@login_required
def arrears_pdf(request):
    no_sponsors(request)
    program = request.GET.get("program", "")
    content = exports.pdf(
        "billing/arrears.pdf.html",
        {
            "arrears": selectors.arrears(user=request.user),
            "villages": selectors.arrears_by_village(user=request.user, programme=program),
            "program": program,
            "today": timezone.localdate(),
        },
    )
    return file_response(
        content, filename=f"tunggakan-{timezone.localdate():%Y%m%d}.pdf", content_type=PDF, inline=True
    )


def _manager_run(request, run, report, *, kind: str, title: str) -> HttpResponse:
    """A manager's run from the arrears page: the service, then its summary or refusal as a message and
    the per-programme report on the page."""
    no_sponsors(request)
    if not any(can_run_billing(request.user, p) for p in visible_programmes(request)):
        raise PermissionDenied
    try:
        result = run(actor=request.user)
    except ApplicationError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, report(result))
        report_store(request, kind=kind, title=title, programmes=result.programmes)
    return redirect("billing:arrears")


@login_required
@require_POST
def lapse_run(request):
    return _manager_run(
        request, services.lapse_run, lapse_summary, kind="lapse", title=_("Pemrosesan status tunggakan")
    )


@login_required
@require_POST
def late_fee_run(request):
    """Late fees are shown first (what would be charged, on which invoices) and charged on confirmation."""
    token = request.POST.get("konfirmasi", "")[:64]
    if token:
        return _manager_run(
            request,
            lambda actor: services.late_fee_confirm(actor=actor, token=token),
            late_fee_summary,
            kind="late_fees",
            title=_("Denda keterlambatan"),
        )
    no_sponsors(request)
    if not any(can_run_billing(request.user, p) for p in visible_programmes(request)):
        raise PermissionDenied
    try:
        preview = services.late_fee_preview(actor=request.user)
    except ApplicationError as exc:
        messages.error(request, exc.message)
        return redirect("billing:arrears")
    if not preview.invoices:  # nothing to charge: the report says why per programme, as after a run
        result = services.LateFeeResult(as_of=timezone.localdate(), programmes=preview.programmes)
        messages.success(request, late_fee_summary(result))
        report_store(request, kind="late_fees", title=_("Denda keterlambatan"), programmes=result.programmes)
        return redirect("billing:arrears")
    return render(
        request,
        "billing/run_preview.html",
        {
            "preview": preview,
            "rows": report_rows("late_fees", preview.programmes),
            "title": _("Pratinjau denda keterlambatan per %(day)s")
            % {"day": date_format(timezone.localdate(), "j F Y")},
            "action": reverse("billing:late_fee_run"),
            "back": reverse("billing:arrears"),
            "fields": {},
            "shown": preview.invoices[:PREVIEW_ROWS],
        },
    )
