"""A programme's budget: the page with its chart and what-if, the plan, the DPA allocation, XLSX and PDF."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from lindung.accounts.permissions import can_plan_budget, can_set_budget_allocation, can_view_budget
from lindung.audit.selectors import audit_history_for
from lindung.billing import exports, limits, selectors, services
from lindung.billing.forms import AllocationForm, BudgetForm, WhatIfForm
from lindung.billing.views.common import PDF, XLSX, file_response, no_sponsors
from lindung.core.errors import ApplicationError
from lindung.core.formatting import number, rupiah
from lindung.programs import selectors as programme_selectors
from lindung.programs.models import Programme


def _budget_programme(request, code: str) -> Programme:
    no_sponsors(request)
    programme = programme_selectors.programme_get(user=request.user, code=code)
    if not can_view_budget(request.user, programme):
        raise Http404("Tidak ditemukan.")
    return programme


def _year(request) -> int:
    """``?tahun=`` (this year when absent); a year outside the bounds (limits.py) is not found."""
    text = request.GET.get("tahun")
    if not text:
        return timezone.localdate().year
    year = limits.year_or_none(text)
    if year is None:
        raise Http404("Tahun tidak valid.")
    return year


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
        "years": sorted(set(selectors.budget_years(p)) | {year}),
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


def _form_errors(request, form) -> None:
    for name, errors in form.errors.items():
        messages.error(request, f"{form.fields[name].label}: {' '.join(errors)}")


@login_required
@require_POST
def budget_set(request, code: str):
    p = _budget_programme(request, code)
    year = _year(request)
    form = BudgetForm(request.POST)
    if not form.is_valid():
        _form_errors(request, form)
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
        _form_errors(request, form)
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
    return file_response(content, filename=f"anggaran-{p.code}-{year}.xlsx", content_type=XLSX)


@login_required
def budget_pdf(request, code: str):
    p = _budget_programme(request, code)
    year = _year(request)
    view = selectors.budget_view(user=request.user, programme=p, year=year)
    content = exports.pdf("billing/budget.pdf.html", {"p": p, "v": view, "year": year})
    return file_response(content, filename=f"anggaran-{p.code}-{year}.pdf", content_type=PDF, inline=True)
