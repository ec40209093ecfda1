"""Pages for money: billing, invoices, payments, arrears, budgets, rates, funder statements, sponsor portal."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from lindung.accounts.permissions import (
    can_add_rate,
    can_assign_sponsor,
    can_import_bank_statement,
    can_plan_budget,
    can_record_payment,
    can_run_billing,
    can_set_budget_allocation,
    can_view_budget,
    can_view_money,
)
from lindung.audit.selectors import audit_history_for
from lindung.billing import calendar, exports, selectors, services
from lindung.billing.forms import (
    AllocationForm,
    BudgetForm,
    PaymentForm,
    RateForm,
    RunForm,
    SponsorForm,
    StatementForm,
    WhatIfForm,
)
from lindung.billing.models import Invoice
from lindung.billing.rates import month_label
from lindung.core.errors import ApplicationError
from lindung.core.formatting import number, rupiah
from lindung.programs import selectors as programme_selectors
from lindung.programs.models import Programme

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _file(content: bytes, *, filename: str, content_type: str, inline: bool = False) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'{"inline" if inline else "attachment"}; filename="{filename}"'
    return response


def _no_sponsors(request) -> None:
    """The regency's money pages: not for sponsors (they have their own portal), villages, election bodies,
    prosecutors or the permit office (accounts.permissions.can_view_money)."""
    if not can_view_money(request.user):
        raise Http404("Tidak ditemukan.")


def _programmes(request):
    return list(programme_selectors.programme_list(user=request.user).exclude(status=Programme.Status.DRAFT))


@login_required
def billing_home(request):
    if selectors.is_sponsor_user(request.user):
        return redirect("billing:sponsor_portal")
    _no_sponsors(request)
    programmes = _programmes(request)
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
        "run_form": RunForm(programmes=programmes, initial={"period": f"{timezone.localdate():%Y-%m}"}),
        "may_run": any(can_run_billing(request.user, p) for p in programmes),
        "arrears": selectors.arrears(user=request.user),
    }
    if request.htmx and request.GET.get("bagian") == "tagihan":
        return render(request, "billing/_invoice_table.html", context)
    return render(request, "billing/home.html", context)


@login_required
@require_POST
def billing_run(request):
    _no_sponsors(request)
    programmes = _programmes(request)
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
    try:
        period = calendar.period_parse(form.cleaned_data["period"])
        result = services.billing_run_all(actor=request.user, period=period, programme=programme)
    except ApplicationError as exc:
        messages.error(request, exc.message)
    else:
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
    funders = [inv.funder]
    form = PaymentForm(funders=funders, initial={"funder": inv.funder_id, "amount": inv.outstanding or None})
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
        },
    )


@login_required
def invoice_pdf(request, number: str):
    inv = selectors.invoice_get(user=request.user, number=number)
    content = exports.pdf(
        "billing/invoice.pdf.html",
        {
            "inv": inv,
            "villages": selectors.invoice_villages(invoice=inv),
            "words": exports.amount_in_words(inv.total),
            "period_label": month_label(inv.period),
        },
    )
    return _file(content, filename=f"{inv.number}.pdf", content_type="application/pdf", inline=True)


@login_required
def invoice_xlsx(request, number: str):
    inv = selectors.invoice_get(user=request.user, number=number)
    content = exports.invoice_detail_xlsx(inv, selectors.invoice_lines(invoice=inv))
    return _file(content, filename=f"{inv.number}.xlsx", content_type=XLSX)


@login_required
def payment_list(request):
    _no_sponsors(request)
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


@login_required
@require_POST
def payment_record(request):
    _no_sponsors(request)
    if not can_import_bank_statement(request.user):  # not a finance office at all
        raise PermissionDenied
    funders = [f for f in selectors.funder_scope(request.user) if can_record_payment(request.user, f)]
    form = PaymentForm(request.POST, funders=funders)
    back = request.POST.get("next", "")
    if not (back.startswith("/iuran/") and "//" not in back):
        back = "billing:payments"
    if not form.is_valid():
        for name, errors in form.errors.items():
            label = form.fields[name].label if name in form.fields else ""
            for e in errors:
                messages.error(request, f"{label}: {e}" if label else e)
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
    _no_sponsors(request)
    if not can_import_bank_statement(request.user):
        raise PermissionDenied
    form = StatementForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, _("Pilih berkas rekening koran (CSV)."))
        return redirect("billing:payments")
    upload = form.cleaned_data["file"]
    if upload.size > 5 * 1024 * 1024:
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
    content = exports.pdf(
        "billing/receipt.pdf.html",
        {
            "pay": pay,
            "words": exports.amount_in_words(pay.amount),
            "allocations": pay.allocations.select_related("invoice").order_by("id"),
        },
    )
    return _file(content, filename=f"{pay.receipt_number}.pdf", content_type="application/pdf", inline=True)


@login_required
def arrears(request):
    _no_sponsors(request)
    program = request.GET.get("program", "")
    context = {
        "arrears": selectors.arrears(user=request.user),
        "villages": selectors.arrears_by_village(user=request.user, programme=program)[:300],
        "outlook": selectors.lapse_outlook(user=request.user),
        "programmes": _programmes(request),
        "program": program,
        "may_run": any(can_run_billing(request.user, p) for p in _programmes(request)),
        "today": timezone.localdate(),
    }
    return render(request, "billing/arrears.html", context)


@login_required
def arrears_xlsx(request):
    _no_sponsors(request)
    program = request.GET.get("program", "")
    rows = selectors.arrears_by_village(user=request.user, programme=program)
    content = exports.xlsx(
        sheets=[("Tunggakan per desa", exports.ARREARS_HEADER, exports.arrears_rows(rows))]
    )
    return _file(
        content, filename=f"tunggakan-per-desa-{timezone.localdate():%Y%m%d}.xlsx", content_type=XLSX
    )


@login_required
def arrears_pdf(request):
    _no_sponsors(request)
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
    return _file(
        content,
        filename=f"tunggakan-{timezone.localdate():%Y%m%d}.pdf",
        content_type="application/pdf",
        inline=True,
    )


@login_required
@require_POST
def _manager_run(request, run, report) -> HttpResponse:
    """A manager's run from the arrears page: the service, then its summary or refusal as a message."""
    _no_sponsors(request)
    if not any(can_run_billing(request.user, p) for p in _programmes(request)):
        raise PermissionDenied
    try:
        result = run(actor=request.user)
    except ApplicationError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, report(result))
    return redirect("billing:arrears")


