"""What enrolment adds to the home page (issue 13): a village's own lists and those to fix, and the queues
of the programme side (submitted lists to verify) and of the BPJS branch (verified lists to accept), with
their size and the age of the oldest. Registered in EnrolmentConfig.ready."""

from __future__ import annotations

from django.template.loader import render_to_string

from lindung.accounts.permissions import (
    can_upload_batch,
    sees_acceptance_queue,
    sees_verification_queue,
    sees_village_tasks,
)
from lindung.core.extensions import register_panel
from lindung.enrolment import selectors
from lindung.enrolment.models import Batch


def home_panel(request, **_objects) -> str | None:
    user = request.user if request is not None else None
    if user is None or not user.is_authenticated:
        return None
    context: dict = {"may_upload": can_upload_batch(user)}
    if sees_village_tasks(user):
        context["mine"] = selectors.my_lists(user=user)
        context["to_fix"] = selectors.lists_to_fix(user=user)
    if sees_verification_queue(user):
        context["verify"] = selectors.queue_summary(user=user, status=Batch.Status.SUBMITTED)
    if sees_acceptance_queue(user):
        context["accept"] = selectors.queue_summary(user=user, status=Batch.Status.VERIFIED)
    if len(context) == 1:
        return None
    return render_to_string("enrolment/_home_panel.html", context, request=request)


def register() -> None:
    register_panel("home", name="enrolment", order=10, render=home_panel)
