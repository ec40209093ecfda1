"""A programme's budget for a year: plan, DPA allocation, realisation and the what-if, month by month: each
month costs its own amount (rates, discounts) times the members of that month (decision "Budgets month by
month")."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Sum
from django.utils import timezone

from lindung.billing import calendar
from lindung.billing.models import Budget, Invoice, PaymentAllocation
from lindung.billing.rates import contribution_amounts, month_amounts
from lindung.core.errors import ApplicationError
from lindung.memberships.tally import active_by_month
from lindung.programs.models import Programme


def plan_months(programme: Programme, year: int, months: int = 12) -> list[dt.date]:
    """The months of a year a plan covers: ``months`` months from January, or from the month the programme
    starts, never after its end."""
    first = max(dt.date(year, 1, 1), calendar.month_start(programme.start_date))
    out = []
    for i in range(months):
        m = calendar.add_months(first, i)
        if m.year != year or (programme.end_date and m > programme.end_date):
            break
        out.append(m)
    return out


def month_costs(programme: Programme, months: list[dt.date]) -> dict[dt.date, int]:
    """What one member costs in each month, with that month's own rates and discounts."""
    return month_amounts(programme, months)


def budget_monthly_amount(programme: Programme, year: int) -> int:
    """What one member costs a month in the year (at its first month the programme runs)."""
    first = max(dt.date(year, 1, 1), calendar.month_start(programme.start_date))
    return contribution_amounts(programme, first).total


def planned_total(programme: Programme, year: int, *, members: int, months: int) -> int:
    """The plan: the sum of each planned month's own amount per person times the members."""
    return members * sum(month_costs(programme, plan_months(programme, year, months)).values())


def members_in_month(programme: Programme, month: dt.date) -> int:
    """Active members whose membership covers the month (joined by its end, not left before it begins)."""
    return members_by_month(programme, [month])[month]


def members_by_month(programme: Programme, months: list[dt.date]) -> dict[dt.date, int]:
    """``members_in_month`` for several months, from the maintained tally of active memberships by first and
    last month (``memberships.tally``, decision 83): flat in the programme's size."""
    return active_by_month(programme.pk, months)


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

    @property
    def uniform(self) -> bool:
        """Every planned month costs the same (else the plan is a sum of different monthly amounts)."""
        return self.planned_total == self.members * self.months * self.monthly_amount_per_person

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


def _latest_billed_members(invoices) -> int:
    """The people the latest billed month of these invoices billed: funders sharing a programme bill the
    same people, so the largest funder's count (a month billed twice, for late members, adds up)."""
    rows = list(
        invoices.filter(kind=Invoice.Kind.CONTRIBUTION)
        .values("period", "funder_id")
        .annotate(n=Sum("members"))
        .order_by("-period")
    )
    if not rows:
        return 0
    last = rows[0]["period"]
    return max(int(r["n"] or 0) for r in rows if r["period"] == last)


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
    months_left = _months_left(year, as_of)
    rest = [dt.date(year, m, 1) for m in range(13 - months_left, 13)]
    year_months = plan_months(programme, year)
    try:
        costs = month_costs(programme, sorted(set(rest) | set(year_months)))
    except ApplicationError:  # a missing rate: the plan's own amount (billing reports the error)
        costs = {m: monthly for m in set(rest) | set(year_months)}
    unpaid_billed = billed - int(agg["paid"] or 0)
    # What the members of each month left will cost (those leaving stop, those joining start), each month
    # at its own amount.
    in_month = members_by_month(programme, rest)
    # The members the months left start with; once the year is over, those its latest billed month billed
    # (from the invoices: no count over a province's memberships).
    active = in_month[rest[0]] if rest else _latest_billed_members(invoices)
    committed = sum(in_month[m] * costs[m] for m in rest)
    free = remainder - unpaid_billed - committed + int(extra or 0)
    per_person_rest = sum(costs[m] for m in rest)
    extra_people = max(0, free // per_person_rest) if per_person_rest else 0
    per_person_year = sum(costs[m] for m in year_months)
    plan_months_set = set(plan_months(programme, year, months))
    by_month_plan = (
        {m: members * costs.get(m, monthly) for m in plan_months_set}
        if budget is not None
        and members * sum(costs.get(m, monthly) for m in plan_months_set) == planned_total
        else None
    )
    by_period = {
        r["period"]: r
        for r in invoices.values("period").annotate(billed=Sum("total"), paid=Sum("paid")).order_by("period")
    }
    monthly_rows = []
    cumulative_paid = 0
    cumulative_plan = 0
    for m in range(1, 13):
        period = dt.date(year, m, 1)
        r = by_period.get(period, {})
        paid = int(r.get("paid") or 0)
        cumulative_paid += paid
        if by_month_plan is not None:
            cumulative_plan += by_month_plan.get(period, 0)
        else:
            cumulative_plan = (planned_total * m // 12) if planned_total else 0
        monthly_rows.append(
            {
                "period": period,
                "billed": int(r.get("billed") or 0),
                "paid": paid,
                "cumulative_paid": cumulative_paid,
                "plan_cumulative": cumulative_plan,
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
        target_budget_year=target_headcount * per_person_year if target_headcount else None,
        target_budget_rest=target_headcount * per_person_rest if target_headcount else None,
        monthly=monthly_rows,
    )
