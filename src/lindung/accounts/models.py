from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.functional import cached_property


class Organisation(models.Model):
    class Kind(models.TextChoices):
        PEMPROV = "pemprov", "Pemerintah Provinsi"
        PEMKAB = "pemkab", "Pemerintah Kabupaten"
        PEMKOT = "pemkot", "Pemerintah Kota"
        OPD = "opd", "Organisasi Perangkat Daerah (OPD)"
        DESA = "desa", "Kantor Desa"
        KELURAHAN = "kelurahan", "Kantor Kelurahan"
        BPJS_KANWIL = "bpjs_kanwil", "BPJS Ketenagakerjaan Kantor Wilayah"
        BPJS_KC = "bpjs_kc", "BPJS Ketenagakerjaan Kantor Cabang"
        KEJARI = "kejari", "Kejaksaan Negeri"
        PERUSAHAAN = "perusahaan", "Perusahaan"
        KPU = "kpu", "KPU"
        BAWASLU = "bawaslu", "Bawaslu"
        SPONSOR = "sponsor", "Sponsor perorangan (SERTAKAN)"
        SISTEM = "sistem", "Pengelola sistem (nasional)"

    class OpdKind(models.TextChoices):
        DISNAKER = "disnaker", "Dinas Tenaga Kerja (Disnaker/Disnakertrans)"
        DPMD = "dpmd", "Dinas Pemberdayaan Masyarakat dan Desa (DPMD)"
        DISBUN = "disbun", "Dinas Perkebunan"
        DPMPTSP = "dpmptsp", "DPMPTSP"
        BPKAD = "bpkad", "BPKAD"
        BAPPEDA = "bappeda", "Bappeda"
        LAINNYA = "lainnya", "OPD lainnya"

    code = models.SlugField("kode", max_length=60, unique=True)
    name = models.CharField("nama", max_length=200)
    kind = models.CharField("jenis", max_length=20, choices=Kind.choices)
    opd_kind = models.CharField("jenis OPD", max_length=20, choices=OpdKind.choices, blank=True)
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="children", verbose_name="induk"
    )
    is_national = models.BooleanField(
        "cakupan nasional", default=False, help_text="Melihat semua wilayah (hanya pengelola sistem)."
    )
    is_active = models.BooleanField("aktif", default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]
        verbose_name = "organisasi"
        verbose_name_plural = "organisasi"

    def __str__(self) -> str:
        return self.name


class OrganisationArea(models.Model):
    """A region an organisation covers: its regency, village, or each regency a BPJS branch serves."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="areas")
    region = models.ForeignKey("regions.Region", on_delete=models.PROTECT, related_name="+")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["organisation", "region"], name="uniq_org_area")]
        verbose_name = "wilayah kerja"
        verbose_name_plural = "wilayah kerja"

    def __str__(self) -> str:
        return f"{self.organisation} - {self.region_id}"


class User(AbstractUser):
    class Role(models.TextChoices):
        OPERATOR = "operator", "Operator"
        VERIFIER = "verifier", "Verifikator"
        MANAGER = "manager", "Manajer"
        VIEWER = "viewer", "Pemantau"
        ADMIN = "admin", "Admin"

    organisation = models.ForeignKey(
        Organisation,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="users",
        verbose_name="organisasi",
    )
    role = models.CharField("peran", max_length=20, choices=Role.choices, default=Role.VIEWER)

    class Meta:
        verbose_name = "pengguna"
        verbose_name_plural = "pengguna"

    @cached_property
    def area_codes(self) -> list[str] | None:
        """Region codes this user may see; None means every region (national scope)."""
        if self.is_superuser:
            return None
        org = self.organisation
        if org is None or not org.is_active:
            return []
        if org.is_national:
            return None
        return sorted(org.areas.values_list("region_id", flat=True))

    @property
    def display_name(self) -> str:
        return self.get_full_name() or self.username


class ApiToken(models.Model):
    """A personal API token. Only its SHA-256 is stored; the token itself is shown once."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField("nama", max_length=100, blank=True)
    prefix = models.CharField(max_length=12, db_index=True)
    key_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = "token API"
        verbose_name_plural = "token API"

    def __str__(self) -> str:
        return f"{self.prefix}… ({self.user})"
