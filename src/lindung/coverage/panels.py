"""What coverage adds to the home page (issue 13): a manager's coverage against the target of their areas,
and for the system administrator the national table of provinces and regencies by activity (searchable),
instead of 38 province cards. Registered in CoverageConfig.ready."""

from __future__ import annotations

from django.template.loader import render_to_string

from lindung.accounts.permissions import sees_national_overview, sees_programme_overview
from lindung.core.extensions import register_panel
from lindung.coverage import selectors


def home_panel(request, **_objects) -> str | None:
    user = request.user if request is not None else None
    if user is None or not user.is_authenticated:
        return None
    if sees_national_overview(user):
        q = request.GET.get("q", "")[:60]
        return render_to_string(
            "coverage/_national.html",
            {"table": selectors.national_activity(user=user, search=q), "q": q},
            request=request,
        )
    if sees_programme_overview(user):
        return render_to_string(
            "coverage/_home_panel.html", {"areas": selectors.area_coverage(user=user)}, request=request
        )
    return None


def register() -> None:
    register_panel("home", name="coverage", order=30, render=home_panel)
