"""Enrolment writes: upload (validate, store rows), submit, verify (commit to the registry), accept (KPJ,
active memberships), reject. Nothing reaches the registry before verification, and the commit is
all-or-nothing for the accepted rows."""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
from dataclasses import dataclass, field

import polars as pl
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from lindung.accounts.permissions import (
    can_accept_batch,
    can_edit_batch,
    can_reject_batch,
    can_upload_batch,
    can_verify_batch,
)
from lindung.audit.models import AuditLog
from lindung.audit.services import audit_bulk, audit_record
from lindung.core.errors import ApplicationError
from lindung.core.scoping import user_area_codes
from lindung.core.tabular import FileRejected
from lindung.enrolment import bulk, response
from lindung.enrolment.messages import MSG_COMMITTED_ELSEWHERE
from lindung.enrolment.models import Batch, BatchRow
from lindung.enrolment.reader import read_enrolment_file
from lindung.enrolment.validate import validate_rows
from lindung.memberships.models import Membership
from lindung.programs.models import Programme
from lindung.programs.selectors import programme_list

logger = logging.getLogger(__name__)


def _default_region(actor) -> str | None:
    codes = user_area_codes(actor)
    if codes and len(codes) == 1 and codes[0].count(".") == 3:
        return codes[0]
    return None


def _validated(*, actor, programme: Programme, filename: str, data: bytes) -> tuple[pl.DataFrame, dict]:
    try:
        result = read_enrolment_file(data, filename=filename)
    except FileRejected as exc:
        raise ApplicationError(exc.message, code=exc.code) from exc
    return validate_rows(
        result.frame,
        result.messages,
        programme=programme,
        area_codes=user_area_codes(actor),
        default_region=_default_region(actor),
    )


def _store(batch: Batch, frame: pl.DataFrame, counts: dict) -> None:
    for k, v in counts.items():
        setattr(batch, k, v)
    batch.returned, batch.unknown_niks = 0, []  # new rows: nothing returned yet
    bulk.rows_insert(batch.pk, frame)


def _check_programme(*, actor, programme: Programme) -> None:
    if not can_upload_batch(actor, programme):
        raise ApplicationError(_("Peran Anda tidak dapat mengunggah daftar peserta."), code="forbidden")
    if not programme_list(user=actor).filter(pk=programme.pk).exists():
        raise ApplicationError(_("Program tidak ditemukan di wilayah kerja Anda."), code="not_found")


BACKGROUND_BYTES = 1_000_000  # larger files are checked by the background worker, with a progress bar


def batch_upload(
    *, actor, programme: Programme, filename: str, data: bytes, background: bool | None = None
) -> Batch:
    """Reads and validates a list; stores it as a draft batch with a row-level report.

    Large files (or ``background=True``) are stored first and checked by a background task; the batch page
    shows the progress and can be left and come back to.
    """
    _check_programme(actor=actor, programme=programme)
    digest = hashlib.sha256(data).hexdigest()
    same = Batch.objects.filter(programme=programme, content_hash=digest).first()
    if same:
        raise ApplicationError(
            _("Berkas yang sama sudah pernah diunggah untuk program ini (unggahan #%(number)s).")
            % {"number": same.pk},
            code="duplicate_file",
        )
    codes = user_area_codes(actor)
    if background is None:
        background = len(data) > BACKGROUND_BYTES
    with transaction.atomic():
        batch = Batch(
            programme=programme,
            organisation=actor.organisation,
            region_code=(codes[0] if codes and len(codes) == 1 else programme.region_code),
            filename=filename[:255],
            content_hash=digest,
            created_by=actor,
            status=Batch.Status.PROCESSING,
            progress=0,
        )
        batch.save()
        batch.original.save(f"{batch.pk}-{digest[:12]}-{filename[-80:]}", ContentFile(data), save=True)
        audit_record(
            actor=actor,
            action=AuditLog.Action.CREATE,
            instance=batch,
            changes={"status": [None, batch.status], "filename": [None, filename]},
        )
    if background:
        from lindung.enrolment.tasks import batch_process_task  # noqa: PLC0415 - tasks import these services

        transaction.on_commit(lambda: batch_process_task.enqueue(batch.pk))
        return batch
    batch_process(batch_id=batch.pk, data=data)
    batch.refresh_from_db()
    if batch.status == Batch.Status.FAILED:  # checked in the request: the user sees why, nothing is kept
        message = batch.error_message
        if message == MSG_PROCESSING_CRASHED:
            message = _(
                "Terjadi kesalahan sistem saat memeriksa berkas ini; tidak ada yang tersimpan. Unggah lagi; "
                "bila terulang, hubungi pengelola Lindung."
            )
        batch.original.delete(save=False)
        batch.delete()
        raise ApplicationError(message, code="file_rejected")
    return batch


