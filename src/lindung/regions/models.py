from django.db import models


class Region(models.Model):
    """A Kemendagri region: provinsi (level 1) -> kabupaten/kota (2) -> kecamatan/distrik (3) -> desa/kelurahan (4)."""

    class Kind(models.TextChoices):
        PROVINSI = "provinsi", "Provinsi"
        KABUPATEN = "kabupaten", "Kabupaten"
        KOTA = "kota", "Kota"
        KECAMATAN = "kecamatan", "Kecamatan"
        DISTRIK = "distrik", "Distrik"
        DESA = "desa", "Desa"
        KELURAHAN = "kelurahan", "Kelurahan"
        DESA_ADAT = "desa_adat", "Desa Adat"

    code = models.CharField("kode", max_length=13, primary_key=True)
    name = models.CharField("nama", max_length=120, db_index=True)
    level = models.PositiveSmallIntegerField("tingkat", db_index=True)
    kind = models.CharField("jenis", max_length=12, choices=Kind.choices)
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="children", verbose_name="induk"
    )
    postal_code = models.CharField("kode pos", max_length=5, blank=True)

    class Meta:
        ordering = ["code"]
        verbose_name = "wilayah"
        verbose_name_plural = "wilayah"

    def __str__(self) -> str:
        return f"{self.code} {self.name}"

    @property
    def is_village(self) -> bool:
        return self.level == 4

    @property
    def ancestor_codes(self) -> list[str]:
        parts = self.code.split(".")
        return [".".join(parts[:i]) for i in range(1, len(parts))]
