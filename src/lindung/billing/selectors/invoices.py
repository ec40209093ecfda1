"""Invoices, payments and funders' balances as the pages and the API list them."""

from __future__ import annotations

import datetime as dt

from django.db.models import Count, F, Max, Q, QuerySet, Sum

from lindung.billing import calendar
from lindung.billing.models import Invoice, LateFeeRule, Payment
from lindung.billing.rates import month_label
from lindung.billing.selectors.scope import invoice_scope, payment_scope
from lindung.memberships.models import Membership
from lindung.programs.models import Programme, ProgrammeFunder
from lindung.regions.models import Region


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
    """Per village of the invoice: its name and district, the people billed, the lines and the amount (from
    the invoice's village summary, not its lines)."""
    rows = list(
        invoice.villages.order_by("region_code").values("region_code", "lines", "members", total=F("amount"))
    )
    names = {
        r.code: (r.name, r.parent.name if r.parent_id else "")
        for r in Region.objects.filter(code__in=[r["region_code"] for r in rows]).select_related("parent")
    }
    for r in rows:
        r["name"], r["district"] = names.get(r["region_code"], ("", ""))
    return rows


def late_fee_basis(*, invoice: Invoice) -> dict | None:
    """What a late-fee invoice charges for: the contribution invoice, the month of lateness (its first and
    last day), the unpaid amount it is a percentage of, the rate and the rule it comes from."""
    if invoice.kind != Invoice.Kind.LATE_FEE or invoice.fee_for_id is None:
        return None
    base = invoice.fee_for
    month = invoice.fee_month or 1
    rule = (
        LateFeeRule.objects.filter(
            segment=invoice.programme.segment,
            effective_from__lte=invoice.issued_on,
            element="",
            employer_kind__in=[LateFeeRule.EmployerKind.OTHER, LateFeeRule.EmployerKind.ANY],
        )
        .order_by("-effective_from")
        .first()
    )
    return {
        "invoice": base,
        "period_label": month_label(base.period),
        "month": month,
        "from": calendar.shift_months(base.due_date, month - 1) + dt.timedelta(days=1),
        "to": calendar.shift_months(base.due_date, month),
        "basis": invoice.fee_basis or 0,
        "percent": invoice.fee_percent,
        "source": rule.source if rule else "",
        "earlier": list(
            base.late_fees.filter(fee_month__lt=month).order_by("fee_month").values_list("number", flat=True)
        ),
    }


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