def _progress(batch_id: int, value: int) -> None:
    # updated_at too: a check that stops moving for PROCESSING_STALE_AFTER has lost its worker.
    Batch.objects.filter(pk=batch_id).update(progress=value, updated_at=timezone.now())


# The check of a million rows takes about a minute; one not finished after this long has lost its worker
# (killed, out of memory, restarted) and can be retried or discarded by its owner like a failed one.
PROCESSING_STALE_AFTER = dt.timedelta(minutes=30)
MSG_PROCESSING_CRASHED = (
    "Terjadi kesalahan sistem saat memeriksa berkas ini. Ulangi pemeriksaan, atau buang unggahan ini dan "
    "unggah lagi; bila terulang, hubungi pengelola Lindung."
)


def processing_is_stale(batch: Batch, now: dt.datetime | None = None) -> bool:
    return batch.status == Batch.Status.PROCESSING and (now or timezone.now()) - batch.updated_at > (
        PROCESSING_STALE_AFTER
    )


def _processing_failed(batch_id: int, message: str) -> None:
    """The batch leaves PROCESSING for FAILED, its file hash freed (the same file may be sent again)."""
    Batch.objects.filter(pk=batch_id, status=Batch.Status.PROCESSING).update(
        status=Batch.Status.FAILED,
        error_message=message,
        progress=100,
        content_hash=f"gagal-{batch_id}",
        updated_at=timezone.now(),
    )


def batch_process(*, batch_id: int, data: bytes | None = None) -> None:
    """Reads, validates and stores the rows of a batch in PROCESSING state (the background task body).

    Whatever happens, the batch leaves PROCESSING: a refused file (``ApplicationError``) or an unexpected
    error (logged, with a generic message for the user) makes it FAILED, which its owner may retry or
    discard; the rows are stored in one transaction, so a failure leaves none behind."""
    batch = Batch.objects.select_related("programme", "created_by").get(pk=batch_id)
    if batch.status != Batch.Status.PROCESSING:
        return
    try:
        if data is None:
            with batch.original.open("rb") as fh:
                data = fh.read()
        _progress(batch_id, 10)
        frame, counts = _validated(
            actor=batch.created_by, programme=batch.programme, filename=batch.filename, data=data
        )
        del data
        _progress(batch_id, 60)
        with transaction.atomic():
            batch = Batch.objects.select_for_update().get(pk=batch_id)
            _store(batch, frame, counts)
            batch.status = Batch.Status.DRAFT
            batch.progress = 100
            batch.save()
            audit_record(
                actor=batch.created_by,
                action=AuditLog.Action.UPDATE,
                instance=batch,
                changes={
                    "status": [Batch.Status.PROCESSING, Batch.Status.DRAFT],
                    **{k: [None, v] for k, v in counts.items()},
                },
            )
    except ApplicationError as exc:
        _processing_failed(batch_id, exc.message)
    except Exception:
        logger.exception("Pemeriksaan unggahan #%s gagal", batch_id)
        _processing_failed(batch_id, MSG_PROCESSING_CRASHED)


def _locked_failed(*, actor, batch: Batch) -> Batch:
    """The batch, row-locked, after the checks of a retry or a discard: its owner, and a check that failed
    or stopped."""
    batch = Batch.objects.select_for_update().select_related("programme").get(pk=batch.pk)
    if not can_edit_batch(actor, batch):
        raise ApplicationError(
            _("Hanya pengunggah (atau kantornya) yang dapat mengulang atau membuang unggahan ini."),
            code="forbidden",
        )
    if not (batch.status == Batch.Status.FAILED or processing_is_stale(batch)):
        raise ApplicationError(
            _("Hanya unggahan yang gagal diperiksa yang dapat diulang atau dibuang."), code="bad_state"
        )
    return batch


