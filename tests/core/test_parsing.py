"""core.parsing: dates, Rupiah amounts, bounded integers and percentages, as people write them.

Property tests (hypothesis) check the parsers against Python's own calendar and integers, and that the
scalar and the vectorised forms agree."""

import datetime as dt
from decimal import Decimal

import polars as pl
import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from lindung.core import parsing
from lindung.core.parsing import ParseError, parse_amount, parse_date


def vector_dates(values: list[str | None], **kw) -> list[dict]:
    frame = pl.DataFrame({"v": values}, schema={"v": pl.Utf8})
    return frame.select(parsing.dates_expr(pl.col("v"), **kw).alias("r"))["r"].to_list()


def vector_amounts(values: list[str | None]) -> list[dict]:
    frame = pl.DataFrame({"v": values}, schema={"v": pl.Utf8})
    return frame.select(parsing.amounts_expr(pl.col("v")).alias("r"))["r"].to_list()


# --- dates ---


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("17/08/1991", dt.date(1991, 8, 17)),
        ("17-08-1991", dt.date(1991, 8, 17)),
        ("17.08.1991", dt.date(1991, 8, 17)),
        ("1991-08-17", dt.date(1991, 8, 17)),
        ("1991-08-17 00:00:00", dt.date(1991, 8, 17)),  # a date cell read as text
        ("7/8/1991", dt.date(1991, 8, 7)),
        ("17/08/91", dt.date(1991, 8, 17)),  # not the year 91
        ("17/08/29", dt.date(2029, 8, 17)),  # Excel's two-digit years: 00-29 are 2000s
        ("17/08/30", dt.date(1930, 8, 17)),
        (" 29/02/2000 ", dt.date(2000, 2, 29)),
    ],
)
def test_accepted_date_spellings(text, expected):
    assert parse_date(text) == expected


@pytest.mark.parametrize("text", ["31-02-1990", "29/02/1900", "31/04/2020", "1990-02-30", "31/12/0000"])
def test_a_date_that_does_not_exist_is_told_apart_from_an_unreadable_one(text):
    with pytest.raises(ParseError) as exc:
        parse_date(text)
    assert exc.value.code == "date_not_a_day"
    assert exc.value.message == f'Tanggal "{text}" tidak ada di kalender; periksa tanggal dan bulannya.'


@pytest.mark.parametrize(
    "text", ["17 Agustus 1991", "1991/08/17", "17/08/1991/1", "kemarin", "1e5", "17081991"]
)
def test_unreadable_dates_say_which_format_to_use(text):
    with pytest.raises(ParseError) as exc:
        parse_date(text)
    assert exc.value.code == "date_unreadable"
    assert "pakai format dd/mm/yyyy, misalnya 17/08/1991" in exc.value.message


def test_excel_serials_only_where_asked():
    assert parse_date("33467", excel_serial=True) == dt.date(1991, 8, 17)
    with pytest.raises(ParseError):
        parse_date("33467")


@given(
    st.dates(min_value=dt.date(1000, 1, 1), max_value=dt.date(9999, 12, 31)),
    st.sampled_from(parsing.DATE_FORMATS),
)
def test_every_real_date_in_every_accepted_format_reads_back(day, fmt):
    if "%y" in fmt:
        assume(1930 <= day.year <= 2029)
    assert parse_date(day.strftime(fmt)) == day


@given(st.integers(0, 99), st.integers(0, 99), st.integers(1, 9999))
def test_day_month_year_exists_exactly_when_the_calendar_says_so(d, m, y):
    text = f"{d:02d}/{m:02d}/{y:04d}"
    try:
        expected = dt.date(y, m, d)
    except ValueError:
        expected = None
    if expected is None:
        with pytest.raises(ParseError) as exc:
            parse_date(text)
        plausible = 1 <= m <= 12 and 1 <= d <= 31
        assert exc.value.code == ("date_not_a_day" if plausible else "date_unreadable")
    else:
        assert parse_date(text) == expected


@given(st.text(max_size=30))
def test_any_text_is_a_date_or_a_clear_refusal(text):
    try:
        assert isinstance(parse_date(text), dt.date)
    except ParseError as exc:
        assert exc.code in {"date_required", "date_unreadable", "date_not_a_day"}


