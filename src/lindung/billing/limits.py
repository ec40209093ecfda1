"""The bounds of what billing accepts, in one place. Services check them (so the pages, the API, the CLI and
the bank-statement import refuse the same things with the same Indonesian message); forms and API schemas
repeat the numbers only to refuse early. docs/architecture.md ("Money pipeline") lists them.

Why bounds at all: a year 0001 or 9999 breaks date arithmetic (a reinstatement window before year 1), a
month billed ahead freezes every new rate for its segment (rates may not reach back into a billed month),
and an amount near 2^63 overflows the database's 64-bit sums (the funder page answered 500 on SQLite).
The maxima are far above anything real, and far enough below 2^63 that sums of them still fit.
"""

from __future__ import annotations

import datetime as dt

from django.utils import timezone
from django.utils.translation import gettext as _

from lindung.core.errors import ApplicationError
from lindung.core.formatting import number, rupiah
from lindung.core.limits import MAX_RUPIAH, MAX_YEAR, MIN_YEAR
from lindung.core.schemas import MAX_OFFSET as API_MAX_OFFSET

# Years: nothing in Lindung predates 2000 (BPJS Ketenagakerjaan itself dates from 2014), and nothing is
# planned beyond 2100 (budgets, rates and period filters may name future years up to it).
FIRST_YEAR = MIN_YEAR
LAST_YEAR = MAX_YEAR
FIRST_DATE = dt.date(FIRST_YEAR, 1, 1)
LAST_DATE = dt.date(LAST_YEAR, 12, 31)

# Rp10 triliun: one payment, one DPA allocation, one what-if amount, a wage base. A province's whole yearly
# budget is a fraction of it; 900.000 such payments still sum below 2^63.
MAX_AMOUNT = MAX_RUPIAH
# Rp10 juta: what one person costs a month (a fixed rate, a budget's amount per person). PU with every
# element at the JP wage cap is under Rp2 juta.
MAX_MONTHLY_AMOUNT = 10_000_000
# 50 juta people: planned members, a target headcount, members given to a sponsor. More than the working
# population of any province; 50 juta x 12 months x Rp10 juta still fits a 64-bit budget total.
MAX_MEMBERS = 50_000_000
# NIKs named in one sponsor assignment (one query's parameters; use the village and count for more).
MAX_NIKS_PER_ASSIGNMENT = 5_000
# One bank-statement file: 5 MB and 10.000 rows (each row becomes a payment with its allocation): a month
# of a busy account; a bigger statement is split by week.
MAX_STATEMENT_BYTES = 5 * 1024 * 1024
MAX_STATEMENT_ROWS = 10_000
# How far an API list may be paged.
MAX_OFFSET = API_MAX_OFFSET


def today() -> dt.date:
    return timezone.localdate()


def date_text(day: dt.date) -> str:
    return f"{day.day:02d}-{day.month:02d}-{day.year:04d}"  # strftime writes year 1 as "1"


def check_year(year, *, message: str, code: str = "year") -> int:
    """A year within FIRST_YEAR..LAST_YEAR, or ``message`` (which names the range)."""
    try:
        value = int(year)
    except (TypeError, ValueError, OverflowError):
        value = None
    if value is None or not FIRST_YEAR <= value <= LAST_YEAR:
        raise ApplicationError(message % {"first": FIRST_YEAR, "last": LAST_YEAR}, code=code)
    return value


def check_budget_year(year) -> int:
    return check_year(year, message=_("Tahun anggaran harus antara %(first)s dan %(last)s."))


def year_or_none(text: str | None) -> int | None:
    """A ``?tahun=`` value: the year when it is one within the bounds, else None (shown as all years)."""
    text = (text or "").strip()
    if not text.isdigit() or len(text) > 4:
        return None
    year = int(text)
    return year if FIRST_YEAR <= year <= LAST_YEAR else None


def check_past_date(day: dt.date, *, what: str, code: str) -> dt.date:
    """A date something happened on (a payment, a reference date for a run): from FIRST_DATE to today."""
    if day > today():
        raise ApplicationError(
            _("%(what)s %(date)s di masa depan; paling lambat hari ini.")
            % {"what": what, "date": date_text(day)},
            code=f"{code}_future",
        )
    if day < FIRST_DATE:
        raise ApplicationError(
            _("%(what)s %(date)s tidak masuk akal; paling awal %(first)s.")
            % {"what": what, "date": date_text(day), "first": date_text(FIRST_DATE)},
            code=f"{code}_too_early",
        )
    return day


def check_month_begun(period: dt.date, *, month_text: str) -> dt.date:
    """A month to bill: begun already (this month or earlier) and not before FIRST_YEAR. Billing a month
    ahead would also freeze every new rate for it (decision 18)."""
    if period > today().replace(day=1):
        raise ApplicationError(
            _("%(month)s belum dimulai; penagihan hanya untuk bulan yang sudah berjalan.")
            % {"month": month_text},
            code="period_future",
        )
    if period.year < FIRST_YEAR:
        raise ApplicationError(
            _("%(month)s tidak masuk akal; penagihan paling awal Januari %(first)s.")
            % {"month": month_text, "first": FIRST_YEAR},
            code="period_too_early",
        )
    return period


def check_date_in_range(day: dt.date, *, what: str, code: str) -> dt.date:
    """A date that may lie ahead (a rate's first day): within FIRST_DATE..LAST_DATE."""
    if not FIRST_DATE <= day <= LAST_DATE:
        raise ApplicationError(
            _("%(what)s %(date)s di luar rentang %(first)s sampai %(last)s.")
            % {
                "what": what,
                "date": date_text(day),
                "first": date_text(FIRST_DATE),
                "last": date_text(LAST_DATE),
            },
            code=code,
        )
    return day


def check_amount(value: int, *, what: str, code: str, maximum: int = MAX_AMOUNT) -> int:
    """A Rupiah amount no larger than ``maximum`` (callers check the lower bound they need)."""
    if value > maximum:
        raise ApplicationError(
            _("%(what)s paling banyak %(max)s.") % {"what": what, "max": rupiah(maximum)}, code=code
        )
    return value


def check_count(value: int, *, what: str, code: str, maximum: int = MAX_MEMBERS) -> int:
    if value > maximum:
        raise ApplicationError(
            _("%(what)s paling banyak %(max)s.") % {"what": what, "max": number(maximum)}, code=code
        )
    return value
