"""Reads for money, scoped: a user sees invoices and payments of programmes in their area; a company or
SERTAKAN sponsor sees only what concerns its own funding. Anything else answers 404."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db import connection
from django.db.models import Count, F, Max, Min, Q, QuerySet, Sum
from django.http import Http404
from django.utils import timezone

from lindung.accounts.permissions import can_view_money, is_sponsor_user
from lindung.billing import calendar
from lindung.billing.models import Budget, ContributionRate, Invoice, LateFeeRule, Payment, PaymentAllocation
from lindung.core.scoping import region_q, user_area_codes
from lindung.memberships.models import Membership
from lindung.programs.models import Programme, ProgrammeFunder


def funder_scope(user) -> QuerySet[ProgrammeFunder]:
    qs = ProgrammeFunder.objects.select_related("programme", "organisation")
    if is_sponsor_user(user):
        return qs.filter(organisation=user.organisation)
    if not can_view_money(user):
        return qs.none()
    return qs.filter(region_q(user_area_codes(user), "programme__region_code"))


def invoice_scope(user) -> QuerySet[Invoice]:
    qs = Invoice.objects.select_related("programme", "funder__organisation", "fee_for")
    if is_sponsor_user(user):
        return qs.filter(funder__organisation=user.organisation)
    if not can_view_money(user):
        return qs.none()
    return qs.filter(region_q(user_area_codes(user)))


def payment_scope(user) -> QuerySet[Payment]:
    qs = Payment.objects.select_related("funder__programme", "funder__organisation")
    if is_sponsor_user(user):
        return qs.filter(funder__organisation=user.organisation)
    if not can_view_money(user):
        return qs.none()
    return qs.filter(region_q(user_area_codes(user)))


def invoice_get(*, user, number: str) -> Invoice:
    inv = invoice_scope(user).filter(number=number).first()
    if inv is None:
        raise Http404("Tagihan tidak ditemukan.")
    return inv


def payment_get(*, user, receipt: str) -> Payment:
    pay = payment_scope(user).filter(receipt_number=receipt).first()
    if pay is None:
        raise Http404("Pembayaran tidak ditemukan.")
    return pay


def funder_get(*, user, pk: int) -> ProgrammeFunder:
    f = funder_scope(user).filter(pk=pk).first()
    if f is None:
        raise Http404("Penyandang dana tidak ditemukan.")
    return f


def invoice_list(*, user, programme: str = "", period: dt.date | None = None, status: str = "") -> QuerySet:
    qs = invoice_scope(user)
    if programme:
        qs = qs.filter(programme__code=programme)
    if period:
        qs = qs.filter(period=period)
    if status == "unpaid":
        qs = qs.exclude(status=Invoice.Status.PAID)
    elif status in Invoice.Status.values:
        qs = qs.filter(status=status)
    return qs.order_by("-period", "-id")


def invoice_lines(*, invoice: Invoice, limit: int | None = None):
    qs = invoice.lines.select_related("membership__person").order_by(
        "region_code", "membership_id", "element"
    )
    return qs[:limit] if limit else qs


def invoice_villages(*, invoice: Invoice) -> list[dict]:
    return list(
        invoice.lines.values("region_code")
        .annotate(lines=Count("id"), total=Sum("amount"))
        .order_by("region_code")
    )


@dataclass
class Arrears:
    by_funder: list[dict]
    by_programme: list[dict]
    total: int
    overdue_invoices: int


def arrears(*, user, as_of: dt.date | None = None) -> Arrears:
    """Overdue, not fully paid invoices, summed per funder and per programme."""
    as_of = as_of or timezone.localdate()
    qs = invoice_scope(user).filter(due_date__lt=as_of).exclude(status=Invoice.Status.PAID)
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
    for row in by_funder:
        row["funder_name"] = (
            row["funder__organisation__name"]
            or row["funder__name"]
            or dict(ProgrammeFunder.Kind.choices).get(row["funder__kind"], row["funder__kind"])
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
    """Overdue unpaid amounts per village: each line's share of its invoice's outstanding amount."""
    as_of = as_of or timezone.localdate()
    invoices = invoice_scope(user).filter(due_date__lt=as_of).exclude(status=Invoice.Status.PAID)
    if programme:
        invoices = invoices.filter(programme__code=programme)
    ids = list(invoices.values_list("id", flat=True))
    if not ids:
        return []
    out: dict[str, dict] = {}
    with connection.cursor() as cur:
        for start in range(0, len(ids), 500):
            chunk = ids[start : start + 500]
            marks = ", ".join(["%s"] * len(chunk))
            cur.execute(
                "SELECT l.region_code, SUM(l.amount), SUM(l.amount * (i.total - i.paid) / i.total), "
                "COUNT(DISTINCT l.membership_id) "
                "FROM billing_invoiceline l JOIN billing_invoice i ON i.id = l.invoice_id "
                f"WHERE l.invoice_id IN ({marks}) GROUP BY l.region_code",
                chunk,
            )
            for code, billed, owed, members in cur.fetchall():
                row = out.setdefault(code, {"region_code": code, "billed": 0, "outstanding": 0, "members": 0})
                row["billed"] += int(billed or 0)
                row["outstanding"] += int(owed or 0)
                row["members"] = max(row["members"], int(members or 0))
    from lindung.regions.models import Region

    names = dict(Region.objects.filter(code__in=list(out)).values_list("code", "name"))
    rows = sorted(out.values(), key=lambda r: -r["outstanding"])
    for r in rows:
        r["name"] = names.get(r["region_code"], "")
    return rows


def lapse_outlook(*, user, as_of: dt.date | None = None) -> list[dict]:
    """Per programme and funder group: months in arrears and members who will lapse (warnings)."""
    from lindung.billing.services import _billing_groups, _group_q, group_streak
    from lindung.programs.selectors import programme_list

    as_of = as_of or timezone.localdate()
    out = []
    programmes = list(programme_list(user=user).filter(status=Programme.Status.ACTIVE))
    for p in programmes:
        for funders, cond, params in _billing_groups(p):
            if not funders:
                continue
            streak, first = group_streak(funder_ids=[f.pk for f in funders], as_of=as_of)
            if not streak:
                continue
            active = Membership.objects.filter(_group_q(cond, params), programme=p, status="active").count()
            out.append(
                {
                    "programme": p,
                    "funders": ", ".join(f.display_name for f in funders),
                    "months": streak,
                    "since": first,
                    "limit": p.lapse_after_months,
                    "active": active,
                    "will_lapse": streak >= p.lapse_after_months,
                }
            )
    return out


def payment_list(*, user, funder_id: int | None = None) -> QuerySet[Payment]:
    qs = payment_scope(user)
    if funder_id:
        qs = qs.filter(funder_id=funder_id)
    return qs


def funder_statement(*, funder: ProgrammeFunder, year: int | None = None) -> list[dict]:
    """Invoices (debit) and payments (credit) of a funder in date order with the running balance owed."""
    invoices = Invoice.objects.filter(funder=funder)
    payments = Payment.objects.filter(funder=funder)
    if year:
        invoices = invoices.filter(period__year=year)
        payments = payments.filter(paid_on__year=year)
    entries = [
        {
            "date": inv.issued_on,
            "kind": "Tagihan",
            "number": inv.number,
            "description": f"Iuran {calendar_label(inv.period)} · {inv.members} peserta",
            "debit": inv.total,
            "credit": 0,
        }
        for inv in invoices
    ] + [
        {
            "date": pay.paid_on,
            "kind": "Pembayaran",
            "number": pay.receipt_number,
            "description": f"Ref. {pay.reference}",
            "debit": 0,
            "credit": pay.amount,
        }
        for pay in payments
    ]
    entries.sort(key=lambda e: (e["date"], e["kind"] != "Tagihan", e["number"]))
    balance = 0
    for e in entries:
        balance += e["debit"] - e["credit"]
        e["balance"] = balance
    return entries


def calendar_label(period: dt.date) -> str:
    from lindung.billing.rates import month_label

    return month_label(period)


def sponsored_memberships(*, funder: ProgrammeFunder) -> QuerySet[Membership]:
    qs = Membership.objects.filter(programme=funder.programme).select_related("person")
    if funder.is_named_sponsor:
        return qs.filter(funder=funder)
    sponsors = [f.pk for f in funder.programme.funders.all() if f.is_named_sponsor]
    return qs.exclude(funder_id__in=sponsors) if sponsors else qs


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
    from lindung.billing.services import budget_monthly_amount

    as_of = as_of or timezone.localdate()
    budget = Budget.objects.filter(programme=programme, year=year).first()
    if budget is not None:
        members, months, monthly = budget.planned_members, budget.months, budget.monthly_amount_per_person
        planned_total = budget.planned_total
    else:
        members, months, planned_total = 0, 12, 0
        try:
            monthly = budget_monthly_amount(programme, year)
        except Exception:  # noqa: BLE001 - a missing rate shows as 0 here; billing reports it as an error
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
    if year > as_of.year:
        months_left = 12
    elif year < as_of.year:
        months_left = 0
    else:
        months_left = 12 - as_of.month
    unpaid_billed = billed - int(agg["paid"] or 0)
    committed = active * monthly * months_left
    free = remainder - unpaid_billed - committed + int(extra or 0)
    per_person_rest = monthly * months_left
    extra_people = max(0, free // per_person_rest) if per_person_rest else 0
    monthly_rows = []
    by_period = {
        r["period"]: r
        for r in invoices.values("period").annotate(billed=Sum("total"), paid=Sum("paid")).order_by("period")
    }
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


def rate_list() -> QuerySet[ContributionRate]:
    return ContributionRate.objects.all()


def late_fee_rules() -> QuerySet[LateFeeRule]:
    return LateFeeRule.objects.all()


def programme_billing_summary(*, user, programmes: list[Programme]) -> dict[int, dict]:
    ids = [p.pk for p in programmes]
    rows = (
        invoice_scope(user)
        .filter(programme_id__in=ids)
        .values("programme_id")
        .annotate(
            last_period=Max("period"),
            billed=Sum("total"),
            paid=Sum("paid"),
            open=Count("id", filter=~Q(status=Invoice.Status.PAID)),
        )
    )
    return {r["programme_id"]: r for r in rows}
