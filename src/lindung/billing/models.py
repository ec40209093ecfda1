"""Money: contribution rates, invoices and their lines, payments and their allocation, budgets.

All amounts are integer Rupiah. Rates are dated data: a new rate is added with an effective date and older
rates are never changed, so a past period always bills with the rate that applied then.
"""

from django.conf import settings
from django.db import models


class Element(models.TextChoices):
    JKK = "JKK", "JKK (kecelakaan kerja)"
    JKM = "JKM", "JKM (kematian)"
    JHT = "JHT", "JHT (hari tua)"
    JP = "JP", "JP (pensiun)"
    PAKET = "PAKET", "Iuran tetap per orang (perjanjian)"


class ContributionRate(models.Model):
    """One element's rate for a segment from a date on: a percentage of the base, or a flat amount."""

    class Variant(models.TextChoices):
        STANDARD = "standard", "Standar"
        JKP = "jkp", "Rekomposisi peserta JKP"

    segment = models.CharField("segmen", max_length=3, choices=[("BPU", "BPU"), ("PU", "PU")])
    element = models.CharField("program jaminan", max_length=5, choices=Element.choices)
    variant = models.CharField("varian", max_length=10, choices=Variant.choices, default=Variant.STANDARD)
    risk_class = models.PositiveSmallIntegerField(
        "kelompok risiko", default=0, help_text="0 = berlaku untuk semua kelompok risiko."
    )
    effective_from = models.DateField("berlaku mulai")
    percent = models.DecimalField(
        "persen dari dasar iuran", max_digits=7, decimal_places=4, null=True, blank=True
    )
    amount = models.BigIntegerField("nominal tetap (Rp/bulan)", null=True, blank=True)
    min_base = models.BigIntegerField("dasar iuran terendah (Rp)", null=True, blank=True)
    max_base = models.BigIntegerField("batas atas dasar iuran (Rp)", null=True, blank=True)
    source = models.CharField("sumber", max_length=300, blank=True)
    verified = models.BooleanField("terverifikasi", default=True)
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
        verbose_name = "tarif iuran"
        verbose_name_plural = "tarif iuran"

    def __str__(self) -> str:
        what = f"{self.percent}%" if self.percent is not None else f"Rp{self.amount}"
        return f"{self.segment} {self.element} {what} mulai {self.effective_from:%d-%m-%Y}"


