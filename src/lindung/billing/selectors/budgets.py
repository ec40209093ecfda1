"""A programme's budget for a year: plan, DPA allocation, realisation and the what-if."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Sum
from django.utils import timezone

from lindung.billing import calendar
from lindung.billing.models import Budget, Invoice, PaymentAllocation
from lindung.billing.rates import contribution_amounts
from lindung.core.errors import ApplicationError
from lindung.memberships.models import Membership
from lindung.programs.models import Programme


def budget_monthly_amount(programme: Programme, year: int) -> int:
    """What one member costs a month in the year (at its first month the programme runs)."""
    first = max(dt.date(year, 1, 1), calendar.month_start(programme.start_date))
    return contribution_amounts(programme, first).total


@dataclass
class BudgetView:
    programme: Programme
    year: int
    budget: Budget | None
    members: int
    months: int
    monthly_amount_per_person: int
    planned_total: int
    allocation: int | None
    realised: int
    billed: int
    unpaid_billed: int
    remainder: int
    active_members: int
    months_left: int
    committed: int
    free: int
    extra: int
    extra_people: int
    target_headcount: int | None
    target_budget_year: int | None
    target_budget_rest: int | None
    monthly: list[dict]

    def as_api(self) -> dict:
        return {
            "year": self.year,
            "members": self.members,
            "months": self.months,
            "monthly_amount_per_person": self.monthly_amount_per_person,
            "planned_total": self.planned_total,
            "allocation": self.allocation,
            "realised": self.realised,
            "remainder": self.remainder,
        }


def _months_left(year: int, as_of: dt.date) -> int:
    if year > as_of.year:
        return 12
    if year < as_of.year:
        return 0
    return 12 - as_of.month


def budget_view(
    *,
    user,
    programme: Programme,
    year: int,
    as_of: dt.date | None = None,
    extra: int = 0,
    target_headcount: int | None = None,
) -> BudgetView:
    """The budget page's numbers. Realisation = payments allocated to the year's invoices of the programme;
    remainder = DPA allocation (or, before it is entered, the planned budget) minus realisation.

    What-if: the months left are those after the current month (the whole year for a future year). Of the
    remainder, what is still owed on billed months and what the current active members will cost for the
    months left are set aside; the rest (plus any extra amount) protects ``free / (monthly x months left)``
    more people for the rest of the year.
    """
    as_of = as_of or timezone.localdate()
    budget = Budget.objects.filter(programme=programme, year=year).first()
    if budget is not None:
        members, months, monthly = budget.planned_members, budget.months, budget.monthly_amount_per_person
        planned_total = budget.planned_total
    else:
        members, months, planned_total = 0, 12, 0
        try:
            monthly = budget_monthly_amount(programme, year)
        except ApplicationError:  # a missing rate shows as 0 here; billing reports it as an error
            monthly = 0
    invoices = Invoice.objects.filter(programme=programme, period__year=year)
    agg = invoices.aggregate(billed=Sum("total"), paid=Sum("paid"))
    billed = int(agg["billed"] or 0)
    realised = int(
        PaymentAllocation.objects.filter(invoice__programme=programme, invoice__period__year=year).aggregate(
            s=Sum("amount")
        )["s"]
        or 0
    )
    allocation = budget.allocation if budget else None
    remainder = (allocation if allocation is not None else planned_total) - realised
    active = Membership.objects.filter(programme=programme, status=Membership.Status.ACTIVE).count()
    months_left = _months_left(year, as_of)
    unpaid_billed = billed - int(agg["paid"] or 0)
    committed = active * monthly * months_left
    free = remainder - unpaid_billed - committed + int(extra or 0)
    per_person_rest = monthly * months_left
    extra_people = max(0, free // per_person_rest) if per_person_rest else 0
    by_period = {
        r["period"]: r
        for r in invoices.values("period").annotate(billed=Sum("total"), paid=Sum("paid")).order_by("period")
    }
    monthly_rows = []
    cumulative_paid = 0
    for m in range(1, 13):
        period = dt.date(year, m, 1)
        r = by_period.get(period, {})
        paid = int(r.get("paid") or 0)
        cumulative_paid += paid
        monthly_rows.append(
            {
                "period": period,
                "billed": int(r.get("billed") or 0),
                "paid": paid,
                "cumulative_paid": cumulative_paid,
                "plan_cumulative": (planned_total * m // 12) if planned_total else 0,
            }
        )
    return BudgetView(
        programme=programme,
        year=year,
        budget=budget,
        members=members,
        months=months,
        monthly_amount_per_person=monthly,
        planned_total=planned_total,
        allocation=allocation,
        realised=realised,
        billed=billed,
        unpaid_billed=unpaid_billed,
        remainder=remainder,
        active_members=active,
        months_left=months_left,
        committed=committed,
        free=free,
        extra=int(extra or 0),
        extra_people=extra_people,
        target_headcount=target_headcount,
        target_budget_year=target_headcount * monthly * 12 if target_headcount else None,
        target_budget_rest=target_headcount * monthly * months_left if target_headcount else None,
        monthly=monthly_rows,
    )
