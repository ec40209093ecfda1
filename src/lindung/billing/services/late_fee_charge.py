"""Charging late fees on contribution invoices (decision "Late fees from payment dates").

For each month of delay begun between an invoice's due date and the day it was paid in full (or the
reference date while it is still open), one late-fee invoice of the rule's percentage of the contribution
that was due, once: the unique (fee_for, fee_month) pair makes a second charge impossible, whether the fee
comes from recording the payment or from the scheduled run. State bodies (penyelenggara negara) and BPU pay
no late fee; JP has its own rule. Used by ``late_fees`` (the run) and ``payments`` (recording a payment).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Sum

from lindung.billing import calendar
from lindung.billing.models import Invoice, InvoiceLine, LateFeeRule
from lindung.billing.selectors import late_fee_percent
from lindung.billing.services.numbering import LATE_FEE_PREFIX, next_number


@dataclass
class Charged:
    invoices: int = 0
    total: int = 0
    numbers: list[str] = field(default_factory=list)
    funders: set[int] = field(default_factory=set)


def employer_kind(invoice: Invoice) -> str:
    return LateFeeRule.EmployerKind.STATE if invoice.funder.is_state_body else LateFeeRule.EmployerKind.OTHER


def monthly_fee(invoice: Invoice) -> tuple[int, Decimal | None]:
    """One month's late fee on an invoice: each element's contribution due times its rule's percentage (in
    force on the due date), rounded half up per percentage; with the single percentage when there is one."""
    kind = employer_kind(invoice)
    by_element = dict(
        InvoiceLine.objects.filter(invoice=invoice)
        .values_list("element")
        .annotate(s=Sum("amount"))
        .values_list("element", "s")
    )
    if not by_element:
        by_element = {"": invoice.total}
    by_percent: dict[Decimal, int] = {}
    for element, amount in by_element.items():
        pct = late_fee_percent(
            invoice.programme.segment, invoice.due_date, element=element, employer_kind=kind
        )
        by_percent[pct] = by_percent.get(pct, 0) + int(amount or 0)
    fee = sum(
        int((Decimal(amount) * pct / 100).quantize(Decimal(1), rounding=ROUND_HALF_UP))
        for pct, amount in by_percent.items()
    )
    percents = [p for p in by_percent if p > 0]
    return fee, (percents[0] if len(percents) == 1 else None)


def _any_fee(segment: str, kind: str, on: dt.date) -> bool:
    """Whether any late-fee row above 0% could apply (BPU and state bodies: none, so an invoice of a
    million lines is never summed by element for nothing)."""
    return LateFeeRule.objects.filter(
        segment=segment, employer_kind__in=["", kind], effective_from__lte=on, percent_per_month__gt=0
    ).exists()


def charge_invoices(invoices, *, as_of: dt.date) -> Charged:
    """Charges the months of delay not yet charged on the given contribution invoices (locked by the
    caller), up to their payment date or ``as_of``; marks an invoice paid in full as settled."""
    out = Charged()
    may_charge: dict[tuple, bool] = {}
    for inv in invoices:
        paid_in_full = inv.paid >= inv.total
        until = min(inv.paid_in_full_on or as_of, as_of) if paid_in_full else as_of
        months = calendar.months_late(inv.due_date, until)
        key = (inv.programme.segment, employer_kind(inv), inv.due_date)
        if months and key not in may_charge:
            may_charge[key] = _any_fee(*key)
        if months and may_charge[key]:
            charged = set(inv.late_fees.values_list("fee_month", flat=True))
            missing = [m for m in range(1, months + 1) if m not in charged]
            fee, pct = monthly_fee(inv) if missing else (0, None)
            if fee > 0:
                for month in missing:
                    created = Invoice.objects.create(
                        number=next_number(LATE_FEE_PREFIX, as_of.year),
                        programme_id=inv.programme_id,
                        funder_id=inv.funder_id,
                        period=inv.period,
                        region_code=inv.region_code,
                        issued_on=as_of,
                        due_date=as_of,
                        total=fee,
                        amounts={"DENDA": fee},
                        kind=Invoice.Kind.LATE_FEE,
                        fee_for=inv,
                        fee_month=month,
                        fee_basis=inv.total,
                        fee_percent=pct,
                    )
                    out.invoices += 1
                    out.total += fee
                    out.numbers.append(created.number)
                    out.funders.add(inv.funder_id)
        if paid_in_full and (inv.paid_in_full_on is None or inv.paid_in_full_on <= as_of):
            Invoice.objects.filter(pk=inv.pk).update(late_fees_settled=True)
    return out


def pending(queryset, *, as_of: dt.date):
    """The contribution invoices of ``queryset`` whose late fees may still be due on ``as_of``, locked."""
    return (
        queryset.select_for_update(of=("self",))
        .select_related("programme", "funder__organisation")
        .filter(kind=Invoice.Kind.CONTRIBUTION, due_date__lt=as_of, late_fees_settled=False)
        .order_by("period", "id")
    )