def batch_retry(*, actor, batch: Batch) -> Batch:
    """Checks a failed (or stopped) upload's stored file again, in the background."""
    with transaction.atomic():
        batch = _locked_failed(actor=actor, batch=batch)
        if not batch.original:
            raise ApplicationError(
                _("Berkas asli unggahan ini tidak tersimpan; buang unggahan ini lalu unggah lagi."),
                code="no_file",
            )
        with batch.original.open("rb") as fh:
            digest = hashlib.file_digest(fh, "sha256").hexdigest()
        same = (
            Batch.objects.filter(programme=batch.programme, content_hash=digest).exclude(pk=batch.pk).first()
        )
        if same:
            raise ApplicationError(
                _("Berkas yang sama sudah diunggah lagi untuk program ini (unggahan #%(number)s).")
                % {"number": same.pk},
                code="duplicate_file",
            )
        before = batch.status
        batch.status, batch.progress, batch.error_message = Batch.Status.PROCESSING, 0, ""
        batch.content_hash = digest
        batch.save(update_fields=["status", "progress", "error_message", "content_hash", "updated_at"])
        audit_record(
            actor=actor,
            action=AuditLog.Action.STATUS,
            instance=batch,
            changes={"status": [before, batch.status]},
            extra={"retry": True},
        )
        from lindung.enrolment.tasks import batch_process_task  # noqa: PLC0415 - tasks import these services

        transaction.on_commit(lambda: batch_process_task.enqueue(batch.pk))
    return batch


def batch_discard(*, actor, batch: Batch) -> None:
    """Removes a failed (or stopped) upload and its stored file; the file may then be uploaded again."""
    with transaction.atomic():
        batch = _locked_failed(actor=actor, batch=batch)
        audit_record(
            actor=actor,
            action=AuditLog.Action.DELETE,
            instance=batch,
            changes={"status": [batch.status, None], "filename": [batch.filename, None]},
            extra={"error": batch.error_message},
        )
        original = batch.original.name if batch.original else ""
        batch.row_set.all().delete()
        batch.delete()
        if original:
            storage = batch.original.storage
            transaction.on_commit(lambda: storage.delete(original))


def batch_replace_file(*, actor, batch: Batch, filename: str, data: bytes) -> Batch:
    """A corrected file replaces a draft's rows (the batch keeps its number and history)."""
    if batch.status != Batch.Status.DRAFT:
        raise ApplicationError(_("Berkas hanya dapat diganti selama unggahan masih draf."), code="not_draft")
    _check_idle(batch)
    _check_programme(actor=actor, programme=batch.programme)
    if not can_edit_batch(actor, batch):
        raise ApplicationError(
            _("Hanya organisasi pengunggah yang dapat mengganti berkas."), code="forbidden"
        )
    digest = hashlib.sha256(data).hexdigest()
    if (
        Batch.objects.filter(programme=batch.programme, content_hash=digest).exclude(pk=batch.pk).exists()
        or digest == batch.content_hash
    ):
        raise ApplicationError(
            _("Berkas yang sama sudah pernah diunggah untuk program ini."), code="duplicate_file"
        )
    frame, counts = _validated(actor=actor, programme=batch.programme, filename=filename, data=data)
    with transaction.atomic():
        before = {k: getattr(batch, k) for k in counts}
        batch.row_set.all().delete()
        batch.filename, batch.content_hash = filename[:255], digest
        _store(batch, frame, counts)
        batch.original.save(f"{batch.pk}-{digest[:12]}-{filename[-80:]}", ContentFile(data), save=False)
        batch.rejection_reason = ""
        batch.save()
        audit_record(
            actor=actor,
            action=AuditLog.Action.UPDATE,
            instance=batch,
            changes={
                "filename": ["", filename],
                **{k: [before[k], v] for k, v in counts.items() if before[k] != v},
            },
        )
    return batch