def _lapse_report(result) -> str:
    warned = ", ".join(
        ngettext(
            "%(n)s peserta menunggak %(months)s bulan",
            "%(n)s peserta menunggak %(months)s bulan",
            v,
        )
        % {"n": number(v), "months": k}
        for k, v in sorted(result.warned.items())
    )
    text = _("Status tunggakan diproses: %(lapsed)s kepesertaan terhenti, %(reinstated)s aktif kembali") % {
        "lapsed": number(result.lapsed),
        "reinstated": number(result.reinstated),
    }
    if warned:
        text += _("; peringatan: %(warned)s") % {"warned": warned}
    return text + "."


def _late_fee_report(result) -> str:
    return ngettext(
        "Denda keterlambatan: %(n)s tagihan denda baru, %(total)s.",
        "Denda keterlambatan: %(n)s tagihan denda baru, %(total)s.",
        result.invoices,
    ) % {"n": number(result.invoices), "total": rupiah(result.total)}


@login_required
@require_POST
def lapse_run(request):
    return _manager_run(request, services.lapse_run, _lapse_report)


@login_required
@require_POST
def late_fee_run(request):
    return _manager_run(request, services.late_fee_run, _late_fee_report)


def _budget_programme(request, code: str) -> Programme:
    _no_sponsors(request)
    programme = programme_selectors.programme_get(user=request.user, code=code)
    if not can_view_budget(request.user, programme):
        raise Http404("Tidak ditemukan.")
    return programme


def _year(request) -> int:
    try:
        year = int(request.GET.get("tahun") or timezone.localdate().year)
    except ValueError:
        raise Http404("Tahun tidak valid.") from None
    if not 2000 <= year <= 2100:
        raise Http404("Tahun tidak valid.")
    return year


