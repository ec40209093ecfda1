"""Lapse and reinstatement: memberships whose funder leaves months unpaid stop; paying in time brings them
back (decision 17). One ``UPDATE`` per funder group, whatever the number of members."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from lindung.accounts.permissions import can_run_billing, can_start_billing_runs
from lindung.audit.models import AuditLog
from lindung.audit.services import audit_bulk
from lindung.billing import calendar, limits
from lindung.billing.groups import funder_groups
from lindung.billing.selectors import group_streak
from lindung.billing.selectors.runs import run_plan
from lindung.billing.services.common import (
    ProgrammeOutcome,
    check_programme_in_area,
    require,
    run_one_programme,
    run_programmes,
)
from lindung.memberships.models import Membership
from lindung.programs.models import Programme


@dataclass
class LapseResult:
    lapsed: int = 0
    reinstated: int = 0
    warned: dict[int, int] = field(default_factory=dict)  # months in arrears -> members
    programmes: list[ProgrammeOutcome] = field(default_factory=list)

    def add(self, other: LapseResult) -> None:
        self.lapsed += other.lapsed
        self.reinstated += other.reinstated
        for months, n in other.warned.items():
            self.warned[months] = self.warned.get(months, 0) + n

    def figures(self) -> dict:
        return {
            "lapsed": self.lapsed,
            "reinstated": self.reinstated,
            "warnings": {str(k): v for k, v in sorted(self.warned.items())},
        }

    def as_dict(self) -> dict:
        return {**self.figures(), "programmes": [p.as_dict() for p in self.programmes]}


def _set_status(qs, *, actor, programme: Programme, values: dict, extra: dict) -> int:
    """One UPDATE for a set of memberships, with one audit record carrying the count."""
    n = qs.update(**values, updated_at=timezone.now())
    if n:
        audit_bulk(
            actor=actor,
            action=AuditLog.Action.BULK_UPDATE,
            model=Membership,
            count=n,
            region_code=programme.region_code,
            extra={"programme": programme.code, "status": values["status"], **extra},
        )
    return n


def programme_lapse(
    *, actor, programme: Programme, as_of: dt.date, lapse: bool = True, cause: dict | None = None
) -> LapseResult:
    """The lapse rule for one programme, without the duty check (the callers check it: a lapse run, or the
    payment that pays the arrears, whose user is then the actor). ``lapse=False`` only reinstates; ``cause``
    goes into the audit records (the payment's receipt). Call inside a transaction."""
    result = LapseResult()
    limit = programme.lapse_after_months
    # PU memberships never lapse for the employer's arrears: the worker stays protected and the employer pays
    # the benefits first (PP 44/2015; ``selectors.employer_arrears`` says so on the pages and to claims).
    lapses = lapse and programme.segment != Programme.Segment.PU
    for group in funder_groups(programme):
        if not group.funders:
            continue
        streak, first = group_streak(funder_ids=group.funder_ids, as_of=as_of)
        members = Membership.objects.filter(group.q, programme=programme)
        # Lapse after MORE than ``limit`` consecutive unpaid months (domain: "after more than 3").
        if lapses and streak > limit and first is not None:
            result.lapsed += _set_status(
                members.filter(status=Membership.Status.ACTIVE, start_date__lte=calendar.month_end(first)),
                actor=actor,
                programme=programme,
                values={
                    "status": Membership.Status.LAPSED,
                    "lapsed_on": as_of,
                    "end_date": first - dt.timedelta(days=1),
                },
                extra={"months_unpaid": streak, "since": f"{first:%Y-%m}", **(cause or {})},
            )
        elif lapses and streak:
            count = members.filter(status=Membership.Status.ACTIVE).count()
            if count:
                result.warned[streak] = result.warned.get(streak, 0) + count
        if streak == 0:
            window = calendar.add_months(calendar.month_start(as_of), -limit)
            result.reinstated += _set_status(
                members.filter(status=Membership.Status.LAPSED, lapsed_on__gte=window),
                actor=actor,
                programme=programme,
                values={"status": Membership.Status.ACTIVE, "lapsed_on": None, "end_date": None},
                extra={"reinstated": True, **(cause or {})},
            )
    return result


def lapse_run(*, actor, as_of: dt.date | None = None, programme: Programme | None = None) -> LapseResult:
    """Lapses BPU memberships whose funder has left more than ``lapse_after_months`` consecutive months unpaid
    past their due dates (PU memberships never lapse: the employer pays benefits first), counts the warnings
    (1 .. n months in arrears), and reinstates lapsed memberships whose
    arrears were paid within the same number of months after the lapse: for the programme given, or for
    every programme the actor runs (``selectors.run_plan`` for the month of ``as_of``), each in its own
    transaction, with a report per programme."""
    require(
        actor is None or can_start_billing_runs(actor), _("Hanya manajer yang memproses status tunggakan.")
    )
    as_of = limits.check_past_date(as_of or limits.today(), what=_("Tanggal acuan"), code="as_of")
    result = LapseResult()

    def run_one(p: Programme) -> tuple[dict, bool]:
        with transaction.atomic():
            done = programme_lapse(actor=actor, programme=p, as_of=as_of)
        result.add(done)
        return done.figures(), bool(done.lapsed or done.reinstated)

    if programme is not None:
        check_programme_in_area(actor, programme)
        require(
            actor is None or can_run_billing(actor, programme),
            _("Hanya manajer yang memproses status tunggakan."),
        )
        result.programmes = run_one_programme(programme, run_one)
        return result
    plan = run_plan(user=actor, period=calendar.month_start(as_of))
    result.programmes = run_programmes(plan, run_one, empty=LapseResult().figures())
    return result
