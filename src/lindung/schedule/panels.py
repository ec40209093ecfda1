"""The scheduler's log on the Iuran page (slot ``billing.home``), for those who start billing runs."""

from __future__ import annotations

from django.template.loader import render_to_string

from lindung.accounts.permissions import can_start_billing_runs
from lindung.core import extensions
from lindung.schedule.selectors import schedule_overview


def billing_home_panel(request) -> str | None:
    if not can_start_billing_runs(request.user):
        return None
    return render_to_string("schedule/_billing_panel.html", schedule_overview(), request=request)


def register() -> None:
    extensions.register_panel("billing.home", name="schedule", order=10, render=billing_home_panel)