def _transition(*, actor, batch: Batch, to: str, **fields) -> None:
    before = batch.status
    batch.status = to
    for k, v in fields.items():
        setattr(batch, k, v)
    batch.job_error = ""  # a refused background attempt no longer applies once the state moves on
    batch.save(update_fields=["status", "updated_at", "job_error", *fields.keys()])
    audit_record(
        actor=actor,
        action=AuditLog.Action.STATUS,
        instance=batch,
        changes={"status": [before, to]},
        extra={k: str(v) for k, v in fields.items() if k.endswith("reason")},
    )


@transaction.atomic
def batch_submit(*, actor, batch: Batch) -> Batch:
    batch = Batch.objects.select_for_update().get(pk=batch.pk)
    if batch.status != Batch.Status.DRAFT:
        raise ApplicationError(_("Hanya unggahan draf yang dapat diajukan."), code="bad_state")
    if not can_edit_batch(actor, batch):
        raise ApplicationError(_("Peran Anda tidak dapat mengajukan unggahan."), code="forbidden")
    if batch.accepted_rows == 0:
        raise ApplicationError(
            _("Tidak ada baris yang dapat diajukan: semua baris ditolak. Perbaiki berkas lalu unggah ulang."),
            code="nothing_valid",
        )
    _transition(
        actor=actor,
        batch=batch,
        to=Batch.Status.SUBMITTED,
        submitted_at=timezone.now(),
        submitted_by=actor,
        rejection_reason="",
    )
    return batch


def _commit(*, actor, batch: Batch) -> int:
    """Registry upsert and pending memberships for the accepted rows, set-based; returns the number committed.

    Concurrency: one upsert inserts the missing people and row-locks the existing ones (PostgreSQL; SQLite
    serialises writers); it waits on a concurrent commit inserting or locking the same NIK. Holding memberships
    are then re-checked, so of two batches with the same NIK exactly one commits it; the other row is reported.
    """
    programme = batch.programme
    bulk.people_insert(
        batch_id=batch.pk, actor_id=actor.pk if getattr(actor, "is_authenticated", False) else None
    )
    losers = list(
        BatchRow.objects.filter(pk__in=bulk.conflicting_rows(batch_id=batch.pk, programme=programme))
    )
    for r in losers:
        r.status = BatchRow.Status.REJECTED
        r.messages = [
            *r.messages,
            {
                "level": "error",
                "code": "committed_elsewhere",
                "message": MSG_COMMITTED_ELSEWHERE,
            },
        ]
    if losers:
        was_valid = sum(1 for r in losers if len(r.messages) == 1)
        BatchRow.objects.bulk_update(losers, ["status", "messages"], batch_size=2000)
        batch.rejected += len(losers)
        batch.valid -= was_valid
        batch.warnings -= len(losers) - was_valid
        batch.save(update_fields=["rejected", "valid", "warnings"])
    # Memberships are recorded on the first sharing funder; named sponsors get their people explicitly.
    funders = programme.funders.order_by("id")
    funder = (
        funders.exclude(share_percent__isnull=True, amount_per_person__isnull=True).first() or funders.first()
    )
    created = bulk.memberships_insert(
        batch_id=batch.pk, programme=programme, funder_id=funder.pk if funder else None
    )
    audit_bulk(
        actor=actor,
        action=AuditLog.Action.BULK_CREATE,
        model=Membership,
        count=created,
        region_code=batch.region_code,
        extra={"batch": batch.pk, "programme": programme.code, "refused": len(losers)},
    )
    return created


def _maker_checker_message(actor, batch: Batch, otherwise: str) -> str:
    if actor is not None and actor.pk in {batch.created_by_id, batch.submitted_by_id}:
        return _(
            "Pengunggah atau pengaju daftar tidak boleh memeriksanya sendiri; langkah ini dilakukan "
            "petugas lain."
        )
    return otherwise


