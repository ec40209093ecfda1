"""The scheduler's writes: record the due occurrences (idempotent), and run one (on the worker)."""

from __future__ import annotations

import datetime as dt
import logging

from django.db import IntegrityError, transaction
from django.utils import timezone

from lindung.audit.models import AuditLog
from lindung.audit.services import audit_record, system_actor
from lindung.core.errors import ApplicationError
from lindung.schedule.jobs import JOBS, slot_date
from lindung.schedule.models import ScheduledRun

logger = logging.getLogger(__name__)


def scheduler_tick(*, today: dt.date | None = None) -> list[ScheduledRun]:
    """Records and queues every job whose current occurrence (this month, this day) is not recorded yet;
    returns what it queued. Idempotent: the (job, slot) row is unique, and the task is queued in the same
    transaction that records it (the database task backend writes to the same database), so a slot is queued
    exactly once however many schedulers tick, however often, whatever restarts."""
    today = today or timezone.localdate()
    queued = []
    for spec in JOBS.values():
        slot = spec.slot(today)
        if ScheduledRun.objects.filter(job=spec.job, slot=slot).exists():
            continue
        try:
            with transaction.atomic():
                run = ScheduledRun.objects.create(job=spec.job, slot=slot)
                with system_actor("scheduler"):
                    audit_record(
                        actor=None,
                        action=AuditLog.Action.CREATE,
                        instance=run,
                        object_repr=f"{run.get_job_display()} {slot}",
                        extra={"job": spec.job, "slot": slot},
                    )
                from lindung.schedule.tasks import scheduled_run_task  # noqa: PLC0415 - tasks import these services

                scheduled_run_task.enqueue(run.pk)
        except IntegrityError:  # another scheduler recorded the same slot a moment ago
            continue
        queued.append(run)
    return queued


def _summary(result: dict) -> dict:
    """The figures worth keeping in the log (the per-programme detail is in each run's own audit records)."""
    out = {k: v for k, v in result.items() if k != "programmes" and not isinstance(v, list)}
    programmes = result.get("programmes") or []
    outcomes: dict[str, int] = {}
    for p in programmes:
        outcomes[p.get("outcome", "")] = outcomes.get(p.get("outcome", ""), 0) + 1
    if programmes:
        out["programmes"] = outcomes
    return out


def scheduled_run_execute(*, run_id: int) -> ScheduledRun | None:
    """Runs one recorded occurrence as the system. Claimed by a conditional UPDATE (queued -> running), so a
    task delivered twice runs once; a failure is kept on the record (and the job's own transactions keep what
    they finished, per programme)."""
    claimed = ScheduledRun.objects.filter(pk=run_id, status=ScheduledRun.Status.QUEUED).update(
        status=ScheduledRun.Status.RUNNING, started_at=timezone.now()
    )
    if not claimed:
        return None
    run = ScheduledRun.objects.get(pk=run_id)
    spec = JOBS[run.job]
    result, error = {}, ""
    try:
        with system_actor(spec.work):
            result = spec.run(slot_date(spec, run.slot))
    except ApplicationError as exc:
        error = exc.message
    except Exception:  # logged, and shown in the log on the Iuran page
        logger.exception("Proses terjadwal %s %s gagal", run.job, run.slot)
        error = "Terjadi kesalahan sistem; lihat log server, lalu jalankan proses ini dari halaman Iuran."
    status = ScheduledRun.Status.FAILED if error else ScheduledRun.Status.DONE
    with transaction.atomic():
        run.status, run.error, run.result = status, error, _summary(result)
        run.finished_at = timezone.now()
        run.save(update_fields=["status", "error", "result", "finished_at"])
        with system_actor("scheduler"):
            audit_record(
                actor=None,
                action=AuditLog.Action.STATUS,
                instance=run,
                object_repr=f"{run.get_job_display()} {run.slot}",
                changes={"status": [ScheduledRun.Status.RUNNING.value, status.value]},
                extra={"result": run.result, "error": error},
            )
    return run
