"""Claims and benefits: dated benefit rules, a person's family (the heirs), claims from the reported event to
the handover to the heirs, and the scholarship schedule of entitled children.

Amounts are integer Rupiah. Rules are dated data: a new value is added with an effective date, older rows are
never changed, and an event is computed with the rules valid on its date.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class RuleKey(models.TextChoices):
    """Every benefit parameter; the unit is in the label (Rp, bulan, %, orang, tahun)."""

    JKM_LUMP_SUM = "jkm_lump_sum", _("JKM: santunan sekaligus (Rp)")
    JKM_PERIODIC_MONTHLY = "jkm_periodic_monthly", _("JKM: santunan berkala per bulan (Rp)")
    JKM_PERIODIC_MONTHS = "jkm_periodic_months", _("JKM: santunan berkala, jumlah bulan (dibayar sekaligus)")
    FUNERAL = "funeral", _("Biaya pemakaman (Rp)")
    JKK_DEATH_PERCENT = "jkk_death_percent", _("JKK meninggal: persen upah (%)")
    JKK_DEATH_MONTHS = "jkk_death_months", _("JKK meninggal: kali upah sebulan")
    JKK_DISABILITY_PERCENT = "jkk_disability_percent", _("JKK cacat total tetap: persen upah (%)")
    JKK_DISABILITY_MONTHS = "jkk_disability_months", _("JKK cacat total tetap: kali upah sebulan")
    STMB_FIRST_MONTHS = "stmb_first_months", _("STMB: bulan pertama dengan upah penuh")
    STMB_FIRST_PERCENT = "stmb_first_percent", _("STMB: persen upah pada bulan-bulan pertama (%)")
    STMB_AFTER_PERCENT = "stmb_after_percent", _("STMB: persen upah sesudahnya (%)")
    TRANSPORT_LAND = "transport_land", _("Transportasi darat paling banyak (Rp)")
    TRANSPORT_SEA = "transport_sea", _("Transportasi laut paling banyak (Rp)")
    TRANSPORT_AIR = "transport_air", _("Transportasi udara paling banyak (Rp)")
    SCHOLARSHIP_MAX_CHILDREN = "scholarship_max_children", _("Beasiswa: paling banyak anak (orang)")
    SCHOLARSHIP_MAX_PER_CHILD = "scholarship_max_per_child", _("Beasiswa: paling banyak per anak (Rp)")
    SCHOLARSHIP_MAX_AGE = "scholarship_max_age", _("Beasiswa: anak berusia di bawah (tahun)")
    JKM_SCHOLARSHIP_MIN_MONTHS = (
        "jkm_scholarship_min_months",
        _("Beasiswa JKM: masa iuran paling sedikit (bulan)"),
    )
    WAITING_MONTHS = "waiting_months", _("Masa tunggu BPU baru: meninggal dalam (bulan sejak mendaftar)")
    WAITING_DEATH = "waiting_death", _("Masa tunggu: santunan kematian (Rp)")
    WAITING_FUNERAL = "waiting_funeral", _("Masa tunggu: biaya pemakaman (Rp)")
    JKK_CLAIM_LIMIT_MONTHS = (
        "jkk_claim_limit_months",
        _("Klaim JKK kedaluwarsa setelah (bulan sejak kecelakaan)"),
    )
    BPU_GRACE_MONTHS = "bpu_grace_months", _("BPU: tunggakan masih dapat dibayar sampai (bulan)")


class BenefitRule(models.Model):
    """One benefit parameter from a date on. Never updated: a change is a new row with a later date."""

    key = models.CharField(_("aturan"), max_length=40, choices=RuleKey.choices)
    effective_from = models.DateField(_("berlaku mulai"))
    value = models.BigIntegerField(_("nilai"))
    source = models.CharField(_("sumber"), max_length=300, blank=True)
    verified = models.BooleanField(_("terverifikasi"), default=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["key", "effective_from"]
        constraints = [models.UniqueConstraint(fields=["key", "effective_from"], name="uniq_benefit_rule")]
        verbose_name = _("aturan manfaat")
        verbose_name_plural = _("aturan manfaat")

    def __str__(self) -> str:
        return f"{self.key} = {self.value} ({self.effective_from:%Y-%m-%d})"


class SchoolLevel(models.TextChoices):
    TK = "TK", "TK"
    SD = "SD", "SD"
    SMP = "SMP", "SMP"
    SMA = "SMA", "SMA"
    PT = "PT", _("Perguruan tinggi (S1)")


class ScholarshipRate(models.Model):
    """The scholarship per year for a school level and how many years of it are paid, from a date on."""

    level = models.CharField(_("jenjang"), max_length=3, choices=SchoolLevel.choices)
    effective_from = models.DateField(_("berlaku mulai"))
    amount_per_year = models.BigIntegerField(_("per tahun (Rp)"))
    years = models.PositiveSmallIntegerField(_("jumlah tahun"))
    source = models.CharField(_("sumber"), max_length=300, blank=True)
    verified = models.BooleanField(_("terverifikasi"), default=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["effective_from", "level"]
        constraints = [
            models.UniqueConstraint(fields=["level", "effective_from"], name="uniq_scholarship_rate")
        ]
        verbose_name = _("tarif beasiswa")
        verbose_name_plural = _("tarif beasiswa")

    def __str__(self) -> str:
        return f"{self.level} {self.amount_per_year} x {self.years} ({self.effective_from:%Y-%m-%d})"


class Relation(models.TextChoices):
    SPOUSE = "spouse", _("Suami/istri")
    CHILD = "child", _("Anak")
    PARENT = "parent", _("Orang tua")
    GRANDCHILD = "grandchild", _("Cucu")
    GRANDPARENT = "grandparent", _("Kakek/nenek")
    SIBLING = "sibling", _("Saudara kandung")
    PARENT_IN_LAW = "parent_in_law", _("Mertua")
    WILL = "will", _("Ditunjuk dalam wasiat")


class FamilyMember(models.Model):
    """A member of a person's family: the possible heirs and the children who may get a scholarship."""

    person = models.ForeignKey("registry.Person", on_delete=models.CASCADE, related_name="family")
    relation = models.CharField(_("hubungan"), max_length=20, choices=Relation.choices)
    full_name = models.CharField(_("nama lengkap"), max_length=200)
    nik = models.CharField(_("NIK"), max_length=16, blank=True)
    birth_date = models.DateField(_("tanggal lahir"), null=True, blank=True)
    married = models.BooleanField(_("sudah menikah"), default=False)
    working = models.BooleanField(_("sudah bekerja"), default=False)
    school_level = models.CharField(
        _("jenjang sekolah"), max_length=3, choices=SchoolLevel.choices, blank=True
    )
    school_year = models.PositiveSmallIntegerField(_("kelas/tahun ke-"), null=True, blank=True)
    phone = models.CharField(_("telepon"), max_length=20, blank=True)
    region_code = models.CharField(max_length=13, db_index=True, editable=False)
    regency_code = models.CharField(max_length=5, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["person", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["person", "nik"], condition=~models.Q(nik=""), name="uniq_family_member_nik"
            )
        ]
        verbose_name = _("anggota keluarga")
        verbose_name_plural = _("anggota keluarga")

    def __str__(self) -> str:
        return f"{self.full_name} ({self.get_relation_display()})"