def _locked_for_verify(*, actor, batch: Batch) -> Batch:
    """The batch, row-locked, after the checks every verification makes (state and role)."""
    batch = Batch.objects.select_for_update().select_related("programme").get(pk=batch.pk)
    if batch.status != Batch.Status.SUBMITTED:
        raise ApplicationError(
            _("Hanya unggahan yang sudah diajukan yang dapat diverifikasi."), code="bad_state"
        )
    if not can_verify_batch(actor, batch):
        raise ApplicationError(
            _maker_checker_message(
                actor, batch, _("Verifikasi dilakukan oleh verifikator OPD pemilik program.")
            ),
            code="forbidden",
        )
    return batch


def _locked_for_accept(*, actor, batch: Batch) -> Batch:
    """The batch, row-locked, after the checks every acceptance makes (state and role)."""
    batch = Batch.objects.select_for_update().select_related("programme").get(pk=batch.pk)
    if batch.status != Batch.Status.VERIFIED:
        raise ApplicationError(
            _("Hanya unggahan yang sudah diverifikasi OPD yang dapat diterima."), code="bad_state"
        )
    if not can_accept_batch(actor, batch):
        raise ApplicationError(
            _maker_checker_message(
                actor, batch, _("Penerimaan dan nomor KPJ diisi oleh kantor cabang BPJS Ketenagakerjaan.")
            ),
            code="forbidden",
        )
    return batch


@transaction.atomic
def batch_verify(*, actor, batch: Batch) -> int:
    batch = _locked_for_verify(actor=actor, batch=batch)
    committed = _commit(actor=actor, batch=batch)
    _transition(
        actor=actor, batch=batch, to=Batch.Status.VERIFIED, verified_at=timezone.now(), verified_by=actor
    )
    return committed


def kpj_from_file(*, data: bytes, filename: str) -> pl.DataFrame:
    """The BPJS response file read and checked (``enrolment.response``): every faulty row reported at once."""
    return response.response_from_file(data=data, filename=filename)


@dataclass
class AcceptResult:
    """What a (partial) acceptance did: memberships activated, rows returned to the village, and the
    response's NIKs that are not in the list (response row, NIK)."""

    accepted: int
    returned: int = 0
    unknown: list[tuple[int, str]] = field(default_factory=list)


# Stored on the batch and in the audit record: the first this many unknown NIKs and returned rows.
LISTED_MAX = 1000
# Stored on the rows in the system's language (like the reasons people type), whatever the actor's pages use.
REASON_NO_KPJ = "BPJS tidak memberikan nomor KPJ (tanpa alasan)."
REASON_ABSENT = "Tidak tercantum dalam berkas balasan BPJS."


def acceptance_start(*, batch: Batch, start_on: dt.date | None = None) -> dt.date:
    """The start date the batch's memberships get when accepted now (``start_on``: the date of the BPJS
    branch's KPJ response, if it gives one): ``Programme.membership_start``. Shown on the batch before
    acceptance."""
    if start_on is not None and start_on > timezone.localdate():
        raise ApplicationError(
            _("Tanggal pada balasan BPJS (%(date)s) belum terjadi; isi tanggal hari ini atau sebelumnya.")
            % {"date": f"{start_on:%d-%m-%Y}"},
            code="start_on_future",
        )
    return batch.programme.membership_start(start_on or timezone.localdate())


