from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class AuditLog(models.Model):
    class Action(models.TextChoices):
        CREATE = "create", "Dibuat"
        UPDATE = "update", "Diubah"
        STATUS = "status", "Status diubah"
        DELETE = "delete", "Dihapus"
        BULK_CREATE = "bulk_create", "Dibuat massal"
        BULK_UPDATE = "bulk_update", "Diubah massal"
        BULK_DELETE = "bulk_delete", "Dihapus massal"
        VIEW_NIK = "view_nik", "NIK lengkap dilihat"
        LOGIN = "login", "Masuk"

    at = models.DateTimeField("waktu", default=timezone.now, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    actor_name = models.CharField("pelaku", max_length=150, blank=True)
    action = models.CharField("aksi", max_length=20, choices=Action.choices)
    object_type = models.CharField("jenis objek", max_length=60)
    object_id = models.CharField("ID objek", max_length=64, blank=True)
    object_repr = models.CharField("objek", max_length=200, blank=True)
    region_code = models.CharField("kode wilayah", max_length=13, blank=True, db_index=True)
    changes = models.JSONField("perubahan", default=dict, blank=True)
    extra = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["object_type", "object_id"], name="audit_object_idx")]
        verbose_name = "catatan audit"
        verbose_name_plural = "catatan audit"

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor_name} {self.action} {self.object_type}#{self.object_id}"


class ExportLog(models.Model):
    """One file that left the system: who downloaded which export, with which filters, how many rows.

    Written for every download (CSV, XLSX, PDF) by ``lindung.audit.middleware``; ``area`` keeps
    the actor's work area at that moment (whose data the file could contain; empty = national)."""

    at = models.DateTimeField(_("waktu"), default=timezone.now, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    actor_name = models.CharField(_("pengguna"), max_length=150)
    organisation = models.CharField(_("organisasi"), max_length=200, blank=True)
    area = models.JSONField(_("wilayah kerja"), default=list, blank=True)
    export = models.CharField(_("ekspor"), max_length=100)
    path = models.CharField(_("alamat"), max_length=300)
    filters = models.JSONField(_("filter"), default=dict, blank=True)
    filename = models.CharField(_("nama berkas"), max_length=200, blank=True)
    file_format = models.CharField(_("format"), max_length=10, blank=True)
    rows = models.PositiveIntegerField(_("jumlah baris"), null=True, blank=True)

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name = _("log ekspor data")
        verbose_name_plural = _("log ekspor data")

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor_name} {self.filename}"
