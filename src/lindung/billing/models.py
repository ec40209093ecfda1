"""Money: contribution rates, invoices and their lines, payments and their allocation, budgets.

All amounts are integer Rupiah. Rates are dated data: a new rate is added with an effective date and older
rates are never changed, so a past period always bills with the rate that applied then.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Element(models.TextChoices):
    JKK = "JKK", _("JKK (kecelakaan kerja)")
    JKM = "JKM", _("JKM (kematian)")
    JHT = "JHT", _("JHT (hari tua)")
    JP = "JP", _("JP (pensiun)")
    PAKET = "PAKET", _("Iuran tetap per orang (perjanjian)")


class ContributionRate(models.Model):
    """One element's rate for a segment from a date on: a percentage of the base, or a flat amount."""

    class Variant(models.TextChoices):
        STANDARD = "standard", _("Standar")
        JKP = "jkp", _("Rekomposisi peserta JKP")

    segment = models.CharField(_("segmen"), max_length=3, choices=[("BPU", "BPU"), ("PU", "PU")])
    element = models.CharField(_("program jaminan"), max_length=5, choices=Element.choices)
    variant = models.CharField(_("varian"), max_length=10, choices=Variant.choices, default=Variant.STANDARD)
    risk_class = models.PositiveSmallIntegerField(
        _("kelompok risiko"), default=0, help_text=_("0 = berlaku untuk semua kelompok risiko.")
    )
    effective_from = models.DateField(_("berlaku mulai"))
    percent = models.DecimalField(
        _("persen dari dasar iuran"), max_digits=7, decimal_places=4, null=True, blank=True
    )
    amount = models.BigIntegerField(_("nominal tetap (Rp/bulan)"), null=True, blank=True)
    min_base = models.BigIntegerField(_("dasar iuran terendah (Rp)"), null=True, blank=True)
    max_base = models.BigIntegerField(_("batas atas dasar iuran (Rp)"), null=True, blank=True)
    source = models.CharField(_("sumber"), max_length=300, blank=True)
    verified = models.BooleanField(_("terverifikasi"), default=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["segment", "element", "variant", "risk_class", "effective_from"]
        constraints = [
            models.UniqueConstraint(
                fields=["segment", "element", "variant", "risk_class", "effective_from"],
                name="uniq_rate_version",
            ),
            models.CheckConstraint(
                condition=(models.Q(percent__isnull=False, amount__isnull=True))
                | (models.Q(percent__isnull=True, amount__isnull=False)),
                name="rate_percent_xor_amount",
            ),
        ]
        verbose_name = _("tarif iuran")
        verbose_name_plural = _("tarif iuran")

    def __str__(self) -> str:
        what = f"{self.percent}%" if self.percent is not None else f"Rp{self.amount}"
        return f"{self.segment} {self.element} {what} mulai {self.effective_from:%d-%m-%Y}"


class Sector(models.TextChoices):
    """The worker's business sector, as far as a discount distinguishes it (PP 50/2025)."""

    TRANSPORT = "transport", _("Transportasi")
    NON_TRANSPORT = "non_transport", _("Selain transportasi")


class Discount(models.Model):
    """A temporary discount on some elements (e.g. PP 50/2025) for the months from ``valid_from`` to
    ``valid_to``, one segment, some sectors (empty: all) and some programmes (codes; empty: all), which may
    exclude contributions paid from public money. Rows of the same scope never overlap (decision "Discounts
    do not stack"); should two apply anyway, an element gets the larger discount only."""

    name = models.CharField(_("nama"), max_length=200)
    segment = models.CharField(_("segmen"), max_length=3, choices=[("BPU", "BPU"), ("PU", "PU")])
    elements = models.JSONField(_("program jaminan"), default=list)
    sectors = models.JSONField(_("sektor (kosong = semua)"), default=list, blank=True)
    programmes = models.JSONField(_("kode program (kosong = semua)"), default=list, blank=True)
    percent = models.DecimalField(_("potongan (%)"), max_digits=5, decimal_places=2)
    valid_from = models.DateField(_("berlaku mulai"))
    valid_to = models.DateField(_("berlaku sampai"))
    excludes_public_funding = models.BooleanField(
        _("tidak berlaku bila iuran dibayar APBN/APBD"), default=True
    )
    source = models.CharField(_("sumber"), max_length=300, blank=True)
    verified = models.BooleanField(_("terverifikasi"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["valid_from"]
        verbose_name = _("diskon iuran")
        verbose_name_plural = _("diskon iuran")

    def __str__(self) -> str:
        return self.name


class NumberSequence(models.Model):
    """The last number issued per prefix and year (TGH invoices, KWT receipts); locked while a number is
    taken, so numbers stay sequential without gaps."""

    prefix = models.CharField(max_length=5)
    year = models.PositiveSmallIntegerField()
    last = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["prefix", "year"], name="uniq_number_sequence")]

    def __str__(self) -> str:
        return f"{self.prefix}-{self.year}: {self.last}"


class BillingRun(models.Model):
    """One monthly billing of one programme; a second run of the same period only bills what is new."""

    programme = models.ForeignKey("programs.Programme", on_delete=models.PROTECT, related_name="billing_runs")
    period = models.DateField(_("periode"))  # first day of the month
    region_code = models.CharField(max_length=13, db_index=True)
    invoices = models.PositiveIntegerField(default=0)
    lines = models.PositiveIntegerField(default=0)
    total = models.BigIntegerField(default=0)
    run_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    run_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-period", "-id"]
        verbose_name = _("penagihan")
        verbose_name_plural = _("penagihan")

    def __str__(self) -> str:
        return f"Penagihan {self.programme_id} {self.period:%Y-%m}"


class LateFeeRule(models.Model):
    """The late fee per month of delay on a contribution, as dated data per segment, element (blank: every
    element) and employer kind (blank: every kind): PU 2% a month for employers other than state bodies,
    none for state bodies, JP by its own rule, BPU none. A percentage of 0 means no fee. The most specific
    row in force wins (element before employer kind)."""

    class EmployerKind(models.TextChoices):
        ANY = "", _("Semua pemberi kerja")
        STATE = "state", _("Penyelenggara negara")
        OTHER = "other", _("Selain penyelenggara negara")

    segment = models.CharField(_("segmen"), max_length=3, choices=[("BPU", "BPU"), ("PU", "PU")])
    element = models.CharField(_("program jaminan"), max_length=5, blank=True, choices=Element.choices)
    employer_kind = models.CharField(
        _("jenis pemberi kerja"), max_length=5, blank=True, choices=EmployerKind.choices, default=""
    )
    effective_from = models.DateField(_("berlaku mulai"))
    percent_per_month = models.DecimalField(_("persen per bulan"), max_digits=5, decimal_places=2)
    source = models.CharField(_("sumber"), max_length=300, blank=True)
    verified = models.BooleanField(_("terverifikasi"), default=True)

    class Meta:
        ordering = ["segment", "element", "employer_kind", "effective_from"]
        constraints = [
            models.UniqueConstraint(
                fields=["segment", "element", "employer_kind", "effective_from"], name="uniq_late_fee_version"
            )
        ]
        verbose_name = _("aturan denda")
        verbose_name_plural = _("aturan denda")

    def __str__(self) -> str:
        scope = " ".join(x for x in (self.segment, self.element, self.employer_kind) if x)
        return f"{scope} {self.percent_per_month}% ({self.effective_from:%Y-%m-%d})"


class Invoice(models.Model):
    class Status(models.TextChoices):
        OPEN = "open", _("Belum dibayar")
        PARTIAL = "partial", _("Dibayar sebagian")
        PAID = "paid", _("Lunas")

    class Kind(models.TextChoices):
        CONTRIBUTION = "iuran", _("Iuran")
        LATE_FEE = "denda", _("Denda keterlambatan")

    number = models.CharField(_("nomor"), max_length=30, unique=True)
    programme = models.ForeignKey("programs.Programme", on_delete=models.PROTECT, related_name="invoices")
    funder = models.ForeignKey("programs.ProgrammeFunder", on_delete=models.PROTECT, related_name="invoices")
    run = models.ForeignKey(  # none for late-fee invoices
        BillingRun, null=True, blank=True, on_delete=models.PROTECT, related_name="invoice_set"
    )
    period = models.DateField(_("periode"))
    region_code = models.CharField(_("wilayah"), max_length=13, db_index=True)
    issued_on = models.DateField(_("tanggal tagihan"))
    due_date = models.DateField(_("jatuh tempo"))
    members = models.PositiveIntegerField(_("jumlah peserta"), default=0)
    total = models.BigIntegerField(_("jumlah (Rp)"), default=0)
    paid = models.BigIntegerField(_("dibayar (Rp)"), default=0)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.OPEN)
    amounts = models.JSONField(_("iuran per orang per program jaminan"), default=dict)
    # A contribution invoice is paid in full on the date of the payment that completed it; its late fees are
    # settled once every month of delay up to that date is charged (decision "Late fees from payment dates").
    paid_in_full_on = models.DateField(_("lunas pada"), null=True, blank=True)
    late_fees_settled = models.BooleanField(default=False)
    # A late-fee invoice (kind "denda") charges one month of lateness of one contribution invoice: the fee is
    # fee_percent of the contribution that was due (fee_basis), whatever part of it was paid meanwhile.
    kind = models.CharField(_("jenis"), max_length=5, choices=Kind.choices, default=Kind.CONTRIBUTION)
    fee_for = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="late_fees"
    )
    fee_month = models.PositiveSmallIntegerField(_("bulan keterlambatan ke-"), null=True, blank=True)
    fee_basis = models.BigIntegerField(_("dasar denda (Rp)"), null=True, blank=True)
    fee_percent = models.DecimalField(
        _("denda (% per bulan)"), max_digits=5, decimal_places=2, null=True, blank=True
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["period", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["fee_for", "fee_month"],
                condition=models.Q(fee_for__isnull=False),
                name="uniq_late_fee_month",
            )
        ]
        indexes = [
            models.Index(fields=["funder", "status", "period"], name="invoice_funder_status_idx"),
            models.Index(fields=["programme", "period"], name="invoice_programme_period_idx"),
        ]
        verbose_name = _("tagihan")
        verbose_name_plural = _("tagihan")

    def __str__(self) -> str:
        return self.number

    @property
    def outstanding(self) -> int:
        return self.total - self.paid


