"""The few tables the lowest layer owns: corrections to the national holiday calendar."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class CalendarOverride(models.Model):
    """A decree the ``holidays`` package has not caught up with: a day off it does not list (a new cuti
    bersama, a regional election day), or a day it lists that the government moved or cancelled."""

    class Kind(models.TextChoices):
        DAY_OFF = "day_off", _("Hari libur/cuti bersama tambahan")
        WORKING_DAY = "working_day", _("Hari kerja (libur dalam paket dibatalkan/dipindah)")

    date = models.DateField(_("tanggal"), unique=True)
    kind = models.CharField(_("jenis"), max_length=20, choices=Kind.choices)
    name = models.CharField(_("nama"), max_length=200)
    source = models.CharField(
        _("dasar hukum"), max_length=300, help_text=_("Mis. SKB 3 Menteri Nomor ... Tahun ...")
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["date"]
        verbose_name = _("koreksi kalender hari kerja")
        verbose_name_plural = _("koreksi kalender hari kerja")

    def __str__(self) -> str:
        return f"{self.date:%d-%m-%Y} {self.name}"
