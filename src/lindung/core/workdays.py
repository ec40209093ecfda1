"""Indonesia's working-day calendar: weekends, public holidays (libur nasional) and joint leave days (cuti
bersama), for past and future years.

Holidays come from the maintained ``holidays`` package (category ``public`` for libur nasional, ``government``
for cuti bersama), corrected by ``CalendarOverride`` rows an administrator enters for decrees the package
has not caught up with (a day added, or a listed day cancelled). Every due date, deadline and letter uses
these four functions; nothing else decides what a working day is.
"""

from __future__ import annotations

import datetime as dt
from functools import lru_cache

import holidays
from holidays.constants import GOVERNMENT, PUBLIC

ONE_DAY = dt.timedelta(days=1)
# add_working_days never needs to look further than this (a guard against an endless loop on bad data).
MAX_SPAN_DAYS = 3 * 366


@lru_cache(maxsize=64)
def package_days(year: int) -> dict[dt.date, str]:
    """The package's days off for a year: libur nasional and cuti bersama, with their Indonesian names."""
    days: dict[dt.date, str] = {}
    for category in (PUBLIC, GOVERNMENT):
        listed = holidays.country_holidays("ID", years=year, categories=(category,), language="id")
        for day, name in listed.items():
            days[day] = f"{days[day]}; {name}" if day in days else name
    return days


class _Calendar:
    """Days off per year, loaded once per call (one query per year touched, so an administrator's change
    is seen at once by every process)."""

    def __init__(self) -> None:
        self._years: dict[int, dict[dt.date, str]] = {}

    def days_off(self, year: int) -> dict[dt.date, str]:
        if year not in self._years:
            from lindung.core.models import CalendarOverride  # models load after the app registry

            days = dict(package_days(year))
            for day, kind, name in CalendarOverride.objects.filter(date__year=year).values_list(
                "date", "kind", "name"
            ):
                if kind == CalendarOverride.Kind.DAY_OFF:
                    days[day] = name
                else:
                    days.pop(day, None)
            self._years[year] = days
        return self._years[year]

    def reason(self, day: dt.date) -> str | None:
        if day.weekday() == 5:
            return "Sabtu"
        if day.weekday() == 6:
            return "Minggu"
        return self.days_off(day.year).get(day)

    def is_working(self, day: dt.date) -> bool:
        return day.weekday() < 5 and day not in self.days_off(day.year)


def is_working_day(day: dt.date) -> bool:
    return _Calendar().is_working(day)


def day_off_reason(day: dt.date) -> str | None:
    """Why a day is not a working day ('Sabtu', 'Hari Raya Idul Fitri', ...), or None on a working day."""
    return _Calendar().reason(day)


def next_working_day(day: dt.date) -> dt.date:
    """``day`` itself when it is a working day, else the first working day after it."""
    cal = _Calendar()
    while not cal.is_working(day):
        day += ONE_DAY
    return day


def add_working_days(day: dt.date, n: int) -> dt.date:
    """The n-th working day after ``day`` (``day`` itself is not counted): a deadline of 10 working days
    from a letter dated ``day``. n = 0 gives ``next_working_day(day)``."""
    if n < 0:
        raise ValueError("n must not be negative")
    cal = _Calendar()
    if n == 0:
        while not cal.is_working(day):
            day += ONE_DAY
        return day
    limit = day + dt.timedelta(days=MAX_SPAN_DAYS + n * 3)
    while n:
        day += ONE_DAY
        if cal.is_working(day):
            n -= 1
        if day > limit:  # pragma: no cover - impossible with real calendars
            raise ValueError("calendar has no working days")
    return day


def working_days_between(start: dt.date, end: dt.date) -> int:
    """Working days after ``start`` up to and including ``end`` (0 when end <= start): how many of a
    deadline's days have passed. ``add_working_days(d, working_days_between(d, e)) <= e``."""
    if end <= start:
        return 0
    cal = _Calendar()
    count, day = 0, start
    while day < end:
        day += ONE_DAY
        if cal.is_working(day):
            count += 1
    return count


def days_off_between(start: dt.date, end: dt.date) -> list[tuple[dt.date, str]]:
    """The weekday holidays and joint leave days in [start, end], with their names (for letters and the
    calendar page)."""
    cal = _Calendar()
    out = []
    for year in range(start.year, end.year + 1):
        out += [(d, n) for d, n in cal.days_off(year).items() if start <= d <= end]
    return sorted(out)
