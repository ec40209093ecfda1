"""Invoices, payments and funders' balances as the pages and the API list them."""

from __future__ import annotations

import datetime as dt

from django.db.models import Count, F, Max, Q, QuerySet, Sum

from lindung.billing.models import Invoice, Payment
from lindung.billing.rates import month_label
from lindung.billing.selectors.scope import invoice_scope, payment_scope
from lindung.memberships.models import Membership
from lindung.programs.models import Programme, ProgrammeFunder


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


def programme_billing_summary(*, user, programmes: list[Programme]) -> dict[int, dict]:
    """Per programme: last billed month, billed and paid amounts, open invoices (one grouped query)."""
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


def payment_list(*, user, funder_id: int | None = None) -> QuerySet[Payment]:
    qs = payment_scope(user)
    if funder_id:
        qs = qs.filter(funder_id=funder_id)
    return qs


def funder_outstanding(funder_id: int) -> int:
    """What the funder still owes on all its invoices (before its credit)."""
    return Invoice.objects.filter(funder_id=funder_id).aggregate(s=Sum(F("total") - F("paid")))["s"] or 0


def funder_credit(funder_id: int) -> int:
    """Money the funder paid that no invoice has used yet."""
    return Payment.objects.filter(funder_id=funder_id).aggregate(s=Sum("unallocated"))["s"] or 0


def funder_balances(funder_ids: list[int]) -> dict[int, tuple[int, int]]:
    """(outstanding, credit) per funder, two grouped queries whatever the number of funders."""
    owed = dict(
        Invoice.objects.filter(funder_id__in=funder_ids)
        .values("funder_id")
        .annotate(s=Sum(F("total") - F("paid")))
        .values_list("funder_id", "s")
    )
    credit = dict(
        Payment.objects.filter(funder_id__in=funder_ids)
        .values("funder_id")
        .annotate(s=Sum("unallocated"))
        .values_list("funder_id", "s")
    )
    return {i: (owed.get(i) or 0, credit.get(i) or 0) for i in funder_ids}


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
            "description": f"Iuran {month_label(inv.period)} · {inv.members} peserta",
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


def sponsored_memberships(*, funder: ProgrammeFunder) -> QuerySet[Membership]:
    """The memberships a funder pays for: a named sponsor's own people, or everyone else in the programme."""
    qs = Membership.objects.filter(programme=funder.programme).select_related("person")
    if funder.is_named_sponsor:
        return qs.filter(funder=funder)
    sponsors = [f.pk for f in funder.programme.funders.all() if f.is_named_sponsor]
    return qs.exclude(funder_id__in=sponsors) if sponsors else qs


def sponsored_active_count(*, funder: ProgrammeFunder) -> int:
    return sponsored_memberships(funder=funder).filter(status=Membership.Status.ACTIVE).count()