class InvoiceLine(models.Model):
    """One membership's contribution for one element in an invoice. Carries its village for partitioning."""

    invoice = models.ForeignKey(
        Invoice, on_delete=models.CASCADE, related_name="lines", db_constraint=False, db_index=False
    )
    membership = models.ForeignKey(
        "memberships.Membership",
        on_delete=models.PROTECT,
        related_name="invoice_lines",
        db_constraint=False,
        db_index=False,
    )
    region_code = models.CharField(_("kode desa/kelurahan"), max_length=13)
    element = models.CharField(_("program jaminan"), max_length=5, choices=Element.choices)
    amount = models.BigIntegerField(_("jumlah (Rp)"))

    class Meta:
        # One composite index (invoice first: the invoice detail and the arrears-by-village report); written a
        # million at a time by INSERT ... SELECT, so no further indexes and no per-row FK triggers.
        indexes = [models.Index(fields=["invoice", "region_code"], name="line_invoice_region_idx")]
        verbose_name = _("rincian tagihan")
        verbose_name_plural = _("rincian tagihan")

    def __str__(self) -> str:
        return f"{self.invoice_id}/{self.membership_id} {self.element}"


class InvoiceVillage(models.Model):
    """An invoice's lines summed per village, written with the lines (decision 81, "A village summary per
    invoice"): what the arrears page, the invoice page and its PDF read, so that none of them scans the lines
    (two per member and month: millions in a province)."""

    invoice = models.ForeignKey(
        Invoice, on_delete=models.CASCADE, related_name="villages", db_constraint=False, db_index=False
    )
    region_code = models.CharField(_("kode desa/kelurahan"), max_length=13)
    members = models.PositiveIntegerField(_("peserta"))
    lines = models.PositiveIntegerField(_("rincian"))
    amount = models.BigIntegerField(_("jumlah (Rp)"))

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["invoice", "region_code"], name="uniq_invoice_village"),
        ]
        verbose_name = _("ringkasan desa tagihan")
        verbose_name_plural = _("ringkasan desa tagihan")

    def __str__(self) -> str:
        return f"{self.invoice_id}/{self.region_code}: {self.members} x, Rp{self.amount}"


