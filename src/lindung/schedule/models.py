from django.db import models
from django.utils.translation import gettext_lazy as _


class ScheduledRun(models.Model):
    """One due occurrence of a scheduled job (the monthly billing run of a month, the lapse or late-fee run of a
    day). The unique (job, slot) pair is what makes the scheduler idempotent: however often it ticks, however
    many schedulers run, whatever restarts, a slot is recorded once and so runs once."""

    class Job(models.TextChoices):
        BILLING = "billing_run", _("Penagihan bulanan")
        LAPSE = "lapse", _("Status tunggakan")
        LATE_FEES = "late_fees", _("Denda keterlambatan")

    class Status(models.TextChoices):
        QUEUED = "queued", _("Menunggu pekerja")
        RUNNING = "running", _("Berjalan")
        DONE = "done", _("Selesai")
        FAILED = "failed", _("Gagal")

    job = models.CharField(_("proses"), max_length=20, choices=Job.choices)
    # The occurrence: "2026-11" for a monthly job, "2026-11-30" for a daily one (dates in Asia/Jakarta).
    slot = models.CharField(_("jadwal"), max_length=10)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.QUEUED)
    queued_at = models.DateTimeField(_("dijadwalkan"), auto_now_add=True)
    started_at = models.DateTimeField(_("mulai"), null=True, blank=True)
    finished_at = models.DateTimeField(_("selesai"), null=True, blank=True)
    result = models.JSONField(_("hasil"), default=dict, blank=True)
    error = models.TextField(_("kesalahan"), blank=True)

    class Meta:
        ordering = ["-queued_at", "-id"]
        constraints = [models.UniqueConstraint(fields=["job", "slot"], name="uniq_scheduled_run_slot")]
        verbose_name = _("proses terjadwal")
        verbose_name_plural = _("proses terjadwal")

    def __str__(self) -> str:
        return f"{self.job} {self.slot}"
