"""NIK validation: one vectorised implementation (polars), used for a single NIK and for a million.

A NIK is PP KK CC DDMMYY SSSS: province, regency, district of first registration, birth date (day + 40 for
women) and a serial. Structurally impossible NIKs are errors; facts that can be true of a real NIK (a regency
code that no longer exists after pemekaran, a birth date or sex different from the declared one, a NIK region
different from the address) are warnings.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from functools import lru_cache

import polars as pl
from django.utils.translation import gettext_noop

from lindung.core.localise import Localiser

# The messages are written in Indonesian into the validation frames (and stored with enrolment rows as data);
# a single-NIK check shown to a user in another language is translated afterwards (``_localised``).
MSG_FORMAT = gettext_noop("NIK harus terdiri dari 16 digit angka.")
MSG_ALL_ZERO = gettext_noop("NIK tidak boleh berisi angka nol semua.")
MSG_PROVINCE = gettext_noop('Kode provinsi "{}" pada NIK tidak dikenal.')
MSG_ZERO_REGION = gettext_noop("Kode kabupaten/kota dan kecamatan pada NIK tidak boleh 00.")
MSG_BIRTH_DATE = gettext_noop(
    'Tanggal lahir pada NIK ("{}") bukan tanggal yang mungkin (perempuan: tanggal ditambah 40).'
)
MSG_BIRTH_FUTURE = gettext_noop(
    "Tanggal lahir pada NIK ({}) ada di masa depan (setelah {}); periksa kembali 6 digit tanggal lahir pada NIK."
)
MSG_SERIAL = gettext_noop("Nomor urut NIK (4 digit terakhir) tidak boleh 0000.")
MSG_REGENCY_UNKNOWN = gettext_noop(
    "Kode kabupaten/kota {} pada NIK tidak ada dalam daftar wilayah Kemendagri terbaru "
    "(NIK menyimpan kode wilayah saat pertama terdaftar, mis. sebelum pemekaran)."
)
MSG_DISTRICT_UNKNOWN = gettext_noop(
    "Kode kecamatan {} pada NIK tidak ada dalam daftar wilayah Kemendagri terbaru "
    "(NIK menyimpan kode wilayah saat pertama terdaftar)."
)
MSG_BIRTH_MISMATCH = gettext_noop("Tanggal lahir pada NIK ({}) berbeda dengan tanggal lahir yang diisi ({}).")
MSG_SEX_MISMATCH = gettext_noop("Jenis kelamin pada NIK ({}) berbeda dengan jenis kelamin yang diisi ({}).")
MSG_REGION_MISMATCH = gettext_noop("Kecamatan pada NIK ({}) berbeda dengan kecamatan alamat ({}).")
# How a NIK column is headed in the files people send (compared after core.tabular.normalise_header).
NIK_HEADERS = (
    "nik",
    "noktp",
    "nomorktp",
    "nomorindukkependudukan",
    "nikktp",
    "noinduk kependudukan",
    "nonik",
)

_TEMPLATES = [
    MSG_FORMAT,
    MSG_ALL_ZERO,
    MSG_PROVINCE,
    MSG_ZERO_REGION,
    MSG_BIRTH_DATE,
    MSG_BIRTH_FUTURE,
    MSG_SERIAL,
    MSG_REGENCY_UNKNOWN,
    MSG_DISTRICT_UNKNOWN,
    MSG_BIRTH_MISMATCH,
    MSG_SEX_MISMATCH,
    MSG_REGION_MISMATCH,
]
_localised = Localiser(_TEMPLATES)


@lru_cache(maxsize=1)
def _region_frames() -> tuple[pl.DataFrame, pl.DataFrame, pl.DataFrame]:
    """Provinces, regencies and districts keyed by the integer form of their code (16, 1604, 160421)."""
    from lokal import wilayah

    frame = pl.DataFrame({"code": list(wilayah._base().keys()), "name": list(wilayah._base().values())})
    frame = frame.with_columns(
        level=frame["code"].str.count_matches(r"\.") + 1,
        key=frame["code"].str.replace_all(".", "", literal=True).cast(pl.Int64),
    )
    prov = frame.filter(pl.col("level") == 1).select(
        _p=pl.col("key"), province=pl.col("name"), _pc=pl.col("code")
    )
    reg = frame.filter(pl.col("level") == 2).select(
        _r=pl.col("key"), regency=pl.col("name"), _rc=pl.col("code")
    )
    dist = frame.filter(pl.col("level") == 3).select(
        _d=pl.col("key"), district=pl.col("name"), _dc=pl.col("code")
    )
    return prov, reg, dist


_EMPTY = pl.lit([], pl.List(pl.Utf8))
_EMPTY_LIST: list[str] = []


_SEP = "\x1f"


def _joined_list(parts: list[pl.Expr]) -> pl.Expr:
    """List of the non-null parts (concat_str + split is much faster than concat_list of when/then)."""
    joined = pl.concat_str([p + _SEP for p in parts], ignore_nulls=True).fill_null("")
    return pl.when(joined == "").then(_EMPTY).otherwise(joined.str.strip_suffix(_SEP).str.split(_SEP))


def _messages(
    issues: pl.LazyFrame, items: list[tuple[str, pl.Expr, pl.Expr]], codes_col: str, messages_col: str
) -> pl.LazyFrame:
    return issues.with_columns(
        _joined_list([pl.when(cond).then(pl.lit(code)) for code, cond, _ in items]).alias(codes_col),
        _joined_list([pl.when(cond).then(msg) for _, cond, msg in items]).alias(messages_col),
    )


def nik_validate_frame(
    df: pl.DataFrame,
    *,
    nik_col: str = "nik",
    birth_date_col: str | None = None,
    sex_col: str | None = None,
    region_col: str | None = None,
    reference_date: dt.date | None = None,
) -> pl.DataFrame:
    """Adds the NIK analysis to ``df`` (row order kept). Declared columns, when named, produce warnings.

    Added columns: nik_clean, nik_valid, nik_error_codes, nik_error_messages, nik_warning_codes,
    nik_warning_messages (lists of str), province_code, regency_code, district_code, province, regency,
    district, nik_birth_date (date), nik_sex ("L"/"P").

    The structure is checked with integer arithmetic on the 16 digits for every row; messages (with the
    offending values) are composed only for the rows that have an issue.
    """
    ref = reference_date or dt.date.today()
    ref_yy = ref.year % 100
    prov, reg, dist = _region_frames()

    nik = pl.col("nik_clean")
    n = pl.col("_n")
    base = (
        df.lazy()
        .with_row_index("_row")
        .with_columns(nik_clean=pl.col(nik_col).cast(pl.Utf8).fill_null("").str.replace_all(r"[\s.\-]", ""))
    )
    base = base.with_columns(_fmt=nik.str.contains(r"^[0-9]{16}$").fill_null(False))
    base = base.with_columns(_n=pl.when(pl.col("_fmt")).then(nik.cast(pl.Int64, strict=False)))
    base = base.with_columns(
        _p=n // 10**14,
        _r=n // 10**12,
        _d=n // 10**10,
        _kk=(n // 10**12) % 100,
        _cc=(n // 10**10) % 100,
        _dd=(n // 10**8) % 100,
        _mm=(n // 10**6) % 100,
        _yy=(n // 10**4) % 100,
        _serial=n % 10_000,
    )
    year = pl.when(pl.col("_yy") <= ref_yy).then(2000 + pl.col("_yy")).otherwise(1900 + pl.col("_yy"))
    day = pl.when(pl.col("_dd") > 40).then(pl.col("_dd") - 40).otherwise(pl.col("_dd"))
    base = base.with_columns(_year=year, _day=day, _female=pl.col("_dd") > 40)
    leap = ((pl.col("_year") % 4 == 0) & (pl.col("_year") % 100 != 0)) | (pl.col("_year") % 400 == 0)
    month_days = (
        pl.when(pl.col("_mm") == 2)
        .then(pl.when(leap).then(29).otherwise(28))
        .when(pl.col("_mm").is_in([4, 6, 9, 11]))
        .then(30)
        .otherwise(31)
    )
    date_ok = (pl.col("_mm").is_between(1, 12)) & (pl.col("_day") >= 1) & (pl.col("_day") <= month_days)
    base = base.with_columns(_date_ok=date_ok.fill_null(False))
    base = base.with_columns(
        nik_birth_date=pl.when(pl.col("_date_ok")).then(
            pl.date(
                pl.col("_year"),
                pl.when(pl.col("_date_ok")).then(pl.col("_mm")).otherwise(1),
                pl.when(pl.col("_date_ok")).then(pl.col("_day")).otherwise(1),
            )
        ),
        nik_sex=pl.when(pl.col("_date_ok")).then(
            pl.when(pl.col("_female")).then(pl.lit("P")).otherwise(pl.lit("L"))
        ),
    )
    # A birth date after the reference date (the upload's date) cannot be true: 15-12-26 read on 30-11-2026.
    base = base.with_columns(_future=(pl.col("_date_ok") & (pl.col("nik_birth_date") > ref)).fill_null(False))
    base = base.with_columns(
        province=pl.col("_p").replace_strict(
            prov["_p"], prov["province"], default=None, return_dtype=pl.Utf8
        ),
        _pc=pl.col("_p").replace_strict(prov["_p"], prov["_pc"], default=None, return_dtype=pl.Utf8),
        regency=pl.col("_r").replace_strict(reg["_r"], reg["regency"], default=None, return_dtype=pl.Utf8),
        _rc=pl.col("_r").replace_strict(reg["_r"], reg["_rc"], default=None, return_dtype=pl.Utf8),
        district=pl.col("_d").replace_strict(
            dist["_d"], dist["district"], default=None, return_dtype=pl.Utf8
        ),
        _dc=pl.col("_d").replace_strict(dist["_d"], dist["_dc"], default=None, return_dtype=pl.Utf8),
    )
    ok = pl.col("_fmt") & (n != 0)
    has_error = (
        ~ok
        | pl.col("province").is_null()
        | (pl.col("_kk") == 0)
        | (pl.col("_cc") == 0)
        | ~pl.col("_date_ok")
        | pl.col("_future")
        | (pl.col("_serial") == 0)
    )
    conds = [has_error, pl.col("regency").is_null(), pl.col("district").is_null()]

    declared_bd = declared_sex = address_district = None
    if birth_date_col:
        declared_bd = pl.col(birth_date_col).cast(pl.Date, strict=False)
        conds.append(declared_bd.is_not_null() & (declared_bd != pl.col("nik_birth_date")))
    if sex_col:
        declared_sex = pl.col(sex_col).cast(pl.Utf8).str.strip_chars().str.to_uppercase()
        conds.append(declared_sex.is_in(["L", "P"]) & (declared_sex != pl.col("nik_sex")))
    if region_col:
        address_district = (
            pl.col(region_col).cast(pl.Utf8).str.replace_all(".", "", literal=True).str.slice(0, 6)
        )
        conds.append(
            (address_district.str.len_chars() == 6)
            & (address_district.cast(pl.Int64, strict=False) != pl.col("_d"))
        )
    any_issue = pl.any_horizontal([c.fill_null(False) for c in conds])
    base = base.with_columns(_issue=any_issue, _has_error=has_error.fill_null(True))

    # Codes as text, e.g. "16", "16.04", "16.04.21" (only where the NIK has 16 digits).
    digits = nik
    code_cols = dict(
        province_code=pl.when(pl.col("_fmt")).then(digits.str.slice(0, 2)),
        regency_code=pl.when(pl.col("_fmt")).then(
            pl.concat_str([digits.str.slice(0, 2), digits.str.slice(2, 2)], separator=".")
        ),
        district_code=pl.when(pl.col("_fmt")).then(
            pl.concat_str(
                [digits.str.slice(0, 2), digits.str.slice(2, 2), digits.str.slice(4, 2)], separator="."
            )
        ),
    )

    # Messages for the few rows with an issue.
    needed = [
        "_row",
        "_issue",
        "nik_clean",
        "_fmt",
        "_n",
        "_kk",
        "_cc",
        "_serial",
        "_date_ok",
        "_future",
        "_d",
        "_has_error",
        "province",
        "regency",
        "district",
        "nik_birth_date",
        "nik_sex",
    ]
    needed += [c for c in (birth_date_col, sex_col, region_col) if c and c not in needed]
    frame = base.collect()
    issues = frame.select(needed).filter(pl.col("_issue")).lazy().with_columns(**code_cols)
    errs = [
        ("format", ~pl.col("_fmt"), pl.lit(MSG_FORMAT)),
        ("all_zero", pl.col("_fmt") & (n == 0), pl.lit(MSG_ALL_ZERO)),
        ("province", ok & pl.col("province").is_null(), pl.format(MSG_PROVINCE, pl.col("province_code"))),
        ("region_zero", ok & ((pl.col("_kk") == 0) | (pl.col("_cc") == 0)), pl.lit(MSG_ZERO_REGION)),
        ("birth_date", ok & ~pl.col("_date_ok"), pl.format(MSG_BIRTH_DATE, nik.str.slice(6, 6))),
        (
            "birth_date_future",
            ok & pl.col("_future"),
            pl.format(
                MSG_BIRTH_FUTURE, pl.col("nik_birth_date").dt.strftime("%d-%m-%Y"), pl.lit(f"{ref:%d-%m-%Y}")
            ),
        ),
        ("serial", ok & (pl.col("_serial") == 0), pl.lit(MSG_SERIAL)),
    ]
    valid = ~pl.col("_has_error")
    known_prov = valid & pl.col("province").is_not_null()
    warns = [
        (
            "regency_unknown",
            known_prov & pl.col("regency").is_null(),
            pl.format(MSG_REGENCY_UNKNOWN, pl.col("regency_code")),
        ),
        (
            "district_unknown",
            known_prov & pl.col("regency").is_not_null() & pl.col("district").is_null(),
            pl.format(MSG_DISTRICT_UNKNOWN, pl.col("district_code")),
        ),
    ]
    if declared_bd is not None:
        warns.append(
            (
                "birth_date_mismatch",
                valid & declared_bd.is_not_null() & (declared_bd != pl.col("nik_birth_date")),
                pl.format(
                    MSG_BIRTH_MISMATCH,
                    pl.col("nik_birth_date").dt.strftime("%d-%m-%Y"),
                    declared_bd.dt.strftime("%d-%m-%Y"),
                ),
            )
        )
    if declared_sex is not None:
        warns.append(
            (
                "sex_mismatch",
                valid & declared_sex.is_in(["L", "P"]) & (declared_sex != pl.col("nik_sex")),
                pl.format(MSG_SEX_MISMATCH, pl.col("nik_sex"), declared_sex),
            )
        )
    if address_district is not None:
        addr_code = pl.concat_str(
            [
                address_district.str.slice(0, 2),
                address_district.str.slice(2, 2),
                address_district.str.slice(4, 2),
            ],
            separator=".",
        )
        warns.append(
            (
                "region_mismatch",
                valid
                & (address_district.str.len_chars() == 6)
                & (address_district.cast(pl.Int64, strict=False) != pl.col("_d")),
                pl.format(MSG_REGION_MISMATCH, pl.col("district_code"), addr_code),
            )
        )
    issues = _messages(issues, errs, "nik_error_codes", "nik_error_messages")
    issues = _messages(issues, warns, "nik_warning_codes", "nik_warning_messages").select(
        "_row",
        "nik_error_codes",
        "nik_error_messages",
        "nik_warning_codes",
        "nik_warning_messages",
        _pc2="province_code",
        _rc2="regency_code",
        _dc2="district_code",
    )

    # Rows without an issue have known regions, so their codes come from the region table; the others
    # carry codes composed from their digits. Their results are scattered back by row number.
    fixes = issues.collect()
    rows = fixes["_row"]
    position = pl.repeat(None, frame.height, dtype=pl.UInt32, eager=True)
    if fixes.height:
        position = position.scatter(rows, pl.arange(0, fixes.height, dtype=pl.UInt32, eager=True))
    cols = {}
    for name in ("nik_error_codes", "nik_error_messages", "nik_warning_codes", "nik_warning_messages"):
        cols[name] = fixes[name].gather(position).fill_null(_EMPTY_LIST) if fixes.height else None
    for name, own, fix in (
        ("province_code", "_pc", "_pc2"),
        ("regency_code", "_rc", "_rc2"),
        ("district_code", "_dc", "_dc2"),
    ):
        cols[name] = frame[own].scatter(rows, fixes[fix]) if fixes.height else frame[own]
    cols = {k: (pl.lit(v) if v is not None else _EMPTY) for k, v in cols.items()}
    out = (
        frame.lazy()
        .with_columns(**cols)
        .with_columns(
            nik_valid=~pl.col("_has_error"),
            province=pl.when(pl.col("_fmt")).then(pl.col("province")),
        )
    )
    drop = [
        "_row",
        "_fmt",
        "_n",
        "_p",
        "_r",
        "_d",
        "_kk",
        "_cc",
        "_dd",
        "_mm",
        "_yy",
        "_serial",
        "_year",
        "_day",
        "_female",
        "_date_ok",
        "_issue",
        "_has_error",
        "_pc",
        "_rc",
        "_dc",
    ]
    return out.drop(drop).collect()


@dataclass
class NikResult:
    nik: str
    valid: bool
    errors: list[dict[str, str]] = field(default_factory=list)
    warnings: list[dict[str, str]] = field(default_factory=list)
    province_code: str | None = None
    regency_code: str | None = None
    district_code: str | None = None
    province: str | None = None
    regency: str | None = None
    district: str | None = None
    birth_date: dt.date | None = None
    sex: str | None = None

    @property
    def error_messages(self) -> list[str]:
        return [e["message"] for e in self.errors]

    @property
    def warning_messages(self) -> list[str]:
        return [w["message"] for w in self.warnings]


def nik_check(
    nik: str,
    *,
    birth_date: dt.date | None = None,
    sex: str | None = None,
    region_code: str | None = None,
    reference_date: dt.date | None = None,
) -> NikResult:
    """The same rules as ``nik_validate_frame`` for one NIK."""
    frame = pl.DataFrame(
        {"nik": [str(nik)], "bd": [birth_date], "sx": [sex or None], "rc": [region_code or None]},
        schema={"nik": pl.Utf8, "bd": pl.Date, "sx": pl.Utf8, "rc": pl.Utf8},
    )
    row = nik_validate_frame(
        frame, birth_date_col="bd", sex_col="sx", region_col="rc", reference_date=reference_date
    ).row(0, named=True)
    return NikResult(
        nik=row["nik_clean"],
        valid=row["nik_valid"],
        errors=[
            {"code": c, "message": _localised(m)}
            for c, m in zip(row["nik_error_codes"], row["nik_error_messages"], strict=True)
        ],
        warnings=[
            {"code": c, "message": _localised(m)}
            for c, m in zip(row["nik_warning_codes"], row["nik_warning_messages"], strict=True)
        ],
        province_code=row["province_code"],
        regency_code=row["regency_code"],
        district_code=row["district_code"],
        province=row["province"],
        regency=row["regency"],
        district=row["district"],
        birth_date=row["nik_birth_date"],
        sex=row["nik_sex"],
    )
