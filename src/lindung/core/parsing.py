"""Reading dates, Rupiah amounts and bounded integers written by people: the one place that knows which
spellings are accepted. Each parser has a scalar form (forms, services, one cell) and a vectorised polars
form (whole files); the scalar form runs the vectorised one on a single value, so both always agree.

Dates: ``DATE_FORMATS`` is the one list of accepted formats (plus Excel serial numbers where a file is read).
A text that has the shape of one of them, a month 1-12 and a day 1-31, but names no day of the calendar
(31-02-1990) *does not exist*; anything else is *unreadable* (17/13/1991 too). The two get different
messages.

Amounts: whole Rupiah, with or without "Rp"/"IDR", with dots (or commas) as thousands separators, a zero
fraction (",00", ".0" from Excel, ",-") allowed: "43.320.000", "Rp 43.320.000,-", "43320000".
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from typing import Final

import polars as pl
from django.utils.translation import gettext as _

from lindung.core.limits import MAX_PEOPLE, MAX_RUPIAH  # noqa: F401 - re-exported: the parsers' bounds

# --- dates ---------------------------------------------------------------------------------------------

# The one list of accepted date formats (strftime notation). Two-digit years follow Excel: 00-29 -> 2000s,
# 30-99 -> 1900s (what the person saw in Excel when they typed it).
DATE_FORMATS: Final[tuple[str, ...]] = (
    "%d/%m/%Y",
    "%d-%m-%Y",
    "%d.%m.%Y",
    "%Y-%m-%d",
    "%Y-%m-%d %H:%M:%S",  # how spreadsheet readers write a date cell as text
    "%d/%m/%y",
    "%d-%m-%y",
)
DATE_HINT: Final = "dd/mm/yyyy"
TWO_DIGIT_YEAR_PIVOT: Final = 30  # yy < 30 -> 20yy, else 19yy (Excel's rule)
EXCEL_EPOCH: Final = dt.date(1899, 12, 30)
EXCEL_SERIALS: Final = (61, 80_000)  # 1900-03-01 .. 2118: below 61 Excel's calendar has a 29-02-1900

DATE_UNREADABLE: Final = "unreadable"
DATE_NOT_A_DAY: Final = "not_a_day"

_TOKENS = {
    "%d": r"(?P<d>\d{1,2})",
    "%m": r"(?P<m>\d{1,2})",
    "%Y": r"(?P<Y>\d{4})",
    "%y": r"(?P<y>\d{2})",
    "%H": r"\d{1,2}",
    "%M": r"\d{2}",
    "%S": r"\d{2}",
}


def _format_regex(fmt: str) -> str:
    out, i = [], 0
    while i < len(fmt):
        if fmt[i] == "%":
            out.append(_TOKENS[fmt[i : i + 2]])
            i += 2
        else:
            out.append(re.escape(fmt[i]))
            i += 1
    return "^" + "".join(out) + "$"


_DATE_REGEXES = tuple((fmt, _format_regex(fmt)) for fmt in DATE_FORMATS)


class ParseError(ValueError):
    """A value people wrote that cannot be read; ``message`` is for the user (Bahasa Indonesia)."""

    def __init__(self, message: str, *, code: str) -> None:
        super().__init__(message)
        self.message = message
        self.code = code


def _days_in_month(year: pl.Expr, month: pl.Expr) -> pl.Expr:
    leap = ((year % 4 == 0) & (year % 100 != 0)) | (year % 400 == 0)
    return (
        pl.when(month == 2)
        .then(pl.when(leap).then(29).otherwise(28))
        .when(month.is_in([4, 6, 9, 11]))
        .then(30)
        .otherwise(31)
    )


_DATE_SCHEMA = pl.Struct({"date": pl.Date, "problem": pl.Utf8})


def _dates_series(values: pl.Series, *, excel_serial: bool) -> pl.Series:
    """Parses a text column: a struct of ``date`` and ``problem`` (null, "unreadable" or "not_a_day").

    Each format's pattern runs only on the values no earlier format matched, so a file written in the first
    format costs one pass."""
    n = values.len()
    text = values.cast(pl.Utf8).str.strip_chars()
    pending = pl.DataFrame({"_i": pl.arange(0, n, eager=True, dtype=pl.UInt32), "_s": text}).filter(
        pl.col("_s").is_not_null() & (pl.col("_s") != "")
    )
    parts = []
    for fmt, regex in _DATE_REGEXES:
        if pending.height == 0:
            break
        groups = pending.select("_i", pl.col("_s").str.extract_groups(regex).alias("_g")).unnest("_g")
        hit = groups.filter(pl.col("d").is_not_null())
        if hit.height:
            if "%Y" in fmt:
                year = pl.col("Y").cast(pl.Int32)
            else:
                yy = pl.col("y").cast(pl.Int32)
                year = pl.when(yy < TWO_DIGIT_YEAR_PIVOT).then(yy + 2000).otherwise(yy + 1900)
            parts.append(
                hit.select(
                    "_i",
                    year.alias("_y"),
                    pl.col("m").cast(pl.Int32).alias("_m"),
                    pl.col("d").cast(pl.Int32).alias("_d"),
                )
            )
            pending = pending.filter(groups["d"].is_null())
    found = (
        pl.concat(parts)
        if parts
        else pl.DataFrame(schema={"_i": pl.UInt32, "_y": pl.Int32, "_m": pl.Int32, "_d": pl.Int32})
    )
    ok = (
        (pl.col("_y") >= 1)
        & pl.col("_m").is_between(1, 12)
        & (pl.col("_d") >= 1)
        & (pl.col("_d") <= _days_in_month(pl.col("_y"), pl.col("_m")))
    )
    # A day and month in their ranges that name no day (31-02, 29-02-1900) "do not exist"; a month 13 or a day
    # 32 is not a date at all.
    plausible = pl.col("_m").is_between(1, 12) & pl.col("_d").is_between(1, 31)
    found = found.with_columns(_ok=ok, _plausible=plausible).select(
        "_i",
        pl.when(pl.col("_ok"))
        .then(
            pl.date(
                pl.when(pl.col("_ok")).then(pl.col("_y")).otherwise(2000),
                pl.when(pl.col("_ok")).then(pl.col("_m")).otherwise(1),
                pl.when(pl.col("_ok")).then(pl.col("_d")).otherwise(1),
            )
        )
        .alias("date"),
        pl.when(pl.col("_ok"))
        .then(None)
        .when(pl.col("_plausible"))
        .then(pl.lit(DATE_NOT_A_DAY))
        .otherwise(pl.lit(DATE_UNREADABLE))
        .alias("problem"),
    )
    rest = pending.select(
        "_i",
        pl.lit(None, pl.Date).alias("date"),
        pl.lit(DATE_UNREADABLE).alias("problem"),
    )
    if excel_serial and rest.height:
        serial = pending["_s"].cast(pl.Float64, strict=False)
        in_range = serial.is_between(*EXCEL_SERIALS)
        rest = rest.with_columns(_serial=serial, _in=in_range.fill_null(False)).select(
            "_i",
            pl.when(pl.col("_in"))
            .then(
                (
                    pl.lit(EXCEL_EPOCH)
                    + pl.duration(days=pl.col("_serial").fill_null(0).floor().cast(pl.Int64))
                ).cast(pl.Date)
            )
            .alias("date"),
            pl.when(pl.col("_in")).then(None).otherwise(pl.col("problem")).alias("problem"),
        )
    result = pl.concat([found, rest]) if rest.height else found
    out = (
        pl.DataFrame({"_i": pl.arange(0, n, eager=True, dtype=pl.UInt32)})
        .join(result, on="_i", how="left")
        .sort("_i")
    )
    return out.select(pl.struct("date", "problem").alias(values.name)).to_series()


def dates_expr(expr: pl.Expr, *, excel_serial: bool = False) -> pl.Expr:
    """Vectorised date parsing of a text column: a struct with ``date`` (pl.Date, null when not a date) and
    ``problem`` (null, ``DATE_UNREADABLE`` or ``DATE_NOT_A_DAY``; null also for an empty cell).

    ``excel_serial``: a whole number between 61 and 80.000 is an Excel date serial (files only)."""
    return expr.map_batches(lambda s: _dates_series(s, excel_serial=excel_serial), return_dtype=_DATE_SCHEMA)


def date_message(value: str, problem: str) -> str:
    if problem == DATE_NOT_A_DAY:
        return _("Tanggal %(value)s tidak ada di kalender; periksa tanggal dan bulannya.") % {
            "value": f'"{value}"'
        }
    return _("Tanggal %(value)s tidak dapat dibaca; pakai format dd/mm/yyyy, misalnya 17/08/1991.") % {
        "value": f'"{value}"'
    }


def parse_date(text: str | dt.date | None, *, excel_serial: bool = False) -> dt.date:
    """One date as people write it (see ``DATE_FORMATS``). Raises ``ParseError`` (codes ``date_required``,
    ``date_unreadable``, ``date_not_a_day``) with an Indonesian message."""
    if isinstance(text, dt.datetime):
        return text.date()
    if isinstance(text, dt.date):
        return text
    value = text or ""
    if len(value) > 40:
        raise ParseError(date_message(value[:40] + "…", DATE_UNREADABLE), code="date_unreadable")
    row = _dates_series(pl.Series("v", [value], dtype=pl.Utf8), excel_serial=excel_serial)[0]
    if row["problem"]:
        raise ParseError(date_message(value.strip(), row["problem"]), code=f"date_{row['problem']}")
    if row["date"] is None:
        raise ParseError(_("Tanggal wajib diisi."), code="date_required")
    return row["date"]


# --- amounts (whole Rupiah) ------------------------------------------------------------------------------

# The documented maxima live in core.limits (one place); amounts default to MAX_RUPIAH.
AMOUNT_UNREADABLE: Final = "unreadable"
AMOUNT_NOT_WHOLE: Final = "not_whole"
AMOUNT_TOO_LARGE: Final = "too_large"

_AMT_DOTS = r"^\d{1,3}(?:\.\d{3})+(?:,\d+)?$"  # 43.320.000 or 43.320.000,00 (Indonesian)
_AMT_COMMAS = r"^\d{1,3}(?:,\d{3})+(?:\.\d+)?$"  # 43,320,000 or 43,320,000.00 (English Excel)
_AMT_PLAIN_COMMA = r"^\d+(?:,\d{1,2})?$"  # 43320000 or 43320000,00
_AMT_PLAIN_DOT = r"^\d+(?:\.\d{1,2}|\.0+)?$"  # 43320000.0 (a number cell read as text)

_AMOUNT_SCHEMA = pl.Struct({"amount": pl.Int64, "problem": pl.Utf8})


def _amounts_series(values: pl.Series, *, max_value: int) -> pl.Series:
    """Stage by stage on a frame (each intermediate column computed once)."""
    t = pl.col("t")
    frame = pl.DataFrame({"raw": values.cast(pl.Utf8)}).with_columns(
        t=pl.col("raw")
        .str.replace_all(r"[\s\u00a0]", "")
        .str.replace(r"(?i)^(?:rp\.?|idr)", "")
        .str.replace(r"[,.]-$", "")
    )
    frame = frame.with_columns(
        dots=t.str.contains(_AMT_DOTS),
        commas=t.str.contains(_AMT_COMMAS),
        plain_comma=t.str.contains(_AMT_PLAIN_COMMA),
        plain_dot=t.str.contains(_AMT_PLAIN_DOT),
    )
    dots, commas = pl.col("dots"), pl.col("commas")
    plain_comma, plain_dot = pl.col("plain_comma"), pl.col("plain_dot")
    frame = frame.with_columns(
        whole=pl.when(dots)
        .then(t.str.replace(r",\d*$", "").str.replace_all(r"\.", ""))
        .when(commas)
        .then(t.str.replace(r"\.\d*$", "").str.replace_all(",", ""))
        .when(plain_comma)
        .then(t.str.replace(r",\d*$", ""))
        .when(plain_dot)
        .then(t.str.replace(r"\.\d*$", "")),
        fraction=pl.when(dots | plain_comma)
        .then(t.str.extract(r",(\d+)$"))
        .when(commas | plain_dot)
        .then(t.str.extract(r"\.(\d+)$")),
    )
    whole = pl.col("whole")
    frame = frame.with_columns(
        too_long=whole.str.strip_chars_start("0").str.len_chars() > len(str(max_value)),
        not_whole=pl.col("fraction").str.contains(r"[1-9]").fill_null(False),
    )
    frame = frame.with_columns(
        number=pl.when(pl.col("too_long")).then(None).otherwise(whole.cast(pl.Int64, strict=False))
    )
    problem = (
        pl.when(pl.col("raw").is_null() | (t == ""))
        .then(None)
        .when(whole.is_null())
        .then(pl.lit(AMOUNT_UNREADABLE))
        .when(pl.col("not_whole"))
        .then(pl.lit(AMOUNT_NOT_WHOLE))
        .when(pl.col("too_long") | pl.col("number").is_null() | (pl.col("number") > max_value))
        .then(pl.lit(AMOUNT_TOO_LARGE))  # (a null number here: past 2^63)
    )
    frame = frame.with_columns(problem=problem)
    return frame.select(
        pl.struct(
            pl.when(pl.col("problem").is_null()).then(pl.col("number")).alias("amount"), "problem"
        ).alias(values.name)
    ).to_series()


def amounts_expr(expr: pl.Expr, *, max_value: int = MAX_RUPIAH) -> pl.Expr:
    """Vectorised Rupiah parsing of a text column: a struct with ``amount`` (Int64, null when unreadable)
    and ``problem`` (null, ``AMOUNT_UNREADABLE``, ``AMOUNT_NOT_WHOLE`` or ``AMOUNT_TOO_LARGE``)."""
    return expr.map_batches(lambda s: _amounts_series(s, max_value=max_value), return_dtype=_AMOUNT_SCHEMA)


def amount_message(value: str, problem: str, *, max_value: int = MAX_RUPIAH) -> str:
    shown = f'"{value}"'
    if problem == AMOUNT_NOT_WHOLE:
        return _("Jumlah %(value)s bukan Rupiah bulat; tulis tanpa sen.") % {"value": shown}
    if problem == AMOUNT_TOO_LARGE:
        return _("Jumlah %(value)s terlalu besar (paling banyak Rp%(max)s).") % {
            "value": shown,
            "max": f"{max_value:,}".replace(",", "."),
        }
    return _("Jumlah %(value)s bukan angka Rupiah yang dapat dibaca, misalnya 1.500.000.") % {"value": shown}


def parse_amount(text: str | int | None, *, max_value: int = MAX_RUPIAH) -> int:
    """One amount of whole Rupiah as people write it. Raises ``ParseError`` (codes ``amount_required``,
    ``amount_unreadable``, ``amount_not_whole``, ``amount_too_large``)."""
    if isinstance(text, bool):
        raise ParseError(amount_message(str(text), AMOUNT_UNREADABLE), code="amount_unreadable")
    if isinstance(text, int):
        text = str(text)
    value = text or ""
    if len(value) > 60:
        raise ParseError(amount_message(value[:60] + "…", AMOUNT_UNREADABLE), code="amount_unreadable")
    row = _amounts_series(pl.Series("v", [value], dtype=pl.Utf8), max_value=max_value)[0]
    if row["problem"]:
        raise ParseError(
            amount_message(value.strip(), row["problem"], max_value=max_value),
            code=f"amount_{row['problem']}",
        )
    if row["amount"] is None:
        raise ParseError(_("Jumlah wajib diisi."), code="amount_required")
    return row["amount"]


# --- integers within bounds ---------------------------------------------------------------------------


def check_int(value: object, *, label: str, min_value: int, max_value: int) -> int:
    """An integer (or its decimal text) within [min_value, max_value]; else ``ParseError`` naming ``label``.
    For counts, years and quotas typed or sent to the API (so that 10^20 is a clear refusal, not a 500)."""
    if isinstance(value, bool):
        raise ParseError(_("%(label)s harus berupa bilangan bulat.") % {"label": label}, code="int_invalid")
    if isinstance(value, str):
        text = value.strip().replace(".", "") if re.fullmatch(r"\s*\d{1,3}(\.\d{3})+\s*", value) else value
        if not re.fullmatch(r"\s*-?\d{1,30}\s*", text):
            raise ParseError(
                _("%(label)s harus berupa bilangan bulat.") % {"label": label}, code="int_invalid"
            )
        value = int(text)
    if not isinstance(value, int):
        raise ParseError(_("%(label)s harus berupa bilangan bulat.") % {"label": label}, code="int_invalid")
    if not min_value <= value <= max_value:
        raise ParseError(
            _("%(label)s harus antara %(min)s dan %(max)s.")
            % {
                "label": label,
                "min": f"{min_value:,}".replace(",", "."),
                "max": f"{max_value:,}".replace(",", "."),
            },
            code="int_out_of_range",
        )
    return value


# --- percentages ----------------------------------------------------------------------------------------


def parse_percent(value: object, *, label: str) -> Decimal:
    """A percentage as people write it ("12,5", "12.5", "12,5 %") with at most two decimals, in (0, 100].
    Raises ``ParseError`` naming ``label``."""
    text = str(value if value is not None else "").strip().rstrip("%").strip().replace(",", ".")
    if not re.fullmatch(r"\d{1,3}(?:\.\d+)?", text):
        raise ParseError(_("%(label)s harus berupa angka persen.") % {"label": label}, code="percent_invalid")
    number = Decimal(text)
    if not Decimal(0) < number <= Decimal(100):
        raise ParseError(
            _("%(label)s harus lebih dari 0%% dan paling banyak 100%%.") % {"label": label},
            code="percent_out_of_range",
        )
    if number != number.quantize(Decimal("0.01")):
        raise ParseError(
            _("%(label)s paling banyak dua angka di belakang koma.") % {"label": label},
            code="percent_decimals",
        )
    return number
