from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _


class Organisation(models.Model):
    class Kind(models.TextChoices):
        PEMPROV = "pemprov", _("Pemerintah Provinsi")
        PEMKAB = "pemkab", _("Pemerintah Kabupaten")
        PEMKOT = "pemkot", _("Pemerintah Kota")
        OPD = "opd", _("Organisasi Perangkat Daerah (OPD)")
        DESA = "desa", _("Kantor Desa")
        KELURAHAN = "kelurahan", _("Kantor Kelurahan")
        BPJS_KANWIL = "bpjs_kanwil", _("BPJS Ketenagakerjaan Kantor Wilayah")
        BPJS_KC = "bpjs_kc", _("BPJS Ketenagakerjaan Kantor Cabang")
        KEJARI = "kejari", _("Kejaksaan Negeri")
        PERUSAHAAN = "perusahaan", _("Perusahaan")
        KPU = "kpu", _("KPU")
        BAWASLU = "bawaslu", _("Bawaslu")
        SPONSOR = "sponsor", _("Sponsor perorangan (SERTAKAN)")
        SISTEM = "sistem", _("Pengelola sistem (nasional)")

    class OpdKind(models.TextChoices):
        DISNAKER = "disnaker", _("Dinas Tenaga Kerja (Disnaker/Disnakertrans)")
        DPMD = "dpmd", _("Dinas Pemberdayaan Masyarakat dan Desa (DPMD)")
        DISBUN = "disbun", _("Dinas Perkebunan")
        DPMPTSP = "dpmptsp", _("DPMPTSP")
        BPKAD = "bpkad", _("BPKAD")
        BAPPEDA = "bappeda", _("Bappeda")
        LAINNYA = "lainnya", _("OPD lainnya")

    code = models.SlugField(_("kode"), max_length=60, unique=True)
    name = models.CharField(_("nama"), max_length=200)
    kind = models.CharField(_("jenis"), max_length=20, choices=Kind.choices)
    opd_kind = models.CharField(_("jenis OPD"), max_length=20, choices=OpdKind.choices, blank=True)
    parent = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
        verbose_name=_("induk"),
    )
    is_national = models.BooleanField(
        _("cakupan nasional"), default=False, help_text=_("Melihat semua wilayah (hanya pengelola sistem).")
    )
    is_active = models.BooleanField(_("aktif"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("organisasi")
        verbose_name_plural = _("organisasi")

    def __str__(self) -> str:
        return self.name


class OrganisationArea(models.Model):
    """A region an organisation covers: its regency, village, or each regency a BPJS branch serves."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="areas")
    region = models.ForeignKey("regions.Region", on_delete=models.PROTECT, related_name="+")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["organisation", "region"], name="uniq_org_area")]
        verbose_name = _("wilayah kerja")
        verbose_name_plural = _("wilayah kerja")

    def __str__(self) -> str:
        return f"{self.organisation} - {self.region_id}"


class User(AbstractUser):
    class Role(models.TextChoices):
        OPERATOR = "operator", _("Operator")
        VERIFIER = "verifier", _("Verifikator")
        MANAGER = "manager", _("Manajer")
        VIEWER = "viewer", _("Pemantau")
        ADMIN = "admin", _("Admin")

    organisation = models.ForeignKey(
        Organisation,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="users",
        verbose_name=_("organisasi"),
    )
    role = models.CharField(_("peran"), max_length=20, choices=Role.choices, default=Role.VIEWER)

    class Meta:
        verbose_name = _("pengguna")
        verbose_name_plural = _("pengguna")

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
    name = models.CharField(_("nama"), max_length=100, blank=True)
    prefix = models.CharField(max_length=12, db_index=True)
    key_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("token API")
        verbose_name_plural = _("token API")

    def __str__(self) -> str:
        return f"{self.prefix}… ({self.user})"
