from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from lindung.memberships.models import Membership


class Batch(models.Model):
    """One uploaded list for one programme, carried from draft to accepted (maker-checker)."""

    class Status(models.TextChoices):
        PROCESSING = "processing", _("Sedang diperiksa")
        FAILED = "failed", _("Gagal dibaca")
        DRAFT = "draft", _("Draf")
        SUBMITTED = "submitted", _("Diajukan")
        VERIFIED = "verified", _("Diverifikasi OPD")
        ACCEPTED = "accepted", _("Diterima BPJS")

    class Job(models.TextChoices):
        VERIFY = "verify", _("Verifikasi")
        ACCEPT = "accept", _("Penerimaan")

    programme = models.ForeignKey("programs.Programme", on_delete=models.PROTECT, related_name="batches")
    organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.PROTECT, related_name="batches"
    )
    region_code = models.CharField(_("wilayah pengunggah"), max_length=13, db_index=True)
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.DRAFT, db_index=True
    )
    filename = models.CharField(_("nama berkas"), max_length=255)
    content_hash = models.CharField(max_length=64)
    original = models.FileField(upload_to="unggahan/%Y/%m/", blank=True)
    rows = models.PositiveIntegerField(_("baris"), default=0)
    valid = models.PositiveIntegerField(_("valid"), default=0)
    warnings = models.PositiveIntegerField(_("dengan peringatan"), default=0)
    rejected = models.PositiveIntegerField(_("ditolak"), default=0)
    duplicates_in_file = models.PositiveIntegerField(_("ganda dalam berkas"), default=0)
    already_registered = models.PositiveIntegerField(_("sudah terdaftar"), default=0)
    probable_duplicates = models.PositiveIntegerField(_("kemungkinan orang sama"), default=0)
    double_funded = models.PositiveIntegerField(_("pendanaan ganda"), default=0)
    # Rows sent back to the village to fix: single rows by the OPD verifier, or by the BPJS branch because its
    # response gave them no KPJ number (partial acceptance). They are neither committed nor activated.
    returned = models.PositiveIntegerField(_("dikembalikan"), default=0)
    unknown_niks = models.JSONField(_("NIK balasan BPJS yang tidak ada di daftar"), default=list, blank=True)
    rejection_reason = models.TextField(_("alasan penolakan"), blank=True)
    progress = models.PositiveSmallIntegerField(_("kemajuan (%)"), default=100)
    error_message = models.TextField(_("pesan galat"), blank=True)
    # A large batch is verified or accepted by the background worker: the job, who asked for it, and the
    # reason it failed (the batch then stays in its state). The BPJS response file is kept for the worker.
    job = models.CharField(_("proses latar belakang"), max_length=10, choices=Job.choices, blank=True)
    job_actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    job_error = models.TextField(_("galat proses latar belakang"), blank=True)
    kpj_file = models.FileField(upload_to="balasan/%Y/%m/", blank=True)
    # The acceptance date of a queued acceptance (the day it was asked for, or the KPJ response's date): the
    # memberships start then (``Programme.membership_start``), whenever the worker runs it.
    accept_start_on = models.DateField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    verified_at = models.DateTimeField(null=True, blank=True)
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    accepted_at = models.DateTimeField(null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["programme", "content_hash"], name="uniq_batch_file_per_programme"
            )
        ]
        verbose_name = _("unggahan")
        verbose_name_plural = _("unggahan")

    def __str__(self) -> str:
        return f"#{self.pk} {self.filename}"

    @property
    def memberships(self) -> models.QuerySet[Membership]:
        """The memberships this batch committed (they carry its id)."""
        return Membership.objects.filter(batch_id=self.pk)

    @property
    def accepted_rows(self) -> int:
        return self.valid + self.warnings


class BatchRow(models.Model):
    class Status(models.TextChoices):
        VALID = "valid", _("Valid")
        WARNING = "warning", pgettext_lazy("satu baris, lencana", "Peringatan")
        REJECTED = "rejected", _("Ditolak")
        RETURNED = "returned", _("Dikembalikan")

    # (batch, row_no) is unique and indexed; rows need no other index (the commit joins on people's NIK index).
    batch = models.ForeignKey(Batch, on_delete=models.CASCADE, related_name="row_set", db_index=False)
    row_no = models.PositiveIntegerField(_("baris"))
    status = models.CharField(max_length=12, choices=Status.choices)
    messages = models.JSONField(default=list, blank=True)
    nik = models.CharField(max_length=32, blank=True)
    full_name = models.CharField(max_length=200, blank=True)
    name_key = models.CharField(max_length=200, blank=True)
    birth_place = models.CharField(max_length=100, blank=True)
    birth_date = models.DateField(null=True, blank=True)
    sex = models.CharField(max_length=1, blank=True)
    region_code = models.CharField(max_length=13, blank=True)
    regency_code = models.CharField(max_length=5, blank=True)
    address = models.TextField(blank=True)
    phone = models.CharField(max_length=30, blank=True)
    occupation = models.CharField(max_length=100, blank=True)
    monthly_income = models.BigIntegerField(null=True, blank=True)
    officer_kind = models.CharField(max_length=20, blank=True)
    kpj = models.CharField(max_length=20, blank=True)
    # db_default: the rows are written by COPY / INSERT without this column (bulk.rows_insert).
    return_reason = models.CharField(_("alasan dikembalikan"), max_length=300, blank=True, db_default="")

    class Meta:
        ordering = ["batch", "row_no"]
        constraints = [models.UniqueConstraint(fields=["batch", "row_no"], name="uniq_batch_row")]
        verbose_name = _("baris unggahan")
        verbose_name_plural = _("baris unggahan")

    def __str__(self) -> str:
        return f"{self.batch_id}:{self.row_no}"
