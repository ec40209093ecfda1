"""Data corrections (name, NIK, birth date): requested by an operator, decided by a verifier, audited."""

from __future__ import annotations

import datetime as dt

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from lindung.accounts.permissions import can_decide_correction, can_request_correction, is_checker
from lindung.audit.models import AuditLog
from lindung.audit.services import audit_created, audit_record
from lindung.core.errors import ApplicationError
from lindung.core.parsing import ParseError, parse_date
from lindung.registry.models import CorrectionRequest, Person
from lindung.registry.nik import nik_check
from lindung.registry.services import name_key


def _parse(field: str, value: str, person: Person) -> tuple[str, object]:
    value = " ".join(value.split())
    if not value:
        raise ApplicationError(_("Nilai baru wajib diisi."), code="value_required")
    if field == CorrectionRequest.Field.NIK:
        check = nik_check(
            value, birth_date=person.birth_date, sex=person.sex or None, region_code=person.region_code
        )
        if not check.valid:
            raise ApplicationError(" ".join(check.error_messages), code="nik_invalid")
        if Person.objects.filter(nik=check.nik).exclude(pk=person.pk).exists():
            raise ApplicationError(_("NIK ini sudah terdaftar di registri."), code="nik_taken")
        return check.nik, check.nik
    if field == CorrectionRequest.Field.BIRTH_DATE:
        try:
            date = parse_date(value)
        except ParseError as exc:
            raise ApplicationError(exc.message, code="date_invalid") from exc
        if date > timezone.localdate():
            raise ApplicationError(_("Tanggal lahir tidak boleh di masa depan."), code="birth_date_future")
        return date.isoformat(), date
    if field == CorrectionRequest.Field.FULL_NAME:
        return value, value
    raise ApplicationError(_("Data yang dikoreksi tidak dikenal."), code="field_invalid")


@transaction.atomic
def correction_request(
    *, actor, person: Person, field: str, new_value: str, reason: str
) -> CorrectionRequest:
    if not can_request_correction(actor, person):
        raise ApplicationError(_("Peran Anda tidak dapat mengajukan koreksi."), code="forbidden")
    if not reason.strip():
        raise ApplicationError(_("Tuliskan alasan atau dokumen pendukung koreksi."), code="reason_required")
    shown, _value = _parse(field, new_value, person)
    old = getattr(person, field)
    old_shown = old.isoformat() if isinstance(old, dt.date) else str(old or "")
    if shown == old_shown:
        raise ApplicationError(_("Nilai baru sama dengan nilai sekarang."), code="unchanged")
    if person.corrections.filter(field=field, status=CorrectionRequest.Status.PENDING).exists():
        raise ApplicationError(
            _("Sudah ada permohonan koreksi yang menunggu untuk data ini."), code="pending_exists"
        )
    req = CorrectionRequest.objects.create(
        person=person,
        region_code=person.region_code,
        field=field,
        old_value=old_shown,
        new_value=shown,
        reason=reason.strip(),
        requested_by=actor,
    )
    audit_created(
        actor=actor, instance=req, fields=["person_id", "field", "old_value", "new_value", "reason"]
    )
    return req


@transaction.atomic
def correction_decide(
    *, actor, request: CorrectionRequest, approve: bool, note: str = ""
) -> CorrectionRequest:
    req = CorrectionRequest.objects.select_for_update().select_related("person").get(pk=request.pk)
    if req.status != CorrectionRequest.Status.PENDING:
        raise ApplicationError(_("Permohonan ini sudah diputuskan."), code="decided")
    if not can_decide_correction(actor, req):
        if req.requested_by_id == actor.pk and is_checker(actor):
            raise ApplicationError(
                _("Pengaju tidak boleh menyetujui permohonannya sendiri."), code="same_person"
            )
        raise ApplicationError(_("Koreksi diputuskan oleh verifikator."), code="forbidden")
    person = Person.objects.select_for_update().get(pk=req.person_id)
    if approve:
        _shown, value = _parse(req.field, req.new_value, person)
        before = getattr(person, req.field)
        setattr(person, req.field, value)
        fields = [req.field, "updated_at"]
        if req.field == CorrectionRequest.Field.FULL_NAME:
            person.name_key = name_key(value)
            fields.append("name_key")
        try:
            person.save(update_fields=fields)
        except IntegrityError as exc:
            raise ApplicationError(_("NIK ini sudah terdaftar di registri."), code="nik_taken") from exc
        audit_record(
            actor=actor,
            action=AuditLog.Action.UPDATE,
            instance=person,
            changes={req.field: [before, value]},
            extra={"correction": req.pk},
        )
    before_status = req.status
    req.status = CorrectionRequest.Status.APPROVED if approve else CorrectionRequest.Status.REJECTED
    req.decided_by, req.decided_at, req.decision_note = actor, timezone.now(), note.strip()
    req.save(update_fields=["status", "decided_by", "decided_at", "decision_note"])
    audit_record(
        actor=actor,
        action=AuditLog.Action.STATUS,
        instance=req,
        changes={"status": [before_status, req.status]},
    )
    return req
