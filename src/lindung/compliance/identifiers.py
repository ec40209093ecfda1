"""NIB, NPWP and employer names: normalised and validated the same way for one value and for a million
(polars expressions), so a file and the check page agree."""

from __future__ import annotations

import re

import polars as pl
from django.utils.translation import gettext as _
from stdnum.id import npwp as stdnum_npwp

from lindung.core.errors import ApplicationError

NIB_LENGTH = 13
# Legal forms dropped from a name before comparing (PT. Sawit Makmur = SAWIT MAKMUR, PT).
LEGAL_FORMS = ("pt", "cv", "ud", "tbk", "persero", "perseroan", "fa", "firma", "pd", "perum", "pmdn", "pma")
_LEGAL = re.compile(r"\b(?:" + "|".join(LEGAL_FORMS) + r")\b")
_NON_ALNUM = re.compile(r"[^a-z0-9]+")


def digits_expr(col: str) -> pl.Expr:
    return pl.col(col).fill_null("").str.replace_all(r"[\s.\-/']", "")


def employer_name_key(name: str) -> str:
    text = _NON_ALNUM.sub(" ", (name or "").lower())
    return " ".join(_LEGAL.sub(" ", text).split())


def name_key_expr(col: str) -> pl.Expr:
    """``employer_name_key`` for a column: literal replacements (Aho-Corasick), no word-boundary regex, so a
    million names take a fraction of a second."""
    text = pl.col(col).fill_null("").str.to_lowercase().str.replace_all(r"[^a-z0-9]+", " ")
    padded = pl.concat_str([pl.lit(" "), text, pl.lit(" ")])
    forms = [f" {f} " for f in LEGAL_FORMS]
    # twice: "pt tbk" shares the space between the two forms
    stripped = padded.str.replace_many(forms, [" "] * len(forms)).str.replace_many(forms, [" "] * len(forms))
    return stripped.str.replace_all(r" +", " ").str.strip_chars().str.slice(0, 200)


def nib_clean(value: str) -> str:
    """The NIB as 13 digits, or ApplicationError with a clear message (API: 422)."""
    nib = re.sub(r"[\s.\-]", "", value or "")
    if not nib:
        raise ApplicationError(_("NIB wajib diisi."), code="nib_invalid")
    if not nib.isdigit() or len(nib) != NIB_LENGTH:
        raise ApplicationError(
            _('NIB "%(nib)s" tidak valid: NIB terdiri dari 13 angka, misalnya 9120301234567.')
            % {"nib": (value or "")[:40]},
            code="nib_invalid",
        )
    return nib


def npwp_clean(value: str) -> str:
    """NPWP as 16 digits (the old 15-digit form gets its leading 0), checked with its check digit."""
    raw = re.sub(r"[\s.\-/]", "", value or "")
    if not raw:
        return ""
    if not raw.isdigit() or len(raw) not in (15, 16) or not stdnum_npwp.is_valid(raw):
        raise ApplicationError(
            _(
                'NPWP "%(npwp)s" tidak valid: NPWP terdiri dari 15 atau 16 angka dengan digit '
                "pemeriksa yang benar, misalnya 01.300.066.6-091.000."
            )
            % {"npwp": (value or "")[:40]},
            code="npwp_invalid",
        )
    return raw if len(raw) == 16 else "0" + raw


def _luhn_ok(digits: pl.Expr, n: int) -> pl.Expr:
    """Luhn over the first n digits of a digit string (the NPWP check digit is the n-th)."""
    total = pl.lit(0)
    for i in range(n):
        d = digits.str.slice(i, 1).cast(pl.Int32, strict=False).fill_null(0)
        if (n - 1 - i) % 2 == 1:  # doubled: every second digit counted from the check digit
            d = d * 2
            d = pl.when(d > 9).then(d - 9).otherwise(d)
        total = total + d
    return (total % 10) == 0


def npwp_frame(frame: pl.DataFrame, col: str = "npwp") -> pl.DataFrame:
    """Adds ``npwp_clean`` (16 digits or '') and ``npwp_ok`` (False when given but invalid)."""
    raw = digits_expr(col)
    frame = frame.with_columns(raw.alias("_npwp"))
    is15 = pl.col("_npwp").str.contains(r"^\d{15}$")
    is16_zero = pl.col("_npwp").str.contains(r"^0\d{15}$")
    is16_nik = pl.col("_npwp").str.contains(r"^[1-9]\d{15}$")
    frame = frame.with_columns(
        pl.when(is15)
        .then(_luhn_ok(pl.col("_npwp"), 9))
        .when(is16_zero)
        .then(_luhn_ok(pl.col("_npwp").str.slice(1), 9))
        .when(is16_nik)
        .then(pl.lit(None, pl.Boolean))
        .otherwise(pl.col("_npwp") == "")
        .alias("npwp_ok")
    )
    nik_rows = frame.filter(pl.col("npwp_ok").is_null())
    if nik_rows.height:  # a person's NIK as NPWP (rare: sole proprietors): checked value by value
        checked = {v: stdnum_npwp.is_valid(v) for v in nik_rows["_npwp"].unique().to_list()}
        frame = frame.with_columns(
            pl.when(pl.col("npwp_ok").is_null())
            .then(pl.col("_npwp").replace_strict(checked, default=False, return_dtype=pl.Boolean))
            .otherwise(pl.col("npwp_ok"))
            .alias("npwp_ok")
        )
    return frame.with_columns(
        pl.when(pl.col("npwp_ok") & is15)
        .then(pl.concat_str([pl.lit("0"), pl.col("_npwp")]))
        .when(pl.col("npwp_ok"))
        .then(pl.col("_npwp"))
        .otherwise(pl.lit(""))
        .alias("npwp_clean")
    ).drop("_npwp")
