"""The claims panels on other apps' pages: family and claims on the person page (registry), the last benefits paid
on the coverage home. Registered with lindung.core.extensions in ClaimsConfig.ready."""

from __future__ import annotations

from django.template.loader import render_to_string

from lindung.accounts.permissions import can_decide_claim, can_edit_family, can_report_claim, is_sponsor_user
from lindung.claims import selectors
from lindung.claims.forms import FamilyForm, FamilyImportForm
from lindung.claims.models import Claim
from lindung.claims.reports import last_benefits_paid
from lindung.core import queues
from lindung.core.extensions import register_panel
from lindung.registry.selectors import village_names


def person_panel(request, *, person) -> str:
    if request is None or is_sponsor_user(request.user):
        return ""
    return render_to_string(
        "claims/_person_panel.html",
        {
            "person": person,
            "family": selectors.family_of(person=person),
            "claims": selectors.claims_of_person(user=request.user, person=person),
            "may_edit": can_edit_family(request.user),
            "may_report": can_report_claim(request.user),
            "form": FamilyForm(),
            "import_form": FamilyImportForm(),
            "benefits": Claim.Benefit.choices,
        },
        request=request,
    )


def home_panel(request, **_objects) -> str:
    if request is None:
        return ""
    claims = last_benefits_paid(user=request.user)
    if not claims:
        return ""
    return render_to_string(
        "claims/_home_panel.html",
        {"claims": claims, "villages": village_names(c.region_code for c in claims)},
        request=request,
    )


def queue_panel(request, **_objects) -> str | None:
    """The BPJS branch's claims queue on its home page: claims submitted and waiting for its decision inside
    its area, with the age of the oldest."""
    user = request.user if request is not None else None
    if user is None or not user.is_authenticated or not can_decide_claim(user):
        return None
    waiting = selectors.claim_scope(user).filter(status=Claim.Status.SUBMITTED)
    return render_to_string(
        "claims/_home_queue.html",
        queues.queue_summary(waiting, since="submitted_at"),
        request=request,
    )


def register() -> None:
    register_panel("registry.person", name="claims", order=20, render=person_panel)
    register_panel("coverage.home", name="claims", order=10, render=home_panel)
    register_panel("home", name="claims", order=15, render=queue_panel)
