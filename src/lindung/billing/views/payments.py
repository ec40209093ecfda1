"""Payments: the list, recording one by hand, importing a bank statement, the receipt PDF."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from lindung.accounts.permissions import can_import_bank_statement, can_record_payment
from lindung.billing import exports, limits, selectors, services
from lindung.billing.forms import PaymentForm, StatementForm
from lindung.billing.views.common import PDF, file_response, flash_form_errors, no_sponsors
from lindung.core.errors import ApplicationError
from lindung.core.formatting import number, rupiah
from lindung.programs import selectors as programme_selectors


@login_required
def payment_list(request):
    no_sponsors(request)
    funders = [
        f
        for f in selectors.funder_scope(request.user).order_by("programme__name", "id")
        if can_record_payment(request.user, f)
    ]
    return render(
        request,
        "billing/payments.html",
        {
            "payments": selectors.payment_list(user=request.user)[:200],
            "pay_form": PaymentForm(funders=funders),
            "statement_form": StatementForm(),
            "may_pay": bool(funders),
            "may_import": can_import_bank_statement(request.user),
        },
    )


def _back(request) -> str:
    back = request.POST.get("next", "")
    return back if back.startswith("/iuran/") and "//" not in back else "billing:payments"


@login_required
@require_POST
def payment_record(request):
    no_sponsors(request)
    if not can_import_bank_statement(request.user):  # not a finance office at all
        raise PermissionDenied
    funders = [f for f in selectors.funder_scope(request.user) if can_record_payment(request.user, f)]
    form = PaymentForm(request.POST, funders=funders)
    back = _back(request)
    if not form.is_valid():
        flash_form_errors(request, form)
        return redirect(back)
    d = form.cleaned_data
    funder = selectors.funder_get(user=request.user, pk=d["funder"])
    try:
        payment = services.payment_record(
            actor=request.user,
            funder=funder,
            amount=d["amount"],
            reference=d["reference"],
            paid_on=d["paid_on"],
            note=d["note"],
            allow_credit=d["allow_credit"],
        )
    except ApplicationError as exc:
        messages.error(request, exc.message)
    else:
        credit = (
            _("; %(amount)s disimpan sebagai kredit") % {"amount": rupiah(payment.unallocated)}
            if payment.unallocated
            else ""
        )
        messages.success(
            request,
            _("Pembayaran %(amount)s (ref. %(reference)s) dicatat, kuitansi %(receipt)s%(credit)s.")
            % {
                "amount": rupiah(payment.amount),
                "reference": payment.reference,
                "receipt": payment.receipt_number,
                "credit": credit,
            },
        )
    return redirect(back)


@login_required
@require_POST
def payments_import(request):
    no_sponsors(request)
    if not can_import_bank_statement(request.user):
        raise PermissionDenied
    form = StatementForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, _("Pilih berkas rekening koran (CSV)."))
        return redirect("billing:payments")
    upload = form.cleaned_data["file"]
    if upload.size > limits.MAX_STATEMENT_BYTES:
        messages.error(request, _("Berkas rekening koran lebih dari 5 MB; pecah per bulan."))
        return redirect("billing:payments")
    try:
        result = services.payments_import(actor=request.user, data=upload.read(), filename=upload.name)
    except ApplicationError as exc:
        messages.error(request, exc.message)
        for e in exc.extra.get("errors", [])[:20]:
            messages.error(request, e)
    else:
        total = sum(p.amount for p in result.recorded)
        messages.success(
            request,
            ngettext(
                "%(n)s pembayaran dicatat dari rekening koran, jumlah %(total)s.",
                "%(n)s pembayaran dicatat dari rekening koran, jumlah %(total)s.",
                len(result.recorded),
            )
            % {"n": number(len(result.recorded)), "total": rupiah(total)},
        )
        for s in result.skipped[:20]:
            messages.info(request, s)
    return redirect("billing:payments")


@login_required
def receipt_pdf(request, receipt: str):
    pay = selectors.payment_get(user=request.user, receipt=receipt)
    issuer = programme_selectors.document_issuer(pay.funder.programme)
    content = exports.pdf(
        "billing/receipt.pdf.html",
        {
            "pay": pay,
            "issuer": issuer,
            # Who recorded it signs as the receiver when they work for the issuer (a BPJS branch recording
            # what reached its account); a payment recorded by the payer's treasury is signed by the issuer.
            "receiver_is_issuer": pay.recorded_by_id is not None
            and pay.recorded_by.organisation_id == issuer.pk,
            "receiver": pay.recorded_by,
            "p": pay.funder.programme,
            "words": exports.amount_in_words(pay.amount),
            "allocations": pay.allocations.select_related("invoice").order_by("id"),
        },
    )
    return file_response(content, filename=f"{pay.receipt_number}.pdf", content_type=PDF, inline=True)
