import datetime as dt

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

# Organisation kinds that are state bodies (penyelenggara negara) when they employ and pay (accounts.Organisation).
STATE_ORGANISATION_KINDS = {"pemprov", "pemkab", "pemkot", "opd", "desa", "kelurahan", "kpu", "bawaslu"}


class Programme(models.Model):
    """A protection scheme (skema perlindungan) run by a regional government or sponsor."""

    class TargetGroup(models.TextChoices):
        PEKERJA_RENTAN = "pekerja_rentan", _("Pekerja rentan desa/kelurahan")
        NON_ASN = "non_asn", _("Pegawai non-ASN (termasuk guru honorer)")
        PEKEBUN_SAWIT = "pekebun_sawit", _("Pekebun sawit")
        BADAN_ADHOC = "badan_adhoc", _("Badan ad hoc pemilu/pilkada")
        PERANGKAT_RT = "perangkat_rt", _("Perangkat RT/RW")
        INFORMAL_BERSPONSOR = "informal_bersponsor", _("Pekerja informal bersponsor (SERTAKAN/CSR)")
        LAINNYA = "lainnya", _("Lainnya")

    class OfficerKind(models.TextChoices):
        PPK = "PPK", "PPK"
        PPS = "PPS", "PPS"
        KPPS = "KPPS", "KPPS"
        PANTARLIH = "Pantarlih", "Pantarlih"
        PANWASCAM = "Panwascam", "Panwascam"
        PPL = "PPL", "PPL"

    class Segment(models.TextChoices):
        BPU = "BPU", _("BPU (Bukan Penerima Upah)")
        PU = "PU", _("PU (Penerima Upah)")

    class WageBasis(models.TextChoices):
        DECLARED_INCOME = "declared_income", _("Penghasilan yang dilaporkan")
        WAGE = "wage", _("Upah")
        FIXED = "fixed", _("Iuran tetap per orang (perjanjian)")

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draf")
        ACTIVE = "active", _("Berjalan")
        CLOSED = "closed", _("Selesai")

    class DoubleFunding(models.TextChoices):
        REJECT = "reject", _("Tolak")
        WARN = "warn", pgettext_lazy("double funding", "Peringatan")

    code = models.SlugField(_("kode"), max_length=60, unique=True)
    name = models.CharField(_("nama"), max_length=200)
    owner = models.ForeignKey(
        "accounts.Organisation",
        on_delete=models.PROTECT,
        related_name="programmes",
        verbose_name=_("pemilik"),
    )
    region_code = models.CharField(_("wilayah"), max_length=13, db_index=True)
    target_group = models.CharField(_("kelompok sasaran"), max_length=30, choices=TargetGroup.choices)
    officer_kinds = models.JSONField(_("jenis petugas ad hoc"), default=list, blank=True)
    has_jkk = models.BooleanField("JKK", default=True)
    has_jkm = models.BooleanField("JKM", default=True)
    has_jht = models.BooleanField("JHT", default=False)
    segment = models.CharField(_("segmen"), max_length=3, choices=Segment.choices, default=Segment.BPU)
    wage_basis = models.CharField(
        _("dasar iuran"), max_length=20, choices=WageBasis.choices, default=WageBasis.DECLARED_INCOME
    )
    fixed_amount_per_person = models.BigIntegerField(
        _("iuran tetap per orang per bulan (Rp)"), null=True, blank=True
    )
    declared_income = models.BigIntegerField(
        _("penghasilan yang dilaporkan (Rp/bulan, BPU)"),
        null=True,
        blank=True,
        help_text=_("Dasar iuran BPU; kosong = penghasilan terendah pada tabel tarif (Rp1.000.000)."),
    )
    wage = models.BigIntegerField(_("upah sebulan (Rp, PU)"), null=True, blank=True)
    risk_class = models.PositiveSmallIntegerField(
        _("kelompok risiko JKK (PU)"),
        choices=[
            (1, _("Sangat rendah")),
            (2, _("Rendah")),
            (3, _("Sedang")),
            (4, _("Tinggi")),
            (5, _("Sangat tinggi")),
        ],
        default=1,
    )
    has_jp = models.BooleanField("JP", default=False)
    has_jkp = models.BooleanField(_("peserta JKP (rekomposisi iuran JKK/JKM)"), default=False)
    # BPU memberships end after MORE than this many consecutive unpaid months (BPJS procedure 2022, default 3);
    # PU memberships never lapse for arrears: the employer pays benefits first (PP 44/2015).
    lapse_after_months = models.PositiveSmallIntegerField(
        _("BPU terhenti setelah menunggak lebih dari (bulan berturut-turut)"), default=3
    )
    # Memberships start on the acceptance date (or the date of the BPJS branch's KPJ response); with this set
    # they are deliberately back-dated to the programme's start (e.g. a cooperation agreement for a whole year).
    backdate_start = models.BooleanField(
        _("kepesertaan berlaku surut sejak program mulai"),
        default=False,
        help_text=_(
            "Bila dicentang, kepesertaan yang diterima BPJS berlaku (dan ditagih) sejak tanggal mulai program; "
            "bila tidak, sejak tanggal penerimaan."
        ),
    )
    start_date = models.DateField(_("mulai"))
    end_date = models.DateField(_("selesai"), null=True, blank=True)
    quota_total = models.PositiveIntegerField(_("kuota total"), null=True, blank=True)
    quota_per_village = models.PositiveIntegerField(_("kuota per desa"), null=True, blank=True)
    min_age = models.PositiveSmallIntegerField(_("usia minimum"), default=15)
    max_age = models.PositiveSmallIntegerField(_("usia maksimum"), default=65)
    double_funding = models.CharField(
        _("pendanaan ganda"), max_length=10, choices=DoubleFunding.choices, default=DoubleFunding.REJECT
    )
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.ACTIVE)
    description = models.TextField(_("keterangan"), blank=True)
    # Official documents (invoices, receipts, certificates of support): how to pay and who signs. The issuer
    # is the BPJS branch serving the programme's region (programs.selectors.document_issuer).
    bank_name = models.CharField(_("bank penerima"), max_length=100, blank=True)
    bank_account_number = models.CharField(_("nomor rekening"), max_length=40, blank=True)
    bank_account_name = models.CharField(_("atas nama rekening"), max_length=200, blank=True)
    virtual_account = models.CharField(
        _("nomor virtual account"),
        max_length=40,
        blank=True,
        help_text=_("Bila diisi, tagihan meminta pembayaran ke nomor virtual account ini."),
    )
    signatory_name = models.CharField(_("nama penandatangan dokumen"), max_length=200, blank=True)
    signatory_position = models.CharField(_("jabatan penandatangan"), max_length=200, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("program")
        verbose_name_plural = _("program")

    def __str__(self) -> str:
        return self.name

    @property
    def elements(self) -> list[str]:
        return [
            name
            for name, on in (
                ("JKK", self.has_jkk),
                ("JKM", self.has_jkm),
                ("JHT", self.has_jht),
                ("JP", self.has_jp),
            )
            if on
        ]

    def membership_start(self, accepted_on: dt.date) -> dt.date:
        """When a membership accepted by BPJS on ``accepted_on`` (the acceptance, or the date of the branch's KPJ
        response) starts, and is billed from: that day, never before the programme starts; with
        ``backdate_start`` deliberately the programme's start (e.g. an agreement covering the whole year)."""
        if self.backdate_start:
            return self.start_date
        return max(self.start_date, accepted_on)

    @property
    def is_publicly_funded(self) -> bool:
        return any(f.kind in ProgrammeFunder.PUBLIC_KINDS for f in self.funders.all())


class ProgrammeFunder(models.Model):
    class Kind(models.TextChoices):
        APBD_KAB = "apbd_kab", _("APBD Kabupaten/Kota")
        APBD_PROV = "apbd_prov", _("APBD Provinsi")
        P_APBD = "p_apbd", "P-APBD"
        DBH_SAWIT = "dbh_sawit", _("DBH Sawit")
        APBDES = "apbdes", "APBDes"
        CSR = "csr", _("CSR perusahaan")
        SERTAKAN = "sertakan", _("SERTAKAN (perorangan)")
        EMPLOYER = "employer", _("Pemberi kerja")

    # Which funder kinds count as public money ("dibayar dari APBN/APBD": no PP 50/2025 discount, double
    # funding checked) and which are state bodies (penyelenggara negara: no 2% late fee), one row per kind
    # with the reason (decision "Funder kinds"). An employer is a state body when its organisation is one.
    KIND_RULES = {
        Kind.APBD_KAB: (True, True, "APBD kabupaten/kota: uang daerah, dibayar pemerintah daerah"),
        Kind.APBD_PROV: (True, True, "APBD provinsi: uang daerah, dibayar pemerintah provinsi"),
        Kind.P_APBD: (True, True, "APBD Perubahan: bagian dari APBD"),
        Kind.DBH_SAWIT: (True, True, "Dana Bagi Hasil Sawit: transfer APBN yang dibelanjakan lewat APBD"),
        Kind.APBDES: (
            True,
            True,
            "APBDes: keuangan negara (Dana Desa dari APBN, ADD dari APBD), dibayar desa",
        ),
        Kind.CSR: (False, False, "CSR perusahaan: uang swasta"),
        Kind.SERTAKAN: (False, False, "SERTAKAN: uang perorangan"),
        Kind.EMPLOYER: (
            False,
            False,
            "Pemberi kerja: uang pemberi kerja; penyelenggara negara bila organisasinya pemerintah",
        ),
    }
    PUBLIC_KINDS = {kind for kind, (public, _state, _why) in KIND_RULES.items() if public}
    STATE_KINDS = {kind for kind, (_public, state, _why) in KIND_RULES.items() if state}
    # Kinds that may sponsor named people (no share): they pay in full for the memberships recorded on them.
    SPONSOR_KINDS = {Kind.CSR, Kind.SERTAKAN, Kind.EMPLOYER}

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="funders")
    kind = models.CharField(_("sumber dana"), max_length=20, choices=Kind.choices)
    organisation = models.ForeignKey(
        "accounts.Organisation", null=True, blank=True, on_delete=models.PROTECT, related_name="fundings"
    )
    name = models.CharField(_("nama penyandang dana"), max_length=200, blank=True)
    share_percent = models.DecimalField(_("porsi (%)"), max_digits=5, decimal_places=2, null=True, blank=True)
    amount_per_person = models.BigIntegerField(_("nominal per orang per bulan (Rp)"), null=True, blank=True)

    class Meta:
        ordering = ["programme", "id"]
        verbose_name = _("penyandang dana")
        verbose_name_plural = _("penyandang dana")

    def __str__(self) -> str:
        return self.name or self.get_kind_display()

    @property
    def is_public(self) -> bool:
        return self.kind in self.PUBLIC_KINDS

    @property
    def is_state_body(self) -> bool:
        """The payer is a state body (penyelenggara negara): public money, or an employer that is a
        government organisation (Pemkab/Pemkot/Pemprov, an OPD, a village office, KPU, Bawaslu)."""
        if self.kind in self.STATE_KINDS:
            return True
        return bool(
            self.kind == self.Kind.EMPLOYER
            and self.organisation_id
            and self.organisation.kind in STATE_ORGANISATION_KINDS
        )

    @property
    def paid_by_treasury(self) -> bool:
        """Public money and the regional government as employer: paid through the regional treasury
        (BPKAD), so BPKAD records its payments."""
        return self.kind in self.PUBLIC_KINDS or self.kind == self.Kind.EMPLOYER

    @property
    def is_named_sponsor(self) -> bool:
        """Neither a share nor an amount: pays the full contribution of the people recorded on it."""
        return self.share_percent is None and self.amount_per_person is None

    @property
    def display_name(self) -> str:
        return self.organisation.name if self.organisation_id else (self.name or self.get_kind_display())

    @property
    def addressee(self) -> str:
        """Whom the funder's documents are addressed to: its organisation or name; a public funder recorded
        only by its kind (e.g. APBD Kabupaten/Kota) is the programme's owner, the regional government."""
        if self.organisation_id or self.name:
            return self.display_name
        return self.programme.owner.name


