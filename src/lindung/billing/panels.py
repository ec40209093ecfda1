"""What billing adds to the home page (issue 13): for managers, the months waiting for a billing run and
the arrears; for managers and BPKAD, the year's budget of each programme (DPA allocation, realisation).
Registered in BillingConfig.ready."""

from __future__ import annotations

from django.template.loader import render_to_string
from django.utils import timezone

from lindung.accounts.permissions import sees_budget_overview, sees_programme_overview
from lindung.billing import selectors
from lindung.core.extensions import register_panel


def home_panel(request, **_objects) -> str | None:
    user = request.user if request is not None else None
    if user is None or not user.is_authenticated or not sees_budget_overview(user):
        return None
    manager = sees_programme_overview(user)
    year = timezone.localdate().year
    context = {
        "year": year,
        "budgets": selectors.budget_overview(user=user, year=year),
        "manager": manager,
    }
    if manager:
        context["unbilled"] = selectors.unbilled_months(user=user)
        context["arrears"] = selectors.arrears(user=user)
    return render_to_string("billing/_home_panel.html", context, request=request)


def register() -> None:
    register_panel("home", name="billing", order=40, render=home_panel)
