from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class CoverageFigure(models.Model):
    """Per region and year: the working population (denominator) and BPJS' active participants, with sources.

    UCJ (Universal Coverage Jamsostek) = active participants / working population.
    """

    region_code = models.CharField(_("kode wilayah"), max_length=13)
    year = models.PositiveSmallIntegerField(_("tahun"))
    working_population = models.PositiveIntegerField(_("penduduk bekerja"), null=True, blank=True)
    working_population_source = models.CharField(_("sumber penduduk bekerja"), max_length=200, blank=True)
    active_participants = models.PositiveIntegerField(_("peserta aktif"), null=True, blank=True)
    active_participants_source = models.CharField(_("sumber peserta aktif"), max_length=200, blank=True)
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["region_code", "year"]
        constraints = [models.UniqueConstraint(fields=["region_code", "year"], name="uniq_coverage_figure")]
        verbose_name = _("angka cakupan")
        verbose_name_plural = _("angka cakupan")

    def __str__(self) -> str:
        return f"{self.region_code} {self.year}"


class CoverageTarget(models.Model):
    region_code = models.CharField(_("kode wilayah"), max_length=13)
    year = models.PositiveSmallIntegerField(_("tahun"))
    target_percent = models.DecimalField(_("target UCJ (%)"), max_digits=5, decimal_places=2)
    basis = models.CharField(_("dasar penetapan"), max_length=200, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["region_code", "year"]
        constraints = [models.UniqueConstraint(fields=["region_code", "year"], name="uniq_coverage_target")]
        verbose_name = _("target UCJ")
        verbose_name_plural = _("target UCJ")

    def __str__(self) -> str:
        return f"{self.region_code} {self.year}: {self.target_percent}%"


class CoverageBand(models.Model):
    """Configurable UCJ bands (cut-offs are unverified in public sources; defaults seeded by migration)."""

    name = models.CharField(_("nama"), max_length=40)
    min_percent = models.DecimalField(_("batas bawah (%)"), max_digits=5, decimal_places=2, unique=True)
    colour = models.CharField(_("warna"), max_length=20, default="#888888")

    class Meta:
        ordering = ["min_percent"]
        verbose_name = _("kategori UCJ")
        verbose_name_plural = _("kategori UCJ")

    def __str__(self) -> str:
        return f"{self.name} (≥ {self.min_percent}%)"
