import datetime as dt

import polars as pl
import pytest

from lindung.registry.nik import nik_check, nik_validate_frame

REF = dt.date(2026, 11, 22)


def codes(r):
    return [e["code"] for e in r.errors], [w["code"] for w in r.warnings]


def test_valid_nik_of_a_woman_in_lahat():
    r = nik_check("1604216512900001", reference_date=REF)
    assert r.valid
    assert (r.province, r.regency, r.district) == ("Sumatera Selatan", "Kabupaten Lahat", "Gumay Talang")
    assert (r.province_code, r.regency_code, r.district_code) == ("16", "16.04", "16.04.21")
    assert r.birth_date == dt.date(1990, 12, 25)
    assert r.sex == "P"
    assert r.errors == [] and r.warnings == []


@pytest.mark.parametrize(
    ("nik", "code", "message"),
    [
        ("160421651290", "format", "NIK harus terdiri dari 16 digit angka."),
        ("16042165129000AB", "format", "NIK harus terdiri dari 16 digit angka."),
        ("0000000000000000", "all_zero", "NIK tidak boleh berisi angka nol semua."),
        ("9904011203900001", "province", 'Kode provinsi "99" pada NIK tidak dikenal.'),
        ("1600011203900001", "region_zero", "Kode kabupaten/kota dan kecamatan pada NIK tidak boleh 00."),
        (
            "1604013202900001",
            "birth_date",
            'Tanggal lahir pada NIK ("320290") bukan tanggal yang mungkin (perempuan: tanggal ditambah 40).',
        ),
        (
            "1604017202900001",
            "birth_date",
            'Tanggal lahir pada NIK ("720290") bukan tanggal yang mungkin (perempuan: tanggal ditambah 40).',
        ),
        (
            "1604012902010001",
            "birth_date",
            'Tanggal lahir pada NIK ("290201") bukan tanggal yang mungkin (perempuan: tanggal ditambah 40).',
        ),
        ("1604011203900000", "serial", "Nomor urut NIK (4 digit terakhir) tidak boleh 0000."),
    ],
)
def test_errors(nik, code, message):
    r = nik_check(nik, reference_date=REF)
    assert not r.valid
    assert {"code": code, "message": message} in r.errors
    assert r.warnings == []


def test_separators_are_ignored_and_leap_day_accepted():
    r = nik_check("16.04.01 290200-0001", reference_date=REF)
    assert r.valid and r.birth_date == dt.date(2000, 2, 29)


def test_century_follows_reference_date():
    assert nik_check("1604011203260001", reference_date=REF).birth_date == dt.date(2026, 3, 12)
    assert nik_check("1604011203270001", reference_date=REF).birth_date == dt.date(1927, 3, 12)


def test_region_codes_not_in_todays_list_are_warnings():
    r = nik_check("1699011203900001", reference_date=REF)
    assert r.valid
    assert codes(r) == ([], ["regency_unknown"])
    assert r.warnings[0]["message"] == (
        "Kode kabupaten/kota 16.99 pada NIK tidak ada dalam daftar wilayah Kemendagri terbaru "
        "(NIK menyimpan kode wilayah saat pertama terdaftar, mis. sebelum pemekaran)."
    )
    r = nik_check("1604996512900001", reference_date=REF)
    assert codes(r) == ([], ["district_unknown"])
    assert r.regency == "Kabupaten Lahat" and r.district is None


def test_declared_values_differing_from_nik_are_warnings():
    r = nik_check(
        "1604216512900001",
        birth_date=dt.date(1990, 12, 26),
        sex="L",
        region_code="16.04.01.2001",
        reference_date=REF,
    )
    assert r.valid
    assert [w["message"] for w in r.warnings] == [
        "Tanggal lahir pada NIK (25-12-1990) berbeda dengan tanggal lahir yang diisi (26-12-1990).",
        "Jenis kelamin pada NIK (P) berbeda dengan jenis kelamin yang diisi (L).",
        "Kecamatan pada NIK (16.04.21) berbeda dengan kecamatan alamat (16.04.01).",
    ]


def test_frame_and_single_agree_and_keep_order():
    niks = ["1604216512900001", "1604", "9904011203900001", "1699011203900001", "1604011203900000", None]
    df = pl.DataFrame({"nik": niks, "bd": [dt.date(1990, 12, 25)] * 6, "sx": ["L"] * 6})
    out = nik_validate_frame(df, birth_date_col="bd", sex_col="sx", reference_date=REF)
    assert out.height == 6
    assert out["nik"].to_list() == niks
    for i, nik in enumerate(niks):
        single = nik_check(nik or "", birth_date=dt.date(1990, 12, 25), sex="L", reference_date=REF)
        assert out["nik_valid"][i] == single.valid
        assert out["nik_error_codes"][i].to_list() == [e["code"] for e in single.errors]
        assert out["nik_warning_messages"][i].to_list() == [w["message"] for w in single.warnings]
        assert out["regency"][i] == single.regency


def test_birth_date_in_the_future_is_an_error():
    """15-12-2026 read on 30-11-2026 has not happened yet; read on 16-12-2026 it has."""
    r = nik_check("1604011512260001", reference_date=dt.date(2026, 11, 30))
    assert not r.valid
    assert r.errors == [
        {
            "code": "birth_date_future",
            "message": "Tanggal lahir pada NIK (15-12-2026) ada di masa depan (setelah 30-11-2026); periksa "
            "kembali 6 digit tanggal lahir pada NIK.",
        }
    ]
    assert r.birth_date == dt.date(2026, 12, 15)
    assert nik_check("1604011512260001", reference_date=dt.date(2026, 12, 15)).valid
    frame = nik_validate_frame(
        pl.DataFrame({"nik": ["1604011512260001", "1604011203260001"]}), reference_date=dt.date(2026, 11, 30)
    )
    assert frame["nik_valid"].to_list() == [False, True]
    assert frame["nik_error_codes"].to_list() == [["birth_date_future"], []]
