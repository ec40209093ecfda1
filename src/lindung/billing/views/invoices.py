"""The billing home (programmes, invoices, the monthly run) and one invoice (page, PDF, XLSX)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from lindung.accounts.permissions import can_record_payment, can_run_billing
from lindung.audit.selectors import audit_history_for
from lindung.billing import calendar, exports, selectors, services
from lindung.billing.forms import PaymentForm, RunForm
from lindung.billing.models import Invoice
from lindung.billing.rates import month_label
from lindung.billing.views.common import PDF, XLSX, file_response, no_sponsors, visible_programmes
from lindung.billing.views.reports import PREVIEW_ROWS, report_pop, report_rows, report_store
from lindung.core.errors import ApplicationError
from lindung.core.formatting import number, rupiah
from lindung.programs import selectors as programme_selectors


@login_required
def billing_home(request):
    if selectors.is_sponsor_user(request.user):
        return redirect("billing:sponsor_portal")
    no_sponsors(request)
    programmes = visible_programmes(request)
    summary = selectors.programme_billing_summary(user=request.user, programmes=programmes)
    for p in programmes:
        p.billing = summary.get(p.pk, {})
    status = request.GET.get("status", "")
    program = request.GET.get("program", "")
    try:
        period = calendar.period_parse(request.GET["periode"]) if request.GET.get("periode") else None
    except ApplicationError as exc:
        messages.error(request, exc.message)
        period = None
    invoices = selectors.invoice_list(user=request.user, programme=program, period=period, status=status)[
        :200
    ]
    context = {
        "programmes": programmes,
        "invoices": invoices,
        "filters": {"status": status, "program": program, "periode": request.GET.get("periode", "")},
        "statuses": Invoice.Status.choices,
        "run_form": RunForm(
            programmes=programmes,
            initial={"period": f"{selectors.next_unbilled_month(user=request.user):%Y-%m}"},
        ),
        "may_run": any(can_run_billing(request.user, p) for p in programmes),
        "arrears": selectors.arrears(user=request.user),
        "run_report": report_pop(request, "billing"),
    }
    if request.htmx and request.GET.get("bagian") == "tagihan":
        return render(request, "billing/_invoice_table.html", context)
    return render(request, "billing/home.html", context)


@login_required
@require_POST
def billing_run(request):
    no_sponsors(request)
    programmes = visible_programmes(request)
    if not any(can_run_billing(request.user, p) for p in programmes):
        raise PermissionDenied
    form = RunForm(request.POST, programmes=programmes)
    if not form.is_valid():
        for errors in form.errors.values():
            for e in errors:
                messages.error(request, e)
        return redirect("billing:home")
    code = form.cleaned_data["program"]
    programme = programme_selectors.programme_get(user=request.user, code=code) if code else None
    token = request.POST.get("konfirmasi", "")[:64]
    try:
        period = calendar.period_parse(form.cleaned_data["period"])
        if token:
            result = services.billing_run_confirm(
                actor=request.user, period=period, programme=programme, token=token
            )
        elif period < calendar.month_start(timezone.localdate()):
            # A past month: its invoices are issued today and may be overdue on arrival; look first.
            preview = services.billing_run_preview(actor=request.user, period=period, programme=programme)
            if not preview.invoices:  # nothing would be written: say so, as a run that found nothing does
                result = services.RunResult(period=period, programmes=preview.programmes)
                return _billing_done(request, period, result)
            return render(
                request,
                "billing/run_preview.html",
                {
                    "preview": preview,
                    "rows": report_rows("billing", preview.programmes),
                    "title": _("Pratinjau penagihan %(month)s") % {"month": date_format(period, "F Y")},
                    "action": reverse("billing:run"),
                    "back": reverse("billing:home"),
                    "fields": {"period": form.cleaned_data["period"], "program": code},
                    "shown": preview.invoices[:PREVIEW_ROWS],
                },
            )
        else:
            result = services.billing_run_all(actor=request.user, period=period, programme=programme)
    except ApplicationError as exc:
        messages.error(request, exc.message)
        return redirect("billing:home")
    return _billing_done(request, period, result)


def _billing_done(request, period, result):
    """The report and flash message after a billing run (or a preview that found nothing to bill)."""
    report_store(
        request,
        kind="billing",
        title=_("Penagihan %(month)s") % {"month": date_format(period, "F Y")},
        programmes=result.programmes,
    )
    if result.invoices:
        messages.success(
            request,
            ngettext(
                "Penagihan %(month)s: %(invoices)s tagihan, %(lines)s rincian, jumlah %(total)s.",
                "Penagihan %(month)s: %(invoices)s tagihan, %(lines)s rincian, jumlah %(total)s.",
                result.invoices,
            )
            % {
                "month": date_format(period, "F Y"),
                "invoices": number(result.invoices),
                "lines": number(result.lines),
                "total": rupiah(result.total),
            },
        )
    else:
        messages.info(
            request,
            _("Tidak ada yang perlu ditagih untuk %(month)s (sudah ditagih).")
            % {"month": date_format(period, "F Y")},
        )
    return redirect("billing:home")


@login_required
def invoice_detail(request, number: str):
    inv = selectors.invoice_get(user=request.user, number=number)
    form = PaymentForm(
        funders=[inv.funder], initial={"funder": inv.funder_id, "amount": inv.outstanding or None}
    )
    return render(
        request,
        "billing/invoice_detail.html",
        {
            "inv": inv,
            "villages": selectors.invoice_villages(invoice=inv),
            "lines": selectors.invoice_lines(invoice=inv, limit=100),
            "allocations": inv.allocations.select_related("payment").order_by("id"),
            "words": exports.amount_in_words(inv.total),
            "pay_form": form,
            "may_pay": can_record_payment(request.user, inv.funder) and inv.outstanding,
            "history": audit_history_for(instance=inv),
            "may_cancel_run": inv.run_id is not None and can_run_billing(request.user, inv.programme),
        },
    )


@login_required
def invoice_pdf(request, number: str):
    inv = selectors.invoice_get(user=request.user, number=number)
    late_fee = selectors.late_fee_basis(invoice=inv)
    content = exports.pdf(
        "billing/invoice.pdf.html",
        {
            "inv": inv,
            "p": inv.programme,
            "issuer": programme_selectors.document_issuer(inv.programme),
            "villages": [] if late_fee else selectors.invoice_villages(invoice=inv),
            "fee": late_fee,
            "words": exports.amount_in_words(inv.total),
            "period_label": month_label(inv.period),
        },
    )
    return file_response(content, filename=f"{inv.number}.pdf", content_type=PDF, inline=True)


@login_required
def invoice_xlsx(request, number: str):
    inv = selectors.invoice_get(user=request.user, number=number)
    content = exports.invoice_detail_xlsx(inv, selectors.invoice_lines(invoice=inv))
    return file_response(content, filename=f"{inv.number}.xlsx", content_type=XLSX)


@login_required
@require_POST
def billing_run_cancel(request, pk: int):
    """Cancels a mistaken run (nothing paid on it yet), with a reason; audited."""
    run = selectors.billing_run_get(user=request.user, pk=pk)
    if not can_run_billing(request.user, run.programme):
        raise PermissionDenied
    try:
        record = services.billing_run_cancel(
            actor=request.user, run=run, reason=request.POST.get("reason", "")[:300]
        )
    except ApplicationError as exc:
        messages.error(request, exc.message)
        number_ = Invoice.objects.filter(run=run).values_list("number", flat=True).first()
        return redirect("billing:invoice_detail", number=number_) if number_ else redirect("billing:home")
    messages.success(
        request,
        ngettext(
            "Penagihan %(code)s %(month)s dibatalkan: %(n)s tagihan (%(total)s) dihapus.",
            "Penagihan %(code)s %(month)s dibatalkan: %(n)s tagihan (%(total)s) dihapus.",
            len(record["invoices"]),
        )
        % {
            "code": record["programme"],
            "month": date_format(run.period, "F Y"),
            "n": number(len(record["invoices"])),
            "total": rupiah(record["total"]),
        },
    )
    return redirect("billing:home")
