"""Compliance fixtures: the Lahat compliance team (BPJS branch, Disnaker, DPMPTSP, Kejari), a company user,
and small employer lists as the offices send them."""

from __future__ import annotations

import datetime as dt

import pytest

from lindung.accounts.services import organisation_create, user_create
from lindung.compliance import imports, services
from lindung.compliance.models import Employer
from tests.factories import LAHAT, PASSWORD

V1 = "16.04.21.2008"  # a village in Lahat
V2 = "16.04.21.2001"

NIB_SAWIT = "9120301000001"  # palm oil, not registered
NIB_TOKO = "9120301000002"  # shop, fewer workers registered
NIB_KONTRAKTOR = "9120301000003"  # contractor, wages under-reported
NIB_PATUH = "9120301000004"  # compliant
NIB_PROGRAM = "9120301000005"  # large, no JP
NPWP_OK = "01.300.066.6-091.000"


def csv(rows: list[list]) -> bytes:
    """Semicolon CSV as Excel saves it (every line padded to the widest row)."""
    width = max(len(r) for r in rows)
    return (
        "\n".join(";".join("" if c is None else str(c) for c in [*r, *[""] * (width - len(r))]) for r in rows)
        + "\n"
    ).encode()


OSS = csv(
    [
        ["DAFTAR PERIZINAN BERUSAHA (OSS) KABUPATEN LAHAT"],
        [],
        ["No", "NIB", "Nama Perusahaan", "NPWP", "KBLI", "Skala Usaha", "Kode Desa", "Alamat", "Kontak"],
        [1, NIB_SAWIT, "PT Sawit Makmur Lahat", NPWP_OK, "01262", "Usaha Besar", V1, "Jl. Lintas", "0731-1"],
        [2, NIB_TOKO, "Toko Sinar Jaya", "", "47111", "Usaha Kecil", V1, "Pasar Lahat", ""],
        [3, NIB_KONTRAKTOR, "CV Karya Bangun", "", "41011", "Usaha Menengah", V2, "", ""],
        [4, NIB_PATUH, "PT Patuh Sentosa", "", "10792", "Usaha Menengah", V2, "", ""],
        [5, NIB_PROGRAM, "PT Batubara Jaya", "", "05100", "Usaha Besar", V2, "", ""],
    ]
)
WLKP = csv(
    [
        ["NIB", "Nama Perusahaan", "Kode Desa", "Jumlah Tenaga Kerja", "Rata-rata Upah"],
        [NIB_SAWIT, "PT Sawit Makmur Lahat", V1, 120, "3.600.000"],
        [NIB_TOKO, "Toko Sinar Jaya", V1, 12, "3.500.000"],
        [NIB_KONTRAKTOR, "CV Karya Bangun", V2, 40, "4.500.000"],
        [NIB_PATUH, "PT Patuh Sentosa", V2, 30, "4.000.000"],
        [NIB_PROGRAM, "PT Batubara Jaya", V2, 200, "6.000.000"],
    ]
)
BPJS = csv(
    [
        [
            "NPP",
            "NIB",
            "Nama Perusahaan",
            "Kode Desa",
            "Tenaga Kerja Terdaftar",
            "Program",
            "Total Upah",
            "Bulan Menunggak",
        ],
        ["NPP0002", NIB_TOKO, "TOKO SINAR JAYA", V1, 5, "JKK, JKM, JHT", 17_500_000, 0],
        ["NPP0003", NIB_KONTRAKTOR, "CV KARYA BANGUN", V2, 40, "JKK JKM JHT JP", 40 * 2_000_000, 2],
        ["NPP0004", NIB_PATUH, "PT PATUH SENTOSA", V2, 30, "JKK,JKM,JHT,JP", 30 * 4_000_000, 0],
        ["NPP0005", NIB_PROGRAM, "PT BATUBARA JAYA", V2, 200, "JKK,JKM,JHT", 200 * 6_000_000, 0],
    ]
)
TODAY = dt.date(2026, 11, 30)


@pytest.fixture(autouse=True)
def indonesian():
    """Service messages come in the active language; these tests read the Indonesian ones."""
    from django.utils import translation

    with translation.override("id"):
        yield


@pytest.fixture
def team(world):
    def org(code, name, kind, opd_kind="", areas=(LAHAT,)):
        return organisation_create(
            actor=None, code=code, name=name, kind=kind, opd_kind=opd_kind, area_codes=list(areas)
        )

    kc = org("kc-muaraenim-c", "BPJS KC Muara Enim", "bpjs_kc", areas=("16.03", LAHAT, "16.12"))
    disnaker = org("disnaker-lahat", "Disnaker Lahat", "opd", "disnaker")
    dpmptsp = org("dpmptsp-lahat", "DPMPTSP Lahat", "opd", "dpmptsp")
    kejari = org("kejari-lahat", "Kejaksaan Negeri Lahat", "kejari")
    kejari_mura = org("kejari-mura", "Kejaksaan Negeri Musi Rawas", "kejari", areas=("16.05",))
    company = org("pt-patuh", "PT Patuh Sentosa", "perusahaan")

    def u(name, o, role):
        return user_create(actor=None, username=name, password=PASSWORD, organisation=o, role=role)

    class Team:
        pass

    t = Team()
    t.world = world
    t.kc, t.disnaker_org, t.kejari_org, t.company_org = kc, disnaker, kejari, company
    t.bpjs = u("bpjs_lahat", kc, "verifier")
    t.bpjs_operator = u("bpjs_operator", kc, "operator")
    t.disnaker = u("disnaker_lahat", disnaker, "verifier")
    t.dpmptsp = u("dpmptsp_lahat", dpmptsp, "viewer")
    t.dpmptsp_op = u("dpmptsp_operator", dpmptsp, "operator")
    t.kejari = u("kejari_lahat", kejari, "viewer")
    t.kejari_writer = u("kejari_jaksa", kejari, "operator")
    t.kejari_mura = u("kejari_mura", kejari_mura, "operator")
    t.company = u("pt_patuh", company, "viewer")
    t.outsider = world.kc_verifier  # BPJS KC Lubuk Linggau: Musi Rawas, not Lahat
    return t


@pytest.fixture
def umk(team):
    services.minimum_wage_set(
        actor=team.world.admin,
        region_code=LAHAT,
        year=2026,
        amount=3_700_000,
        source="Kepgub Sumsel (contoh)",
    )


@pytest.fixture
def register(team, umk, settings):
    """The three lists loaded: OSS by DPMPTSP, WLKP by Disnaker, BPJS by the branch."""
    for actor, source, data in (
        (team.dpmptsp_op, "oss", OSS),
        (team.disnaker, "wlkp", WLKP),
        (team.bpjs, "bpjs", BPJS),
    ):
        r = imports.employers_import(actor=actor, source=source, data=data, filename=f"{source}.csv")
        assert r.ok, r.employer_import.report
    return {e.nib: e for e in Employer.objects.all()}
