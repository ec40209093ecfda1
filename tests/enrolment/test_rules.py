"""Each rule of the enrolment check on its own: rule(frame, ctx) -> messages (enrolment/validate.py)."""

import datetime as dt
import sys

import pytest

from lindung.core.formatting import mask_nik
from lindung.enrolment import validate
from lindung.enrolment.reader import read_enrolment_file
from lindung.enrolment.validate import Context, prepare
from lindung.programs.models import Programme, ProgrammeFunder
from lindung.regions.models import Region
from tests.factories import LAHAT_DESA
from tests.helpers import enrol, make_person, make_programme

HEADER = "NIK;Nama;Tanggal Lahir;L/P;Kode Desa;No. HP;Pekerjaan;Jenis Petugas\n"
TODAY = dt.date(2025, 1, 1)


def check(rule, programme, *rows, area=None, default_region=LAHAT_DESA) -> list[tuple[int, str, str, str]]:
    """Runs one rule over a small CSV (the earlier rules' messages are not there unless a test adds them)."""
    data = (HEADER + "".join(r + "\n" for r in rows)).encode()
    result = read_enrolment_file(data, filename="uji.csv")
    ctx = Context(programme=programme, area_codes=area, today=TODAY)
    frame = prepare(result.frame, ctx, default_region=default_region)
    out = rule(frame, ctx)
    return [(m["row_no"], m["level"], m["code"], m["message"]) for m in out.sort("row_no").to_dicts()]


def codes(found) -> dict[int, list[str]]:
    out: dict[int, list[str]] = {}
    for row, _level, code, _message in found:
        out.setdefault(row, []).append(code)
    return out


@pytest.fixture
def programme(lahat_programme) -> Programme:
    return lahat_programme


@pytest.mark.django_db
def test_rule_nik(programme):
    found = check(
        validate.rule_nik,
        programme,
        "160421651290000;Siti;25/12/1990;P",
        "1604216512900001;Siti;24/12/1990;P",
    )
    assert codes(found) == {1: ["format"], 2: ["birth_date_mismatch"]}
    assert found[1][1] == "warning"


@pytest.mark.django_db
def test_rule_nik_birth_date_after_the_upload_date(programme):
    """The upload's date (TODAY, 01-01-2025) is the reference: 15-12-24 is past, 02-01-25 is not yet."""
    found = check(validate.rule_nik, programme, "1604211512240001;Budi;;L", "1604210201250001;Adi;;L")
    assert codes(found) == {2: ["birth_date_future"]}
    assert found[0][1] == "error"
    assert "Tanggal lahir pada NIK (02-01-2025) ada di masa depan (setelah 01-01-2025)" in found[0][3]


@pytest.mark.django_db
def test_rule_region_required(programme):
    found = check(
        validate.rule_region_required, programme, "1604216512900001;Siti;25/12/1990;P;", default_region=None
    )
    assert found == [(1, "error", "region_required", "Kode desa wajib diisi.")]


@pytest.mark.django_db
def test_rule_region_unknown(programme):
    found = check(validate.rule_region_unknown, programme, "1604216512900001;Siti;25/12/1990;P;99.99.99.9999")
    assert found == [(1, "error", "region_unknown", 'Kode desa "99.99.99.9999" tidak dikenal.')]


@pytest.mark.django_db
def test_rule_outside_programme(programme):
    musi_rawas = Region.objects.filter(level=4, code__startswith="16.05.").values_list("code", flat=True)[0]
    jambi = Region.objects.filter(level=4, code__startswith="15.").values_list("code", flat=True)[0]
    found = check(
        validate.rule_outside_programme,
        programme,
        f"1604216512900001;Siti;25/12/1990;P;{musi_rawas}",
        f"1604216512900002;Rina;25/12/1990;P;{jambi}",  # a real village of another province
        f"1604216512900003;Ani;25/12/1990;P;{LAHAT_DESA}",
    )
    assert codes(found) == {1: ["outside_programme"], 2: ["outside_programme"]}


@pytest.mark.django_db
def test_rule_outside_area(programme):
    row = "1604216512900001;Siti;25/12/1990;P;16.04.01.2001"
    assert codes(check(validate.rule_outside_area, programme, row, area=[LAHAT_DESA])) == {
        1: ["outside_area"]
    }
    assert check(validate.rule_outside_area, programme, row, area=["16.04"]) == []
    assert check(validate.rule_outside_area, programme, row, area=None) == []


