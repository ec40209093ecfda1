"""Who may do what, as a table: every duty (organisation kind and role) against every action.

The table is computed from the predicates in ``accounts.permissions`` on records built in memory (nothing
is read from or written to the database), written to ``docs/permissions.md`` by
``lindung permissions_matrix`` and compared with an explicit expected table by the test suite, so an
official can read who may do what and the document cannot drift from the code.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from types import SimpleNamespace

from lindung.accounts import permissions as perm
from lindung.accounts.models import Organisation, User

LAHAT, LAHAT_DESA, SARO = "16.04", "16.04.21.2008", "15.03"


@dataclass(frozen=True)
class Persona:
    key: str
    label: str
    org_code: str
    kind: str
    opd_kind: str
    area: str
    role: str


PERSONAS: list[Persona] = [
    Persona("desa_operator", "Operator desa", "desa-mandi-angin", "desa", "", LAHAT_DESA, "operator"),
    Persona("dpmd_verifier", "Verifikator DPMD (OPD)", "dpmd-lahat", "opd", "dpmd", LAHAT, "verifier"),
    Persona(
        "disnaker_operator", "Operator Disnaker (OPD)", "disnaker-lahat", "opd", "disnaker", LAHAT, "operator"
    ),
    Persona("pemkab_manager", "Manajer Pemkab", "pemkab-lahat", "pemkab", "", LAHAT, "manager"),
    Persona("pemkab_viewer", "Pemantau Pemkab", "pemkab-lahat", "pemkab", "", LAHAT, "viewer"),
    Persona("bpkad_manager", "BPKAD (keuangan daerah)", "bpkad-lahat", "opd", "bpkad", LAHAT, "manager"),
    Persona(
        "dpmptsp_officer", "Petugas DPMPTSP (perizinan)", "dpmptsp-lahat", "opd", "dpmptsp", LAHAT, "viewer"
    ),
    Persona("bpjs_verifier", "Kantor cabang BPJS", "bpjs-kc-muaraenim", "bpjs_kc", "", LAHAT, "verifier"),
    Persona("kejari_viewer", "Kejaksaan Negeri", "kejari-lahat", "kejari", "", LAHAT, "viewer"),
    Persona("kpu_operator", "Operator KPU/Bawaslu", "kpu-lahat", "kpu", "", LAHAT, "operator"),
    Persona("company", "Perusahaan (CSR)", "pt-sawit-lahat", "perusahaan", "", LAHAT, "viewer"),
    Persona("sponsor", "Sponsor SERTAKAN", "sertakan-budi", "sponsor", "", LAHAT, "viewer"),
    Persona("org_admin", "Admin organisasi (Pemkab)", "pemkab-lahat", "pemkab", "", LAHAT, "admin"),
    Persona("admin", "Admin sistem (nasional)", "pengelola", "sistem", "", "", "admin"),
    Persona("outsider", "Manajer kabupaten lain", "pemkab-sarolangun", "pemkab", "", SARO, "manager"),
]


def persona_user(p: Persona, pk: int) -> User:
    """An unsaved user of the persona's organisation, its area set without a database query."""
    org = Organisation(
        pk=pk, code=p.org_code, name=p.label, kind=p.kind, opd_kind=p.opd_kind, is_national=p.kind == "sistem"
    )
    user = User(pk=pk, username=p.key, role=p.role, organisation=org, is_active=True)
    user.__dict__["area_codes"] = None if org.is_national else [p.area]
    return user


@dataclass
class Record:
    """A stand-in for a programme, funder, person, batch or correction: the predicates read only these
    attributes, and accounts sits below the apps that own those models (docs/architecture.md, Layers)."""

    region_code: str = ""
    owner_id: int | None = None
    kind: str = ""
    paid_by_treasury: bool = False
    programme: Record | None = None
    status: str = ""
    organisation_id: int | None = None
    created_by_id: int | None = None
    submitted_by_id: int | None = None
    requested_by_id: int | None = None


