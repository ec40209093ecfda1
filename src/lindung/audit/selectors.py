from django.db.models import QuerySet

from lindung.audit.models import AuditLog
from lindung.audit.services import object_type_of


def audit_history_for(*, instance, limit: int = 50) -> QuerySet[AuditLog]:
    """History of one record, newest first (the caller has already checked access to the record)."""
    return AuditLog.objects.filter(
        object_type=object_type_of(instance), object_id=str(instance.pk)
    ).select_related("actor")[:limit]
