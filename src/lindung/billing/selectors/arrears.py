"""Arrears: overdue unpaid invoices per funder, programme and village, and the lapse outlook.

Every function here costs a fixed number of queries, whatever the number of invoices, lines or programmes
(the arrears page carries a query budget in the tests).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import BigIntegerField, Count, ExpressionWrapper, F, Max, Min, Prefetch, Sum
from django.utils import timezone

from lindung.billing import calendar
from lindung.billing.groups import funder_groups_of
from lindung.billing.models import Invoice, InvoiceVillage
from lindung.billing.selectors.scope import invoice_scope
from lindung.memberships.models import Membership
from lindung.programs.models import Programme, ProgrammeFunder
from lindung.programs.selectors import programme_list
from lindung.regions.models import Region


@dataclass
class Arrears:
    by_funder: list[dict]
    by_programme: list[dict]
    total: int
    overdue_invoices: int


def _overdue(user, as_of: dt.date):
    return invoice_scope(user).filter(due_date__lt=as_of).exclude(status=Invoice.Status.PAID)


def arrears(*, user, as_of: dt.date | None = None) -> Arrears:
    """Overdue, not fully paid invoices, summed per funder and per programme."""
    as_of = as_of or timezone.localdate()
    qs = _overdue(user, as_of)
    outstanding = Sum(F("total") - F("paid"))
    by_funder = list(
        qs.values(
            "funder_id",
            "funder__kind",
            "funder__name",
            "funder__organisation__name",
            "programme__code",
            "programme__name",
        )
        .annotate(amount=outstanding, invoices=Count("id"), oldest=Min("period"))
        .order_by("-amount")
    )
    kinds = dict(ProgrammeFunder.Kind.choices)
    for row in by_funder:
        row["funder_name"] = (
            row["funder__organisation__name"]
            or row["funder__name"]
            or kinds.get(row["funder__kind"], row["funder__kind"])
        )
        row["months"] = calendar.months_between(row["oldest"], as_of) - 1 if row["oldest"] else 0
    by_programme = list(
        qs.values("programme__code", "programme__name")
        .annotate(amount=outstanding, invoices=Count("id"))
        .order_by("-amount")
    )
    total = sum(r["amount"] or 0 for r in by_programme)
    return Arrears(by_funder, by_programme, total, sum(r["invoices"] for r in by_programme))


def arrears_by_village(*, user, as_of: dt.date | None = None, programme: str = "") -> list[dict]:
    """Overdue unpaid amounts per village: each village's share of its invoices' outstanding amounts, from
    the invoices' village summaries (``InvoiceVillage``), never from the lines. ``members``: the most people
    billed in the village by one overdue invoice."""
    invoices = _overdue(user, as_of or timezone.localdate())
    if programme:
        invoices = invoices.filter(programme__code=programme)
    share = ExpressionWrapper(
        F("amount") * (F("invoice__total") - F("invoice__paid")) / F("invoice__total"),
        output_field=BigIntegerField(),
    )
    rows = [
        {
            "region_code": r["region_code"],
            "billed": int(r["billed"] or 0),
            "outstanding": int(r["owed"] or 0),
            "members": int(r["members"] or 0),
        }
        for r in InvoiceVillage.objects.filter(invoice_id__in=invoices.values("id"))
        .values("region_code")
        .annotate(billed=Sum("amount"), owed=Sum(share), members=Max("members"))
        .order_by()
    ]
    names = dict(Region.objects.filter(code__in=[r["region_code"] for r in rows]).values_list("code", "name"))
    rows.sort(key=lambda r: (-r["outstanding"], r["region_code"]))
    for r in rows:
        r["name"] = names.get(r["region_code"], "")
    return rows


def _streak(unpaid: dict[dt.date, bool]) -> tuple[int, dt.date | None]:
    """Consecutive unpaid months at the end of the billed months: (streak, first month of it)."""
    streak, first, expected = 0, None, None
    for period in sorted(unpaid, reverse=True):
        if not unpaid[period] or (expected is not None and period != expected):
            break
        streak, first = streak + 1, period
        expected = calendar.add_months(period, -1)
    return streak, first


def _unpaid_months(rows: Iterable[tuple[int, dt.date, str]]) -> dict[int, dict[dt.date, bool]]:
    """funder id -> {period: not fully paid}, from (funder, period, status) rows."""
    out: dict[int, dict[dt.date, bool]] = {}
    for funder_id, period, status in rows:
        months = out.setdefault(funder_id, {})
        months[period] = months.get(period, False) or status != Invoice.Status.PAID
    return out


def _overdue_contributions(funder_ids: list[int], as_of: dt.date):
    return Invoice.objects.filter(
        funder_id__in=funder_ids, due_date__lt=as_of, kind=Invoice.Kind.CONTRIBUTION
    ).values_list("funder_id", "period", "status")


def _group_streak(group_ids: list[int], unpaid_by_funder: dict[int, dict[dt.date, bool]]):
    merged: dict[dt.date, bool] = {}
    for funder_id in group_ids:
        for period, unpaid in unpaid_by_funder.get(funder_id, {}).items():
            merged[period] = merged.get(period, False) or unpaid
    return _streak(merged)


def group_streak(*, funder_ids: list[int], as_of: dt.date) -> tuple[int, dt.date | None]:
    """Consecutive overdue unpaid contribution months at the end of the funders' billed months (late-fee
    invoices do not count): (streak, first month of the streak)."""
    return _group_streak(funder_ids, _unpaid_months(_overdue_contributions(funder_ids, as_of)))


def _billed_members(funder_ids: list[int]) -> dict[int, tuple[dt.date, int]]:
    """Per funder: its latest billed month and the people its contribution invoices of that month bill
    (a month billed twice, for late members, adds up). Read from the invoices, never from the memberships:
    one small query whatever the number of members."""
    latest: dict[int, tuple[dt.date, int]] = {}
    rows = (
        Invoice.objects.filter(funder_id__in=funder_ids, kind=Invoice.Kind.CONTRIBUTION)
        .values("funder_id", "period")
        .annotate(members=Sum("members"))
        .order_by("funder_id", "period")
    )
    for r in rows:
        latest[r["funder_id"]] = (r["period"], int(r["members"] or 0))
    return latest


def _group_members(funder_ids: list[int], billed: dict[int, tuple[dt.date, int]]) -> int:
    """The people a funder group billed in its latest month: funders sharing a programme bill the same
    people (each its share), so the largest of their counts, never their sum."""
    months = [billed[i] for i in funder_ids if i in billed]
    if not months:
        return 0
    last = max(period for period, _n in months)
    return max(n for period, n in months if period == last)


def lapse_outlook(*, user, as_of: dt.date | None = None) -> list[dict]:
    """Per running programme and funder group in arrears: months unpaid, since when, the people billed in
    its latest month (those the lapse would end), and whether the next lapse run would end them. Four
    queries whatever the number of programmes or members."""
    as_of = as_of or timezone.localdate()
    funders = Prefetch(
        "funders", queryset=ProgrammeFunder.objects.select_related("organisation").order_by("id")
    )
    programmes = list(
        programme_list(user=user).filter(status=Programme.Status.ACTIVE).prefetch_related(funders)
    )
    groups = {p.pk: [g for g in funder_groups_of(list(p.funders.all())) if g.funders] for p in programmes}
    unpaid = _unpaid_months(
        _overdue_contributions([i for gs in groups.values() for g in gs for i in g.funder_ids], as_of)
    )
    in_arrears = []
    for p in programmes:
        for g in groups[p.pk]:
            streak, first = _group_streak(g.funder_ids, unpaid)
            if streak:
                in_arrears.append((p, g, streak, first))
    billed = _billed_members([i for _p, g, *_ in in_arrears for i in g.funder_ids])
    return [
        {
            "programme": p,
            "funders": ", ".join(f.display_name for f in g.funders),
            "months": streak,
            "since": first,
            "limit": p.lapse_after_months,
            "active": _group_members(g.funder_ids, billed),
            "will_lapse": p.segment != Programme.Segment.PU and streak > p.lapse_after_months,
            "employer_pays_first": p.segment == Programme.Segment.PU,
        }
        for p, g, streak, first in in_arrears
    ]


@dataclass(frozen=True)
class EmployerArrears:
    """A PU membership whose employer (funder group) has unpaid overdue contribution months: the worker stays
    protected and the employer pays the benefits first (PP 44/2015). Never a lapse."""

    months: int
    since: dt.date


def employer_arrears(*, memberships: Iterable[Membership], as_of: dt.date | None = None) -> dict:
    """membership id -> ``EmployerArrears`` for the PU memberships (not ended) whose funder group is in arrears
    on ``as_of``. The membership page, the arrears page and claims read this fact; one query per programme."""
    as_of = as_of or timezone.localdate()
    by_programme: dict[int, list[Membership]] = {}
    for m in memberships:
        if m.programme.segment == Programme.Segment.PU and m.status != Membership.Status.ENDED:
            by_programme.setdefault(m.programme_id, []).append(m)
    out: dict[int, EmployerArrears] = {}
    for items in by_programme.values():
        programme = items[0].programme
        groups = [g for g in funder_groups_of(list(programme.funders.order_by("id"))) if g.funders]
        unpaid = _unpaid_months(_overdue_contributions([i for g in groups for i in g.funder_ids], as_of))
        for g in groups:
            streak, first = _group_streak(g.funder_ids, unpaid)
            if not streak:
                continue
            sponsors = set(g.params)
            for m in items:
                mine = m.funder_id == g.funders[0].pk if g.is_named_sponsor else m.funder_id not in sponsors
                if mine:
                    out[m.pk] = EmployerArrears(months=streak, since=first)
    return out