@dataclass(frozen=True)
class Records:
    """The Lahat records every action is asked about (all inside Lahat)."""

    programme: Record
    funder_public: Record
    funder_sponsor: Record
    person: Record
    batch_submitted: Record
    batch_verified: Record
    correction: Record
    organisation: Organisation


def lahat_records(*, uploader_pk: int, owner: Organisation) -> Records:
    programme = Record(region_code=LAHAT, owner_id=owner.pk)
    maker = {"organisation_id": 1, "created_by_id": uploader_pk, "submitted_by_id": uploader_pk}
    return Records(
        programme=programme,
        funder_public=Record(kind="apbd_kab", paid_by_treasury=True, programme=programme),
        funder_sponsor=Record(kind="sertakan", programme=programme),
        person=Record(region_code=LAHAT_DESA),
        batch_submitted=Record(region_code=LAHAT_DESA, programme=programme, status="submitted", **maker),
        batch_verified=Record(region_code=LAHAT_DESA, programme=programme, status="verified", **maker),
        correction=Record(region_code=LAHAT_DESA, requested_by_id=uploader_pk),
        organisation=owner,
    )


_EMPLOYER = SimpleNamespace(regency_code=LAHAT, organisation_id=None)


def _case(stage: str) -> SimpleNamespace:
    return SimpleNamespace(regency_code=LAHAT, stage=stage, employer=_EMPLOYER)


