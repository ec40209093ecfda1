"""The employer register: imports from the three offices, matching, categories with their edges, evidence,
and bad files refused whole with a row report."""

from __future__ import annotations

import datetime as dt

import pytest

from lindung.audit.models import AuditLog
from lindung.compliance import categorise, imports, services
from lindung.compliance.models import Category, Employer, EmployerImport, ProbableMatch
from lindung.compliance.selectors import evidence
from lindung.core.errors import ApplicationError
from tests.compliance.conftest import (
    NIB_KONTRAKTOR,
    NIB_PATUH,
    NIB_PROGRAM,
    NIB_SAWIT,
    NIB_TOKO,
    V1,
    V2,
    csv,
)


def test_the_three_lists_put_each_employer_in_its_category(register):
    cat = {nib: e.category for nib, e in register.items()}
    assert cat == {
        NIB_SAWIT: "PWBD",
        NIB_TOKO: "PDS_TK",
        NIB_KONTRAKTOR: "PDS_UPAH",
        NIB_PATUH: "COMPLIANT",
        NIB_PROGRAM: "PDS_PROGRAM",
    }
    toko = register[NIB_TOKO]
    assert toko.categories == [Category.PDS_TK, Category.PDS_UPAH]  # 5 of 12, and Rp3.500.000 < UMK
    assert toko.npp == "NPP0002" and toko.wlkp_workers == 12 and toko.bpjs_workers == 5
    assert toko.bpjs_programmes == "JKK,JKM,JHT"
    assert register[NIB_SAWIT].npwp == "0013000666091000"  # 15 digits stored as 16
    assert Employer.objects.count() == 5  # matched by NIB, no duplicates
    assert register[NIB_PATUH].category_since is not None


def test_evidence_names_numbers_file_and_date(register):
    items = {e.category: e for e in evidence(register[NIB_TOKO])}
    assert "5 pekerja terdaftar di BPJS dari 12" in items["PDS_TK"].text
    assert any(s.startswith("BPJS: bpjs.csv (") for s in items["PDS_TK"].sources)
    assert any(s.startswith("WLKP: wlkp.csv (") for s in items["PDS_TK"].sources)
    assert "Rp3.500.000" in items["PDS_UPAH"].text and "Rp3.700.000" in items["PDS_UPAH"].text
    assert "UU 24/2011" in items["PDS_TK"].rule
    prog = evidence(register[NIB_PROGRAM])[0]
    assert prog.numbers["missing"] == ["JP"]


def _one(
    team,
    *,
    wlkp_workers,
    bpjs_workers,
    wage_total=None,
    programmes="JKK,JKM,JHT,JP",
    scale="Usaha Menengah",
    wlkp_wage=3_000_000,
):
    nib = "9999999000001"
    imports.employers_import(
        actor=team.dpmptsp_op,
        source="oss",
        data=csv([["NIB", "Nama Perusahaan", "Kode Desa", "Skala Usaha"], [nib, "PT Uji Tepi", V1, scale]]),
        filename="oss.csv",
    )
    if wlkp_workers is not None:
        imports.employers_import(
            actor=team.disnaker,
            source="wlkp",
            data=csv(
                [
                    ["NIB", "Nama Perusahaan", "Kode Desa", "Jumlah Tenaga Kerja", "Rata-rata Upah"],
                    [nib, "PT Uji Tepi", V1, wlkp_workers, wlkp_wage],
                ]
            ),
            filename="wlkp.csv",
        )
    if bpjs_workers is not None:
        imports.employers_import(
            actor=team.bpjs,
            source="bpjs",
            data=csv(
                [
                    [
                        "NPP",
                        "NIB",
                        "Nama Perusahaan",
                        "Kode Desa",
                        "Tenaga Kerja Terdaftar",
                        "Program",
                        "Total Upah",
                    ],
                    ["NPP9", nib, "PT Uji Tepi", V1, bpjs_workers, programmes, wage_total or ""],
                ]
            ),
            filename="bpjs.csv",
        )
    return Employer.objects.get(nib=nib)


