from __future__ import annotations

import datetime as dt

from django.utils import timezone

from lindung.schedule.jobs import JOBS
from lindung.schedule.models import ScheduledRun


def schedule_overview(*, today: dt.date | None = None, history: int = 10) -> dict:
    """Per job: its last recorded run and when the next one is due; and the latest runs of all jobs."""
    today = today or timezone.localdate()
    rows = []
    for spec in JOBS.values():
        last = ScheduledRun.objects.filter(job=spec.job).order_by("-queued_at", "-id").first()
        current_done = last is not None and last.slot == spec.slot(today)
        rows.append(
            {
                "job": spec.job,
                "label": ScheduledRun.Job(spec.job).label,
                "last": last,
                "next": spec.next_slot_date(today) if current_done else today,
            }
        )
    return {"jobs": rows, "recent": list(ScheduledRun.objects.order_by("-queued_at", "-id")[:history])}