# key -> (Indonesian label, question asked of the predicates)
ACTIONS: list[tuple[str, str, Callable[[User, Records], bool]]] = [
    (
        "view_people",
        "Melihat registri orang (daftar, halaman orang, ekspor, API)",
        lambda u, r: perm.can_view_people(u) and perm.in_area(u, LAHAT_DESA),
    ),
    (
        "view_contact",
        "Melihat alamat, telepon dan penghasilan",
        lambda u, r: perm.can_view_contact(u) and perm.in_area(u, LAHAT_DESA),
    ),
    (
        "view_full_nik",
        "Membuka NIK lengkap (dicatat di jejak audit)",
        lambda u, r: perm.can_view_full_nik(u) and perm.in_area(u, LAHAT_DESA),
    ),
    (
        "edit_person",
        "Mendaftarkan/mengubah data orang di desa",
        lambda u, r: perm.can_edit_person(u, LAHAT_DESA),
    ),
    (
        "decide_correction",
        "Memutuskan koreksi data (bukan pengaju)",
        lambda u, r: perm.can_decide_correction(u, r.correction),
    ),
    (
        "create_programme",
        "Membuat program di kabupaten",
        lambda u, r: perm.can_create_programme(u) and perm.in_area(u, LAHAT),
    ),
    ("edit_programme", "Mengubah program kabupaten", lambda u, r: perm.can_edit_programme(u, r.programme)),
    (
        "view_participants",
        "Mengunduh daftar peserta program",
        lambda u, r: perm.can_view_participants(u, r.programme) and perm.in_area(u, LAHAT_DESA),
    ),
    (
        "upload_batch",
        "Mengunggah daftar peserta",
        lambda u, r: perm.can_upload_batch(u, r.programme) and perm.in_area(u, LAHAT_DESA),
    ),
    (
        "verify_batch",
        "Memverifikasi daftar yang diajukan (bukan pengunggah)",
        lambda u, r: perm.can_verify_batch(u, r.batch_submitted),
    ),
    (
        "accept_batch",
        "Menerima daftar dan mengisi KPJ (BPJS)",
        lambda u, r: perm.can_accept_batch(u, r.batch_verified),
    ),
    ("end_membership", "Mengakhiri kepesertaan", lambda u, r: perm.can_end_membership(u, LAHAT_DESA)),
    (
        "view_money",
        "Melihat tagihan, pembayaran dan tunggakan kabupaten",
        lambda u, r: perm.can_view_money(u) and perm.in_area(u, LAHAT),
    ),
    (
        "run_billing",
        "Menjalankan penagihan, status tunggakan, denda",
        lambda u, r: perm.can_run_billing(u, r.programme),
    ),
    (
        "record_payment_public",
        "Mencatat pembayaran dana APBD",
        lambda u, r: perm.can_record_payment(u, r.funder_public),
    ),
    (
        "record_payment_sponsor",
        "Mencatat pembayaran sponsor",
        lambda u, r: perm.can_record_payment(u, r.funder_sponsor),
    ),
    (
        "import_statement",
        "Mengimpor rekening koran",
        lambda u, r: perm.can_import_bank_statement(u) and perm.in_area(u, LAHAT),
    ),
    ("view_budget", "Melihat anggaran program", lambda u, r: perm.can_view_budget(u, r.programme)),
    ("plan_budget", "Menyusun rencana anggaran", lambda u, r: perm.can_plan_budget(u, r.programme)),
    ("set_allocation", "Mengisi pagu DPA", lambda u, r: perm.can_set_budget_allocation(u, r.programme)),
    ("assign_sponsor", "Menetapkan peserta bersponsor", lambda u, r: perm.can_assign_sponsor(u, r.programme)),
    (
        "home_village",
        "Beranda: daftar, kuota dan kartu desa",
        lambda u, r: perm.sees_village_tasks(u) and perm.in_area(u, LAHAT_DESA),
    ),
    (
        "home_verify",
        "Beranda: antrean verifikasi",
        lambda u, r: perm.sees_verification_queue(u) and perm.in_area(u, LAHAT),
    ),
    (
        "home_accept",
        "Beranda: antrean penerimaan BPJS",
        lambda u, r: perm.sees_acceptance_queue(u) and perm.in_area(u, LAHAT),
    ),
    (
        "home_manager",
        "Beranda: cakupan, anggaran, tunggakan, keputusan",
        lambda u, r: perm.sees_programme_overview(u) and perm.in_area(u, LAHAT),
    ),
    (
        "home_budget",
        "Beranda: pagu dan realisasi anggaran",
        lambda u, r: perm.sees_budget_overview(u) and perm.in_area(u, LAHAT),
    ),
    (
        "home_national",
        "Beranda: tabel nasional provinsi dan kabupaten",
        lambda u, r: perm.sees_national_overview(u) and perm.in_area(u, LAHAT),
    ),
    ("add_rate", "Menambah tarif iuran (nasional)", lambda u, r: perm.can_add_rate(u)),
    ("use_calculator", "Memakai kalkulator iuran", lambda u, r: perm.can_use_calculator(u)),
    (
        "working_population",
        "Mengisi penduduk bekerja dan target UCJ",
        lambda u, r: perm.can_enter_working_population(u, LAHAT),
    ),
    ("bpjs_figures", "Mengisi jumlah peserta aktif BPJS", lambda u, r: perm.can_enter_bpjs_figures(u, LAHAT)),
    (
        "sponsor_portal",
        "Portal sponsor (hanya peserta yang didanai sendiri)",
        lambda u, r: perm.is_sponsor_user(u),
    ),
    (
        "view_claims",
        "Melihat klaim dan ahli waris",
        lambda u, r: perm.can_view_claims(u) and perm.in_area(u, LAHAT_DESA),
    ),
    (
        "report_claim",
        "Melaporkan klaim, mengunggah dokumen, mencatat penyerahan",
        lambda u, r: perm.can_report_claim(u) and perm.in_area(u, LAHAT_DESA),
    ),
    (
        "decide_claim",
        "Memutuskan klaim dan mencatat pembayaran manfaat (BPJS)",
        lambda u, r: perm.can_decide_claim(u) and perm.in_area(u, LAHAT_DESA),
    ),
    (
        "view_claim_reports",
        "Melihat laporan klaim dan rasio klaim",
        lambda u, r: perm.can_view_claim_reports(u) and perm.in_area(u, LAHAT),
    ),
    ("edit_benefit_rules", "Menambah aturan manfaat (nasional)", lambda u, r: perm.can_edit_benefit_rules(u)),
    (
        "manage_users",
        "Mengelola pengguna organisasi Pemkab",
        lambda u, r: perm.can_manage_users(u, r.organisation),
    ),
    ("view_export_log", "Membaca log ekspor data", lambda u, r: perm.can_view_export_log(u)),
    # --- compliance (stand-ins: an employer and cases in Lahat; accounts cannot import compliance)
    (
        "view_compliance",
        "Melihat register pemberi kerja, kasus dan rapor kepatuhan",
        lambda u, r: perm.can_view_compliance(u) and perm.in_area(u, LAHAT),
    ),
    (
        "check_compliance",
        "Memeriksa kepatuhan NIB (kantor perizinan, API)",
        lambda u, r: perm.can_check_compliance(u),
    ),
    (
        "import_oss",
        "Memuat daftar izin OSS",
        lambda u, r: perm.can_import_employers(u, "oss") and perm.in_area(u, LAHAT),
    ),
    (
        "import_wlkp",
        "Memuat daftar WLKP Disnaker",
        lambda u, r: perm.can_import_employers(u, "wlkp") and perm.in_area(u, LAHAT),
    ),
    (
        "import_bpjs",
        "Memuat daftar pemberi kerja BPJS",
        lambda u, r: perm.can_import_employers(u, "bpjs") and perm.in_area(u, LAHAT),
    ),
    ("open_case", "Mencatat temuan, peringatan tertulis", lambda u, r: perm.can_open_case(u, _EMPLOYER)),
    (
        "sanction_case",
        "Denda, rekomendasi sanksi, penyerahan ke Kejaksaan (SKK)",
        lambda u, r: perm.can_advance_case(u, _case("warning_2"), "fine"),
    ),
    (
        "resolve_handed_case",
        "Menyelesaikan kasus di Kejaksaan, mencatat pemulihan",
        lambda u, r: perm.can_record_recovery(u, _case("prosecutor")),
    ),
    (
        "compliance_rules",
        "Mengisi UMK/UMP dan aturan kepatuhan",
        lambda u, r: perm.can_set_compliance_rules(u),
    ),
]


