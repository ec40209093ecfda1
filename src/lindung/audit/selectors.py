from __future__ import annotations

from django.db.models import QuerySet

from lindung.audit.models import AuditLog, ExportLog
from lindung.audit.services import object_type_of
from lindung.core.formatting import mask_nik, mask_phone

# Values the history panel never prints whole (the audit row keeps them; the panel shows them masked).
IDENTITY_FIELDS = {"nik": mask_nik, "kk_number": mask_nik}
CONTACT_FIELDS = {
    "phone": mask_phone,
    "address": lambda v: "…" if v else v,
    "monthly_income": lambda v: "…" if v not in (None, "") else v,
}


def _masked(log: AuditLog, masks: dict) -> AuditLog:
    changes = dict(log.changes or {})
    for name, mask in masks.items():
        if name in changes and isinstance(changes[name], list | tuple):
            changes[name] = [mask(v) if v is not None else None for v in changes[name]]
    # A correction of a NIK keeps the old and new numbers in old_value/new_value.
    if log.changes and "field" in log.changes and "nik" in [str(v) for v in log.changes.get("field", [])]:
        for name in ("old_value", "new_value"):
            if name in changes:
                changes[name] = [mask_nik(v) if isinstance(v, str) else v for v in changes[name]]
    log.changes = changes
    return log


def audit_history_for(*, instance, limit: int = 50, show_contact: bool = False) -> list[AuditLog]:
    """History of one record, newest first (the caller has already checked access to the record).

    NIKs and family-card numbers are shown masked, contact details too unless ``show_contact``: seeing the
    history must not reveal more than the record's own page does."""
    masks = dict(IDENTITY_FIELDS)
    if not show_contact:
        masks.update(CONTACT_FIELDS)
    logs = AuditLog.objects.filter(
        object_type=object_type_of(instance), object_id=str(instance.pk)
    ).select_related("actor")[:limit]
    return [_masked(log, masks) for log in logs]


def export_log_list(*, user, username: str = "") -> QuerySet[ExportLog]:
    """The data-export log, newest first: everything for a national admin, otherwise the downloads made by
    users of the admin's own organisation (the caller checks ``can_view_export_log``)."""
    qs = ExportLog.objects.all()
    if user.area_codes is not None:
        qs = qs.filter(actor__organisation=user.organisation_id)
    if username:
        qs = qs.filter(actor_name__icontains=username.strip())
    return qs
