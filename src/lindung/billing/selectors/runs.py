"""Which programmes a run over "all programmes" touches: billing, lapse and late-fee runs ask this once.

A programme is run by the office whose area holds it: a province programme that a regency can see (its
people live there too) is the province's to bill, lapse and fine, never the regency's. And it is run only
in the months it runs: not a draft, begun by the end of the month, not ended before the month began.
Everything the user can see but that is not theirs to run is listed with the reason, so the run's report
says what it did not touch and why.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from lindung.billing import calendar
from lindung.billing.rates import month_text
from lindung.core.scoping import code_in_area, user_area_codes
from lindung.programs.models import Programme
from lindung.programs.selectors import programme_list


@dataclass(frozen=True)
class NotRun:
    programme: Programme
    code: str  # outside_area, draft, not_started, ended
    reason: str


@dataclass
class RunPlan:
    period: dt.date
    to_run: list[Programme] = field(default_factory=list)
    not_run: list[NotRun] = field(default_factory=list)


def _not_running(programme: Programme, period: dt.date) -> NotRun | None:
    if programme.status == Programme.Status.DRAFT:
        return NotRun(programme, "draft", _("Program masih draf."))
    if calendar.month_start(programme.start_date) > period:
        return NotRun(
            programme,
            "not_started",
            _("Program baru mulai %(start)s.")
            % {"start": month_text(calendar.month_start(programme.start_date))},
        )
    if programme.end_date and calendar.month_start(programme.end_date) < period:
        return NotRun(
            programme,
            "ended",
            _("Program sudah selesai %(end)s.")
            % {"end": month_text(calendar.month_start(programme.end_date))},
        )
    return None


def run_plan(*, user, period: dt.date) -> RunPlan:
    """The programmes to run for the month ``period`` (``user=None``: the system, every programme), and
    the programmes the user sees but does not run, each with why."""
    period = calendar.month_start(period)
    codes = user_area_codes(user) if user is not None else None
    programmes = programme_list(user=user) if user is not None else Programme.objects.order_by("name")
    plan = RunPlan(period=period)
    for p in programmes:
        if not code_in_area(p.region_code, codes):
            plan.not_run.append(
                NotRun(
                    p,
                    "outside_area",
                    _(
                        "Wilayah program (%(region)s) lebih luas dari wilayah kerja Anda; dijalankan oleh pemiliknya."
                    )
                    % {"region": p.region_code},
                )
            )
        elif (skip := _not_running(p, period)) is not None:
            plan.not_run.append(skip)
        else:
            plan.to_run.append(p)
    return plan


def programmes_to_run(*, user, period: dt.date) -> list[Programme]:
    """Programmes whose region lies inside the user's area and that run in the month ``period``."""
    return run_plan(user=user, period=period).to_run