class Discount(models.Model):
    """A temporary discount on some elements (e.g. PP 50/2025), which may exclude APBN/APBD-paid BPU."""

    name = models.CharField("nama", max_length=200)
    segment = models.CharField("segmen", max_length=3, choices=[("BPU", "BPU"), ("PU", "PU")])
    elements = models.JSONField("program jaminan", default=list)
    percent = models.DecimalField("potongan (%)", max_digits=5, decimal_places=2)
    valid_from = models.DateField("berlaku mulai")
    valid_to = models.DateField("berlaku sampai")
    excludes_public_funding = models.BooleanField("tidak berlaku bila iuran dibayar APBN/APBD", default=True)
    source = models.CharField("sumber", max_length=300, blank=True)
    verified = models.BooleanField("terverifikasi", default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["valid_from"]
        verbose_name = "diskon iuran"
        verbose_name_plural = "diskon iuran"

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
    period = models.DateField("periode")  # first day of the month
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
        verbose_name = "penagihan"
        verbose_name_plural = "penagihan"

    def __str__(self) -> str:
        return f"Penagihan {self.programme_id} {self.period:%Y-%m}"


class Invoice(models.Model):
    class Status(models.TextChoices):
        OPEN = "open", "Belum dibayar"
        PARTIAL = "partial", "Dibayar sebagian"
        PAID = "paid", "Lunas"

    number = models.CharField("nomor", max_length=30, unique=True)
    programme = models.ForeignKey("programs.Programme", on_delete=models.PROTECT, related_name="invoices")
    funder = models.ForeignKey("programs.ProgrammeFunder", on_delete=models.PROTECT, related_name="invoices")
    run = models.ForeignKey(BillingRun, on_delete=models.PROTECT, related_name="invoice_set")
    period = models.DateField("periode")
    region_code = models.CharField("wilayah", max_length=13, db_index=True)
    issued_on = models.DateField("tanggal tagihan")
    due_date = models.DateField("jatuh tempo")
    members = models.PositiveIntegerField("jumlah peserta", default=0)
    total = models.BigIntegerField("jumlah (Rp)", default=0)
    paid = models.BigIntegerField("dibayar (Rp)", default=0)
    status = models.CharField("status", max_length=10, choices=Status.choices, default=Status.OPEN)
    amounts = models.JSONField("iuran per orang per program jaminan", default=dict)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["period", "id"]
        indexes = [
            models.Index(fields=["funder", "status", "period"], name="invoice_funder_status_idx"),
            models.Index(fields=["programme", "period"], name="invoice_programme_period_idx"),
        ]
        verbose_name = "tagihan"
        verbose_name_plural = "tagihan"

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
    region_code = models.CharField("kode desa/kelurahan", max_length=13)
    element = models.CharField("program jaminan", max_length=5, choices=Element.choices)
    amount = models.BigIntegerField("jumlah (Rp)")

    class Meta:
        # One composite index (invoice first: the invoice detail and the arrears-by-village report); written a
        # million at a time by INSERT ... SELECT, so no further indexes and no per-row FK triggers.
        indexes = [models.Index(fields=["invoice", "region_code"], name="line_invoice_region_idx")]
        verbose_name = "rincian tagihan"
        verbose_name_plural = "rincian tagihan"

    def __str__(self) -> str:
        return f"{self.invoice_id}/{self.membership_id} {self.element}"


class Payment(models.Model):
    class Method(models.TextChoices):
        MANUAL = "manual", "Dicatat manual"
        BANK = "bank", "Impor rekening koran"
        API = "api", "API"

    funder = models.ForeignKey("programs.ProgrammeFunder", on_delete=models.PROTECT, related_name="payments")
    reference = models.CharField("nomor referensi", max_length=60, unique=True)
    paid_on = models.DateField("tanggal bayar")
    amount = models.BigIntegerField("jumlah (Rp)")
    unallocated = models.BigIntegerField("sisa sebagai kredit (Rp)", default=0)
    method = models.CharField("cara", max_length=10, choices=Method.choices, default=Method.MANUAL)
    note = models.CharField("catatan", max_length=300, blank=True)
    region_code = models.CharField(max_length=13, db_index=True)
    receipt_number = models.CharField("nomor kuitansi", max_length=30, unique=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-paid_on", "-id"]
        verbose_name = "pembayaran"
        verbose_name_plural = "pembayaran"

    def __str__(self) -> str:
        return self.reference


class PaymentAllocation(models.Model):
    payment = models.ForeignKey(Payment, on_delete=models.PROTECT, related_name="allocations")
    invoice = models.ForeignKey(Invoice, on_delete=models.PROTECT, related_name="allocations")
    amount = models.BigIntegerField("jumlah (Rp)")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["id"]
        verbose_name = "alokasi pembayaran"
        verbose_name_plural = "alokasi pembayaran"

    def __str__(self) -> str:
        return f"{self.payment_id} -> {self.invoice_id}: {self.amount}"


class Budget(models.Model):
    """A programme's budget for a year: planned members x months x monthly amount, and the DPA allocation."""

    programme = models.ForeignKey("programs.Programme", on_delete=models.PROTECT, related_name="budgets")
    year = models.PositiveSmallIntegerField("tahun")
    region_code = models.CharField(max_length=13, db_index=True)
    planned_members = models.PositiveIntegerField("jumlah peserta direncanakan")
    months = models.PositiveSmallIntegerField("jumlah bulan", default=12)
    monthly_amount_per_person = models.BigIntegerField("iuran per orang per bulan (Rp)")
    planned_total = models.BigIntegerField("kebutuhan anggaran (Rp)")
    allocation = models.BigIntegerField("pagu DPA (Rp)", null=True, blank=True)
    dpa_number = models.CharField("nomor DPA", max_length=120, blank=True)
    dpa_date = models.DateField("tanggal DPA", null=True, blank=True)
    note = models.CharField("catatan", max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-year"]
        constraints = [models.UniqueConstraint(fields=["programme", "year"], name="uniq_budget_year")]
        verbose_name = "anggaran"
        verbose_name_plural = "anggaran"

    def __str__(self) -> str:
        return f"{self.programme_id} {self.year}"
