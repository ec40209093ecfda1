"""Demo data reproducing the seed articles: Musi Rawas, Lahat, Sarolangun (and Sumatera Selatan).

Figures from the seeds are used as printed; where a seed gives no figure (a document number, the split of
Sarolangun's 27.214 workers over its three groups, earlier years of a trend) the value is illustrative and
labelled so ("ilustrasi demo").
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from lindung.accounts.models import Organisation, User
from lindung.accounts.services import organisation_create, user_create
from lindung.audit.models import AuditLog
from lindung.audit.services import audit_bulk, system_actor
from lindung.billing import services as billing
from lindung.billing.models import Invoice
from lindung.coverage.models import CoverageFigure, CoverageTarget
from lindung.demo.claims import demo_claims
from lindung.demo.compliance import demo_compliance
from lindung.memberships.models import Membership
from lindung.programs.models import LegalBasis, Programme, ProgrammeFunder, VillageQuota
from lindung.programs.selectors import document_issuer
from lindung.programs.services import DOCUMENT_FIELDS
from lindung.regions.models import Region
from lindung.registry.models import Person
from lindung.registry.services import name_key

DEMO_PASSWORD = "lindung-demo-2024"  # noqa: S105 - printed for the demo on purpose
MARKER_ORG = "pengelola"
ILUSTRASI = "ilustrasi demo"
DEMO_VILLAGE = "16.04.21.2008"

MALE = [
    "Ahmad",
    "Budi",
    "Agus",
    "Andi",
    "Bambang",
    "Dedi",
    "Eko",
    "Fajar",
    "Hendra",
    "Irwan",
    "Joko",
    "Kurniawan",
    "Muhammad",
    "Muhamad",
    "Rudi",
    "Slamet",
    "Sutrisno",
    "Teguh",
    "Wahyu",
    "Yusuf",
    "Rahmat",
    "Hasan",
    "Ridwan",
    "Syahrul",
    "Zainal",
    "Darmawan",
    "Herman",
    "Iwan",
    "Junaidi",
    "Lukman",
    "Mulyadi",
    "Nasrul",
    "Rizki",
    "Saipul",
    "Taufik",
    "Usman",
    "Yudi",
    "Zulkifli",
    "Arif",
    "Firman",
    "Gunawan",
    "Hadi",
    "Imam",
    "Jamal",
    "Kadir",
    "Marzuki",
    "Nurdin",
    "Samsul",
]
FEMALE = [
    "Siti",
    "Sri",
    "Dewi",
    "Ani",
    "Yuni",
    "Rina",
    "Lestari",
    "Wati",
    "Nur",
    "Fitri",
    "Ratna",
    "Indah",
    "Sulastri",
    "Suryani",
    "Yanti",
    "Maryam",
    "Aisyah",
    "Fatimah",
    "Halimah",
    "Kartini",
    "Lilis",
    "Mega",
    "Novi",
    "Puspita",
    "Rahmawati",
    "Sari",
    "Tuti",
    "Wulan",
    "Yulia",
    "Zahra",
    "Asih",
    "Desi",
    "Eka",
    "Hartati",
    "Intan",
    "Juwita",
    "Kasmawati",
    "Lina",
    "Mariani",
    "Nurhayati",
    "Partini",
    "Rosmiati",
    "Sumiati",
    "Umi",
    "Winarti",
]
FAMILY = [
    "Saputra",
    "Pratama",
    "Wijaya",
    "Setiawan",
    "Hidayat",
    "Nugroho",
    "Kurniawati",
    "Siregar",
    "Harahap",
    "Nasution",
    "Lubis",
    "Hasibuan",
    "Simanjuntak",
    "Putri",
    "Rahayu",
    "Susanti",
    "Wahyuni",
    "Handayani",
    "Saragih",
    "Sembiring",
    "Ginting",
    "Tarigan",
    "Syahputra",
    "Ramadhan",
    "Firmansyah",
    "Hermawan",
    "Gunawan",
    "Suparman",
    "Sulaiman",
    "Ismail",
    "Rosyid",
    "Anwar",
    "Effendi",
    "Hakim",
    "Mahmud",
    "Ibrahim",
    "Yusuf",
    "Zakaria",
]
OCCUPATIONS = {
    Programme.TargetGroup.PEKERJA_RENTAN: [
        "Petani",
        "Buruh tani",
        "Nelayan",
        "Pedagang kecil",
        "Tukang ojek",
        "Buruh harian",
    ],
    Programme.TargetGroup.NON_ASN: [
        "Guru honorer",
        "Tenaga kebersihan",
        "Pengemudi",
        "Operator komputer",
        "Tenaga kesehatan",
    ],
    Programme.TargetGroup.PEKEBUN_SAWIT: ["Pekebun sawit"],
    Programme.TargetGroup.BADAN_ADHOC: [
        "Petugas KPPS",
        "Anggota PPS",
        "Anggota PPK",
        "Pantarlih",
        "Pengawas TPS",
    ],
    Programme.TargetGroup.PERANGKAT_RT: ["Ketua RT"],
    Programme.TargetGroup.INFORMAL_BERSPONSOR: ["Asisten rumah tangga", "Tukang kebun", "Penjaga masjid"],
    Programme.TargetGroup.LAINNYA: ["Buruh harian kebun", "Pemanen sawit"],
}


def _document_settings(p: Programme) -> None:
    """Payment instructions and signatory printed on the programme's invoices and certificates: the account
    of the BPJS branch that issues them (numbers and names are demo illustrations)."""
    issuer = document_issuer(p)
    digits = "".join(c for c in p.region_code if c.isdigit())
    p.bank_name = "Bank Jambi" if p.region_code.startswith("15") else "Bank Sumsel Babel"
    p.bank_account_number = f"{digits[:3]}-30-{p.pk:05d}-1"
    p.bank_account_name = issuer.name
    p.virtual_account = f"8889{digits}{p.pk:06d}"
    p.signatory_name = "Rahmat Hidayat, S.E., M.M. (nama ilustrasi)"
    p.signatory_position = "Kepala Kantor Cabang" if issuer.kind == Organisation.Kind.BPJS_KC else "Kepala"
    p.save(update_fields=[*DOCUMENT_FIELDS])


@dataclass(frozen=True)
class DemoUser:
    username: str
    org: str
    role: str
    full_name: str  # shown in the header and the history (illustrative names)


ORGS = [
    # code, name, kind, opd_kind, parent, areas, national
    ("pengelola", "Pengelola Lindung", "sistem", "", None, [], True),
    ("pemprov-sumsel", "Pemerintah Provinsi Sumatera Selatan", "pemprov", "", None, ["16"], False),
    ("pemkab-musi-rawas", "Pemerintah Kabupaten Musi Rawas", "pemkab", "", None, ["16.05"], False),
    ("pemkab-lahat", "Pemerintah Kabupaten Lahat", "pemkab", "", None, ["16.04"], False),
    ("pemkab-sarolangun", "Pemerintah Kabupaten Sarolangun", "pemkab", "", None, ["15.03"], False),
    (
        "disnakertrans-mura",
        "Dinas Tenaga Kerja dan Transmigrasi Kabupaten Musi Rawas",
        "opd",
        "disnaker",
        "pemkab-musi-rawas",
        ["16.05"],
        False,
    ),
    (
        "disbun-mura",
        "Dinas Perkebunan Kabupaten Musi Rawas",
        "opd",
        "disbun",
        "pemkab-musi-rawas",
        ["16.05"],
        False,
    ),
    ("bpkad-mura", "BPKAD Kabupaten Musi Rawas", "opd", "bpkad", "pemkab-musi-rawas", ["16.05"], False),
    ("dpmd-lahat", "Dinas PMD Kabupaten Lahat", "opd", "dpmd", "pemkab-lahat", ["16.04"], False),
    ("dpmptsp-lahat", "DPMPTSP Kabupaten Lahat", "opd", "dpmptsp", "pemkab-lahat", ["16.04"], False),
    (
        "bappeda-sarolangun",
        "Bappeda Kabupaten Sarolangun",
        "opd",
        "bappeda",
        "pemkab-sarolangun",
        ["15.03"],
        False,
    ),
    ("desa-lahat-2008", "Pemerintah Desa {village}", "desa", "", "pemkab-lahat", ["16.04.21.2008"], False),
    (
        "kelurahan-sarolangun",
        "Kelurahan {village}",
        "kelurahan",
        "",
        "pemkab-sarolangun",
        ["{kelurahan}"],
        False,
    ),
    (
        "bpjs-kanwil-sumbagsel",
        "BPJS Ketenagakerjaan Kantor Wilayah Sumbagsel",
        "bpjs_kanwil",
        "",
        None,
        ["16", "15", "17", "19"],
        False,
    ),
    (
        "bpjs-kc-lubuklinggau",
        "BPJS Ketenagakerjaan KC Lubuk Linggau",
        "bpjs_kc",
        "",
        "bpjs-kanwil-sumbagsel",
        ["16.05", "16.13", "16.73"],
        False,
    ),
    (
        "bpjs-kc-muaraenim",
        "BPJS Ketenagakerjaan KC Muara Enim",
        "bpjs_kc",
        "",
        "bpjs-kanwil-sumbagsel",
        ["16.03", "16.04", "16.12"],
        False,
    ),
    (
        "bpjs-kc-sarolangun",
        "BPJS Ketenagakerjaan KC Sarolangun",
        "bpjs_kc",
        "",
        "bpjs-kanwil-sumbagsel",
        ["15.03", "15.02"],
        False,
    ),
    ("kejari-lahat", "Kejaksaan Negeri Lahat", "kejari", "", None, ["16.04"], False),
    ("pt-sawit-mura", "PT Sawit Lestari Musi (contoh)", "perusahaan", "", None, ["16.05"], False),
    ("kpu-sarolangun", "KPU Kabupaten Sarolangun", "kpu", "", None, ["15.03"], False),
    ("bawaslu-sarolangun", "Bawaslu Kabupaten Sarolangun", "bawaslu", "", None, ["15.03"], False),
    ("sertakan-budi", "Budi Santoso (sponsor SERTAKAN, contoh)", "sponsor", "", None, ["16.05"], False),
]

USERS = [
    DemoUser("admin", "pengelola", "admin", "Admin Sistem Lindung"),
    DemoUser("sumsel.manajer", "pemprov-sumsel", "manager", "Hendra Saputra"),
    DemoUser("mura.manajer", "pemkab-musi-rawas", "manager", "Rudi Hartono"),
    DemoUser("mura.pemantau", "pemkab-musi-rawas", "viewer", "Yuni Astuti"),
    DemoUser("lahat.manajer", "pemkab-lahat", "manager", "Bambang Wijaya"),
    DemoUser("lahat.admin", "pemkab-lahat", "admin", "Dewi Kartika"),
    DemoUser("sarolangun.manajer", "pemkab-sarolangun", "manager", "Ahmad Fauzi"),
    DemoUser("disnaker.mura", "disnakertrans-mura", "operator", "Siti Rahmawati"),
    DemoUser("disbun.mura", "disbun-mura", "operator", "Joko Susilo"),
    DemoUser("bpkad.mura", "bpkad-mura", "manager", "Lestari Handayani"),
    DemoUser("dpmd.lahat", "dpmd-lahat", "verifier", "Irwan Nasution"),
    DemoUser("dpmptsp.lahat", "dpmptsp-lahat", "viewer", "Fitri Wulandari"),
    DemoUser("bappeda.sarolangun", "bappeda-sarolangun", "viewer", "Taufik Hidayat"),
    DemoUser("desa.operator", "desa-lahat-2008", "operator", "Nurdin Effendi"),
    DemoUser("kelurahan.operator", "kelurahan-sarolangun", "operator", "Rina Marlina"),
    DemoUser("kanwil.sumbagsel", "bpjs-kanwil-sumbagsel", "manager", "Agus Salim"),
    DemoUser("kc.lubuklinggau", "bpjs-kc-lubuklinggau", "verifier", "Maya Sari"),
    DemoUser("kc.muaraenim", "bpjs-kc-muaraenim", "verifier", "Eko Prasetyo"),
    DemoUser("kc.sarolangun", "bpjs-kc-sarolangun", "verifier", "Ratna Dewi"),
    DemoUser("kejari.lahat", "kejari-lahat", "viewer", "Yusuf Harahap"),
    DemoUser("csr.perusahaan", "pt-sawit-mura", "viewer", "Andi Gunawan"),
    DemoUser("kpu.sarolangun", "kpu-sarolangun", "operator", "Intan Permata"),
    DemoUser("bawaslu.sarolangun", "bawaslu-sarolangun", "viewer", "Zainal Abidin"),
    DemoUser("sponsor.sertakan", "sertakan-budi", "viewer", "Budi Santoso"),
]

# code, name, owner, region, group, segment, basis, fixed, start, end, people, funders, legal, extra
PROGRAMMES = [
    dict(
        code="mura-non-asn",
        name="Perlindungan pegawai non-ASN Pemkab Musi Rawas",
        owner="disnakertrans-mura",
        region="16.05",
        group="non_asn",
        segment="PU",
        basis="fixed",
        fixed=10_000,
        start=dt.date(2022, 1, 1),
        end=None,
        people=4_332,
        # Room for the staffing office's new list (examples/non-asn-musi-rawas.csv, 200 people): the 2026
        # quota is illustrative; 2022 billed the 4.332 of the seed.
        quota=4_600,
        funders=[("apbd_kab", "pemkab-musi-rawas", Decimal(100))],
        legal=[
            (
                "pks",
                "PKS/2022/contoh (nomor ilustrasi)",
                dt.date(2022, 3, 2),
                "Perjanjian kerja sama bantuan jaminan sosial ketenagakerjaan pegawai non ASN Pemkab Musi Rawas "
                "dengan BPJAMSOSTEK Muara Enim; APBD 2022 Rp519.840.000 untuk 4.332 orang",
            )
        ],
        description="4.332 pegawai non-ASN termasuk guru honorer; iuran Rp10.000/orang/bulan ditanggung APBD, tidak lagi dipotong dari gaji. Kuota 2026 4.600 (ilustrasi demo).",
    ),
    dict(
        code="mura-sawit-2024",
        name="Perlindungan pekebun sawit Musi Rawas (DBH Sawit 2024)",
        owner="disbun-mura",
        region="16.05",
        group="pekebun_sawit",
        segment="BPU",
        basis="declared_income",
        fixed=None,
        start=dt.date(2024, 6, 1),
        end=None,
        people=2_009,
        funders=[("dbh_sawit", "pemkab-musi-rawas", Decimal(100))],
        legal=[
            (
                "perkada",
                "Rancangan Perkada (menunggu tanda tangan Bupati)",
                dt.date(2024, 5, 15),
                "Perlindungan jaminan sosial ketenagakerjaan bagi petani sawit (nomor belum terbit)",
            )
        ],
        description="Data dari Dinas Perkebunan, diverifikasi BPJS Ketenagakerjaan KC Lubuk Linggau.",
    ),
    dict(
        code="mura-rentan-2023",
        name="Pekerja rentan desa Musi Rawas",
        owner="pemkab-musi-rawas",
        region="16.05",
        group="pekerja_rentan",
        segment="BPU",
        basis="declared_income",
        fixed=None,
        start=dt.date(2023, 1, 1),
        end=None,
        people=9_300,
        funders=[("apbd_kab", "pemkab-musi-rawas", Decimal(100))],
        legal=[],
        description="9.300 tenaga kerja rentan di seluruh desa pada 2023, diteruskan pada 2024.",
    ),
    dict(
        code="lahat-rentan-2024",
        name="Pekerja rentan desa Kabupaten Lahat",
        owner="dpmd-lahat",
        region="16.04",
        group="pekerja_rentan",
        segment="BPU",
        basis="declared_income",
        fixed=None,
        start=dt.date(2024, 7, 1),
        end=None,
        people=21_600,
        per_village=60,
        funders=[("apbd_kab", "pemkab-lahat", Decimal(100))],
        legal=[
            (
                "se_bupati",
                "400.10.2.4/6/DPMD/IV/2024",
                dt.date(2024, 4, 1),
                "Surat Edaran Bupati Lahat tentang BPJS Ketenagakerjaan bagi pekerja rentan desa (tanggal dalam April 2024, hari ilustrasi)",
            )
        ],
        description="Target 60 pekerja rentan di setiap desa; 360 desa = 21.600 orang mulai Juli 2024.",
    ),
    dict(
        code="saro-rentan-2024",
        name="Pekerja rentan desa dan kelurahan Sarolangun (P-APBD 2024)",
        owner="pemkab-sarolangun",
        region="15.03",
        group="pekerja_rentan",
        segment="BPU",
        basis="declared_income",
        fixed=None,
        start=dt.date(2024, 11, 1),
        end=None,
        people=20_000,
        # Room for a kelurahan's list (examples/desa-sarolangun.xlsx): illustrative, like the split.
        quota=20_100,
        funders=[("p_apbd", "pemkab-sarolangun", Decimal(100))],
        legal=[],
        description="Bagian dari 27.214 pekerja yang dianggarkan pada P-APBD 2024 (pembagian antarkelompok dan kuota 20.100: ilustrasi demo).",
    ),
    dict(
        code="saro-adhoc-pilkada-2024",
        name="Badan ad hoc Pilkada 2024 Sarolangun",
        owner="pemkab-sarolangun",
        region="15.03",
        group="badan_adhoc",
        segment="PU",
        basis="wage",
        fixed=None,
        start=dt.date(2024, 11, 1),
        end=dt.date(2024, 12, 31),
        people=5_214,
        officer_kinds=["PPK", "PPS", "KPPS", "Pantarlih", "Panwascam", "PPL"],
        funders=[("p_apbd", "pemkab-sarolangun", Decimal(100))],
        legal=[],
        description="Petugas ad hoc dilindungi selama masa tugas (Inpres 2/2021); pembagian: ilustrasi demo.",
    ),
    dict(
        code="saro-rt-2024",
        name="Perangkat RT Sarolangun (P-APBD 2024)",
        owner="pemkab-sarolangun",
        region="15.03",
        group="perangkat_rt",
        segment="BPU",
        basis="declared_income",
        fixed=None,
        start=dt.date(2024, 11, 1),
        end=None,
        people=2_000,
        funders=[("p_apbd", "pemkab-sarolangun", Decimal(100))],
        legal=[],
        description="Perangkat RT di bawah kelurahan; pembagian: ilustrasi demo.",
    ),
    dict(
        code="mura-sertakan",
        name="SERTAKAN dan CSR Musi Rawas",
        owner="pt-sawit-mura",
        region="16.05",
        group="informal_bersponsor",
        segment="BPU",
        basis="declared_income",
        fixed=None,
        start=dt.date(2024, 8, 1),
        end=None,
        people=40,
        # CSR pays for everyone except the 10 people Budi sponsors by name (SERTAKAN: the gardener next door).
        funders=[("csr", "pt-sawit-mura", Decimal(100)), ("sertakan", "sertakan-budi", None)],
        legal=[
            (
                "pks",
                "PKS/CSR/2024/contoh (ilustrasi)",
                dt.date(2024, 7, 20),
                "Kerja sama CSR perlindungan pekerja rentan",
            )
        ],
        description="Pekerja formal dan perusahaan menanggung iuran pekerja informal di sekitarnya.",
    ),
    # Last, so the people and numbers of the programmes above stay as they were. A company pays as the
    # employer (not a state body): its late PU contribution shows the late-fee journey (a Pemkab paying for
    # its own non-ASN staff owes no late fee).
    dict(
        code="mura-kebun-pu",
        name="Pekerja harian kebun PT Sawit Lestari Musi (PU)",
        owner="disnakertrans-mura",
        region="16.05",
        group="lainnya",
        segment="PU",
        basis="wage",
        fixed=None,
        wage=3_000_000,
        risk_class=3,
        start=dt.date(2026, 1, 1),
        end=None,
        people=12,
        funders=[("employer", "pt-sawit-mura", Decimal(100))],
        legal=[],
        description="Pekerja harian kebun didaftarkan dan dibayar perusahaan sebagai pemberi kerja; ilustrasi "
        "demo untuk denda keterlambatan.",
    ),
]


def _name(rng: random.Random, female: bool) -> str:
    first = rng.choice(FEMALE if female else MALE)
    r = rng.random()
    if r < 0.35:
        return f"{first} {rng.choice(FAMILY)}"
    if r < 0.65:
        return f"{first} {rng.choice(MALE + FEMALE)}"
    if r < 0.85:
        return f"{first} {rng.choice(MALE + FEMALE)} {rng.choice(FAMILY)}"
    return first


def _people_rows(rng, villages: list[str], n: int, group: str, serials: dict, per_village: int | None = None):
    rows = []
    seq = (
        [v for v in villages for _ in range(per_village)]
        if per_village
        else [rng.choice(villages) for _ in range(n)]
    )
    for village in seq[:n]:
        female = rng.random() < 0.45
        age_days = rng.randint(18 * 365, 60 * 365)
        birth = dt.date(2024, 7, 1) - dt.timedelta(days=age_days)
        district = village[:8].replace(".", "")
        day = birth.day + (40 if female else 0)
        prefix = f"{district}{day:02d}{birth.month:02d}{birth.year % 100:02d}"
        serials[prefix] = serials.get(prefix, 0) + 1
        nik = f"{prefix}{serials[prefix]:04d}"
        name = _name(rng, female)
        income = rng.choice([1_000_000, 1_000_000, 1_500_000, 2_000_000, 2_500_000])
        rows.append(
            Person(
                nik=nik,
                full_name=name,
                name_key=name_key(name),
                birth_date=birth,
                sex="P" if female else "L",
                region_code=village,
                regency_code=village[:5],
                address=f"Dusun {rng.randint(1, 6)}, RT {rng.randint(1, 12):03d}",
                phone=f"08{rng.choice(['12', '13', '21', '52', '77', '57'])}{rng.randint(10_000_000, 99_999_999)}",
                occupation=rng.choice(OCCUPATIONS[group]),
                monthly_income=income,
            )
        )
    return rows


def demo_exists() -> bool:
    return Organisation.objects.filter(code=MARKER_ORG).exists()


@transaction.atomic
@system_actor("demo")
def demo_load(*, seed: int = 2024) -> dict:
    """Loads the demo data once (idempotent: returns early when it is already there)."""
    if demo_exists():
        return {"created": False}
    rng = random.Random(seed)
    village_2008 = Region.objects.get(code="16.04.21.2008")
    kelurahan = (
        Region.objects.filter(code__startswith="15.03.", level=4, kind=Region.Kind.KELURAHAN)
        .order_by("code")
        .first()
    )
    orgs: dict[str, Organisation] = {}
    for code, name, kind, opd_kind, parent, areas, national in ORGS:
        name = name.format(
            village=village_2008.name if kind == "desa" else (kelurahan.name if kelurahan else "")
        )
        areas = [kelurahan.code if a == "{kelurahan}" else a for a in areas]
        orgs[code] = organisation_create(
            actor=None,
            code=code,
            name=name,
            kind=kind,
            opd_kind=opd_kind,
            parent=orgs.get(parent) if parent else None,
            area_codes=areas,
            is_national=national,
        )
    for u in USERS:
        user_create(
            actor=None,
            username=u.username,
            password=DEMO_PASSWORD,
            organisation=orgs[u.org],
            role=u.role,
            full_name=u.full_name,
            # The system's administrator; an organisation's admin (lahat.admin) manages only its users.
            is_superuser=u.org == MARKER_ORG and u.role == "admin",
        )

    villages_by_regency: dict[str, list[str]] = {}
    desa_by_regency: dict[str, list[str]] = {}
    for code, kind in Region.objects.filter(level=4, code__regex=r"^(16\.05|16\.04|15\.03)\.").values_list(
        "code", "kind"
    ):
        villages_by_regency.setdefault(code[:5], []).append(code)
        if kind in (Region.Kind.DESA, Region.Kind.DESA_ADAT):
            desa_by_regency.setdefault(code[:5], []).append(code)

    serials: dict[str, int] = {}
    total_people = 0
    kpj = 24_000_000_000
    for spec in PROGRAMMES:
        p = Programme.objects.create(
            code=spec["code"],
            name=spec["name"],
            owner=orgs[spec["owner"]],
            region_code=spec["region"],
            target_group=spec["group"],
            segment=spec["segment"],
            wage_basis=spec["basis"],
            fixed_amount_per_person=spec["fixed"],
            wage=spec.get("wage"),
            risk_class=spec.get("risk_class", 1),
            # A cooperation agreement with a fixed amount covers its whole year: its members are deliberately
            # back-dated to the programme's start (Musi Rawas 2022: 4.332 x Rp10.000 x 12 = Rp519.840.000).
            backdate_start=bool(spec["fixed"]),
            start_date=spec["start"],
            end_date=spec["end"],
            quota_total=spec.get("quota", spec["people"]),
            quota_per_village=spec.get("per_village"),
            officer_kinds=spec.get("officer_kinds", []),
            description=spec["description"],
            status=Programme.Status.CLOSED if spec["end"] else Programme.Status.ACTIVE,
        )
        _document_settings(p)
        funders = ProgrammeFunder.objects.bulk_create(
            [
                ProgrammeFunder(programme=p, kind=k, organisation=orgs[o], share_percent=s)
                for k, o, s in spec["funders"]
            ]
        )
        named = [f for f in funders if f.share_percent is None]
        shared = [f for f in funders if f.share_percent is not None]
        for kind, number, date, title in spec["legal"]:
            LegalBasis.objects.create(programme=p, kind=kind, number=number, date=date, title=title)
        regency = spec["region"]
        per_village = spec.get("per_village")
        villages = desa_by_regency[regency] if per_village else villages_by_regency[regency]
        if per_village:
            VillageQuota.objects.bulk_create(
                [VillageQuota(programme=p, region_code=v, quota=per_village) for v in villages]
            )
        if spec["code"] == "lahat-rentan-2024":
            # The demo village (16.04.21.2008, its operator is desa.operator) has not sent its list yet: its 60
            # places are left for the enrolment demo with the sample file desa-lahat.xlsx.
            villages = [v for v in villages if v != DEMO_VILLAGE]
        people = _people_rows(
            rng,
            villages,
            spec["people"] - (per_village or 0) * (spec["code"] == "lahat-rentan-2024"),
            spec["group"],
            serials,
            per_village,
        )
        Person.objects.bulk_create(people, batch_size=2000)
        ended = spec["end"] is not None
        members = []
        for i, person in enumerate(people):
            kpj += 1
            members.append(
                Membership(
                    person=person,
                    programme=p,
                    funder=named[0] if named and i < NAMED_SPONSORED else shared[0],
                    region_code=person.region_code,
                    regency_code=person.regency_code,
                    status=Membership.Status.ENDED if ended else Membership.Status.ACTIVE,
                    start_date=spec["start"],
                    end_date=spec["end"],
                    end_reason=Membership.EndReason.END_OF_TERM if ended else "",
                    kpj=str(kpj),
                    officer_kind=rng.choice(spec["officer_kinds"]) if spec.get("officer_kinds") else "",
                )
            )
        Membership.objects.bulk_create(members, batch_size=2000)
        audit_bulk(
            actor=None,
            action=AuditLog.Action.BULK_CREATE,
            model=Person,
            count=len(people),
            region_code=regency,
            extra={"source": "demo", "programme": p.code},
        )
        audit_bulk(
            actor=None,
            action=AuditLog.Action.BULK_CREATE,
            model=Membership,
            count=len(members),
            region_code=regency,
            extra={"source": "demo", "programme": p.code},
        )
        total_people += len(people)

    figures = [
        (
            "16.04",
            2024,
            239_799,
            "BPJS Ketenagakerjaan KC Muara Enim, rapat kepatuhan Kejari Lahat 3 Juli 2024",
            51_398,
            "BPJS Ketenagakerjaan KC Muara Enim, rapat kepatuhan Kejari Lahat 3 Juli 2024",
        ),
        ("16.04", 2023, 236_500, ILUSTRASI, 44_210, ILUSTRASI),
        (
            "15.03",
            2023,
            135_000,
            f"{ILUSTRASI} (seed: UCJ 40,84%)",
            55_134,
            f"{ILUSTRASI} (seed: UCJ 40,84%)",
        ),
        ("15.03", 2022, 133_200, ILUSTRASI, 46_620, ILUSTRASI),
        ("15.03", 2021, 131_900, ILUSTRASI, 41_150, ILUSTRASI),
        ("16.05", 2024, 190_000, ILUSTRASI, None, ""),
    ]
    CoverageFigure.objects.bulk_create(
        [
            CoverageFigure(
                region_code=r,
                year=y,
                working_population=w,
                working_population_source=ws,
                active_participants=a,
                active_participants_source=as_,
            )
            for r, y, w, ws, a, as_ in figures
        ]
    )
    CoverageTarget.objects.bulk_create(
        [
            CoverageTarget(
                region_code="15.03",
                year=2024,
                target_percent=Decimal(65),
                basis="Komitmen Pj Bupati Sarolangun, 6 November 2024",
            ),
            CoverageTarget(
                region_code="15.03",
                year=2025,
                target_percent=Decimal(100),
                basis="Komitmen Pj Bupati Sarolangun, 6 November 2024",
            ),
            CoverageTarget(region_code="16.04", year=2025, target_percent=Decimal(40), basis=ILUSTRASI),
        ]
    )
    audit_bulk(
        actor=None,
        action=AuditLog.Action.BULK_CREATE,
        model=CoverageFigure,
        count=len(figures),
        extra={"source": "demo"},
    )
    _demo_money()
    demo_claims()
    demo_compliance(orgs)
    return {"created": True, "people": total_people}


NAMED_SPONSORED = 10
# Months billed in the demo, and which invoices stay (partly) unpaid so arrears and warnings show.
DEMO_MONTHS = [dt.date(2026, m, 1) for m in (8, 9, 10, 11)]
UNPAID = {
    ("saro-rentan-2024", dt.date(2026, 10, 1)),
    ("saro-rentan-2024", dt.date(2026, 11, 1)),
    # PU, due mid-November. The Pemkab is a state body: arrears, but no late fee.
    ("mura-non-asn", dt.date(2026, 10, 1)),
    # PU paid by a company as employer: late fees are charged on it (Tunggakan -> Hitung denda).
    ("mura-kebun-pu", dt.date(2026, 10, 1)),
}
HALF_PAID = {("lahat-rentan-2024", dt.date(2026, 11, 1))}
UNPAID_SPONSOR = {("mura-sertakan", dt.date(2026, 11, 1))}


def _demo_money() -> None:
    """Musi Rawas non-ASN 2022 billed and paid month by month (budget Rp519.840.000, seed 004), four months
    of 2026 billed for every running programme with payments, some arrears, and 2026 budgets."""
    mura = Programme.objects.get(code="mura-non-asn")
    b = billing.budget_set(
        actor=None,
        programme=mura,
        year=2022,
        planned_members=4_332,
        note="APBD 2022: Rp519.840.000 untuk 4.332 pegawai non-ASN (berita Musi Rawas)",
    )
    billing.budget_allocation_set(
        actor=None,
        budget=b,
        allocation=519_840_000,
        dpa_number="DPA Disnakertrans Musi Rawas 2022 (nomor ilustrasi)",
        dpa_date=dt.date(2022, 1, 3),
    )
    with system_actor("billing_run"):
        for m in range(1, 13):
            billing.billing_run(
                actor=None, programme=mura, period=dt.date(2022, m, 1), issued_on=dt.date(2022, m, 1)
            )
        for month in DEMO_MONTHS:
            for p in Programme.objects.filter(status=Programme.Status.ACTIVE).order_by("code"):
                billing.billing_run(actor=None, programme=p, period=month, issued_on=month)
    for inv in Invoice.objects.select_related("programme", "funder").order_by("period", "id"):
        key = (inv.programme.code, inv.period)
        if key in UNPAID or (key in UNPAID_SPONSOR and inv.funder.share_percent is None):
            continue
        if inv.due_date - dt.timedelta(days=3) > timezone.localdate():
            continue  # not yet due (PU pays by the 15th of the next month)
        amount = inv.total // 2 if key in HALF_PAID else inv.total
        billing.payment_record(
            actor=None,
            funder=inv.funder,
            amount=amount,
            reference=f"DEMO-{inv.number}",
            paid_on=inv.due_date - dt.timedelta(days=3),
            method="bank",
            note="Pembayaran contoh",
        )
    for code, members, allocation in (
        ("lahat-rentan-2024", 21_600, 4_400_000_000),
        ("saro-rentan-2024", 20_000, None),
        ("mura-non-asn", 4_332, None),
    ):
        budget = billing.budget_set(
            actor=None, programme=Programme.objects.get(code=code), year=2026, planned_members=members
        )
        if allocation:
            billing.budget_allocation_set(
                actor=None, budget=budget, allocation=allocation, dpa_number="DPA 2026 (nomor ilustrasi)"
            )


def demo_logins() -> list[tuple[str, str, str, str]]:
    users = {
        u.username: u
        for u in User.objects.filter(username__in=[d.username for d in USERS]).select_related("organisation")
    }
    rows = []
    for d in USERS:
        u = users.get(d.username)
        if u is None:
            continue
        areas = "nasional" if u.area_codes is None else ", ".join(u.area_codes)
        rows.append((u.username, u.organisation.name, u.get_role_display(), areas))
    return rows