@pytest.mark.django_db
def test_rule_age_limit(programme):
    found = check(
        validate.rule_age_limit,
        programme,
        "1604216512100001;Siti;25/12/2010;P",
        "1604216512900001;Siti;25/12/1990;P",
    )
    assert found == [(1, "error", "age_limit", "Usia 14 tahun di luar batas program (15–65 tahun).")]


@pytest.mark.django_db
def test_rule_officer_kind(world):
    adhoc = make_programme(
        "pemilu",
        world.pemkab_lahat,
        "16.04",
        target_group=Programme.TargetGroup.BADAN_ADHOC,
        end_date=dt.date(2025, 6, 30),
    )
    row = "1604216512900001;Siti;25/12/1990;P;;;;Satpam"
    assert codes(
        check(validate.rule_officer_kind, adhoc, row, "1604216512900002;Ani;25/12/1990;P;;;;KPPS")
    ) == {1: ["officer_kind"]}


@pytest.mark.django_db
def test_rule_text_too_long_uses_the_model_columns(programme):
    phone, job = "0" * 32, "Buruh tani " * 11 + "di kebun sawi"  # 32 and 134 characters
    found = check(
        validate.rule_text_too_long, programme, f"1604216512900001;Siti;25/12/1990;P;;{phone};{job}"
    )
    assert [m for _r, _l, _c, m in found] == [
        "No. HP terlalu panjang (32 karakter; paling banyak 20).",  # the registry's phone column
        "Pekerjaan terlalu panjang (134 karakter; paling banyak 100).",
    ]
    assert validate.text_limits()["phone"] == 20 and validate.text_limits()["full_name"] == 200


@pytest.mark.django_db
def test_rule_duplicate_in_file(programme):
    found = check(
        validate.rule_duplicate_in_file,
        programme,
        "1604216512900001;Siti;25/12/1990;P",
        "1604216512900002;Ani;25/12/1990;P",
        "1604216512900001;Siti A;25/12/1990;P",
    )
    assert codes(found) == {1: ["duplicate_in_file_first"], 3: ["duplicate_in_file"]}
    assert found[1][3] == "NIK sama dengan baris 1."


@pytest.mark.django_db
def test_rule_already_registered(programme):
    enrol(make_person("1604216512900001", "Siti", LAHAT_DESA), programme)
    found = check(
        validate.rule_already_registered,
        programme,
        "1604216512900001;Siti;25/12/1990;P",
        "1604216512900002;Ani;25/12/1990;P",
    )
    assert found == [(1, "error", "already_registered", "Sudah terdaftar di program ini.")]


@pytest.mark.django_db
def test_rule_double_funded_names_only_programmes_in_the_uploaders_area(world, programme):
    lahat_other = make_programme("lahat-lain", world.pemkab_lahat, "16.04", name="Perangkat RT Lahat")
    saro = make_programme("saro", world.pemkab_sarolangun, "15.03", name="Pekerja Rentan Sarolangun")
    enrol(make_person("1604216512900001", "Siti", LAHAT_DESA), lahat_other)
    enrol(make_person("1604216512900002", "Ani", "15.03.01.2001"), saro)
    rows = ("1604216512900001;Siti;25/12/1990;P", "1604216512900002;Ani;25/12/1990;P")
    found = check(validate.rule_double_funded, programme, *rows, area=[LAHAT_DESA])
    assert found == [
        (
            1,
            "error",
            "double_funded",
            "Sudah dilindungi dana publik lewat program Perangkat RT Lahat pada periode yang sama.",
        ),
        (
            2,
            "error",
            "double_funded",
            "NIK ini sudah terdaftar pada program lain yang dibiayai dana publik pada periode yang sama.",
        ),
    ]
    assert "Sarolangun" not in str(found)
    programme.double_funding = Programme.DoubleFunding.WARN
    assert {f[1] for f in check(validate.rule_double_funded, programme, *rows, area=None)} == {"warning"}


@pytest.mark.django_db
def test_rule_double_funded_needs_a_common_element_and_public_money(world, programme):
    jht_only = make_programme("jht", world.pemkab_lahat, "16.04", has_jkk=False, has_jkm=False, has_jht=True)
    csr = make_programme("csr", world.pemkab_lahat, "16.04")
    csr.funders.update(kind=ProgrammeFunder.Kind.CSR)
    enrol(make_person("1604216512900001", "Siti", LAHAT_DESA), jht_only)
    enrol(make_person("1604216512900002", "Ani", LAHAT_DESA), csr)
    rows = ("1604216512900001;Siti;25/12/1990;P", "1604216512900002;Ani;25/12/1990;P")
    assert check(validate.rule_double_funded, programme, *rows) == []


