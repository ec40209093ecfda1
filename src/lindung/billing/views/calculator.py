"""The contribution calculator page: a GET form, the answer below it (calculator.contribution_quote)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import render
from django.utils import timezone

from lindung.accounts.permissions import can_use_calculator, can_view_money
from lindung.billing import calculator
from lindung.billing.forms import CalculatorForm
from lindung.core.errors import ApplicationError


@login_required
def contribution_calculator(request):
    if not can_use_calculator(request.user):
        raise Http404("Tidak ditemukan.")
    asked = "segment" in request.GET
    form = CalculatorForm(
        request.GET if asked else None,
        initial={"period": f"{timezone.localdate():%Y-%m}"},
    )
    result, error = None, None
    if asked and form.is_valid():
        data = form.cleaned_data
        try:
            result = calculator.contribution_quote(
                segment=data["segment"],
                wage=data["wage"],
                risk_class=data["risk_class"],
                elements=",".join(data["elements"]),
                period=data["period"],
                jkp=data["jkp"],
                funder_kind=data["funder_kind"] or None,
                sector=data["sector"],
            )
        except ApplicationError as exc:
            error = exc.message
    return render(
        request,
        "billing/calculator.html",
        {"form": form, "result": result, "error": error, "sees_money": can_view_money(request.user)},
    )
