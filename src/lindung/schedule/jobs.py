"""What runs by itself and when (dates in Asia/Jakarta):

- the monthly billing run, from the 1st of each month, for that month (BPU contributions fall due on the 15th
  of the month itself, PU on the 15th of the next: billing on the 1st leaves the funders two weeks or more);
- the lapse run, every day, as of that day (lapses BPU memberships in arrears for more than the programme's
  months, reinstates those paid in time);
- the late-fee run, every day, as of that day (PU contributions paid late or still unpaid).

Only the current occurrence is due: a scheduler stopped for days does not replay the days it missed (the daily
runs look at everything up to their day anyway; a month left unbilled is billed from the Iuran page or with
``lindung billing run``, which bills only what has not been billed).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from lindung.billing import services as billing
from lindung.schedule.models import ScheduledRun

Job = ScheduledRun.Job


@dataclass(frozen=True)
class JobSpec:
    job: str
    monthly: bool
    # The system's work name for the audit trail (audit.selectors.SYSTEM_ACTORS).
    work: str
    run: Callable[[dt.date], dict]

    def slot(self, today: dt.date) -> str:
        return f"{today:%Y-%m}" if self.monthly else today.isoformat()

    def next_slot_date(self, today: dt.date) -> dt.date:
        """The day the next occurrence after today's is due."""
        if self.monthly:
            return dt.date(today.year + today.month // 12, today.month % 12 + 1, 1)
        return today + dt.timedelta(days=1)


def _billing(today: dt.date) -> dict:
    return billing.billing_run_all(actor=None, period=today.replace(day=1)).as_dict()


def _lapse(today: dt.date) -> dict:
    return billing.lapse_run(actor=None, as_of=today).as_dict()


def _late_fees(today: dt.date) -> dict:
    return billing.late_fee_run(actor=None, as_of=today).as_dict()


JOBS: dict[str, JobSpec] = {
    Job.BILLING: JobSpec(Job.BILLING, monthly=True, work="billing_run", run=_billing),
    Job.LAPSE: JobSpec(Job.LAPSE, monthly=False, work="lapse", run=_lapse),
    Job.LATE_FEES: JobSpec(Job.LATE_FEES, monthly=False, work="late_fees", run=_late_fees),
}


def slot_date(spec: JobSpec, slot: str) -> dt.date:
    return dt.date.fromisoformat(f"{slot}-01" if spec.monthly else slot)
