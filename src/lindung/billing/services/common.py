"""What every money service shares: the duty and area checks it starts with, and how a run over several
programmes reports each of them."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from lindung.billing.selectors.runs import RunPlan
from lindung.core.errors import ApplicationError
from lindung.core.scoping import code_in_area, user_area_codes
from lindung.programs.models import Programme


def require(ok: bool, message: str | None = None) -> None:
    """Refuses with ``forbidden`` unless ``ok`` (the answer of a predicate in accounts.permissions)."""
    if not ok:
        raise ApplicationError(message or _("Anda tidak berwenang melakukan ini."), code="forbidden")


def check_programme_in_area(actor, programme: Programme) -> None:
    """The programme's region must lie inside the actor's area (``actor=None``: the system itself). The
    refusal does not name the programme: it may be one the actor cannot see."""
    if actor is not None and not code_in_area(programme.region_code, user_area_codes(actor)):
        raise ApplicationError(_("Program ini di luar wilayah kerja Anda."), code="outside_area")


def user_or_none(actor):
    """The user to store on a record (``run_by``, ``recorded_by``): None for the system or a token-less call."""
    return actor if getattr(actor, "is_authenticated", False) else None


# --- runs over several programmes ------------------------------------------------------------------------


class Outcome:
    """What a run did with one programme."""

    DONE = "done"  # something was written
    NOTHING = "nothing"  # run, nothing to do
    FAILED = "failed"  # refused by a rule (no rate, shares not 100%...): nothing written for it
    SKIPPED = "skipped"  # not this user's to run, or not running that month


@dataclass
class ProgrammeOutcome:
    code: str
    name: str
    outcome: str
    reason: str = ""
    figures: dict = field(default_factory=dict)

    def as_dict(self) -> dict:
        return {"program": self.code, "outcome": self.outcome, "reason": self.reason, **self.figures}


def run_programmes(
    plan: RunPlan, run_one: Callable[[Programme], tuple[dict, bool]], *, empty: dict
) -> list[ProgrammeOutcome]:
    """Runs ``run_one`` for each programme of the plan, each in its own transaction (``run_one`` opens it):
    a programme refused by a rule is reported as failed and the others go on (decision in
    docs/decisions.md). ``run_one`` returns the programme's figures and whether it wrote anything."""
    outcomes = []
    for p in plan.to_run:
        try:
            figures, changed = run_one(p)
        except ApplicationError as exc:
            outcomes.append(ProgrammeOutcome(p.code, p.name, Outcome.FAILED, exc.message, dict(empty)))
        else:
            outcomes.append(
                ProgrammeOutcome(p.code, p.name, Outcome.DONE if changed else Outcome.NOTHING, "", figures)
            )
    outcomes += [
        ProgrammeOutcome(s.programme.code, s.programme.name, Outcome.SKIPPED, s.reason, dict(empty))
        for s in plan.not_run
    ]
    return outcomes


def run_one_programme(programme: Programme, run_one: Callable[[Programme], tuple[dict, bool]]):
    """The same report for a run the user asked for one programme (refusals raise, as for any service)."""
    figures, changed = run_one(programme)
    outcome = Outcome.DONE if changed else Outcome.NOTHING
    return [ProgrammeOutcome(programme.code, programme.name, outcome, "", figures)]
