"""The dated rules money is computed with: contribution rates and late-fee percentages."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.db.models import QuerySet

from lindung.billing.models import ContributionRate, Discount, LateFeeRule


def rate_list() -> QuerySet[ContributionRate]:
    return ContributionRate.objects.all()


def discount_list() -> QuerySet[Discount]:
    return Discount.objects.all()


def late_fee_rules() -> QuerySet[LateFeeRule]:
    return LateFeeRule.objects.all()


def late_fee_percent(segment: str, on: dt.date, *, element: str = "", employer_kind: str = "") -> Decimal:
    """The late fee per month of delay in force on a date (dated data; 0 when none applies) for a segment,
    an element and an employer kind ("state" or "other"): the most specific row wins, the element before
    the employer kind, then the latest ``effective_from``."""
    rules = LateFeeRule.objects.filter(
        segment=segment,
        element__in=["", element],
        employer_kind__in=["", employer_kind],
        effective_from__lte=on,
    )
    best = max(
        rules,
        key=lambda r: (r.element == element and bool(element), bool(r.employer_kind), r.effective_from),
        default=None,
    )
    return best.percent_per_month if best else Decimal(0)
