from __future__ import annotations

import datetime as dt

from django.db.models import Max
from django.utils import timezone

from lindung.schedule.jobs import JOBS
from lindung.schedule.models import ScheduledRun


def schedule_overview(*, today: dt.date | None = None) -> dict:
    """Per job: its last recorded run and when the next one is due. One query."""
    today = today or timezone.localdate()
    latest_ids = ScheduledRun.objects.values("job").annotate(last=Max("id")).values("last")
    last = {r.job: r for r in ScheduledRun.objects.filter(id__in=latest_ids)}
    rows = []
    for spec in JOBS.values():
        run = last.get(spec.job)
        current_done = run is not None and run.slot == spec.slot(today)
        rows.append(
            {
                "job": spec.job,
                "label": ScheduledRun.Job(spec.job).label,
                "last": run,
                "next": spec.next_slot_date(today) if current_done else today,
            }
        )
    return {"jobs": rows}
