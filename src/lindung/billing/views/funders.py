"""A funder's page (statement, people, certificate), sponsor assignment, the sponsor portal, and rates."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import F
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from lindung.accounts.permissions import can_add_rate, can_assign_sponsor
from lindung.billing import exports, limits, selectors, services
from lindung.billing.forms import RateForm, SponsorForm
from lindung.billing.views.common import PDF, XLSX, file_response, no_sponsors
from lindung.core.errors import ApplicationError
from lindung.core.formatting import number
from lindung.memberships.models import Membership
from lindung.programs import selectors as programme_selectors
from lindung.programs.models import ProgrammeFunder


@login_required
def funder_detail(request, pk: int):
    f = selectors.funder_get(user=request.user, pk=pk)
    entries = selectors.funder_statement(funder=f, year=limits.year_or_none(request.GET.get("tahun")))
    people = selectors.sponsored_memberships(funder=f)
    return render(
        request,
        "billing/funder.html",
        {
            "f": f,
            "entries": entries,
            "people": people.order_by("region_code", "id")[:200],
            "people_count": people.filter(status=Membership.Status.ACTIVE).count(),
            "invoices": f.invoices.order_by("-period", "-id")[:60],
            "payments": f.payments.order_by("-paid_on", "-id")[:60],
            "outstanding": selectors.funder_outstanding(f.pk),
            "credit": selectors.funder_credit(f.pk),
            "sponsor_form": SponsorForm()
            if f.is_named_sponsor and can_assign_sponsor(request.user, f.programme)
            else None,
            "is_sponsor": selectors.is_sponsor_user(request.user),
        },
    )


@login_required
def funder_statement_xlsx(request, pk: int):
    f = selectors.funder_get(user=request.user, pk=pk)
    entries = selectors.funder_statement(funder=f)
    content = exports.xlsx(sheets=[("Rekening", exports.STATEMENT_HEADER, exports.statement_rows(entries))])
    return file_response(content, filename=f"rekening-penyandang-dana-{f.pk}.xlsx", content_type=XLSX)


@login_required
def funder_statement_pdf(request, pk: int):
    f = selectors.funder_get(user=request.user, pk=pk)
    entries = selectors.funder_statement(funder=f)
    content = exports.pdf(
        "billing/statement.pdf.html",
        {"f": f, "entries": entries, "balance": entries[-1]["balance"] if entries else 0},
    )
    return file_response(
        content, filename=f"rekening-penyandang-dana-{f.pk}.pdf", content_type=PDF, inline=True
    )


@login_required
def funder_certificate_pdf(request, pk: int):
    f = selectors.funder_get(user=request.user, pk=pk)
    paid = sum(p.amount - p.unallocated for p in f.payments.all())
    today = timezone.localdate()
    content = exports.pdf(
        "billing/certificate.pdf.html",
        {
            "f": f,
            "p": f.programme,
            "issuer": programme_selectors.document_issuer(f.programme),
            "number": exports.certificate_number(funder=f, year=today.year),
            "paid": paid,
            "words": exports.amount_in_words(paid),
            "people": selectors.sponsored_active_count(funder=f),
            "today": today,
        },
    )
    return file_response(content, filename=f"sertifikat-dukungan-{f.pk}.pdf", content_type=PDF, inline=True)


@login_required
@require_POST
def sponsor_assign(request, pk: int):
    no_sponsors(request)
    f = selectors.funder_get(user=request.user, pk=pk)
    if not can_assign_sponsor(request.user, f.programme):
        raise PermissionDenied
    form = SponsorForm(request.POST)
    if form.is_valid():
        d = form.cleaned_data
        try:
            n = services.sponsor_assign(
                actor=request.user,
                funder=f,
                niks=[n for n in d["niks"].split() if n.strip()],
                village_code=d["village_code"].strip(),
                count=d["count"] or 0,
            )
        except ApplicationError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(
                request,
                ngettext(
                    "%(n)s peserta kini disponsori %(sponsor)s.",
                    "%(n)s peserta kini disponsori %(sponsor)s.",
                    n,
                )
                % {"n": number(n), "sponsor": f.display_name},
            )
    else:
        messages.error(request, _("Isian sponsor tidak valid."))
    return redirect("billing:funder_detail", pk=f.pk)


@login_required
def sponsor_portal(request):
    if not selectors.is_sponsor_user(request.user):
        raise Http404("Tidak ditemukan.")
    fundings = list(selectors.funder_scope(request.user).order_by("programme__name"))
    balances = selectors.funder_balances([f.pk for f in fundings])
    for f in fundings:
        f.outstanding, f.credit = balances[f.pk]
        f.people_count = selectors.sponsored_active_count(funder=f)
    # What is due, oldest first (issue 13: the sponsor's home page says what to pay and how).
    due = list(
        selectors.invoice_scope(request.user).filter(paid__lt=F("total")).order_by("due_date", "id")[:50]
    )
    return render(
        request,
        "billing/sponsor_portal.html",
        {
            "org": request.user.organisation,
            "fundings": fundings,
            "due": due,
            "due_total": sum(i.outstanding for i in due),
            "today": timezone.localdate(),
        },
    )


@login_required
def rates(request):
    no_sponsors(request)
    is_admin = can_add_rate(request.user)
    form = RateForm(request.POST or None)
    if request.method == "POST":
        if not is_admin:
            raise PermissionDenied
        if form.is_valid():
            try:
                rate = services.rate_add(actor=request.user, **form.cleaned_data)
            except ApplicationError as exc:
                form.add_error(None, exc.message)
            else:
                messages.success(request, _("Tarif ditambahkan: %(rate)s.") % {"rate": rate})
                return redirect("billing:rates")
    return render(
        request,
        "billing/rates.html",
        {
            "rates": selectors.rate_list(),
            "late_fees": selectors.late_fee_rules(),
            "discounts": selectors.discount_list(),
            "funder_kinds": [
                (ProgrammeFunder.Kind(kind).label, public, state, why)
                for kind, (public, state, why) in ProgrammeFunder.KIND_RULES.items()
            ],
            "form": form,
            "may_add": is_admin,
            "today": timezone.localdate(),
        },
    )