@transaction.atomic
def batch_accept(
    *, actor, batch: Batch, kpj: dict[str, str] | pl.DataFrame, start_on: dt.date | None = None
) -> AcceptResult:
    """BPJS accepts the rows it gives KPJ numbers for (memberships active from the acceptance date, or the KPJ
    response's date ``start_on``, or from the programme's start when the programme back-dates deliberately)
    and returns the others to the village with a reason per row: the response's reason column, else why.
    NIKs of the response that are not in the list are listed, never applied. All set-based; a faulty
    response (bad, repeated or taken KPJ numbers) changes nothing and every fault is reported with its row."""
    start = acceptance_start(batch=batch, start_on=start_on)
    batch = _locked_for_accept(actor=actor, batch=batch)
    frame = kpj if isinstance(kpj, pl.DataFrame) else response.response_from_mapping(kpj)
    bulk.kpj_map_load(frame, batch_id=batch.pk)
    try:
        response.raise_problems(
            [
                (
                    row,
                    _("baris %(row)s: nomor KPJ %(kpj)s sudah dipakai peserta lain.")
                    % {"row": row, "kpj": k},
                )
                for row, k in bulk.kpj_taken(batch_id=batch.pk)
            ]
        )
        if bulk.kpj_matched() == 0:
            raise ApplicationError(
                _(
                    "Tidak ada NIK dengan nomor KPJ di berkas balasan yang cocok dengan daftar ini; periksa "
                    "apakah berkasnya untuk unggahan #%(pk)s. Untuk mengembalikan seluruh daftar, gunakan "
                    "Kembalikan ke operator."
                )
                % {"pk": batch.pk},
                code="kpj_no_match",
            )
        unknown = bulk.response_unknown()
        by_status = bulk.rows_return(
            batch_id=batch.pk,
            no_kpj_reason=REASON_NO_KPJ,
            absent_reason=REASON_ABSENT,
        )
        returned = sum(by_status.values())
        activated = bulk.memberships_activate(start_date=start)
    finally:
        bulk.kpj_map_drop()
    withdrawn, _detail = batch.memberships.filter(status=Membership.Status.PENDING).delete()
    audit_bulk(
        actor=actor,
        action=AuditLog.Action.BULK_UPDATE,
        model=Membership,
        count=activated,
        region_code=batch.region_code,
        extra={"batch": batch.pk, "status": "active", "start_date": start.isoformat()},
    )
    returned_rows = list(
        batch.row_set.filter(status=BatchRow.Status.RETURNED)
        .order_by("row_no")
        .values_list("row_no", "return_reason")[:LISTED_MAX]
    )
    if withdrawn:
        audit_bulk(
            actor=actor,
            action=AuditLog.Action.BULK_DELETE,
            model=Membership,
            count=withdrawn,
            region_code=batch.region_code,
            extra={"batch": batch.pk, "returned_rows": [{"row": r, "reason": m} for r, m in returned_rows]},
        )
    batch.valid -= by_status.get(BatchRow.Status.VALID, 0)
    batch.warnings -= by_status.get(BatchRow.Status.WARNING, 0)
    batch.returned += returned
    batch.unknown_niks = [{"row": r, "nik": n} for r, n in unknown[:LISTED_MAX]]
    _transition(
        actor=actor,
        batch=batch,
        to=Batch.Status.ACCEPTED,
        accepted_at=timezone.now(),
        accepted_by=actor,
        valid=batch.valid,
        warnings=batch.warnings,
        returned=batch.returned,
        unknown_niks=batch.unknown_niks,
    )
    if returned or unknown:
        audit_record(
            actor=actor,
            action=AuditLog.Action.UPDATE,
            instance=batch,
            changes={"returned": [batch.returned - returned, batch.returned]},
            extra={"accepted": activated, "returned": returned, "unknown_niks": len(unknown)},
        )
    return AcceptResult(accepted=activated, returned=returned, unknown=unknown)


@transaction.atomic
def batch_row_return(*, actor, batch: Batch, row_no: int, reason: str) -> BatchRow:
    """The OPD verifier sends one row of a submitted list back to the village with a reason; the rest of the
    list goes on. The row is neither committed nor activated; the village fixes it in a new upload."""
    batch = _locked_for_verify(actor=actor, batch=batch)
    _check_idle(batch)
    reason = (reason or "").strip()
    if not reason:
        raise ApplicationError(
            _("Tuliskan alasan pengembalian baris untuk operator desa."), code="reason_required"
        )
    if len(reason) > response.REASON_MAX:
        raise ApplicationError(
            _("Alasan paling panjang %(n)s karakter.") % {"n": response.REASON_MAX}, code="reason_too_long"
        )
    row = BatchRow.objects.filter(batch=batch, row_no=row_no).first()
    if row is None:
        raise ApplicationError(_("Baris %(row)s tidak ada di unggahan ini.") % {"row": row_no}, code="no_row")
    if row.status not in (BatchRow.Status.VALID, BatchRow.Status.WARNING):
        raise ApplicationError(
            _("Baris %(row)s tidak diajukan (status: %(status)s); tidak ada yang dikembalikan.")
            % {"row": row_no, "status": row.get_status_display()},
            code="bad_state",
        )
    before = row.status
    row.status, row.return_reason = BatchRow.Status.RETURNED, reason
    row.save(update_fields=["status", "return_reason"])
    if before == BatchRow.Status.VALID:
        batch.valid -= 1
    else:
        batch.warnings -= 1
    batch.returned += 1
    batch.save(update_fields=["valid", "warnings", "returned", "updated_at"])
    audit_record(
        actor=actor,
        action=AuditLog.Action.UPDATE,
        instance=batch,
        changes={f"baris {row_no}": [before, BatchRow.Status.RETURNED.value]},
        extra={"row": row_no, "reason": reason},
    )
    return row