class Payment(models.Model):
    class Method(models.TextChoices):
        MANUAL = "manual", _("Dicatat manual")
        BANK = "bank", _("Impor rekening koran")
        API = "api", "API"

    funder = models.ForeignKey("programs.ProgrammeFunder", on_delete=models.PROTECT, related_name="payments")
    # Unique per funder, not nationwide: another funder's payment may carry the same bank reference, and a
    # duplicate must not reveal a payment in another region (decision 25).
    reference = models.CharField(_("nomor referensi"), max_length=60)
    paid_on = models.DateField(_("tanggal bayar"))
    amount = models.BigIntegerField(_("jumlah (Rp)"))
    unallocated = models.BigIntegerField(_("sisa sebagai kredit (Rp)"), default=0)
    method = models.CharField(_("cara"), max_length=10, choices=Method.choices, default=Method.MANUAL)
    note = models.CharField(_("catatan"), max_length=300, blank=True)
    region_code = models.CharField(max_length=13, db_index=True)
    receipt_number = models.CharField(_("nomor kuitansi"), max_length=30, unique=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-paid_on", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["funder", "reference"], name="uniq_payment_reference_per_funder")
        ]
        verbose_name = _("pembayaran")
        verbose_name_plural = _("pembayaran")

    def __str__(self) -> str:
        return self.reference