class Claim(models.Model):
    class EventKind(models.TextChoices):
        DEATH = "death", _("Meninggal dunia")
        WORK_ACCIDENT = "work_accident", _("Kecelakaan kerja")
        OCCUPATIONAL_DISEASE = "occupational_disease", _("Penyakit akibat kerja")

    class Benefit(models.TextChoices):
        JKM = "JKM", _("JKM: meninggal dunia (bukan kecelakaan kerja)")
        JKK_DEATH = "JKK_DEATH", _("JKK: meninggal karena kecelakaan kerja")
        JKK_TOTAL_DISABILITY = "JKK_TOTAL_DISABILITY", _("JKK: cacat total tetap")
        JKK_STMB = "JKK_STMB", _("JKK: sementara tidak mampu bekerja (STMB)")

    class Status(models.TextChoices):
        REPORTED = "reported", _("Dilaporkan")
        SUBMITTED = "submitted", _("Diajukan ke BPJS")
        APPROVED = "approved", _("Disetujui BPJS")
        REJECTED = "rejected", _("Ditolak BPJS")
        PAID = "paid", _("Dibayar")
        HANDED_OVER = "handed_over", _("Diserahkan kepada ahli waris")

    number = models.CharField(_("nomor"), max_length=30, unique=True)
    person = models.ForeignKey("registry.Person", on_delete=models.PROTECT, related_name="claims")
    membership = models.ForeignKey(
        "memberships.Membership", null=True, blank=True, on_delete=models.PROTECT, related_name="claims"
    )
    programme = models.ForeignKey(
        "programs.Programme", null=True, blank=True, on_delete=models.PROTECT, related_name="claims"
    )
    funder = models.ForeignKey(
        "programs.ProgrammeFunder", null=True, blank=True, on_delete=models.PROTECT, related_name="claims"
    )
    event_kind = models.CharField(_("peristiwa"), max_length=25, choices=EventKind.choices)
    benefit = models.CharField(_("manfaat"), max_length=25, choices=Benefit.choices)
    event_date = models.DateField(_("tanggal peristiwa"))
    place = models.CharField(_("tempat"), max_length=200)
    cause = models.CharField(_("penyebab"), max_length=300)
    at_work = models.BooleanField(_("terjadi saat bekerja / dalam perjalanan kerja"), default=False)
    months_off = models.PositiveSmallIntegerField(
        _("bulan tidak mampu bekerja (STMB)"), null=True, blank=True
    )
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.REPORTED)
    # What Lindung computed at the report (and again when the data changed): eligibility and the amounts.
    eligible = models.BooleanField(_("memenuhi syarat"), default=False)
    employer_pays_first = models.BooleanField(_("pemberi kerja membayar manfaat lebih dulu"), default=False)
    wage = models.BigIntegerField(_("upah/penghasilan (Rp)"), null=True, blank=True)
    estimate = models.JSONField(_("perhitungan"), default=dict, blank=True)
    estimated_cash = models.BigIntegerField(_("perkiraan manfaat tunai (Rp)"), default=0)
    approved_amount = models.BigIntegerField(_("jumlah disetujui (Rp)"), null=True, blank=True)
    decision_note = models.TextField(_("catatan/alasan keputusan"), blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    paid_amount = models.BigIntegerField(_("jumlah dibayar (Rp)"), null=True, blank=True)
    paid_on = models.DateField(_("tanggal bayar"), null=True, blank=True)
    bpjs_reference = models.CharField(_("nomor referensi BPJS"), max_length=60, blank=True)
    paid_to = models.ForeignKey(
        FamilyMember,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("penerima"),
    )
    paid_to_name = models.CharField(_("nama penerima"), max_length=200, blank=True)
    handed_over_on = models.DateField(_("tanggal penyerahan"), null=True, blank=True)
    handover_place = models.CharField(_("tempat penyerahan"), max_length=200, blank=True)
    handover_by = models.CharField(_("diserahkan oleh"), max_length=200, blank=True)
    region_code = models.CharField(_("kode desa/kelurahan"), max_length=13)
    regency_code = models.CharField(_("kode kabupaten/kota"), max_length=5)
    reported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    reporter_org = models.ForeignKey(
        "accounts.Organisation", null=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            # A second claim of the same kind for the same person and event is refused (a rejected one may be
            # reported again with the missing evidence).
            models.UniqueConstraint(
                fields=["person", "benefit", "event_date"],
                condition=~models.Q(status="rejected"),
                name="uniq_claim_event",
            )
        ]
        indexes = [
            models.Index(fields=["regency_code", "status"], name="claim_regency_status_idx"),
            models.Index(fields=["region_code"], name="claim_region_idx", opclasses=["varchar_pattern_ops"]),
        ]
        verbose_name = _("klaim")
        verbose_name_plural = _("klaim")

    def __str__(self) -> str:
        return self.number

    @property
    def is_death(self) -> bool:
        return self.benefit in (self.Benefit.JKM, self.Benefit.JKK_DEATH)


class DocumentKind(models.TextChoices):
    DEATH_CERTIFICATE = "death_certificate", _("Akta/surat keterangan kematian")
    FAMILY_CARD = "family_card", _("Kartu keluarga")
    HEIR_KTP = "heir_ktp", _("KTP ahli waris")
    HEIR_STATEMENT = "heir_statement", _("Surat keterangan ahli waris")
    MEMBERSHIP_CARD = "membership_card", _("Kartu peserta BPJS Ketenagakerjaan")
    POLICE_REPORT = "police_report", _("Laporan polisi (kecelakaan lalu lintas)")
    ACCIDENT_REPORT = "accident_report", _("Laporan kecelakaan kerja (tahap I dan II)")
    MEDICAL_RESUME = "medical_resume", _("Resume medis / surat keterangan dokter")
    SCHOOL_CERTIFICATE = "school_certificate", _("Surat keterangan sekolah/kuliah anak")
    BANK_BOOK = "bank_book", _("Buku tabungan penerima")
    OTHER = "other", pgettext_lazy("dokumen", "Lainnya")


class ClaimDocument(models.Model):
    claim = models.ForeignKey(Claim, on_delete=models.CASCADE, related_name="documents")
    kind = models.CharField(_("dokumen"), max_length=30, choices=DocumentKind.choices)
    file = models.FileField(_("berkas"), upload_to="klaim/%Y/%m/")
    original_name = models.CharField(max_length=200, blank=True)
    note = models.CharField(_("keterangan"), max_length=200, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["kind", "id"]
        verbose_name = _("dokumen klaim")
        verbose_name_plural = _("dokumen klaim")

    def __str__(self) -> str:
        return f"{self.claim_id} {self.kind}"


class Scholarship(models.Model):
    """One year of one child's scholarship: due on proof of enrolment, paid, or stopped by the rules."""

    class Status(models.TextChoices):
        SCHEDULED = "scheduled", _("Terjadwal")
        PAID = "paid", _("Dibayar")
        STOPPED = "stopped", _("Berhenti")

    claim = models.ForeignKey(Claim, on_delete=models.CASCADE, related_name="scholarships")
    child = models.ForeignKey(FamilyMember, on_delete=models.PROTECT, related_name="scholarships")
    level = models.CharField(_("jenjang"), max_length=3, choices=SchoolLevel.choices)
    grade = models.PositiveSmallIntegerField(_("kelas/tahun ke-"))
    school_year = models.PositiveSmallIntegerField(_("tahun ajaran (mulai)"))
    due_on = models.DateField(_("jatuh tempo"))
    amount = models.BigIntegerField(_("jumlah (Rp)"))
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.SCHEDULED)
    proof = models.CharField(_("bukti terdaftar di sekolah"), max_length=200, blank=True)
    paid_on = models.DateField(_("tanggal bayar"), null=True, blank=True)
    bpjs_reference = models.CharField(_("nomor referensi BPJS"), max_length=60, blank=True)
    stop_reason = models.CharField(_("alasan berhenti"), max_length=200, blank=True)
    region_code = models.CharField(max_length=13, db_index=True)
    regency_code = models.CharField(max_length=5, db_index=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["child", "school_year"]
        constraints = [
            models.UniqueConstraint(fields=["child", "claim", "school_year"], name="uniq_scholarship_year")
        ]
        verbose_name = _("beasiswa")
        verbose_name_plural = _("beasiswa")

    def __str__(self) -> str:
        return f"{self.child_id} {self.level} {self.school_year}"