@pytest.mark.parametrize(
    ("case", "expected"),
    [
        (dict(wlkp_workers=1, bpjs_workers=None), ["PWBD"]),  # one worker reported is enough
        (dict(wlkp_workers=0, bpjs_workers=None), []),  # reported none: not obliged
        (dict(wlkp_workers=None, bpjs_workers=None, scale="Usaha Mikro"), []),  # micro without WLKP: unknown
        (
            dict(wlkp_workers=None, bpjs_workers=None, scale="Usaha Kecil"),
            ["PWBD"],
        ),  # small: presumed obliged
        (dict(wlkp_workers=10, bpjs_workers=10), []),  # all registered
        (dict(wlkp_workers=10, bpjs_workers=9), ["PDS_TK"]),  # one short
        (dict(wlkp_workers=10, bpjs_workers=12), []),  # more registered than reported: fine
    ],
)
def test_pwbd_and_pds_tk_edges(team, umk, case, expected):
    e = _one(team, **case)
    assert [c.value for c in e.categories] == expected


@pytest.mark.parametrize(
    ("wage_total", "wlkp_wage", "expected"),
    [
        (10 * 3_700_000, 3_000_000, []),  # exactly the UMK: compliant
        (10 * 3_700_000 - 1, 3_000_000, ["PDS_UPAH"]),  # one Rupiah under the UMK
        (10 * 4_000_000, 4_500_000, ["PDS_UPAH"]),  # above UMK but below the wage reported to Disnaker
        (10 * 4_500_000, 4_500_000, []),
    ],
)
def test_pds_upah_edges(team, umk, wage_total, wlkp_wage, expected):
    e = _one(team, wlkp_workers=10, bpjs_workers=10, wage_total=wage_total, wlkp_wage=wlkp_wage)
    assert [c.value for c in e.categories] == expected


def test_pds_upah_falls_back_to_the_provinces_ump(team):
    services.minimum_wage_set(
        actor=team.world.admin, region_code="16", year=2026, amount=3_900_000, source="UMP"
    )
    e = _one(team, wlkp_workers=10, bpjs_workers=10, wage_total=10 * 3_800_000, wlkp_wage=3_000_000)
    assert e.umk_used == 3_900_000 and e.is_pds_upah


@pytest.mark.parametrize(
    ("scale", "programmes", "expected"),
    [
        ("Usaha Mikro", "JKK,JKM", []),
        ("Usaha Kecil", "JKK,JKM", ["PDS_PROGRAM"]),  # JHT missing
        ("Usaha Kecil", "JKK,JKM,JHT", []),
        ("Usaha Besar", "JKK,JKM,JHT", ["PDS_PROGRAM"]),  # JP missing
        ("Usaha Besar", "JKK,JKM,JHT,JP", []),
    ],
)
def test_pds_program_by_scale(team, umk, scale, programmes, expected):
    e = _one(
        team, wlkp_workers=10, bpjs_workers=10, wage_total=10 * 5_000_000, programmes=programmes, scale=scale
    )
    assert [c.value for c in e.categories] == expected


def test_a_rule_is_dated_data(team, umk):
    from lindung.compliance.models import ComplianceRule

    e = _one(team, wlkp_workers=10, bpjs_workers=9)
    assert e.is_pds_tk
    ComplianceRule.objects.create(
        code="PDS_TK",
        effective_from=dt.date(2026, 1, 1),
        params={"tolerance_workers": 2},
        description="x",
        source="y",
    )
    categorise.employers_categorise(actor=None, regency_codes=["16.04"])
    e.refresh_from_db()
    assert not e.is_pds_tk and e.category == "COMPLIANT"
    # Before 2026 the older rule applies.
    categorise.employers_categorise(actor=None, regency_codes=["16.04"], as_of=dt.date(2025, 6, 1))
    e.refresh_from_db()
    assert e.is_pds_tk


def test_name_and_village_only_is_a_probable_match_never_merged(team, register):
    before = Employer.objects.count()
    r = imports.employers_import(
        actor=team.disnaker,
        source="wlkp",
        data=csv(
            [
                ["NPWP", "Nama Perusahaan", "Kode Desa", "Jumlah Tenaga Kerja", "Rata-rata Upah"],
                ["", "TOKO SINAR JAYA.", V1, 15, 3_500_000],  # no NIB: same name and village as the shop
            ]
        ),
        filename="wlkp2.csv",
    )
    assert r.ok is False  # WLKP rows need a NIB or an NPWP
    r = imports.employers_import(
        actor=team.disnaker,
        source="wlkp",
        data=csv(
            [
                ["NPWP", "Nama Perusahaan", "Kode Desa", "Jumlah Tenaga Kerja", "Rata-rata Upah"],
                ["01.312.166.0-091.000", "TOKO SINAR JAYA.", V1, 15, 3_500_000],
            ]
        ),
        filename="wlkp2.csv",
    )
    assert r.ok and r.employer_import.probable == 1 and r.employer_import.created == 0
    m = ProbableMatch.objects.get()
    assert m.employer == register[NIB_TOKO] and m.status == "pending"
    assert Employer.objects.count() == before
    assert Employer.objects.get(nib=NIB_TOKO).wlkp_workers == 12  # not merged silently
    with pytest.raises(ApplicationError):
        imports.match_decide(actor=team.dpmptsp, match=m, merge=True)  # a viewer cannot decide
    imports.match_decide(actor=team.disnaker, match=m, merge=True)
    toko = Employer.objects.get(nib=NIB_TOKO)
    assert toko.wlkp_workers == 15 and toko.npwp == "0013121660091000"
    assert AuditLog.objects.filter(object_type="compliance.employer", extra__probable_match=m.pk).exists()


