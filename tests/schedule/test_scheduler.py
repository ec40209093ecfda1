"""The scheduler queues the monthly billing run and the daily lapse and late-fee runs once per occurrence, runs
them as the system, and shows its log on the Iuran page. (Tests use django-tasks' immediate backend: a queued
task runs at once, as the worker would.)"""

import datetime as dt
import io
import json

import pytest
from django.core.management import call_command

from lindung.audit.models import AuditLog
from lindung.billing.models import BillingRun, Invoice
from lindung.memberships.models import Membership
from lindung.schedule import jobs
from lindung.schedule.models import ScheduledRun
from lindung.schedule.services import scheduled_run_execute, scheduler_tick
from tests.billing.conftest import people

D = dt.date
pytestmark = pytest.mark.django_db


def test_ticking_twice_bills_the_month_once_as_the_system(world, lahat_bpu):
    people(lahat_bpu, 2)
    first = scheduler_tick(today=D(2026, 3, 1))
    assert sorted((r.job, r.slot) for r in first) == [
        ("billing_run", "2026-03"),
        ("lapse", "2026-03-01"),
        ("late_fees", "2026-03-01"),
    ]
    assert scheduler_tick(today=D(2026, 3, 1)) == []  # a restart, a second scheduler: nothing again
    assert BillingRun.objects.filter(programme=lahat_bpu, period=D(2026, 3, 1)).count() == 1
    invoice = Invoice.objects.get(programme=lahat_bpu)
    assert (invoice.period, invoice.members, invoice.total) == (D(2026, 3, 1), 2, 33_600)
    run = ScheduledRun.objects.get(job="billing_run")
    assert (run.status, run.error) == ("done", "")
    assert (run.result["invoices"], run.result["total"], run.result["programmes"]) == (1, 33_600, {"done": 1})
    created = AuditLog.objects.get(object_type="billing.billingrun")
    assert (created.actor, created.actor_name) == (None, "sistem:billing_run")
    log = AuditLog.objects.filter(object_type="schedule.scheduledrun", object_id=str(run.pk))
    assert sorted(log.values_list("action", "actor_name")) == [
        ("create", "sistem:scheduler"),
        ("status", "sistem:scheduler"),
    ]
    # The next day: the daily runs again, the month is not billed again.
    assert sorted(r.job for r in scheduler_tick(today=D(2026, 3, 2))) == ["lapse", "late_fees"]
    assert BillingRun.objects.count() == 1
    # A new month is billed by itself.
    assert [r.job for r in scheduler_tick(today=D(2026, 4, 1)) if r.job == "billing_run"] == ["billing_run"]
    assert Invoice.objects.filter(programme=lahat_bpu, period=D(2026, 4, 1)).get().total == 33_600


def test_a_task_delivered_twice_runs_once(world, lahat_bpu):
    people(lahat_bpu, 1)
    (run,) = [r for r in scheduler_tick(today=D(2026, 1, 5)) if r.job == "billing_run"]
    assert scheduled_run_execute(run_id=run.pk) is None
    ScheduledRun.objects.filter(pk=run.pk).update(status="queued")  # even a run put back is claimed once
    scheduled_run_execute(run_id=run.pk)
    assert BillingRun.objects.count() == 1 and Invoice.objects.get().total == 16_800


def test_the_daily_lapse_run_lapses_by_itself(world, lahat_bpu):
    people(lahat_bpu, 1)
    for month in (1, 2, 3, 4):
        scheduler_tick(today=D(2026, month, 1))
    assert Membership.objects.get().status == "active"
    scheduler_tick(today=D(2026, 4, 20))  # January..April unpaid past their due dates: more than 3
    m = Membership.objects.get()
    assert (m.status, m.lapsed_on) == ("lapsed", D(2026, 4, 20))
    lapse = AuditLog.objects.get(object_type="memberships.membership", extra__status="lapsed")
    assert lapse.actor_name == "sistem:lapse"


def test_a_failing_job_is_logged_and_not_rerun(world, monkeypatch):
    def broken(today):
        raise RuntimeError("boom")

    monkeypatch.setitem(jobs.JOBS, "lapse", jobs.JobSpec("lapse", monthly=False, work="lapse", run=broken))
    scheduler_tick(today=D(2026, 5, 6))
    run = ScheduledRun.objects.get(job="lapse")
    assert run.status == "failed" and "kesalahan sistem" in run.error
    assert scheduler_tick(today=D(2026, 5, 6)) == []


def test_the_iuran_page_shows_last_and_next_runs(world, client_for, lahat_bpu):
    scheduler_tick(today=D(2026, 3, 1))
    page = client_for(world.lahat_manager).get("/iuran/").content.decode()
    assert 'id="schedule-log"' in page
    assert "Penagihan bulanan" in page and "2026-03" in page and "Selesai" in page
    assert 'id="schedule-log"' not in client_for(world.desa_operator).get("/iuran/").content.decode()


def test_the_command_ticks_once(world, lahat_bpu):
    out = io.StringIO()
    call_command("scheduler", "--once", "--date", "2026-02-01", stdout=out)
    lines = [json.loads(line) for line in out.getvalue().splitlines()]
    assert {"queued": "billing_run", "slot": "2026-02"} in lines
    out = io.StringIO()
    call_command("scheduler", "--once", "--date", "2026-02-01", stdout=out)
    assert out.getvalue() == ""


def test_the_log_in_english(world, client_for, lahat_bpu):
    scheduler_tick(today=D(2026, 3, 1))
    page = client_for(world.lahat_manager).get("/iuran/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Automatic runs" in page and "Monthly billing" in page and "Proses otomatis" not in page