@pytest.mark.django_db
def test_rule_probable_duplicate_in_file_lists_a_small_group_and_refers_to_a_large_one(programme):
    small = [f"160421651290000{i};Siti Aminah;25/12/1990;P" for i in (1, 2)]
    large = [f"16042165129001{i:02d};Budi;25/12/1990;L" for i in range(6)]
    found = check(validate.rule_probable_duplicate_in_file, programme, *small, *large)
    messages = {row: message for row, _l, _c, message in found}
    assert messages[1].startswith("Kemungkinan orang yang sama dengan baris 2 (")
    assert messages[3] == (
        "Kemungkinan orang yang sama dengan 5 baris lain dalam kelompok G-2 (tanggal lahir, desa dan nama sama, "
        "NIK berbeda); lihat baris 4."
    )
    assert messages[8].endswith("lihat baris 3.")
    assert len(found) == 8 and max(len(m) for m in messages.values()) < 200


@pytest.mark.django_db
def test_rule_probable_duplicate_in_registry_no_name_outside_the_area(programme):
    make_person("1604216512900009", "Siti Aminah", LAHAT_DESA, birth_date=dt.date(1990, 12, 25))
    make_person("1604216512900008", "Siti Aminah, S.Pd.", LAHAT_DESA, birth_date=dt.date(1990, 12, 25))
    row = "1604216512900001;SITI AMINAH;25/12/1990;P"
    inside = check(validate.rule_probable_duplicate_in_registry, programme, row, area=["16.04"])
    assert inside == [
        (
            1,
            "warning",
            "probable_duplicate",
            "Kemungkinan sama dengan Siti Aminah, S.Pd. yang sudah terdaftar dengan NIK lain "
            f"({mask_nik('1604216512900008')}) dan 1 orang lain.",
        )
    ]
    outside = check(validate.rule_probable_duplicate_in_registry, programme, row, area=["16.04.01.2001"])
    assert outside == [
        (
            1,
            "warning",
            "probable_duplicate",
            "Kemungkinan sama dengan orang yang sudah terdaftar dengan NIK lain (tanggal lahir, desa dan nama sama).",
        )
    ]


@pytest.mark.django_db
def test_rule_village_quota(programme):
    programme.village_quotas.filter(region_code=LAHAT_DESA).update(quota=2)
    enrol(make_person("1604216512900009", "Siti", LAHAT_DESA), programme)
    rows = [f"160421651290000{i};Orang {i};25/12/1990;P" for i in (1, 2, 3)]
    found = check(validate.rule_village_quota, programme, *rows)
    assert [(r, c) for r, _l, c, _m in found] == [(2, "village_quota"), (3, "village_quota")]
    assert found[0][3] == "Kuota desa 16.04.21.2008 (2 orang) sudah penuh."


@pytest.mark.django_db
def test_rule_programme_quota_counts_only_rows_still_accepted(programme):
    programme.village_quotas.all().delete()
    programme.quota_total = 2
    rows = [f"160421651290000{i};Orang {i};25/12/1990;P" for i in (1, 2, 3)]
    data = (HEADER + "".join(r + "\n" for r in rows)).encode()
    result = read_enrolment_file(data, filename="uji.csv")
    ctx = Context(programme=programme, area_codes=None, today=TODAY)
    frame = prepare(result.frame, ctx, default_region=LAHAT_DESA)
    import polars as pl

    ctx.messages.append(
        pl.DataFrame(
            {"row_no": [1], "level": ["error"], "code": ["x"], "message": ["ditolak"]},
            schema=validate.MSG_SCHEMA,
        )
    )
    found = validate.rule_programme_quota(frame, ctx)
    assert found["row_no"].to_list() == [] and found.height == 0  # rows 2 and 3 take the two places
    programme.quota_total = 1
    assert validate.rule_programme_quota(frame, ctx)["row_no"].to_list() == [3]


def test_every_rule_has_its_own_test():
    tests = {name for name in dir(sys.modules[__name__]) if name.startswith("test_rule_")}
    for rule in validate.RULES:
        assert any(t.startswith("test_" + rule.__name__) for t in tests), rule.__name__