@login_required
def budget(request, code: str):
    p = _budget_programme(request, code)
    year = _year(request)
    whatif = WhatIfForm(request.GET or None)
    extra = target = None
    if whatif.is_valid():
        extra, target = whatif.cleaned_data.get("extra"), whatif.cleaned_data.get("target")
    view = selectors.budget_view(
        user=request.user, programme=p, year=year, extra=extra or 0, target_headcount=target
    )
    context = {
        "p": p,
        "v": view,
        "year": year,
        "years": range(max(p.start_date.year, year - 3), timezone.localdate().year + 2),
        "whatif": whatif,
        "budget_form": BudgetForm(
            initial={
                "planned_members": view.members or None,
                "months": view.months,
                "monthly_amount_per_person": view.budget.monthly_amount_per_person if view.budget else None,
            }
        ),
        "allocation_form": AllocationForm(
            initial={
                "allocation": view.allocation,
                "dpa_number": view.budget.dpa_number if view.budget else "",
                "dpa_date": view.budget.dpa_date if view.budget else None,
            }
        ),
        "may_plan": can_plan_budget(request.user, p),
        "may_allocate": can_set_budget_allocation(request.user, p),
        "chart": _chart(view),
        "history": audit_history_for(instance=view.budget) if view.budget else [],
    }
    if request.htmx and request.GET.get("bagian") == "whatif":
        return render(request, "billing/_whatif.html", context)
    return render(request, "billing/budget.html", context)


def _chart(view) -> dict:
    """An SVG line chart of cumulative realisation against the plan (and the allocation), 12 months."""
    top = max([view.allocation or 0, view.planned_total] + [r["cumulative_paid"] for r in view.monthly]) or 1
    width, height, pad = 600, 220, 30

    def x(i):
        return pad + i * (width - 2 * pad) / 11

    def y(v):
        return height - pad - v * (height - 2 * pad) / top

    def points(key):
        return " ".join(f"{x(i):.1f},{y(r[key]):.1f}" for i, r in enumerate(view.monthly))

    return {
        "width": width,
        "height": height,
        "paid": points("cumulative_paid"),
        "plan": points("plan_cumulative"),
        "allocation_y": f"{y(view.allocation):.1f}" if view.allocation else None,
        "labels": [(f"{x(i):.1f}", r["period"].strftime("%m")) for i, r in enumerate(view.monthly)],
        "pad": pad,
        "right": width - pad,
        "bottom": height - pad,
    }


@login_required
@require_POST
def budget_set(request, code: str):
    p = _budget_programme(request, code)
    year = _year(request)
    form = BudgetForm(request.POST)
    if not form.is_valid():
        for name, errors in form.errors.items():
            messages.error(request, f"{form.fields[name].label}: {' '.join(errors)}")
    else:
        try:
            b = services.budget_set(actor=request.user, programme=p, year=year, **form.cleaned_data)
        except ApplicationError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(
                request,
                _("Anggaran %(year)s: %(members)s orang × %(months)s bulan × %(amount)s = %(total)s.")
                % {
                    "year": year,
                    "members": number(b.planned_members),
                    "months": b.months,
                    "amount": rupiah(b.monthly_amount_per_person),
                    "total": rupiah(b.planned_total),
                },
            )
    return redirect(f"{request.path.rsplit('/rencana/', 1)[0]}/?tahun={year}")


@login_required
@require_POST
def budget_allocation(request, code: str):
    p = _budget_programme(request, code)
    year = _year(request)
    b = p.budgets.filter(year=year).first()
    if b is None:
        messages.error(request, _("Susun rencana anggaran tahun ini lebih dulu."))
        return redirect(f"{request.path.rsplit('/pagu/', 1)[0]}/?tahun={year}")
    form = AllocationForm(request.POST)
    if not form.is_valid():
        for name, errors in form.errors.items():
            messages.error(request, f"{form.fields[name].label}: {' '.join(errors)}")
    else:
        try:
            services.budget_allocation_set(actor=request.user, budget=b, **form.cleaned_data)
        except ApplicationError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(
                request,
                _("Pagu DPA %(year)s disimpan: %(amount)s.")
                % {"year": year, "amount": rupiah(form.cleaned_data["allocation"])},
            )
    return redirect(f"{request.path.rsplit('/pagu/', 1)[0]}/?tahun={year}")


@login_required
def budget_xlsx(request, code: str):
    p = _budget_programme(request, code)
    year = _year(request)
    view = selectors.budget_view(user=request.user, programme=p, year=year)
    summary = [
        ["Program", p.name],
        ["Tahun", str(year)],
        ["Peserta direncanakan", view.members],
        ["Bulan", view.months],
        ["Iuran per orang per bulan (Rp)", view.monthly_amount_per_person],
        ["Kebutuhan anggaran (Rp)", view.planned_total],
        ["Pagu DPA (Rp)", view.allocation],
        ["Realisasi (Rp)", view.realised],
        ["Sisa (Rp)", view.remainder],
    ]
    content = exports.xlsx(
        sheets=[
            ("Ringkasan", ["Keterangan", "Nilai"], summary),
            ("Realisasi per bulan", exports.REALISATION_HEADER, exports.realisation_rows(view)),
        ]
    )
    return _file(content, filename=f"anggaran-{p.code}-{year}.xlsx", content_type=XLSX)


