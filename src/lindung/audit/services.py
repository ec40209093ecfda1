"""Audit trail: every write records actor, time, object and changed fields, in the caller's transaction."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from contextlib import contextmanager
from contextvars import ContextVar
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.db import models, transaction
from django.utils import translation
from django.utils.functional import Promise

from lindung.audit.models import AuditLog, ExportLog


def _jsonable(value: Any) -> Any:
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, models.Model):
        return value.pk
    if hasattr(value, "name") and hasattr(value, "url"):  # FieldFile
        return value.name or ""
    if isinstance(value, Promise):  # a lazily translated label
        return str(value)
    return value


def object_type_of(instance_or_model: models.Model | type[models.Model]) -> str:
    return instance_or_model._meta.label_lower


SYSTEM = "sistem"
_system_work: ContextVar[str] = ContextVar("lindung_system_work", default="")


@contextmanager
def system_actor(work: str):
    """Names what the system is doing while it writes without a user (the demo loader, a scheduled billing
    run, the region loader...): rows written inside get ``actor_name`` ``"sistem:<work>"``, which the
    history panel shows as e.g. "Sistem (penagihan bulanan)" (``audit.selectors.SYSTEM_ACTORS``). Usable as
    a decorator."""
    token = _system_work.set(work)
    try:
        yield
    finally:
        _system_work.reset(token)


def _actor_fields(actor) -> dict[str, Any]:
    if actor is None or not getattr(actor, "is_authenticated", False):
        work = _system_work.get()
        return {"actor": None, "actor_name": f"{SYSTEM}:{work}" if work else SYSTEM}
    return {"actor": actor, "actor_name": actor.get_username()}


def audit_record(
    *,
    actor,
    action: str,
    instance: models.Model | None = None,
    object_type: str = "",
    object_id: str = "",
    object_repr: str = "",
    region_code: str = "",
    changes: dict[str, list[Any]] | None = None,
    extra: dict[str, Any] | None = None,
) -> AuditLog:
    """Writes one audit row. Must be called inside the transaction of the write it describes.

    The record is written in the system's language (Bahasa Indonesia), whatever language the actor's pages
    are shown in, so the trail reads the same for everyone."""
    with translation.override(settings.LANGUAGE_CODE):
        return _audit_record(
            actor=actor,
            action=action,
            instance=instance,
            object_type=object_type,
            object_id=object_id,
            object_repr=object_repr,
            region_code=region_code,
            changes=changes,
            extra=extra,
        )


def _audit_record(
    *, actor, action, instance, object_type, object_id, object_repr, region_code, changes, extra
):
    if instance is not None:
        object_type = object_type or object_type_of(instance)
        object_id = object_id or str(instance.pk)
        object_repr = object_repr or str(instance)[:200]
        region_code = region_code or getattr(instance, "region_code", "") or ""
    return AuditLog.objects.create(
        **_actor_fields(actor),
        action=action,
        object_type=object_type,
        object_id=object_id,
        object_repr=object_repr[:200],
        region_code=region_code,
        changes={k: [_jsonable(a), _jsonable(b)] for k, (a, b) in (changes or {}).items()},
        extra=extra or {},
    )


def audit_created(*, actor, instance: models.Model, fields: Iterable[str] | None = None) -> AuditLog:
    names = fields or [f.attname for f in instance._meta.concrete_fields if not f.primary_key]
    changes = {name: [None, getattr(instance, name)] for name in names}
    return audit_record(actor=actor, action=AuditLog.Action.CREATE, instance=instance, changes=changes)


def audit_bulk(
    *,
    actor,
    action: str,
    model: type[models.Model],
    count: int,
    region_code: str = "",
    object_ids: list[Any] | None = None,
    extra: dict[str, Any] | None = None,
) -> AuditLog:
    """One row for a bulk write; ``object_ids`` (when given and small) and the count go in ``extra``."""
    data = {"count": count, **(extra or {})}
    if object_ids is not None and len(object_ids) <= 1000:
        data["ids"] = [_jsonable(i) for i in object_ids]
    with translation.override(settings.LANGUAGE_CODE):
        plural = str(model._meta.verbose_name_plural)
    return audit_record(
        actor=actor,
        action=action,
        object_type=object_type_of(model),
        object_repr=f"{count} {plural}",
        region_code=region_code,
        extra=data,
    )


def model_update(
    *, instance: models.Model, data: dict[str, Any], actor, action: str = AuditLog.Action.UPDATE
):
    """Sets the given fields, saves only those that changed, audits before/after. Returns the changed names."""
    changes: dict[str, list[Any]] = {}
    for name, value in data.items():
        before = getattr(instance, name)
        if before != value:
            changes[name] = [before, value]
            setattr(instance, name, value)
    if not changes:
        return []
    with transaction.atomic():
        instance.full_clean()
        update_fields = list(changes)
        if any(f.name == "updated_at" for f in instance._meta.concrete_fields):
            update_fields.append("updated_at")
        instance.save(update_fields=update_fields)
        audit_record(actor=actor, action=action, instance=instance, changes=changes)
    return list(changes)


def export_record(
    *,
    actor,
    export: str,
    path: str,
    filters: dict[str, Any],
    filename: str,
    file_format: str,
    rows: int | None,
) -> ExportLog:
    """One row of the data-export log (the record itself is the audit trail of a download)."""
    org = getattr(actor, "organisation", None)
    area = actor.area_codes
    return ExportLog.objects.create(
        actor=actor,
        actor_name=actor.get_username(),
        organisation=org.name[:200] if org else "",
        area=[] if area is None else list(area),
        export=export[:100],
        path=path[:300],
        filters=filters,
        filename=filename[:200],
        file_format=file_format[:10],
        rows=rows,
    )


def export_rows_set(*, log: ExportLog, rows: int) -> None:
    """Fills in the row count of a streamed export once its last row is written."""
    ExportLog.objects.filter(pk=log.pk).update(rows=rows)
