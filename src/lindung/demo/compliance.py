"""Demo data for employer compliance in Lahat (seed 001): the three offices' lists, a business in every
category, one case at warning 1 with its deadline, one handed over to Kejari Lahat with an SKK, a Disnaker
Lahat inspector, and Pemkab Musi Rawas judged as a public employer from its non-ASN memberships."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from lindung.accounts.models import Organisation
from lindung.accounts.services import organisation_create, user_create
from lindung.compliance import imports, services
from lindung.compliance.categorise import employers_categorise
from lindung.compliance.models import Employer
from lindung.core.workdays import add_working_days, next_working_day, working_days_between
from lindung.regions.models import Region

V_MANDI_ANGIN = "16.04.21.2008"
V2 = "16.04.21.2001"
MURA_NIB = "9120501000099"

# nib, name, kbli, scale, village, WLKP workers, WLKP average wage, BPJS (npp, workers, programmes, wage total)
BUSINESSES = [
    ("9120401000011", "PT Sawit Lahat Lestari", "01262", "Usaha Besar", V_MANDI_ANGIN, 250, 3_900_000, None),
    (
        "9120401000012",
        "Toko Sinar Lahat",
        "47111",
        "Usaha Kecil",
        V_MANDI_ANGIN,
        15,
        3_800_000,
        ("16040012", 6, "JKK,JKM,JHT", 6 * 3_800_000),
    ),
    (
        "9120401000013",
        "CV Bangun Lahat Konstruksi",
        "41011",
        "Usaha Menengah",
        V2,
        40,
        4_500_000,
        ("16040013", 40, "JKK,JKM,JHT,JP", 40 * 2_500_000),
    ),
    (
        "9120401000014",
        "PT Batubara Bukit Lahat",
        "05100",
        "Usaha Besar",
        V2,
        180,
        6_000_000,
        ("16040014", 180, "JKK,JKM,JHT", 180 * 6_000_000),
    ),
    (
        "9120401000015",
        "PT Karet Lahat Sejahtera",
        "22191",
        "Usaha Menengah",
        V2,
        60,
        4_200_000,
        ("16040015", 60, "JKK,JKM,JHT,JP", 60 * 4_200_000),
    ),
    (
        "9120401000016",
        "UD Kopi Semende",
        "10761",
        "Usaha Mikro",
        V_MANDI_ANGIN,
        3,
        3_700_000,
        ("16040016", 3, "JKK,JKM", 3 * 3_750_000),
    ),
    ("9120401000017", "Koperasi Tani Lahat Makmur", "46201", "Usaha Mikro", V2, None, None, None),
]


def _csv(rows) -> bytes:
    width = max(len(r) for r in rows)
    return (
        "\n".join(";".join("" if c is None else str(c) for c in [*r, *[""] * (width - len(r))]) for r in rows)
        + "\n"
    ).encode()


def _working_day_back(today: dt.date, n: int) -> dt.date:
    """The working day n working days before today."""
    day = today
    while True:
        day -= dt.timedelta(days=1)
        if next_working_day(day) == day and working_days_between(day, today) >= n:
            return day


def demo_compliance(orgs: dict[str, Organisation]) -> None:
    today = timezone.localdate()
    disnaker = organisation_create(
        actor=None,
        code="disnaker-lahat",
        name="Dinas Tenaga Kerja Kabupaten Lahat",
        kind="opd",
        opd_kind="disnaker",
        parent=orgs["pemkab-lahat"],
        area_codes=["16.04"],
    )
    from lindung.demo.data import DEMO_PASSWORD  # noqa: PLC0415 - demo.data calls this module

    user_create(
        actor=None,
        username="disnaker.lahat",
        password=DEMO_PASSWORD,
        organisation=disnaker,
        role="verifier",
        full_name="Pengawas Disnaker Lahat",
    )
    year = today.year
    for code, amount, source in (
        ("16", 3_681_571, "UMP Sumatera Selatan 2025 (Keputusan Gubernur; nilai contoh, belum diverifikasi)"),
        ("16.04", 3_750_000, "UMK Lahat (nilai contoh untuk demo, belum diverifikasi)"),
    ):
        services.minimum_wage_set(actor=None, region_code=code, year=year, amount=amount, source=source)
    oss = [["NIB", "Nama Perusahaan", "KBLI", "Skala Usaha", "Kode Desa", "Alamat"]]
    wlkp = [["NIB", "Nama Perusahaan", "Kode Desa", "Jumlah Tenaga Kerja", "Rata-rata Upah"]]
    bpjs = [
        [
            "NPP",
            "NIB",
            "Nama Perusahaan",
            "Kode Desa",
            "Tenaga Kerja Terdaftar",
            "Program",
            "Total Upah",
            "Bulan Menunggak",
        ]
    ]
    for nib, name, kbli, scale, village, workers, wage, b in BUSINESSES:
        oss.append([nib, name, kbli, scale, village, "Kabupaten Lahat"])
        if workers is not None:
            wlkp.append([nib, name, village, workers, wage])
        if b:
            bpjs.append([b[0], nib, name.upper(), village, b[1], b[2], b[3], 0])

    mura_village = Region.objects.filter(code__startswith="16.05.", level=4).order_by("code").first().code
    # Pemkab Musi Rawas as a public employer: 4.332 non-ASN staff (seed 004), judged from its memberships.
    wlkp_mura = [wlkp[0], [MURA_NIB, "Pemerintah Kabupaten Musi Rawas", mura_village, 4_332, 2_500_000]]
    oss_mura = [
        oss[0],
        [MURA_NIB, "Pemerintah Kabupaten Musi Rawas", "84111", "", mura_village, "Muara Beliti"],
    ]
    file_date = today - dt.timedelta(days=3)
    for source, rows, name in (
        ("oss", oss, "oss-dpmptsp-lahat.csv"),
        ("oss", oss_mura, "oss-dpmptsp-mura.csv"),
        ("wlkp", wlkp, "wlkp-disnaker-lahat.csv"),
        ("wlkp", wlkp_mura, "wlkp-disnaker-mura.csv"),
        ("bpjs", bpjs, "peserta-badan-usaha-kc-muaraenim.csv"),
    ):
        result = imports.employers_import(
            actor=None, source=source, data=_csv(rows), filename=name, file_date=file_date
        )
        assert result.ok, result.employer_import.report
    mura = Employer.objects.get(nib=MURA_NIB)
    mura.organisation = orgs["pemkab-musi-rawas"]
    mura.kind = Employer.Kind.GOVERNMENT
    mura.save(update_fields=["organisation", "kind", "updated_at"])

    employers_categorise(actor=None, regency_codes=["16.05"])

    # The palm-oil company: the whole sanction path, handed over to Kejari Lahat with an SKK.
    sawit = Employer.objects.get(nib="9120401000011")
    start = next_working_day(today - dt.timedelta(days=150))
    case = services.case_open(actor=None, employer=sawit, date=start)
    day = start
    for stage, extra in (
        ("warning_1", {}),
        ("warning_2", {}),
        ("fine", {"contributions_owed": 250 * 3_900_000 * 10 // 100 * 6, "months_owed": 6}),
        ("service_denial", {}),
    ):
        step = services.case_advance(actor=None, case=case, stage=stage, date=day, **extra)
        day = next_working_day((step.deadline or day) + dt.timedelta(days=1))
    services.case_advance(
        actor=None,
        case=case,
        stage="prosecutor",
        date=day,
        skk_number=f"SKK-001/KC-ME/{day.year}",
        skk_date=day,
        kejari=orgs["kejari-lahat"],
    )
    # The shop: warning 1 sent three working days ago; its deadline is running.
    toko = Employer.objects.get(nib="9120401000012")
    sent = _working_day_back(today, 3)
    case = services.case_open(actor=None, employer=toko, date=sent)
    services.case_advance(actor=None, case=case, stage="warning_1", date=sent)
    assert case.steps.get(stage="warning_1").deadline == add_working_days(sent, 10)