@login_required
def budget_pdf(request, code: str):
    p = _budget_programme(request, code)
    year = _year(request)
    view = selectors.budget_view(user=request.user, programme=p, year=year)
    content = exports.pdf("billing/budget.pdf.html", {"p": p, "v": view, "year": year})
    return _file(
        content, filename=f"anggaran-{p.code}-{year}.pdf", content_type="application/pdf", inline=True
    )


@login_required
def funder_detail(request, pk: int):
    f = selectors.funder_get(user=request.user, pk=pk)
    year = request.GET.get("tahun")
    entries = selectors.funder_statement(funder=f, year=int(year) if year and year.isdigit() else None)
    people = selectors.sponsored_memberships(funder=f)
    sponsor = selectors.is_sponsor_user(request.user)
    return render(
        request,
        "billing/funder.html",
        {
            "f": f,
            "entries": entries,
            "people": people.order_by("region_code", "id")[:200],
            "people_count": people.filter(status="active").count(),
            "invoices": f.invoices.order_by("-period", "-id")[:60],
            "payments": f.payments.order_by("-paid_on", "-id")[:60],
            "outstanding": services.funder_outstanding(f.pk),
            "credit": services.funder_credit(f.pk),
            "sponsor_form": SponsorForm()
            if f.is_named_sponsor and can_assign_sponsor(request.user, f.programme)
            else None,
            "is_sponsor": sponsor,
        },
    )


@login_required
def funder_statement_xlsx(request, pk: int):
    f = selectors.funder_get(user=request.user, pk=pk)
    entries = selectors.funder_statement(funder=f)
    content = exports.xlsx(sheets=[("Rekening", exports.STATEMENT_HEADER, exports.statement_rows(entries))])
    return _file(content, filename=f"rekening-penyandang-dana-{f.pk}.xlsx", content_type=XLSX)


@login_required
def funder_statement_pdf(request, pk: int):
    f = selectors.funder_get(user=request.user, pk=pk)
    entries = selectors.funder_statement(funder=f)
    content = exports.pdf(
        "billing/statement.pdf.html",
        {"f": f, "entries": entries, "balance": entries[-1]["balance"] if entries else 0},
    )
    return _file(
        content, filename=f"rekening-penyandang-dana-{f.pk}.pdf", content_type="application/pdf", inline=True
    )


@login_required
def funder_certificate_pdf(request, pk: int):
    f = selectors.funder_get(user=request.user, pk=pk)
    paid = sum(p.amount - p.unallocated for p in f.payments.all())
    people = selectors.sponsored_memberships(funder=f).filter(status="active").count()
    content = exports.pdf(
        "billing/certificate.pdf.html",
        {
            "f": f,
            "paid": paid,
            "words": exports.amount_in_words(paid),
            "people": people,
            "today": timezone.localdate(),
        },
    )
    return _file(
        content, filename=f"sertifikat-dukungan-{f.pk}.pdf", content_type="application/pdf", inline=True
    )


@login_required
@require_POST
def sponsor_assign(request, pk: int):
    _no_sponsors(request)
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
    org = request.user.organisation
    if not selectors.is_sponsor_user(request.user):
        raise Http404("Tidak ditemukan.")
    fundings = list(selectors.funder_scope(request.user).order_by("programme__name"))
    for f in fundings:
        f.outstanding = services.funder_outstanding(f.pk)
        f.credit = services.funder_credit(f.pk)
        f.people_count = selectors.sponsored_memberships(funder=f).filter(status="active").count()
    return render(request, "billing/sponsor_portal.html", {"org": org, "fundings": fundings})


@login_required
def rates(request):
    _no_sponsors(request)
    is_admin = can_add_rate(request.user)
    form = RateForm(request.POST or None)
    if request.method == "POST":
        if not is_admin:
            raise PermissionDenied
        if form.is_valid():
            d = form.cleaned_data
            try:
                rate = services.rate_add(actor=request.user, **{k: v for k, v in d.items()})
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
            "form": form,
            "may_add": is_admin,
            "today": dt.date.today(),
        },
    )
