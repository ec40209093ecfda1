from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class Region(models.Model):
    """A Kemendagri region: provinsi (level 1) -> kabupaten/kota (2) -> kecamatan/distrik (3) -> desa/kelurahan (4)."""

    class Kind(models.TextChoices):
        PROVINSI = "provinsi", pgettext_lazy("jenis wilayah", "Provinsi")
        KABUPATEN = "kabupaten", pgettext_lazy("jenis wilayah", "Kabupaten")
        KOTA = "kota", pgettext_lazy("jenis wilayah", "Kota")
        KECAMATAN = "kecamatan", pgettext_lazy("jenis wilayah", "Kecamatan")
        DISTRIK = "distrik", pgettext_lazy("jenis wilayah", "Distrik")
        DESA = "desa", pgettext_lazy("jenis wilayah", "Desa")
        KELURAHAN = "kelurahan", pgettext_lazy("jenis wilayah", "Kelurahan")
        DESA_ADAT = "desa_adat", pgettext_lazy("jenis wilayah", "Desa Adat")

    code = models.CharField(_("kode"), max_length=13, primary_key=True)
    name = models.CharField(_("nama"), max_length=120, db_index=True)
    level = models.PositiveSmallIntegerField(_("tingkat"), db_index=True)
    kind = models.CharField(_("jenis"), max_length=12, choices=Kind.choices)
    parent = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
        verbose_name=_("induk"),
    )
    postal_code = models.CharField(_("kode pos"), max_length=5, blank=True)

    class Meta:
        ordering = ["code"]
        verbose_name = _("wilayah")
        verbose_name_plural = _("wilayah")

    def __str__(self) -> str:
        return f"{self.code} {self.name}"

    @property
    def is_village(self) -> bool:
        return self.level == 4

    @property
    def ancestor_codes(self) -> list[str]:
        parts = self.code.split(".")
        return [".".join(parts[:i]) for i in range(1, len(parts))]