def test_npwp_matches_when_the_nib_is_missing(team, register):
    r = imports.employers_import(
        actor=team.disnaker,
        source="wlkp",
        data=csv(
            [
                ["NPWP", "Nama Perusahaan", "Kode Desa", "Jumlah Tenaga Kerja", "Rata-rata Upah"],
                ["013000666091000", "Sawit Makmur (kebun 2)", V2, 150, 3_600_000],
            ]
        ),
        filename="wlkp3.csv",
    )
    assert r.ok and r.employer_import.updated == 1 and r.employer_import.created == 0
    assert Employer.objects.get(nib=NIB_SAWIT).wlkp_workers == 150


# --- bad input -----------------------------------------------------------------------------------------


def _refused(team, data, source="oss", actor=None):
    before = Employer.objects.count()
    r = imports.employers_import(actor=actor or team.dpmptsp_op, source=source, data=data, filename="x.csv")
    assert r.employer_import.status == EmployerImport.Status.REFUSED
    assert Employer.objects.count() == before  # nothing half written
    return r.employer_import


def test_malformed_nib_and_npwp_are_refused_with_the_row(team, umk):
    imp = _refused(
        team,
        csv(
            [
                ["NIB", "Nama Perusahaan", "NPWP", "Kode Desa"],
                ["9120301000001", "PT Baik", "", V1],
                ["91203010", "PT NIB Pendek", "", V1],
                ["9120301000003", "PT NPWP Salah", "01.300.066.7-091.000", V1],
            ]
        ),
    )
    rows = {(r["row_no"], r["column"]): r["message"] for r in imp.report}
    assert 'NIB "91203010" tidak valid: NIB terdiri dari 13 angka.' in rows[(2, "NIB")]
    assert "digit pemeriksa" in rows[(3, "NPWP")]
    assert (1, "NIB") not in rows
    assert "2 baris bermasalah" in imp.message


def test_two_rows_for_one_nib_are_refused(team, umk):
    imp = _refused(
        team,
        csv(
            [
                ["NIB", "Nama Perusahaan", "Kode Desa"],
                ["9120301000001", "PT A", V1],
                ["9120301000001", "PT A cabang", V2],
            ]
        ),
    )
    assert imp.report == [
        {
            "row_no": 2,
            "column": "NIB",
            "message": "NIB 9120301000001 muncul lebih dari sekali dalam berkas (pertama di baris 1); satu NIB satu baris.",
        }
    ]


def test_missing_columns_and_broken_encoding_are_clear_errors(team):
    with pytest.raises(ApplicationError, match="kolom NIB dan Nama Perusahaan dan Kode Desa wajib ada"):
        imports.employers_import(
            actor=team.dpmptsp_op, source="oss", data=b"Nama;Alamat\nPT A;Jl\n", filename="a.csv"
        )
    with pytest.raises(ApplicationError, match="pengodean karakternya rusak"):
        imports.employers_import(
            actor=team.dpmptsp_op, source="oss", data=b"NIB;Nama\n\x81\x8d\x8f\x90\x9d;x\n", filename="a.csv"
        )
    assert not Employer.objects.exists()


def test_rows_outside_the_area_and_unknown_villages_are_refused(team, umk):
    from lindung.regions.models import Region

    mura = Region.objects.filter(code__startswith="16.05.", level=4).order_by("code").first().code
    imp = _refused(
        team,
        csv(
            [
                ["NIB", "Nama Perusahaan", "Kode Desa"],
                ["9120301000001", "PT Mura", mura],
                ["9120301000002", "PT X", "16.04.99.9999"],
            ]
        ),
    )
    msgs = [r["message"] for r in imp.report]
    assert f"Desa {mura} di luar wilayah kerja Anda." in msgs
    assert 'Kode desa "16.04.99.9999" tidak dikenal; tulis kode Kemendagri, mis. 16.04.21.2008.' in msgs


