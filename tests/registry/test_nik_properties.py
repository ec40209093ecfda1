"""Property tests (hypothesis) for NIK validation: the single check and the vectorised frame agree on every
input, nothing crashes on any 16-character string, and a NIK built from a district, a birth date, a sex and
a serial reads back as exactly those."""

from __future__ import annotations

import datetime as dt

import polars as pl
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lokal import wilayah

from lindung.registry.nik import nik_check, nik_validate_frame

TODAY = dt.date.today()
DISTRICTS = sorted(code for code in wilayah._base() if code.count(".") == 2)
PROPERTY = settings(
    max_examples=60, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow]
)

any_16 = st.text(min_size=16, max_size=16)  # any Unicode, including NUL, RTL marks, digits of other scripts
digits_16 = st.text(alphabet="0123456789", min_size=16, max_size=16)
near_nik = st.one_of(
    digits_16,
    any_16,
    st.text(alphabet="0123456789 .-x٣", min_size=14, max_size=20),  # separators, a letter, an Arabic-Indic 3
)


@st.composite
def real_niks(draw):
    district = draw(st.sampled_from(DISTRICTS))
    born = draw(st.dates(min_value=dt.date(TODAY.year - 99, 1, 1), max_value=TODAY))
    female = draw(st.booleans())
    serial = draw(st.integers(min_value=1, max_value=9999))
    day = born.day + (40 if female else 0)
    nik = f"{district.replace('.', '')}{day:02d}{born:%m}{born:%y}{serial:04d}"
    return nik, district, born, "P" if female else "L"


def result_of_row(row: dict) -> dict:
    return {
        "valid": row["nik_valid"],
        "errors": list(row["nik_error_codes"]),
        "warnings": list(row["nik_warning_codes"]),
        "province_code": row["province_code"],
        "regency_code": row["regency_code"],
        "district_code": row["district_code"],
        "birth_date": row["nik_birth_date"],
        "sex": row["nik_sex"],
    }


def result_of_check(nik: str) -> dict:
    r = nik_check(nik)
    return {
        "valid": r.valid,
        "errors": [e["code"] for e in r.errors],
        "warnings": [w["code"] for w in r.warnings],
        "province_code": r.province_code,
        "regency_code": r.regency_code,
        "district_code": r.district_code,
        "birth_date": r.birth_date,
        "sex": r.sex,
    }


@PROPERTY
@given(st.lists(near_nik, min_size=1, max_size=25))
def test_single_check_and_vectorised_frame_agree(niks):
    frame = nik_validate_frame(pl.DataFrame({"nik": niks}, schema={"nik": pl.Utf8}))
    assert frame.height == len(niks)
    for nik, row in zip(niks, frame.iter_rows(named=True), strict=True):
        assert result_of_row(row) == result_of_check(nik), repr(nik)


@PROPERTY
@given(any_16)
def test_any_16_characters_give_an_answer_never_an_exception(text):
    r = nik_check(text)
    assert r.valid in (True, False)
    if r.valid:
        assert r.nik.isascii() and r.nik.isdigit() and len(r.nik) == 16
    else:
        assert r.errors, "an invalid NIK always says why"
        assert all(e["message"] for e in r.errors)


@PROPERTY
@given(real_niks())
def test_a_real_shaped_nik_reads_back_its_parts(parts):
    nik, district, born, sex = parts
    r = nik_check(nik)
    assert r.valid, r.errors
    assert (r.district_code, r.birth_date, r.sex) == (district, born, sex)
    assert r.warnings == []  # the district exists in today's list, so nothing to warn about


@PROPERTY
@given(real_niks(), st.integers(min_value=0, max_value=15), st.sampled_from("abc.- "))
def test_a_nik_with_a_foreign_character_is_never_valid_unless_it_is_a_separator(parts, position, char):
    nik = parts[0]
    changed = nik[:position] + char + nik[position + 1 :]
    r = nik_check(changed)
    assert not r.valid  # a letter breaks the format; a separator removes a digit (15 left)
