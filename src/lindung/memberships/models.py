from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class MembershipStatus(models.TextChoices):
    PENDING = "pending", _("Menunggu")
    ACTIVE = "active", _("Aktif")
    LAPSED = "lapsed", _("Terhenti (tunggakan)")
    ENDED = "ended", pgettext_lazy("status kepesertaan", "Berakhir")


# A membership *holds* its place in the programme while pending or active: at most one per person and
# programme (the unique constraint below), it counts against quotas and it is what double funding looks for.
# Lapsed and ended ones do not: the person may be enrolled again.
HOLDING = (MembershipStatus.PENDING, MembershipStatus.ACTIVE)
# A membership is *not ended* while pending, active or lapsed: it can still be ended (an exit).
NOT_ENDED = (MembershipStatus.PENDING, MembershipStatus.ACTIVE, MembershipStatus.LAPSED)


def status_sql(statuses) -> str:
    """A tuple of status values for a raw SQL ``IN`` (values from the choices, never typed in SQL)."""
    return "(" + ", ".join(f"'{MembershipStatus(s).value}'" for s in statuses) + ")"


class Membership(models.Model):
    """A person protected by a programme for a period. Carries its region codes for partitioning."""

    Status = MembershipStatus
    HOLDING = HOLDING
    NOT_ENDED = NOT_ENDED

    class EndReason(models.TextChoices):
        DEATH = "death", _("Meninggal dunia")
        END_OF_TERM = "end_of_term", _("Masa tugas/periode selesai")
        MOVED = "moved", _("Pindah domisili")
        AGE_LIMIT = "age_limit", pgettext_lazy("alasan berakhir", "Batas usia")
        DUPLICATE = "duplicate", _("Data ganda")
        FUNDER_STOPPED = "funder_stopped", _("Penyandang dana berhenti")

    # person and programme lead a composite index below, so no single-column index of their own. No
    # database constraints on these keys: memberships are written a million at a time by set-based
    # INSERT ... SELECT joins that only produce existing ids, and per-row foreign-key triggers dominated
    # that insert on PostgreSQL. Django's on_delete=PROTECT still guards deletes (docs/decisions.md).
    person = models.ForeignKey(
        "registry.Person",
        on_delete=models.PROTECT,
        related_name="memberships",
        db_index=False,
        db_constraint=False,
    )
    programme = models.ForeignKey(
        "programs.Programme",
        on_delete=models.PROTECT,
        related_name="memberships",
        db_index=False,
        db_constraint=False,
    )
    funder = models.ForeignKey(
        "programs.ProgrammeFunder",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="memberships",
        db_constraint=False,
    )
    region_code = models.CharField(_("kode desa/kelurahan"), max_length=13)
    regency_code = models.CharField(_("kode kabupaten/kota"), max_length=5)
    # The id of the enrolment batch that created the membership (none for memberships entered otherwise).
    # Written by the batch commit's INSERT ... SELECT itself, so rows and memberships need no linking UPDATE.
    # A plain number, not a foreign key: enrolment sits above memberships (docs/architecture.md, Layers).
    batch_id = models.BigIntegerField(_("unggahan asal"), null=True, blank=True, db_index=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PENDING)
    start_date = models.DateField(_("mulai"))
    end_date = models.DateField(_("berakhir"), null=True, blank=True)
    end_reason = models.CharField(_("alasan berakhir"), max_length=20, choices=EndReason.choices, blank=True)
    lapsed_on = models.DateField(_("terhenti pada"), null=True, blank=True)
    kpj = models.CharField(_("nomor KPJ"), max_length=20, blank=True)
    # The member's own contribution base: declared monthly income (BPU) or monthly wage (PU), from the
    # enrolment list's income column or edited on the person's page. Empty = the programme's amount.
    wage = models.BigIntegerField(_("upah/penghasilan dasar iuran (Rp/bulan)"), null=True, blank=True)
    officer_kind = models.CharField(_("jenis petugas"), max_length=20, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    # Whether the membership holds its place (pending or active), kept by the database from the status. The
    # unique rule below reads it instead of the status, and no index has the status in its key or predicate:
    # acceptance (pending -> active) then changes no indexed value, and PostgreSQL writes it as a heap-only
    # update in the room fillfactor leaves on each page, without touching an index (decision 86).
    holding = models.GeneratedField(
        expression=models.Q(status__in=list(HOLDING)),
        output_field=models.BooleanField(),
        db_persist=True,
        verbose_name=_("memegang tempat"),
    )

    class Meta:
        indexes = [
            models.Index(fields=["programme"], name="membership_programme_idx"),
            # holding does not change on acceptance; the national table counts it per regency from this index.
            models.Index(fields=["regency_code", "holding"], name="membership_regency_holding_idx"),
            # A person has a few memberships: the person alone finds them, and acceptance (status pending ->
            # active) leaves this index alone on SQLite, which rewrites only the indexes of changed columns.
            models.Index(fields=["person"], name="membership_person_idx"),
            # Equality and prefix (``region_code LIKE '16.05.%'``) filters from one index on PostgreSQL.
            models.Index(
                fields=["region_code"], name="membership_region_idx", opclasses=["varchar_pattern_ops"]
            ),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["person", "programme"],
                condition=models.Q(holding=True),
                name="uniq_holding_membership",
            )
        ]
        verbose_name = _("kepesertaan")
        verbose_name_plural = _("kepesertaan")

    def __str__(self) -> str:
        return f"{self.person_id} @ {self.programme_id} ({self.status})"


# The end month a membership without an end date is counted under (a date, so the key has no NULL in it).
OPEN_END = "9999-12-01"


class MembershipTally(models.Model):
    """Active memberships counted by programme, funder, village, first month and last month: the maintained
    aggregate the budget's months-left projection (decision 83) and the coverage pages' counts per region,
    target group and funder kind (decision 86) read instead of counting a province's memberships.

    Written only by database triggers on ``memberships_membership`` (every write path: services, bulk SQL,
    the admin, the demo), never by application code; ``lindung tally --check`` compares it with a count.
    """

    programme_id = models.BigIntegerField()
    funder_id = models.BigIntegerField(default=0)  # the membership's funder; 0 when it has none
    region_code = models.CharField(max_length=13)  # the membership's village
    start_month = models.DateField()
    end_month = models.DateField()  # OPEN_END when the membership has no end date
    members = models.BigIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["programme_id", "funder_id", "region_code", "start_month", "end_month"],
                name="uniq_membership_tally_key",
            )
        ]
        indexes = [
            models.Index(fields=["region_code"], name="tally_region_idx", opclasses=["varchar_pattern_ops"]),
        ]
        verbose_name = _("hitungan kepesertaan aktif")
        verbose_name_plural = _("hitungan kepesertaan aktif")

    def __str__(self) -> str:
        months = f"{self.start_month:%Y-%m}..{self.end_month:%Y-%m}"
        return f"{self.programme_id} {self.region_code} {months}: {self.members}"
