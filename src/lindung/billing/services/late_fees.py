"""Late fees: a PU contribution paid after its due date costs the rule's percentage of the contribution due
for each month of delay begun until it is paid, as a ``DND-`` invoice of its own (decision 23 and decision
"Late fees from payment dates"); state bodies pay none. The scheduled run charges open invoices up to
today; recording a payment charges the months up to its date (``late_fee_charge``)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db import transaction
from django.utils.translation import gettext as _

from lindung.accounts.permissions import can_run_billing, can_start_billing_runs
from lindung.audit.models import AuditLog
from lindung.audit.services import audit_bulk
from lindung.billing import calendar, limits
from lindung.billing.models import Invoice
from lindung.billing.selectors.runs import run_plan
from lindung.billing.services.common import (
    ProgrammeOutcome,
    check_programme_in_area,
    require,
    run_one_programme,
    run_programmes,
)
from lindung.billing.services.late_fee_charge import charge_invoices, pending
from lindung.billing.services.payments import allocate
from lindung.programs.models import Programme


@dataclass
class LateFeeResult:
    as_of: dt.date
    invoices: int = 0
    total: int = 0
    numbers: list[str] = field(default_factory=list)
    programmes: list[ProgrammeOutcome] = field(default_factory=list)

    def add(self, other: LateFeeResult) -> None:
        self.invoices += other.invoices
        self.total += other.total
        self.numbers += other.numbers

    def figures(self) -> dict:
        return {"invoices": self.invoices, "total": self.total, "numbers": list(self.numbers)}

    def as_dict(self) -> dict:
        return {
            "as_of": self.as_of.isoformat(),
            "invoices": self.invoices,
            "total": self.total,
            "programmes": [p.as_dict() for p in self.programmes],
        }


def _charge(*, programme: Programme, as_of: dt.date, result: LateFeeResult) -> set[int]:
    """Writes the programme's new late-fee invoices; returns the funders charged."""
    charged = charge_invoices(pending(Invoice.objects.filter(programme=programme), as_of=as_of), as_of=as_of)
    result.invoices += charged.invoices
    result.total += charged.total
    result.numbers += charged.numbers
    return charged.funders


def programme_late_fees(*, actor, programme: Programme, as_of: dt.date) -> LateFeeResult:
    """The late fees of one programme in one transaction: the invoices, their audit record, and the
    funders' credit allocated to them. The caller checks the duty."""
    result = LateFeeResult(as_of=as_of)
    with transaction.atomic():
        funders = _charge(programme=programme, as_of=as_of, result=result)
        if result.invoices:
            audit_bulk(
                actor=actor,
                action=AuditLog.Action.BULK_CREATE,
                model=Invoice,
                count=result.invoices,
                region_code=programme.region_code,
                extra={
                    "programme": programme.code,
                    "late_fees": result.numbers[:1000],
                    "total": result.total,
                    "as_of": as_of.isoformat(),
                },
            )
            for funder_id in sorted(funders):
                allocate(funder_id=funder_id, actor=actor)
    return result


def late_fee_run(*, actor, as_of: dt.date | None = None, programme: Programme | None = None) -> LateFeeResult:
    """Charges the late fee on late contribution invoices: for each month of lateness begun (until paid, or
    ``as_of``) and not yet charged, a late-fee invoice of the rule's percentage (PU 2% unless a state body,
    BPU none) of the contribution due, to the same funder. Running it again on the same day charges nothing new. Credit the funder holds pays it.
    For the programme given, or every programme the actor runs (``selectors.run_plan`` for the month of
    ``as_of``), each in its own transaction, with a report per programme."""
    require(
        actor is None or can_start_billing_runs(actor),
        _("Hanya manajer yang menghitung denda keterlambatan."),
    )
    as_of = limits.check_past_date(as_of or limits.today(), what=_("Tanggal acuan"), code="as_of")
    result = LateFeeResult(as_of=as_of)

    def run_one(p: Programme) -> tuple[dict, bool]:
        done = programme_late_fees(actor=actor, programme=p, as_of=as_of)
        result.add(done)
        return done.figures(), bool(done.invoices)

    if programme is not None:
        check_programme_in_area(actor, programme)
        require(
            actor is None or can_run_billing(actor, programme),
            _("Hanya manajer yang menghitung denda keterlambatan."),
        )
        result.programmes = run_one_programme(programme, run_one)
        return result
    plan = run_plan(user=actor, period=calendar.month_start(as_of))
    result.programmes = run_programmes(plan, run_one, empty=LateFeeResult(as_of=as_of).figures())
    return result
