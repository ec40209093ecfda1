"""Employer compliance: the register of employers (permit office, labour office and BPJS lists), the dated
rules that put them in categories, cases on the sanction path (PP 86/2013) and the permit-office checks."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class Category(models.TextChoices):
    PWBD = "PWBD", _("PWBD: wajib, belum mendaftar")
    PDS_TK = "PDS_TK", _("PDS TK: sebagian pekerja belum didaftarkan")
    PDS_UPAH = "PDS_UPAH", _("PDS Upah: upah dilaporkan terlalu rendah")
    PDS_PROGRAM = "PDS_PROGRAM", _("PDS Program: program wajib belum lengkap")
    COMPLIANT = "COMPLIANT", _("Patuh")
    NOT_OBLIGED = "NOT_OBLIGED", _("Tidak wajib / data belum cukup")


# The order in which one employer's categories are reported (the first is "the" category).
CATEGORY_ORDER = [Category.PWBD, Category.PDS_TK, Category.PDS_UPAH, Category.PDS_PROGRAM]
NON_COMPLIANT = frozenset(CATEGORY_ORDER)


class Employer(models.Model):
    class Kind(models.TextChoices):
        PT = "pt", "PT"
        CV = "cv", "CV"
        KOPERASI = "koperasi", _("Koperasi")
        UD = "ud", _("UD / usaha perorangan")
        BUMN = "bumn", "BUMN"
        BUMD = "bumd", "BUMD"
        GOVERNMENT = "pemerintah", _("Instansi pemerintah")
        KPU = "kpu", "KPU"
        BAWASLU = "bawaslu", "Bawaslu"
        OTHER = "lainnya", _("Lainnya")

    class Scale(models.TextChoices):
        MICRO = "mikro", _("Mikro")
        SMALL = "kecil", _("Kecil")
        MEDIUM = "menengah", _("Menengah")
        LARGE = "besar", _("Besar")

    nib = models.CharField("NIB", max_length=13, blank=True)
    npwp = models.CharField("NPWP", max_length=16, blank=True)
    name = models.CharField(_("nama"), max_length=200)
    name_key = models.CharField(max_length=200)
    kind = models.CharField(_("bentuk"), max_length=12, choices=Kind.choices, default=Kind.OTHER)
    kbli = models.CharField("KBLI", max_length=5, blank=True)
    scale = models.CharField(_("skala usaha"), max_length=10, choices=Scale.choices, blank=True)
    region_code = models.CharField(_("kode desa/kelurahan"), max_length=13, blank=True)
    regency_code = models.CharField(_("kode kabupaten/kota"), max_length=5)
    address = models.CharField(_("alamat"), max_length=300, blank=True)
    contact = models.CharField(_("kontak"), max_length=200, blank=True)
    # A public employer (Pemkab, KPU, Bawaslu) is an organisation in Lindung: its staff are judged from
    # Lindung's own memberships. A company user of this organisation sees the employer's checks.
    organisation = models.ForeignKey(
        "accounts.Organisation", null=True, blank=True, on_delete=models.SET_NULL, related_name="employers"
    )
    # Permit office (OSS/DPMPTSP)
    oss_file = models.CharField(max_length=200, blank=True)
    oss_date = models.DateField(null=True, blank=True)
    # Labour office (WLKP, wajib lapor ketenagakerjaan)
    wlkp_workers = models.PositiveIntegerField(_("pekerja dilaporkan (WLKP)"), null=True, blank=True)
    wlkp_avg_wage = models.BigIntegerField(_("rata-rata upah (WLKP, Rp)"), null=True, blank=True)
    wlkp_file = models.CharField(max_length=200, blank=True)
    wlkp_date = models.DateField(null=True, blank=True)
    # BPJS branch
    npp = models.CharField("NPP", max_length=20, blank=True)
    bpjs_workers = models.PositiveIntegerField(_("pekerja terdaftar BPJS"), null=True, blank=True)
    bpjs_programmes = models.CharField(_("program BPJS"), max_length=40, blank=True)
    bpjs_wage_total = models.BigIntegerField(_("total upah dilaporkan (Rp)"), null=True, blank=True)
    arrears_months = models.PositiveSmallIntegerField(_("bulan menunggak"), default=0)
    bpjs_file = models.CharField(max_length=200, blank=True)
    bpjs_date = models.DateField(null=True, blank=True)
    # Categories (computed by ``employers_categorise``; the evidence is rebuilt from the numbers above)
    is_obliged = models.BooleanField(default=False)
    is_pwbd = models.BooleanField(default=False)
    is_pds_tk = models.BooleanField(default=False)
    is_pds_upah = models.BooleanField(default=False)
    is_pds_program = models.BooleanField(default=False)
    category = models.CharField(
        _("kategori"), max_length=12, choices=Category.choices, default=Category.NOT_OBLIGED
    )
    category_since = models.DateField(_("sejak"), null=True, blank=True)
    categorised_on = models.DateField(null=True, blank=True)
    umk_used = models.BigIntegerField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["nib"], condition=~Q(nib=""), name="uniq_employer_nib"),
        ]
        indexes = [
            models.Index(fields=["regency_code", "category"], name="employer_regency_cat_idx"),
        ]
        verbose_name = _("pemberi kerja")
        verbose_name_plural = _("pemberi kerja")

    def __str__(self) -> str:
        return f"{self.name} ({self.nib or self.npp or '-'})"

    @property
    def is_public(self) -> bool:
        return self.kind in {self.Kind.GOVERNMENT, self.Kind.KPU, self.Kind.BAWASLU}

    @property
    def compliant(self) -> bool:
        return self.category == Category.COMPLIANT

    @property
    def categories(self) -> list[str]:
        flags = {
            Category.PWBD: self.is_pwbd,
            Category.PDS_TK: self.is_pds_tk,
            Category.PDS_UPAH: self.is_pds_upah,
            Category.PDS_PROGRAM: self.is_pds_program,
        }
        return [c for c in CATEGORY_ORDER if flags[c]]


class EmployerImport(models.Model):
    """One file from one office: the OSS permit list, the WLKP list or the BPJS branch's employer list."""

    class Source(models.TextChoices):
        OSS = "oss", _("Daftar izin OSS/DPMPTSP")
        WLKP = "wlkp", _("Daftar WLKP Disnaker")
        BPJS = "bpjs", _("Daftar pemberi kerja BPJS Ketenagakerjaan")

    class Status(models.TextChoices):
        APPLIED = "applied", _("Diterapkan")
        REFUSED = "refused", _("Ditolak")

    source = models.CharField(_("sumber"), max_length=10, choices=Source.choices)
    filename = models.CharField(_("berkas"), max_length=200)
    file_date = models.DateField(_("tanggal data"))
    regency_code = models.CharField(max_length=5, blank=True, db_index=True)
    status = models.CharField(max_length=10, choices=Status.choices)
    rows = models.PositiveIntegerField(default=0)
    created = models.PositiveIntegerField(default=0)
    updated = models.PositiveIntegerField(default=0)
    probable = models.PositiveIntegerField(default=0)
    errors = models.PositiveIntegerField(default=0)
    # Row-level report: the rows with a problem (row number, column, message), at most REPORT_ROWS.
    report = models.JSONField(default=list, blank=True)
    message = models.TextField(blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("impor daftar pemberi kerja")
        verbose_name_plural = _("impor daftar pemberi kerja")

    def __str__(self) -> str:
        return f"{self.get_source_display()} {self.filename}"


class ProbableMatch(models.Model):
    """A file row that matched an employer only by normalised name and village: never merged silently; a
    person decides (merge into the employer, or register it as a separate employer)."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Menunggu keputusan")
        MERGED = "merged", _("Digabung")
        SEPARATE = "separate", _("Pemberi kerja terpisah")

    employer_import = models.ForeignKey(EmployerImport, on_delete=models.CASCADE, related_name="matches")
    row_no = models.PositiveIntegerField()
    employer = models.ForeignKey(Employer, on_delete=models.CASCADE, related_name="probable_matches")
    data = models.JSONField(default=dict)
    regency_code = models.CharField(max_length=5, db_index=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["id"]
        verbose_name = _("kemungkinan kecocokan")
        verbose_name_plural = _("kemungkinan kecocokan")

    def __str__(self) -> str:
        return f"{self.employer_import_id}#{self.row_no} -> {self.employer_id}"


class ComplianceRule(models.Model):
    """A category rule as dated data with its source. ``params`` per code:

    - PWBD: ``min_workers`` (an employer reporting at least this many workers is obliged), ``scales_without_wlkp``
      (scales presumed to employ workers when no WLKP report exists);
    - PDS_TK: ``tolerance_workers`` (registered may be this many below reported);
    - PDS_UPAH: ``tolerance_percent`` (average reported wage may be this far below UMK or the WLKP wage);
    - PDS_PROGRAM: ``mandatory`` (scale -> programmes).
    """

    code = models.CharField(max_length=12, choices=Category.choices[:4])
    effective_from = models.DateField(_("berlaku mulai"))
    params = models.JSONField(default=dict)
    description = models.CharField(_("keterangan"), max_length=400)
    source = models.CharField(_("dasar hukum"), max_length=300)
    verified = models.BooleanField(_("terverifikasi"), default=False)

    class Meta:
        ordering = ["code", "-effective_from"]
        constraints = [models.UniqueConstraint(fields=["code", "effective_from"], name="uniq_rule_date")]
        verbose_name = _("aturan kategori kepatuhan")
        verbose_name_plural = _("aturan kategori kepatuhan")

    def __str__(self) -> str:
        return f"{self.code} {self.effective_from}"


class MinimumWage(models.Model):
    """UMK (a regency code) or UMP (a province code) for a year, entered by an administrator."""

    region_code = models.CharField(_("kode wilayah"), max_length=5)
    year = models.PositiveSmallIntegerField(_("tahun"))
    amount = models.BigIntegerField(_("upah minimum (Rp/bulan)"))
    source = models.CharField(_("dasar hukum"), max_length=300)
    verified = models.BooleanField(_("terverifikasi"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["region_code", "-year"]
        constraints = [models.UniqueConstraint(fields=["region_code", "year"], name="uniq_min_wage")]
        verbose_name = _("upah minimum (UMK/UMP)")
        verbose_name_plural = _("upah minimum (UMK/UMP)")

    def __str__(self) -> str:
        return f"{self.region_code} {self.year}: {self.amount}"


class SanctionRule(models.Model):
    """The sanction path's numbers (PP 86/2013, Permenaker 4/2018) as dated data."""

    effective_from = models.DateField(_("berlaku mulai"), unique=True)
    warning_working_days = models.PositiveSmallIntegerField(_("tenggat peringatan (hari kerja)"), default=10)
    fine_permille_per_month = models.PositiveSmallIntegerField(
        _("denda per bulan (permil dari iuran terutang)"), default=1
    )
    fine_payment_days = models.PositiveSmallIntegerField(_("tenggat bayar denda (hari)"), default=30)
    source = models.CharField(_("dasar hukum"), max_length=300)
    verified = models.BooleanField(_("terverifikasi"), default=False)

    class Meta:
        ordering = ["-effective_from"]
        verbose_name = _("aturan sanksi")
        verbose_name_plural = _("aturan sanksi")

    def __str__(self) -> str:
        return f"{self.effective_from}"


class Case(models.Model):
    class Stage(models.TextChoices):
        FINDING = "finding", _("Temuan")
        WARNING_1 = "warning_1", _("Peringatan tertulis 1")
        WARNING_2 = "warning_2", _("Peringatan tertulis 2")
        FINE = "fine", _("Denda")
        SERVICE_DENIAL = "service_denial", _("Rekomendasi tidak mendapat pelayanan publik tertentu")
        PROSECUTOR = "prosecutor", _("Diserahkan ke Kejaksaan (SKK)")
        RESOLVED = "resolved", _("Selesai, sanksi dicabut")

    number = models.CharField(_("nomor kasus"), max_length=40, unique=True)
    employer = models.ForeignKey(Employer, on_delete=models.PROTECT, related_name="cases")
    region_code = models.CharField(max_length=13, blank=True)
    regency_code = models.CharField(max_length=5, db_index=True)
    category = models.CharField(_("kategori"), max_length=12, choices=Category.choices)
    finding = models.TextField(_("temuan"))
    stage = models.CharField(_("tahap"), max_length=16, choices=Stage.choices, default=Stage.FINDING)
    stage_date = models.DateField(_("tanggal tahap"))
    deadline = models.DateField(_("tenggat"), null=True, blank=True)
    contributions_owed = models.BigIntegerField(_("iuran terutang (Rp)"), default=0)
    months_owed = models.PositiveSmallIntegerField(_("bulan terutang"), default=0)
    fine_amount = models.BigIntegerField(_("denda (Rp)"), default=0)
    kejari = models.ForeignKey(
        "accounts.Organisation",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="compliance_cases",
        verbose_name=_("kejaksaan negeri"),
    )
    skk_number = models.CharField(_("nomor SKK"), max_length=80, blank=True)
    skk_date = models.DateField(_("tanggal SKK"), null=True, blank=True)
    recovered_amount = models.BigIntegerField(_("jumlah dipulihkan (Rp)"), default=0)
    resolution = models.CharField(_("penyelesaian"), max_length=300, blank=True)
    resolved_on = models.DateField(_("selesai pada"), null=True, blank=True)
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            # one open case per employer
            models.UniqueConstraint(
                fields=["employer"], condition=~Q(stage="resolved"), name="uniq_open_case_per_employer"
            )
        ]
        verbose_name = _("kasus kepatuhan")
        verbose_name_plural = _("kasus kepatuhan")

    def __str__(self) -> str:
        return self.number

    @property
    def is_open(self) -> bool:
        return self.stage != self.Stage.RESOLVED

    @property
    def sanction_active(self) -> bool:
        return self.stage in {self.Stage.FINE, self.Stage.SERVICE_DENIAL, self.Stage.PROSECUTOR}


