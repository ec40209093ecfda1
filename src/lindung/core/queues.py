"""A work queue at a glance, for any model: how many items wait, since when the oldest, and which it is."""

from __future__ import annotations

from django.db.models import Count, Min, QuerySet
from django.utils import timezone


def queue_summary(waiting: QuerySet, *, since: str, **sums) -> dict:
    """``waiting``: the items in the queue (already scoped to the user); ``since``: the datetime field they
    entered it; ``sums``: extra aggregates to return under their names (e.g. ``rows=Sum("rows")``).
    Two queries whatever the size of the queue."""
    agg = waiting.aggregate(n=Count("id"), oldest=Min(since), **sums)
    oldest = waiting.filter(**{since: agg["oldest"]}).order_by("id").first() if agg["oldest"] else None
    return {
        "count": agg["n"] or 0,
        "oldest_at": agg["oldest"],
        "oldest": oldest,
        "age_days": (timezone.now() - agg["oldest"]).days if agg["oldest"] else None,
        **{name: agg[name] or 0 for name in sums},
    }