@transaction.atomic
def batch_reject(*, actor, batch: Batch, reason: str) -> Batch:
    """Back to the operator with a reason. A verified batch's pending memberships are withdrawn."""
    batch = Batch.objects.select_for_update().select_related("programme").get(pk=batch.pk)
    _check_idle(batch)
    if not reason.strip():
        raise ApplicationError(_("Tuliskan alasan penolakan untuk operator."), code="reason_required")
    if batch.status == Batch.Status.SUBMITTED:
        if not can_reject_batch(actor, batch):
            raise ApplicationError(
                _maker_checker_message(
                    actor, batch, _("Penolakan pada tahap ini dilakukan oleh verifikator OPD.")
                ),
                code="forbidden",
            )
    elif batch.status == Batch.Status.VERIFIED:
        if not can_reject_batch(actor, batch):
            raise ApplicationError(
                _maker_checker_message(
                    actor, batch, _("Penolakan pada tahap ini dilakukan oleh kantor cabang BPJS.")
                ),
                code="forbidden",
            )
        withdrawn, _detail = batch.memberships.filter(status=Membership.Status.PENDING).delete()
        audit_bulk(
            actor=actor,
            action=AuditLog.Action.BULK_DELETE,
            model=Membership,
            count=withdrawn,
            region_code=batch.region_code,
            extra={"batch": batch.pk},
        )
    else:
        raise ApplicationError(_("Unggahan pada status ini tidak dapat ditolak."), code="bad_state")
    _transition(actor=actor, batch=batch, to=Batch.Status.DRAFT, rejection_reason=reason.strip())
    return batch


# Large batches are verified and accepted by the background worker (one transaction there too), so that the
# verifier's request does not wait half a minute for a province-sized list; the batch page polls its state.
BACKGROUND_ROWS = 100_000
# A job still marked running this long after it started has lost its worker (a million rows take under a
# minute); its transaction was rolled back with the worker, so the mark can be cleared and the step redone.
JOB_STALE_AFTER = dt.timedelta(minutes=30)


def job_is_stale(batch: Batch, now: dt.datetime | None = None) -> bool:
    return bool(batch.job) and (now or timezone.now()) - batch.updated_at > JOB_STALE_AFTER