class CaseStep(models.Model):
    """One step on the sanction path, with its numbered letter and, once signed, the uploaded copy."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="steps")
    stage = models.CharField(max_length=16, choices=Case.Stage.choices)
    date = models.DateField(_("tanggal"))
    deadline = models.DateField(_("tenggat"), null=True, blank=True)
    letter_number = models.CharField(_("nomor surat"), max_length=60, blank=True)
    amount = models.BigIntegerField(default=0)
    note = models.TextField(_("catatan"), blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    signed_copy = models.FileField(_("salinan bertanda tangan"), upload_to="kepatuhan/%Y/", blank=True)
    signed_uploaded_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["date", "id"]
        verbose_name = _("langkah kasus")
        verbose_name_plural = _("langkah kasus")

    def __str__(self) -> str:
        return f"{self.case_id} {self.stage} {self.letter_number}"


class LetterSequence(models.Model):
    """Sequential letter numbers per kind and year (row-locked while a number is taken)."""

    prefix = models.CharField(max_length=20)
    year = models.PositiveSmallIntegerField()
    last = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["prefix", "year"], name="uniq_letter_seq")]

    def __str__(self) -> str:
        return f"{self.prefix} {self.year}: {self.last}"


class ComplianceCheck(models.Model):
    """Every permit-office check: who asked, when, about which NIB, and the answer given."""

    nib = models.CharField(max_length=20, db_index=True)
    employer = models.ForeignKey(
        Employer, null=True, blank=True, on_delete=models.SET_NULL, related_name="checks"
    )
    checked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    checker_name = models.CharField(max_length=200, blank=True)
    channel = models.CharField(max_length=10, default="api")
    compliant = models.BooleanField(default=False)
    answer = models.JSONField(default=dict)
    checked_at = models.DateTimeField(db_index=True)

    class Meta:
        ordering = ["-checked_at", "-id"]
        verbose_name = _("pemeriksaan kepatuhan")
        verbose_name_plural = _("pemeriksaan kepatuhan")

    def __str__(self) -> str:
        return f"{self.nib} {self.checked_at:%Y-%m-%d %H:%M}"


class CategorySnapshot(models.Model):
    """Businesses per category per regency on the day of a categorisation (the scorecard's trend)."""

    regency_code = models.CharField(max_length=5)
    date = models.DateField()
    category = models.CharField(max_length=12, choices=Category.choices)
    count = models.PositiveIntegerField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["regency_code", "date", "category"], name="uniq_cat_snapshot")
        ]

    def __str__(self) -> str:
        return f"{self.regency_code} {self.date} {self.category}: {self.count}"
