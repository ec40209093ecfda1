"""The dated rules money is computed with: contribution rates and late-fee percentages."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.db.models import QuerySet

from lindung.billing.models import ContributionRate, LateFeeRule


def rate_list() -> QuerySet[ContributionRate]:
    return ContributionRate.objects.all()


def late_fee_rules() -> QuerySet[LateFeeRule]:
    return LateFeeRule.objects.all()


def late_fee_percent(segment: str, on: dt.date) -> Decimal:
    """The late fee per month for a segment on a date (dated data; 0 when none applies)."""
    rule = (
        LateFeeRule.objects.filter(segment=segment, effective_from__lte=on)
        .order_by("-effective_from")
        .first()
    )
    return rule.percent_per_month if rule else Decimal(0)
