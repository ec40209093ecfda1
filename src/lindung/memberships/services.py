"""Exits: end a membership (death, end of term, moved away, age limit, duplicate, funder stopped), one by one
or in bulk from a file of NIKs. Audited; set-based for the bulk path."""

from __future__ import annotations

import datetime as dt

import polars as pl
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from lindung.accounts.permissions import can_end_membership, can_write
from lindung.audit.models import AuditLog
from lindung.audit.services import audit_bulk, audit_record
from lindung.core.errors import ApplicationError
from lindung.core.limits import MAX_MONTHLY_INCOME, check_amount
from lindung.core.scoping import region_q, user_area_codes
from lindung.core.tabular import FileRejected, TableSpec, read_table
from lindung.memberships.models import NOT_ENDED, Membership
from lindung.programs.models import Programme
from lindung.registry.nik import NIK_HEADERS, nik_validate_frame

# The file of an exit in bulk: a NIK column (other columns, a title and a signature block may be there).
EXITS_FILE = TableSpec(headers={"nik": NIK_HEADERS}, required=("nik",), labels={"nik": "NIK"}, text=("nik",))


def _check(actor, reason: str, end_date: dt.date | None) -> dt.date:
    if not can_write(actor):
        raise ApplicationError(_("Peran Anda tidak dapat mengakhiri kepesertaan."), code="forbidden")
    if reason not in Membership.EndReason.values:
        raise ApplicationError(_("Pilih alasan berakhirnya kepesertaan."), code="reason_required")
    end = end_date or timezone.localdate()
    if end > timezone.localdate() + dt.timedelta(days=366):
        raise ApplicationError(_("Tanggal berakhir terlalu jauh di masa depan."), code="end_date_invalid")
    return end


@transaction.atomic
def membership_end(
    *, actor, membership: Membership, reason: str, end_date: dt.date | None = None
) -> Membership:
    end = _check(actor, reason, end_date)
    m = Membership.objects.select_for_update().get(pk=membership.pk)
    if m.status not in NOT_ENDED:
        raise ApplicationError(_("Kepesertaan ini sudah berakhir."), code="already_ended")
    if end < m.start_date:
        raise ApplicationError(
            _("Tanggal berakhir tidak boleh sebelum tanggal mulai kepesertaan."), code="end_date_invalid"
        )
    before = (m.status, m.end_date, m.end_reason)
    m.status, m.end_date, m.end_reason = Membership.Status.ENDED, end, reason
    m.save(update_fields=["status", "end_date", "end_reason", "updated_at"])
    audit_record(
        actor=actor,
        action=AuditLog.Action.STATUS,
        instance=m,
        changes={
            "status": [before[0], m.status],
            "end_date": [before[1], end],
            "end_reason": [before[2], reason],
        },
    )
    return m


def memberships_end_from_file(
    *, actor, programme: Programme, data: bytes, filename: str, reason: str, end_date: dt.date | None = None
) -> dict[str, int]:
    """Ends the listed NIKs' memberships in the programme (inside the actor's area). All or nothing."""
    end = _check(actor, reason, end_date)
    try:
        frame = read_table(data, filename=filename, spec=EXITS_FILE).frame
    except FileRejected as exc:
        raise ApplicationError(exc.message, code=exc.code) from exc
    as_number = frame.filter(pl.col("nik_as_number"))
    if as_number.height:
        rows = ", ".join(map(str, as_number["row_no"].head(10).to_list()))
        raise ApplicationError(
            _(
                "NIK pada baris %(rows)s tersimpan sebagai angka oleh Excel sehingga digit terakhirnya bisa "
                "berubah; format kolom NIK sebagai Teks lalu ketik ulang. Tidak ada kepesertaan yang diakhiri."
            )
            % {"rows": rows},
            code="nik_as_number",
        )
    frame = nik_validate_frame(frame)
    invalid = frame.filter(~pl.col("nik_valid"))
    if invalid.height:
        rows = ", ".join(map(str, invalid["row_no"].head(10).to_list()))
        raise ApplicationError(
            _("NIK tidak valid pada baris %(rows)s; tidak ada kepesertaan yang diakhiri.") % {"rows": rows},
            code="nik_invalid",
        )
    niks = frame["nik_clean"].unique().to_list()
    with transaction.atomic():
        qs = (
            Membership.objects.select_for_update()
            .filter(
                region_q(user_area_codes(actor)),
                programme=programme,
                status__in=NOT_ENDED,
                person__nik__in=niks,
            )
            .filter(start_date__lte=end)
        )
        ids = list(qs.values_list("id", flat=True))
        found = set(Membership.objects.filter(pk__in=ids).values_list("person__nik", flat=True))
        Membership.objects.filter(pk__in=ids).update(
            status=Membership.Status.ENDED, end_date=end, end_reason=reason, updated_at=timezone.now()
        )
        audit_bulk(
            actor=actor,
            action=AuditLog.Action.BULK_UPDATE,
            model=Membership,
            count=len(ids),
            object_ids=ids,
            region_code=programme.region_code,
            extra={"status": "ended", "reason": reason, "file": filename},
        )
    return {"listed": len(niks), "ended": len(ids), "not_found": len(set(niks) - found)}


@transaction.atomic
def membership_wage_set(*, actor, membership: Membership, wage: int | None) -> Membership:
    """Sets a member's own contribution base (declared income for BPU, wage for PU), used by billing when the
    programme's base is income or wage, and by claims; ``None`` falls back to the programme's amount. The
    people who may end a membership in the area may correct it. Unchanged: nothing written."""
    m = Membership.objects.select_for_update().get(pk=membership.pk)
    if not can_end_membership(actor, m.region_code):
        raise ApplicationError(_("Peran Anda tidak dapat mengubah upah kepesertaan."), code="forbidden")
    if m.status == Membership.Status.ENDED:
        raise ApplicationError(
            _("Kepesertaan ini sudah berakhir; upahnya tidak diubah."), code="already_ended"
        )
    if wage is not None and wage <= 0:
        raise ApplicationError(
            _("Upah/penghasilan harus lebih dari nol; kosongkan untuk memakai nilai program."),
            code="wage_invalid",
        )
    check_amount(wage, label=_("Upah/penghasilan sebulan"), maximum=MAX_MONTHLY_INCOME)
    if m.wage == wage:
        return m
    before = m.wage
    m.wage = wage
    m.save(update_fields=["wage", "updated_at"])
    audit_record(actor=actor, action=AuditLog.Action.UPDATE, instance=m, changes={"wage": [before, wage]})
    return m