@transaction.atomic
def batch_job_cancel(*, actor, batch: Batch) -> Batch:
    """Clears a background job that stopped without finishing (see ``JOB_STALE_AFTER``), so the verifier can
    run the step again. Nothing of the job was written: it ran in one transaction."""
    batch = Batch.objects.select_for_update().select_related("programme").get(pk=batch.pk)
    if not batch.job:
        raise ApplicationError(_("Tidak ada proses latar belakang pada unggahan ini."), code="no_job")
    allowed = (
        can_verify_batch(actor, batch) if batch.job == Batch.Job.VERIFY else can_accept_batch(actor, batch)
    )
    if not allowed:
        raise ApplicationError(_("Peran Anda tidak dapat menghentikan proses ini."), code="forbidden")
    if not job_is_stale(batch):
        raise ApplicationError(
            _("Proses masih berjalan; tunggu sampai selesai atau sampai %(minutes)s menit sejak dimulai.")
            % {"minutes": int(JOB_STALE_AFTER.total_seconds() // 60)},
            code="job_running",
        )
    job = batch.job
    batch.job, batch.progress = "", 100
    batch.job_error = _("Proses latar belakang terhenti tanpa hasil dan dibatalkan; jalankan lagi.")
    batch.save(update_fields=["job", "progress", "job_error", "updated_at"])
    audit_record(actor=actor, action=AuditLog.Action.UPDATE, instance=batch, changes={"job": [job, ""]})
    return batch


def _check_idle(batch: Batch) -> None:
    if batch.job:
        raise ApplicationError(
            _("Unggahan ini sedang diproses di latar belakang; tunggu sampai selesai."), code="busy"
        )


def _job_start(*, actor, batch: Batch, job: str) -> None:
    from lindung.enrolment.tasks import batch_job_task  # noqa: PLC0415 - tasks import these services

    batch.job, batch.job_actor, batch.job_error, batch.progress = job, actor, "", 0
    batch.save(update_fields=["job", "job_actor", "job_error", "progress", "kpj_file", "updated_at"])
    audit_record(actor=actor, action=AuditLog.Action.UPDATE, instance=batch, changes={"job": ["", job]})
    transaction.on_commit(lambda: batch_job_task.enqueue(batch.pk))


def batch_verify_start(*, actor, batch: Batch) -> int | None:
    """Verifies the batch now, or queues it for the worker when it has ``BACKGROUND_ROWS`` accepted rows or
    more. Returns the number committed, or None when queued. The checks are the same either way."""
    if batch.accepted_rows < BACKGROUND_ROWS:
        _check_idle(batch)
        return batch_verify(actor=actor, batch=batch)
    with transaction.atomic():
        batch = _locked_for_verify(actor=actor, batch=batch)
        _check_idle(batch)
        _job_start(actor=actor, batch=batch, job=Batch.Job.VERIFY)
    return None


def batch_accept_start(
    *, actor, batch: Batch, data: bytes, filename: str, start_on: dt.date | None = None
) -> AcceptResult | None:
    """Accepts the batch with a BPJS response file now, or queues it (file kept) for the worker when large."""
    if batch.accepted_rows < BACKGROUND_ROWS:
        _check_idle(batch)
        return batch_accept(
            actor=actor, batch=batch, kpj=kpj_from_file(data=data, filename=filename), start_on=start_on
        )
    acceptance_start(batch=batch, start_on=start_on)  # refuses a date in the future before queueing
    with transaction.atomic():
        batch = _locked_for_accept(actor=actor, batch=batch)
        _check_idle(batch)
        batch.kpj_file.save(f"{batch.pk}-{filename[-80:]}", ContentFile(data), save=False)
        # The acceptance date is the day it was asked for (or the response's), not the day the worker runs.
        batch.accept_start_on = start_on or timezone.localdate()
        batch.save(update_fields=["accept_start_on"])
        _job_start(actor=actor, batch=batch, job=Batch.Job.ACCEPT)
    return None


def batch_job_run(*, batch_id: int) -> None:
    """The worker's side: runs the queued verification or acceptance; a refusal is kept as ``job_error``."""
    batch = Batch.objects.select_related("job_actor").get(pk=batch_id)
    if not batch.job:
        return
    Batch.objects.filter(pk=batch_id).update(progress=10)
    error = ""
    try:
        if batch.job == Batch.Job.VERIFY:
            batch_verify(actor=batch.job_actor, batch=batch)
        else:
            with batch.kpj_file.open("rb") as fh:
                data = fh.read()
            kpj = kpj_from_file(data=data, filename=batch.kpj_file.name)
            batch_accept(actor=batch.job_actor, batch=batch, kpj=kpj, start_on=batch.accept_start_on)
    except ApplicationError as exc:
        error = " ".join([exc.message, *exc.extra.get("errors", [])[:50]])
    except Exception:  # logged, and told on the batch: the step can be run again (nothing was written)
        logger.exception("Proses latar belakang unggahan #%s gagal", batch_id)
        error = "Terjadi kesalahan sistem saat memproses; coba lagi atau hubungi pengelola Lindung."
    finally:
        Batch.objects.filter(pk=batch_id).update(
            job="", job_error=error, progress=100, updated_at=timezone.now()
        )
