from django.db.models import QuerySet

from lindung.audit.models import AuditLog, ExportLog
from lindung.audit.services import object_type_of


def audit_history_for(*, instance, limit: int = 50) -> QuerySet[AuditLog]:
    """History of one record, newest first (the caller has already checked access to the record)."""
    return AuditLog.objects.filter(
        object_type=object_type_of(instance), object_id=str(instance.pk)
    ).select_related("actor")[:limit]


def export_log_list(*, user, username: str = "") -> QuerySet[ExportLog]:
    """The data-export log, newest first: everything for a national admin, otherwise the downloads made by
    users of the admin's own organisation (the caller checks ``can_view_export_log``)."""
    qs = ExportLog.objects.all()
    if user.area_codes is not None:
        qs = qs.filter(actor__organisation=user.organisation_id)
    if username:
        qs = qs.filter(actor_name__icontains=username.strip())
    return qs