def compute() -> dict[str, set[str]]:
    """persona key -> the actions it may take (on Lahat's records)."""
    users = {p.key: persona_user(p, pk) for pk, p in enumerate(PERSONAS, start=1)}
    # The Pemkab's users share one organisation, which owns the programme; the lists were uploaded and
    # submitted by the village operator (maker).
    pemkab = users["pemkab_manager"].organisation
    for key in ("pemkab_viewer", "org_admin"):
        users[key].organisation = pemkab
        users[key].organisation_id = pemkab.pk
    records = lahat_records(uploader_pk=users["desa_operator"].pk, owner=pemkab)
    return {key: {a for a, _label, ask in ACTIONS if ask(user, records)} for key, user in users.items()}


def render_markdown() -> str:
    allowed = compute()
    head = "| | " + " | ".join(p.label for p in PERSONAS) + " |"
    rule = "|---|" + "---|" * len(PERSONAS)
    rows = [
        f"| {label} | " + " | ".join("ya" if key in allowed[p.key] else "–" for p in PERSONAS) + " |"
        for key, label, _ask in ACTIONS
    ]
    return "\n".join(
        [
            "# Siapa boleh melakukan apa (who may do what)",
            "",
            "Generated by `lindung permissions_matrix` from `src/lindung/accounts/permissions.py`; the test",
            "suite fails when this file and the code disagree. Every answer is for records of the user's own",
            "area (here: Kabupaten Lahat); outside the area every page and API answers 404 whatever the role.",
            "The lists in the enrolment rows were uploaded and submitted by the village operator, so the",
            "village operator never verifies them (maker-checker).",
            "",
            "What each duty sees of people: the registry (names, birth dates, village, masked NIK showing",
            'only its region part `160421**********`) only where "Melihat registri orang" says ya; address,',
            'phone and income only where "Melihat alamat" says ya; a whole NIK only after an explicit,',
            "audited click. Sponsors and companies see only the people they fund, on their own portal.",
            "",
            head,
            rule,
            *rows,
            "",
        ]
    )
