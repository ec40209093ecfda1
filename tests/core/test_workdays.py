"""The working-day calendar: weekends, libur nasional and cuti bersama from the ``holidays`` package, with an
administrator's corrections; and the billing due dates that use it."""

from __future__ import annotations

import datetime as dt

import holidays
import pytest
from holidays.constants import GOVERNMENT, PUBLIC

from lindung.billing import calendar
from lindung.core import workdays
from lindung.core.models import CalendarOverride

D = dt.date


def _package_next_working_day(day: dt.date) -> dt.date:
    off = holidays.country_holidays(
        "ID", years=range(day.year, day.year + 2), categories=(PUBLIC, GOVERNMENT)
    )
    while day.weekday() >= 5 or day in off:
        day += dt.timedelta(days=1)
    return day


@pytest.mark.parametrize("year", range(2022, 2028))
def test_due_dates_2022_to_2027_every_month_both_segments_match_the_package(db, year):
    for month in range(1, 13):
        period = D(year, month, 1)
        assert calendar.due_date(segment="BPU", period=period) == (
            _package_next_working_day(D(year, month, 15)),
            True,
        )
        pu_month = calendar.add_months(period, 1)
        assert calendar.due_date(segment="PU", period=period) == (
            _package_next_working_day(pu_month.replace(day=15)),
            True,
        )


def test_joint_leave_and_holidays_are_days_off(db):
    assert not workdays.is_working_day(D(2024, 4, 15))  # cuti bersama Idul Fitri
    assert "Cuti Bersama" in workdays.day_off_reason(D(2024, 4, 15))
    assert not workdays.is_working_day(D(2024, 6, 17))  # Idul Adha
    assert not workdays.is_working_day(D(2024, 9, 16))  # Maulid Nabi
    assert workdays.day_off_reason(D(2024, 9, 14)) == "Sabtu"
    assert workdays.is_working_day(D(2024, 4, 16))
    assert workdays.day_off_reason(D(2024, 4, 16)) is None


def test_ten_working_days_across_idul_fitri_and_joint_leave_2024(db):
    # A warning dated Friday 5 April 2024: 8-9 cuti bersama, 10-11 Idul Fitri, 12 and 15 cuti bersama.
    # Working days: 16,17,18,19, 22,23,24,25,26, 29 April.
    assert workdays.add_working_days(D(2024, 4, 5), 10) == D(2024, 4, 29)
    # Without holidays it would have been 19 April.
    assert workdays.working_days_between(D(2024, 4, 5), D(2024, 4, 29)) == 10
    assert workdays.working_days_between(D(2024, 4, 5), D(2024, 4, 28)) == 9


def test_ten_working_days_across_idul_fitri_2026(db):
    # From Friday 13 March 2026: 16, 17; then cuti bersama Nyepi 18, Nyepi 19, cuti bersama 20, Idul Fitri
    # 21-22, cuti bersama 23-24; 25, 26, 27, 30, 31 March, 1, 2 April; Good Friday 3 April; 6 April.
    assert workdays.add_working_days(D(2026, 3, 13), 10) == D(2026, 4, 6)
    assert [d for d, _ in workdays.days_off_between(D(2026, 3, 16), D(2026, 3, 24))] == [
        D(2026, 3, 18),
        D(2026, 3, 19),
        D(2026, 3, 20),
        D(2026, 3, 21),
        D(2026, 3, 22),
        D(2026, 3, 23),
        D(2026, 3, 24),
    ]


def test_next_working_day_and_zero(db):
    assert workdays.next_working_day(D(2024, 4, 13)) == D(2024, 4, 16)
    assert workdays.add_working_days(D(2024, 4, 13), 0) == D(2024, 4, 16)
    assert workdays.next_working_day(D(2024, 4, 16)) == D(2024, 4, 16)
    assert workdays.working_days_between(D(2024, 4, 16), D(2024, 4, 16)) == 0
    with pytest.raises(ValueError):
        workdays.add_working_days(D(2024, 4, 16), -1)


def test_an_administrator_adds_a_day_the_package_does_not_know(db):
    day = D(2028, 3, 1)  # a Wednesday; the package has no cuti bersama for 2028 yet
    assert workdays.is_working_day(day)
    CalendarOverride.objects.create(
        date=day, kind=CalendarOverride.Kind.DAY_OFF, name="Cuti bersama (contoh)", source="SKB 3 Menteri"
    )
    assert not workdays.is_working_day(day)
    assert workdays.day_off_reason(day) == "Cuti bersama (contoh)"
    assert workdays.add_working_days(D(2028, 2, 29), 1) == D(2028, 3, 2)


def test_an_administrator_removes_a_day_the_package_lists(db):
    day = D(2024, 4, 15)
    CalendarOverride.objects.create(
        date=day, kind=CalendarOverride.Kind.WORKING_DAY, name="Cuti bersama dibatalkan", source="SKB"
    )
    assert workdays.is_working_day(day)
    assert calendar.due_date(segment="BPU", period=D(2024, 4, 1)) == (day, True)


def test_calendar_corrections_have_an_admin_page(client_for, world):
    c = client_for(world.admin)
    assert c.get("/admin/core/calendaroverride/").status_code == 200
    r = c.post(
        "/admin/core/calendaroverride/add/",
        {"date": "2028-03-01", "kind": "day_off", "name": "Cuti bersama", "source": "SKB 2027"},
    )
    assert r.status_code == 302
    assert CalendarOverride.objects.get().created_by == world.admin