class PaymentAllocation(models.Model):
    payment = models.ForeignKey(Payment, on_delete=models.PROTECT, related_name="allocations")
    invoice = models.ForeignKey(Invoice, on_delete=models.PROTECT, related_name="allocations")
    amount = models.BigIntegerField(_("jumlah (Rp)"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["id"]
        verbose_name = _("alokasi pembayaran")
        verbose_name_plural = _("alokasi pembayaran")

    def __str__(self) -> str:
        return f"{self.payment_id} -> {self.invoice_id}: {self.amount}"


class Budget(models.Model):
    """A programme's budget for a year: planned members x months x monthly amount, and the DPA allocation."""

    programme = models.ForeignKey("programs.Programme", on_delete=models.PROTECT, related_name="budgets")
    year = models.PositiveSmallIntegerField(_("tahun"))
    region_code = models.CharField(max_length=13, db_index=True)
    planned_members = models.PositiveIntegerField(_("jumlah peserta direncanakan"))
    months = models.PositiveSmallIntegerField(_("jumlah bulan"), default=12)
    monthly_amount_per_person = models.BigIntegerField(_("iuran per orang per bulan (Rp)"))
    planned_total = models.BigIntegerField(_("kebutuhan anggaran (Rp)"))
    allocation = models.BigIntegerField(_("pagu DPA (Rp)"), null=True, blank=True)
    dpa_number = models.CharField(_("nomor DPA"), max_length=120, blank=True)
    dpa_date = models.DateField(_("tanggal DPA"), null=True, blank=True)
    note = models.CharField(_("catatan"), max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-year"]
        constraints = [models.UniqueConstraint(fields=["programme", "year"], name="uniq_budget_year")]
        verbose_name = _("anggaran")
        verbose_name_plural = _("anggaran")

    def __str__(self) -> str:
        return f"{self.programme_id} {self.year}"