class LegalBasis(models.Model):
    class Kind(models.TextChoices):
        PERBUP = "perbup", _("Peraturan Bupati/Wali Kota (Perbup/Perwali)")
        PERKADA = "perkada", _("Peraturan Kepala Daerah (Perkada)")
        PERGUB = "pergub", _("Peraturan Gubernur (Pergub)")
        SE_BUPATI = "se_bupati", _("Surat Edaran Bupati")
        PKS = "pks", _("Perjanjian Kerja Sama (PKS)")
        MOU = "mou", _("Nota Kesepahaman (MoU)")
        NPHD = "nphd", _("Naskah Perjanjian Hibah Daerah (NPHD)")
        LAINNYA = "lainnya", _("Lainnya")

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="legal_bases")
    kind = models.CharField(_("jenis"), max_length=20, choices=Kind.choices)
    number = models.CharField(_("nomor"), max_length=120)
    date = models.DateField(_("tanggal"))
    title = models.CharField(_("judul"), max_length=300, blank=True)
    attachment = models.FileField(_("lampiran"), upload_to="dasar-hukum/%Y/", blank=True)

    class Meta:
        ordering = ["date", "id"]
        verbose_name = _("dasar hukum")
        verbose_name_plural = _("dasar hukum")

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.number}"


class VillageQuota(models.Model):
    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="village_quotas")
    region_code = models.CharField(_("kode desa/kelurahan"), max_length=13)
    quota = models.PositiveIntegerField(_("kuota"))

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["programme", "region_code"], name="uniq_village_quota")
        ]
        verbose_name = _("kuota desa")
        verbose_name_plural = _("kuota desa")

    def __str__(self) -> str:
        return f"{self.programme_id} {self.region_code}: {self.quota}"
