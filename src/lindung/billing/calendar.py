"""Periods and due dates. Working days (weekends, libur nasional, cuti bersama) come from core.workdays."""

from __future__ import annotations

import datetime as dt
import re

from django.utils.translation import gettext as _

from lindung.core.errors import ApplicationError
from lindung.core.workdays import next_working_day

DUE_DAY = 15
_PERIOD = re.compile(r"^\s*(\d{4})-(\d{1,2})\s*$")


def period_parse(text: str) -> dt.date:
    """'2026-11' -> 1 November 2026, with a clear message for anything else."""
    m = _PERIOD.match(text or "")
    if not m or not 1 <= int(m.group(2)) <= 12 or not 2000 <= int(m.group(1)) <= 2100:
        raise ApplicationError(
            _("Periode %(text)s tidak valid; tulis tahun dan bulan sebagai YYYY-MM, misalnya 2026-11.")
            % {"text": repr(text)},
            code="period_invalid",
        )
    return dt.date(int(m.group(1)), int(m.group(2)), 1)


def month_start(day: dt.date) -> dt.date:
    return day.replace(day=1)


def add_months(period: dt.date, n: int) -> dt.date:
    index = period.year * 12 + period.month - 1 + n
    return dt.date(index // 12, index % 12 + 1, 1)


def shift_months(day: dt.date, n: int) -> dt.date:
    """The same day of the month n months later (the month's last day when it is shorter)."""
    first = add_months(day, n)
    return first.replace(day=min(day.day, month_end(first).day))


def month_end(period: dt.date) -> dt.date:
    return add_months(period, 1) - dt.timedelta(days=1)


def months_between(first: dt.date, last: dt.date) -> int:
    """Whole months from the month of ``first`` to the month of ``last``, both inclusive."""
    return (last.year - first.year) * 12 + last.month - first.month + 1


def working_day_on_or_after(day: dt.date) -> tuple[dt.date, bool]:
    """The first working day on or after ``day``. The flag says the holiday list for that year is known,
    which it always is now (core.workdays: the ``holidays`` package plus the administrator's corrections);
    it stays for the callers that record it."""
    return next_working_day(day), True


def due_date(*, segment: str, period: dt.date) -> tuple[dt.date, bool]:
    """BPU pays by the 15th of the contribution month, PU by the 15th of the following month; a weekend or
    holiday moves the date to the next working day."""
    month = period if segment == "BPU" else add_months(period, 1)
    return working_day_on_or_after(month.replace(day=DUE_DAY))


def months_late(due: dt.date, as_of: dt.date) -> int:
    """Months of lateness begun by ``as_of``: the first begins the day after the due date, the next one month
    after that, and so on (paid on the due date: 0; a day late: 1; a month and a day late: 2)."""
    n = 0
    while shift_months(due, n) < as_of:
        n += 1
    return n