def test_each_office_loads_only_its_own_list(team):
    with pytest.raises(ApplicationError, match="tidak dapat memuat"):
        imports.employers_import(actor=team.disnaker, source="bpjs", data=b"x", filename="a.csv")
    with pytest.raises(ApplicationError, match="tidak dapat memuat"):
        imports.employers_import(actor=team.dpmptsp, source="oss", data=b"x", filename="a.csv")  # viewer


def test_public_employers_are_judged_from_lindungs_memberships(team, umk):
    from tests.helpers import enrol, make_person, make_programme

    pemkab = team.world.pemkab_lahat
    imports.employers_import(
        actor=team.disnaker,
        source="wlkp",
        data=csv(
            [
                ["NPWP", "Nama Perusahaan", "Kode Desa", "Jumlah Tenaga Kerja", "Rata-rata Upah"],
                ["01.300.066.6-091.000", "Pemerintah Kabupaten Lahat", V1, 3, 2_000_000],
            ]
        ),
        filename="wlkp-pemkab.csv",
    )
    e = Employer.objects.get(name="Pemerintah Kabupaten Lahat")
    assert e.kind == "pemerintah" and e.category == "PWBD"
    e.organisation = pemkab
    e.save()
    p = make_programme("lahat-non-asn", pemkab, "16.04", target_group="non_asn", segment="PU")
    for i in range(2):
        enrol(make_person(f"160401010190{i:04d}", f"Honorer {i}", V1), p)
    categorise.employers_categorise(actor=None, regency_codes=["16.04"])
    e.refresh_from_db()
    assert e.bpjs_workers == 2 and e.category == "PDS_TK" and e.bpjs_file == "Kepesertaan Lindung"
    enrol(make_person("1604010101900099", "Honorer 3", V1), p)
    categorise.employers_categorise(actor=None, regency_codes=["16.04"])
    e.refresh_from_db()
    assert e.category == "PDS_UPAH" or e.category == "COMPLIANT"


def test_cli_import_and_categorise(team, umk, tmp_path, capsys):
    import json

    from django.core.management import call_command

    from tests.compliance.conftest import OSS

    f = tmp_path / "oss.csv"
    f.write_bytes(OSS)
    call_command("compliance", "import", "--source", "oss", "--user", "dpmptsp_operator", str(f))
    out = json.loads(capsys.readouterr().out)
    assert out["status"] == "applied" and out["created"] == 5
    bad = tmp_path / "bad.csv"
    bad.write_bytes(csv([["NIB", "Nama Perusahaan", "Kode Desa"], ["123", "PT X", V1]]))
    with pytest.raises(SystemExit):
        call_command("compliance", "import", "--source", "oss", str(bad))
    assert json.loads(capsys.readouterr().out)["report"][0]["column"] == "NIB"
    call_command("compliance", "categorise", "--regency", "16.04")
    assert json.loads(capsys.readouterr().out) == {"employers": 5, "changed": 0}  # nothing moved


def test_an_import_writes_categories_itself_so_the_pass_after_changes_nothing(register):
    last = AuditLog.objects.filter(
        object_type="compliance.employer", object_repr__startswith="Kategori"
    ).first()
    assert last.extra["count"] == 5 and last.extra["changed"] == 0
    assert categorise.employers_categorise(actor=None, regency_codes=["16.04"]) == {
        "employers": 5,
        "changed": 0,
    }


def test_numbers_beyond_their_bounds_are_row_errors_not_database_errors(team, umk):
    imp = _refused(
        team,
        csv(
            [
                ["NIB", "Nama Perusahaan", "Kode Desa", "Jumlah Tenaga Kerja", "Rata-rata Upah"],
                ["9120301000001", "PT Besar Sekali", V1, "99999999999999999999", "3.000.000"],
            ]
        ),
        source="wlkp",
        actor=team.disnaker,
    )
    assert (
        imp.report[0]["column"] == "Jumlah Tenaga Kerja" and "0 sampai 10.000.000" in imp.report[0]["message"]
    )
    with pytest.raises(ApplicationError, match="terlalu besar"):
        services.minimum_wage_set(
            actor=team.world.admin, region_code="16.04", year=2026, amount=10**15, source="x"
        )
