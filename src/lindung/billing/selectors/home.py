"""Money on the home page and the forms' defaults (issue 13): the year's budget of each programme (DPA
allocation, realisation) in a fixed number of queries, the months not yet billed, the budget years that
have data."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Max, Min, Sum
from django.utils import timezone

from lindung.accounts.permissions import can_run_billing, can_view_budget
from lindung.billing import calendar
from lindung.billing.models import BillingRun, Budget, Invoice, PaymentAllocation
from lindung.programs.models import Programme
from lindung.programs.selectors import programme_list


@dataclass
class BudgetLine:
    programme: Programme
    year: int
    planned: int
    allocation: int | None
    billed: int
    realised: int

    @property
    def ceiling(self) -> int:
        return self.allocation if self.allocation is not None else self.planned

    @property
    def realisation_percent(self) -> float | None:
        return round(self.realised * 100 / self.ceiling, 1) if self.ceiling else None


def _running(user) -> list[Programme]:
    return list(programme_list(user=user).exclude(status=Programme.Status.DRAFT).order_by("name"))


def budget_overview(*, user, year: int | None = None, limit: int = 20) -> list[BudgetLine]:
    """Per programme whose budget the user may see: plan, DPA allocation, billed and realised (payments
    allocated to the year's invoices) in the year; four queries whatever the number of programmes."""
    year = year or timezone.localdate().year
    programmes = [
        p
        for p in _running(user)
        if can_view_budget(user, p)
        and p.start_date.year <= year
        and (p.end_date is None or p.end_date.year >= year)  # a programme ended in 2024 has no 2026 budget
    ][:limit]
    ids = [p.pk for p in programmes]
    budgets = {b.programme_id: b for b in Budget.objects.filter(programme_id__in=ids, year=year)}
    billed = dict(
        Invoice.objects.filter(programme_id__in=ids, period__year=year)
        .values_list("programme_id")
        .annotate(s=Sum("total"))
        .order_by()
    )
    realised = dict(
        PaymentAllocation.objects.filter(invoice__programme_id__in=ids, invoice__period__year=year)
        .values_list("invoice__programme_id")
        .annotate(s=Sum("amount"))
        .order_by()
    )
    return [
        BudgetLine(
            programme=p,
            year=year,
            planned=budgets[p.pk].planned_total if p.pk in budgets else 0,
            allocation=budgets[p.pk].allocation if p.pk in budgets else None,
            billed=int(billed.get(p.pk) or 0),
            realised=int(realised.get(p.pk) or 0),
        )
        for p in programmes
    ]


def unbilled_months(*, user, today: dt.date | None = None) -> list[tuple[Programme, dt.date]]:
    """The programmes the user bills, each with its next month not billed yet (the month after its last
    run, or its first month), when that month has begun: what waits for a billing run. One query for the
    last runs."""
    current = calendar.month_start(today or timezone.localdate())
    programmes = [p for p in _running(user) if can_run_billing(user, p)]
    last = dict(
        BillingRun.objects.filter(programme__in=programmes)
        .values_list("programme_id")
        .annotate(m=Max("period"))
        .order_by()
    )
    out = []
    for p in programmes:
        nxt = calendar.shift_months(last[p.pk], 1) if p.pk in last else calendar.month_start(p.start_date)
        if nxt <= current and not (p.end_date and nxt > calendar.month_start(p.end_date)):
            out.append((p, nxt))
    return out


def next_unbilled_month(*, user, today: dt.date | None = None) -> dt.date:
    """The billing form's default month: the earliest month still to bill of the user's programmes, or the
    current month when every programme is billed up to date."""
    current = calendar.month_start(today or timezone.localdate())
    months = [m for _p, m in unbilled_months(user=user, today=today)]
    return min(months) if months else current


def budget_years(programme: Programme, *, today: dt.date | None = None) -> list[int]:
    """The years a programme's budget page offers: from its start (or its earliest budget or invoice, if
    older) to next year, so a year with data is never reachable only by URL."""
    this_year = (today or timezone.localdate()).year
    earliest = [programme.start_date.year]
    b = Budget.objects.filter(programme=programme).aggregate(y=Min("year"))["y"]
    first_invoice = Invoice.objects.filter(programme=programme).aggregate(m=Min("period"))["m"]
    earliest += [y for y in (b, first_invoice.year if first_invoice else None) if y]
    return list(range(min(earliest), this_year + 2))