@given(st.lists(st.one_of(st.none(), st.text(max_size=20), st.dates().map(lambda d: d.strftime("%d/%m/%Y")))))
def test_the_vectorised_and_the_scalar_date_parsers_agree(values):
    for value, row in zip(values, vector_dates(values), strict=True):
        if value is None:
            assert row == {"date": None, "problem": None}
            continue
        try:
            assert row == {"date": parse_date(value), "problem": None}
        except ParseError as exc:
            assert row["date"] is None
            assert exc.code == (f"date_{row['problem']}" if row["problem"] else "date_required")


def test_the_vectorised_date_parser_keeps_row_order_and_nulls():
    rows = vector_dates(["31-02-1990", None, "17/08/1991", "x", "", "33467"], excel_serial=True)
    assert [r["problem"] for r in rows] == ["not_a_day", None, None, "unreadable", None, None]
    assert rows[2]["date"] == dt.date(1991, 8, 17) and rows[5]["date"] == dt.date(1991, 8, 17)


# --- amounts ---


@pytest.mark.parametrize(
    "text",
    [
        "43.320.000",
        "Rp 43.320.000",
        "Rp43.320.000",
        "rp. 43.320.000",
        "IDR 43.320.000",
        "43320000",
        "43.320.000,00",
        "Rp 43.320.000,-",
        "43,320,000",
        "43,320,000.00",
        "43320000.0",
        "43 320 000",
        "43\u00a0320\u00a0000",
    ],
)
def test_accepted_rupiah_spellings(text):
    assert parse_amount(text) == 43_320_000


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("43.320.000,50", "amount_not_whole"),
        ("1,5", "amount_not_whole"),
        ("-5", "amount_unreadable"),
        ("43.32.000", "amount_unreadable"),
        ("empat juta", "amount_unreadable"),
        ("1e6", "amount_unreadable"),
        ("9" * 20, "amount_too_large"),
        ("4.611.686.018.427.387.904", "amount_too_large"),
        ("", "amount_required"),
    ],
)
def test_refused_amounts(text, code):
    with pytest.raises(ParseError) as exc:
        parse_amount(text)
    assert exc.value.code == code


def _dotted(n: int) -> str:
    return f"{n:,}".replace(",", ".")


@given(
    st.integers(0, parsing.MAX_RUPIAH),
    st.sampled_from(
        [
            str,
            _dotted,
            lambda n: "Rp " + _dotted(n),
            lambda n: "Rp" + _dotted(n) + ",00",
            lambda n: _dotted(n) + ",-",
            lambda n: f"{n:,}",
            lambda n: f"{n}.0",
        ]
    ),
)
def test_every_whole_amount_reads_back_however_it_is_written(n, write):
    assert parse_amount(write(n)) == n


@given(st.integers(parsing.MAX_RUPIAH + 1, 10**30))
def test_amounts_above_the_maximum_are_refused_never_overflow(n):
    with pytest.raises(ParseError) as exc:
        parse_amount(_dotted(n))
    assert exc.value.code == "amount_too_large"


@given(st.lists(st.one_of(st.none(), st.text(max_size=20), st.integers(0, 10**16).map(_dotted))))
def test_the_vectorised_and_the_scalar_amount_parsers_agree(values):
    for value, row in zip(values, vector_amounts(values), strict=True):
        if value is None:
            assert row == {"amount": None, "problem": None}
            continue
        try:
            assert row == {"amount": parse_amount(value), "problem": None}
        except ParseError as exc:
            assert row["amount"] is None
            assert exc.code == (f"amount_{row['problem']}" if row["problem"] else "amount_required")


# --- integers and percentages ---


def test_integers_within_bounds():
    assert parsing.check_int("1.500", label="Kuota", min_value=0, max_value=10_000) == 1500
    assert parsing.check_int(7, label="Kuota", min_value=0, max_value=10) == 7
    for bad in ("99999999999999999999999", 10**20, "-1", "1,5", True, 1.5):
        with pytest.raises(ParseError) as exc:
            parsing.check_int(bad, label="Kuota", min_value=0, max_value=parsing.MAX_PEOPLE)
        assert exc.value.message.startswith("Kuota harus")


def test_percentages():
    assert parsing.parse_percent("12,5", label="Porsi") == Decimal("12.5")
    assert parsing.parse_percent("100 %", label="Porsi") == Decimal(100)
    for bad, code in (
        ("0", "percent_out_of_range"),
        ("100,01", "percent_out_of_range"),
        ("1,234", "percent_decimals"),
        ("x", "percent_invalid"),
    ):
        with pytest.raises(ParseError) as exc:
            parsing.parse_percent(bad, label="Porsi")
        assert exc.value.code == code
