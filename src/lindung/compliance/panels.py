"""What compliance adds to the home page (issue 13): the permit office's NIB check, the cases and their
deadlines for the compliance offices, the prosecutor's SKKs. Registered in ComplianceConfig.ready."""

from __future__ import annotations

from django.template.loader import render_to_string

from lindung.accounts.permissions import can_check_compliance, can_view_compliance
from lindung.compliance import selectors
from lindung.core.extensions import register_panel


def home_panel(request, **_objects) -> str | None:
    user = request.user if request is not None else None
    if user is None or not user.is_authenticated or not can_view_compliance(user):
        return None
    return render_to_string(
        "compliance/_home_panel.html",
        {"s": selectors.home_summary(user=user), "may_check": can_check_compliance(user)},
        request=request,
    )


def register() -> None:
    register_panel("home", name="compliance", order=50, render=home_panel)
