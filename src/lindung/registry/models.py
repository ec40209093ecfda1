from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class Person(models.Model):
    """A person in the registry, identified by NIK. ``region_code`` is the village of the address."""

    class Sex(models.TextChoices):
        L = "L", _("Laki-laki")
        P = "P", _("Perempuan")

    # One letter for a table column, in the reader's language (L/P in Indonesian, M/F in English).
    SEX_SHORT = {
        Sex.L: pgettext_lazy("jenis kelamin, satu huruf", "L"),
        Sex.P: pgettext_lazy("jenis kelamin, satu huruf", "P"),
    }

    # Unique through the constraint below (one index serving both equality and NIK-prefix search).
    nik = models.CharField(_("NIK"), max_length=16)
    kk_number = models.CharField(_("nomor KK"), max_length=16, blank=True)
    full_name = models.CharField(_("nama lengkap"), max_length=200)
    name_key = models.CharField(max_length=200, editable=False)
    birth_place = models.CharField(_("tempat lahir"), max_length=100, blank=True)
    birth_date = models.DateField(_("tanggal lahir"), null=True, blank=True)
    sex = models.CharField(_("jenis kelamin"), max_length=1, choices=Sex.choices, blank=True)
    mother_maiden_name = models.CharField(_("nama ibu kandung"), max_length=200, blank=True)
    address = models.TextField(_("alamat"), blank=True)
    # Indexed by (region_code, birth_date) below, which also serves region prefix filters.
    region_code = models.CharField(_("kode desa/kelurahan"), max_length=13)
    regency_code = models.CharField(_("kode kabupaten/kota"), max_length=5, editable=False)
    phone = models.CharField(_("telepon"), max_length=20, blank=True)
    occupation = models.CharField(_("pekerjaan"), max_length=100, blank=True)
    monthly_income = models.BigIntegerField(_("penghasilan per bulan (Rp)"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    # No database constraint: bulk commits insert a million people at once, and a per-row foreign-key
    # trigger on the creator would dominate that insert (see docs/decisions.md).
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        db_constraint=False,
        db_index=False,
    )

    class Meta:
        ordering = ["full_name", "id"]
        # Three indexes in all (each one costs about a second per million people a bulk commit inserts; the
        # regency code has none: no page or rule looks people up by it, decision 85). On
        # PostgreSQL the text columns use the pattern operator class, so one index answers both equality and
        # prefix searches (``nik LIKE '1605%'``, ``region_code LIKE '16.05.%'``) instead of Django's usual
        # pair of a plain and a ``_like`` index.
        constraints = [
            models.UniqueConstraint(
                fields=["nik"],
                name="person_nik_uniq",
                opclasses=["varchar_pattern_ops"],
                violation_error_message=_("NIK ini sudah terdaftar di registri."),
            )
        ]
        indexes = [
            models.Index(
                fields=["region_code", "birth_date"],
                name="person_region_birth_idx",
                opclasses=["varchar_pattern_ops", "date_ops"],
            ),
        ]
        verbose_name = _("orang")
        verbose_name_plural = _("orang")

    def __str__(self) -> str:
        return self.full_name

    @property
    def sex_short(self) -> str:
        return str(self.SEX_SHORT.get(self.sex, "–"))


class CorrectionRequest(models.Model):
    """A request to correct a person's name, NIK or birth date, approved by a verifier (maker-checker)."""

    class Field(models.TextChoices):
        FULL_NAME = "full_name", _("Nama lengkap")
        NIK = "nik", _("NIK")
        BIRTH_DATE = "birth_date", _("Tanggal lahir")

    class Status(models.TextChoices):
        PENDING = "pending", _("Menunggu persetujuan")
        APPROVED = "approved", _("Disetujui")
        REJECTED = "rejected", _("Ditolak")

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="corrections")
    region_code = models.CharField(max_length=13, db_index=True)
    field = models.CharField(_("data"), max_length=20, choices=Field.choices)
    old_value = models.CharField(_("nilai lama"), max_length=200)
    new_value = models.CharField(_("nilai baru"), max_length=200)
    reason = models.TextField(_("alasan / dokumen pendukung"))
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING, db_index=True)
    decision_note = models.TextField(_("catatan keputusan"), blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    requested_at = models.DateTimeField(auto_now_add=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-requested_at", "-id"]
        verbose_name = _("permohonan koreksi")
        verbose_name_plural = _("permohonan koreksi")

    def __str__(self) -> str:
        return f"{self.get_field_display()} {self.person_id}"
