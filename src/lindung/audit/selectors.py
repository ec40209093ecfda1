"""Reading the audit trail: the history panel of a record, in words its reader understands.

The audit rows keep what was written (column names, stored values, ISO timestamps, the system's internal
actor keys); the panel shows each field by its label (the model field's verbose name), choices by their
label, dates as dd-mm-yyyy, money as Rupiah, related records by name, and the system by what it was doing.
Identity and contact values are masked first, so the history never shows more than the record's page.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.apps import apps
from django.contrib.auth import get_user_model
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from lindung.audit.models import AuditLog, ExportLog
from lindung.audit.services import SYSTEM, object_type_of
from lindung.core.formatting import mask_nik, mask_phone, number, percent, rupiah

# Values the history panel never prints whole (the audit row keeps them; the panel shows them masked).
IDENTITY_FIELDS = {"nik": mask_nik, "kk_number": mask_nik}
CONTACT_FIELDS = {
    "phone": mask_phone,
    "address": lambda v: "…" if v else v,
    "monthly_income": lambda v: "…" if v not in (None, "") else v,
}

# What the system was doing when it wrote without a user (``audit.services.system_actor``).
SYSTEM_ACTORS = {
    "demo": _("Demo (data contoh)"),
    "billing_run": _("Sistem (penagihan bulanan)"),
    "payments": _("Sistem (alokasi pembayaran)"),
    "lapse": _("Sistem (status tunggakan)"),
    "late_fees": _("Sistem (denda keterlambatan)"),
    "regions": _("Sistem (data wilayah Kemendagri)"),
    "cli": _("Sistem (perintah baris)"),
    "tasks": _("Sistem (proses latar belakang)"),
    "scheduler": _("Sistem (jadwal otomatis)"),
}
ACTION_LABELS = {
    AuditLog.Action.CREATE: pgettext_lazy("aksi audit", "Dibuat"),
    AuditLog.Action.UPDATE: pgettext_lazy("aksi audit", "Diubah"),
    AuditLog.Action.STATUS: pgettext_lazy("aksi audit", "Status diubah"),
    AuditLog.Action.DELETE: pgettext_lazy("aksi audit", "Dihapus"),
    AuditLog.Action.BULK_CREATE: pgettext_lazy("aksi audit", "Dibuat massal"),
    AuditLog.Action.BULK_UPDATE: pgettext_lazy("aksi audit", "Diubah massal"),
    AuditLog.Action.BULK_DELETE: pgettext_lazy("aksi audit", "Dihapus massal"),
    AuditLog.Action.VIEW_NIK: pgettext_lazy("aksi audit", "NIK lengkap dilihat"),
    AuditLog.Action.LOGIN: pgettext_lazy("aksi audit", "Masuk"),
}
# Keys written beside the model's own fields, and fields whose generated verbose name is the column name.
EXTRA_LABELS = {
    "areas": _("wilayah kerja"),
    "funders": _("penyandang dana"),
    "paid": _("terbayar"),
    "revoked": _("dicabut"),
    "user": _("pengguna"),
    "status": _("status"),
    "programme": _("program"),
    "funder": _("penyandang dana"),
    "organisation": _("organisasi"),
    "person": _("orang"),
    "run": _("proses penagihan"),
    "fee_for": _("denda atas tagihan"),
    "recorded_by": _("dicatat oleh"),
    "created_by": _("dibuat oleh"),
    "updated_by": _("diubah oleh"),
    "requested_by": _("diminta oleh"),
    "decided_by": _("diputuskan oleh"),
    "region_code": _("kode wilayah"),
    "is_active": _("aktif"),
    "role": _("peran"),
    "email": _("email"),
    "first_name": _("nama depan"),
    "last_name": _("nama belakang"),
}
# Bookkeeping columns that say nothing to the reader (the row's own time is shown).
HIDDEN = {"id", "created_at", "updated_at", "name_key", "content_hash", "key_hash", "password", "last_login"}
MONEY_NAMES = {
    "amount",
    "allocation",
    "total",
    "paid",
    "planned_total",
    "monthly_amount_per_person",
    "fixed_amount_per_person",
    "amount_per_person",
    "declared_income",
    "wage",
    "monthly_income",
    "min_base",
    "max_base",
    "fee_basis",
    "credit",
}
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_ISO_DATETIME = re.compile(r"^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}")


@dataclass
class Change:
    label: str
    before: str
    after: str


@dataclass
class HistoryEntry:
    at: dt.datetime
    actor: str
    action: str
    changes: list[Change] = field(default_factory=list)
    note: str = ""
    link: str = ""
    link_text: str = ""
    actor_username: str = ""


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


def _model(object_type: str) -> type[models.Model] | None:
    try:
        return apps.get_model(object_type)
    except (LookupError, ValueError):
        return None


def _field(model, key: str):
    if model is None:
        return None
    try:
        f = model._meta.get_field(key)
    except FieldDoesNotExist:
        return next((f for f in model._meta.concrete_fields if f.attname == key), None)
    return f if getattr(f, "concrete", False) else None  # not a reverse relation ("areas")


def field_label(model, key: str) -> str:
    """The field's verbose name (or a label for a key written beside the fields), capitalised."""
    f = _field(model, key)
    label = None
    if f is not None:
        name = f.name
        generated = str(f.verbose_name) == name.replace("_", " ")
        label = EXTRA_LABELS.get(name) if generated else f.verbose_name
        label = label or f.verbose_name
    else:
        label = EXTRA_LABELS.get(key, key.replace("_", " "))
    text = re.sub(r"\s*\(Rp\)", "", str(label))  # the value says Rp itself
    return text[:1].upper() + text[1:]


def format_date_text(value: str) -> str:
    """'2022-01-03' -> '03-01-2022'; an ISO timestamp -> '03-01-2022 07:00' (Asia/Jakarta)."""
    if _ISO_DATE.match(value):
        return dt.date.fromisoformat(value).strftime("%d-%m-%Y")
    try:
        moment = dt.datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return value
    if timezone.is_aware(moment):
        moment = timezone.localtime(moment)
    return moment.strftime("%d-%m-%Y %H:%M")


class _Formatter:
    """Formats the values of many rows, fetching the names of related records once per model."""

    def __init__(self):
        self.related: dict[type[models.Model], dict[str, str]] = {}
        self.wanted: dict[type[models.Model], set] = {}

    def want(self, model, key, values: Iterable) -> None:
        f = _field(model, key)
        if f is not None and f.is_relation and f.many_to_one:
            ids = {v for v in values if isinstance(v, int | str) and v != ""}
            self.wanted.setdefault(f.related_model, set()).update(ids)

    def load(self) -> None:
        user_model = get_user_model()
        for model, ids in self.wanted.items():
            objs = model._default_manager.filter(pk__in=ids)
            if model is user_model:
                self.related[model] = {str(u.pk): user_display(u) for u in objs}
            else:
                self.related[model] = {str(o.pk): str(o) for o in objs}

    def value(self, model, key: str, value) -> str:
        if value is None or value == "" or value == []:
            return "–"
        if isinstance(value, list | tuple):
            return ", ".join(self.value(model, key, v) for v in value)
        if isinstance(value, dict):
            return ", ".join(f"{k}: {v}" for k, v in value.items())
        f = _field(model, key)
        if f is not None:
            if f.is_relation and f.many_to_one:
                return self.related.get(f.related_model, {}).get(str(value), f"#{value}")
            if f.choices:
                return str(dict(f.flatchoices).get(value, value))
            if isinstance(f, models.BooleanField):
                return str(_("ya") if value else _("tidak"))
        name = f.name if f is not None else key
        if isinstance(value, bool):
            return str(_("ya") if value else _("tidak"))
        if isinstance(value, int) and (name == "year" or name.endswith("_year")):
            return str(value)  # 2022, not 2.022
        if isinstance(value, int):
            money = name in MONEY_NAMES or "(rp" in str(getattr(f, "verbose_name", "")).lower()
            return rupiah(value) if money else number(value)
        if isinstance(value, str):
            if "percent" in name:
                try:
                    return percent(Decimal(value))
                except InvalidOperation:
                    return value
            if _ISO_DATE.match(value) or _ISO_DATETIME.match(value):
                return format_date_text(value)
        return str(value)


def user_display(user) -> str:
    """A person's name for the history (full name, else the username)."""
    return user.get_full_name() or user.get_username()


def actor_label(log: AuditLog) -> str:
    if log.actor_id and log.actor is not None:
        return user_display(log.actor)
    name = log.actor_name or SYSTEM
    if name == SYSTEM or name.startswith(SYSTEM + ":"):
        key = name.partition(":")[2] or _infer_system_work(log)
        return str(SYSTEM_ACTORS.get(key, _("Sistem")))
    return name  # a user since deleted: the name they had


def _infer_system_work(log: AuditLog) -> str:
    """Rows written before the system named its work: told apart by what they wrote."""
    if log.object_type == "billing.invoice":
        return "billing_run" if log.action == AuditLog.Action.CREATE else "payments"
    if log.object_type == "memberships.membership" and log.action == AuditLog.Action.BULK_UPDATE:
        return "lapse"
    if log.object_type.startswith("regions."):
        return "regions"
    return ""


def history_entries(logs: list[AuditLog], *, masks: dict) -> list[HistoryEntry]:
    fmt = _Formatter()
    rows = []
    for log in logs:
        log = _masked(log, masks)
        model = _model(log.object_type)
        pairs = [
            (key, pair)
            for key, pair in (log.changes or {}).items()
            if key not in HIDDEN and isinstance(pair, list | tuple) and len(pair) == 2
        ]
        for key, pair in pairs:
            fmt.want(model, key, pair)
        rows.append((log, model, pairs))
    fmt.load()
    out = []
    for log, model, pairs in rows:
        changes = []
        for key, (before, after) in pairs:
            b, a = fmt.value(model, key, before), fmt.value(model, key, after)
            if b == a == "–" or b == a:
                continue  # a creation lists every field: empty ones say nothing
            changes.append(Change(field_label(model, key), b, a))
        out.append(
            HistoryEntry(
                at=log.at,
                actor=actor_label(log),
                actor_username=log.actor.get_username() if log.actor_id and log.actor else "",
                action=str(ACTION_LABELS.get(log.action, log.get_action_display())),
                changes=changes,
                note=_note(log),
            )
        )
    return out


def _note(log: AuditLog) -> str:
    extra = log.extra or {}
    reason = extra.get("note") or extra.get("rejection_reason") or extra.get("reason")
    return str(reason) if reason else ""


def audit_history_for(
    *,
    instance,
    limit: int = 50,
    show_contact: bool = False,
    extra_entries: Iterable[HistoryEntry] = (),
) -> list[HistoryEntry]:
    """History of one record, newest first (the caller has already checked access to the record).

    NIKs and family-card numbers are shown masked, contact details too unless ``show_contact``: seeing the
    history must not reveal more than the record's own page does. ``extra_entries`` are lines other apps
    know about the record (e.g. the list that brought a person into the registry)."""
    masks = dict(IDENTITY_FIELDS)
    if not show_contact:
        masks.update(CONTACT_FIELDS)
    logs = list(
        AuditLog.objects.filter(
            object_type=object_type_of(instance), object_id=str(instance.pk)
        ).select_related("actor")[:limit]
    )
    entries = history_entries(logs, masks=masks) + list(extra_entries)
    return sorted(entries, key=lambda e: e.at, reverse=True)[:limit]


def export_log_list(*, user, username: str = "") -> QuerySet[ExportLog]:
    """The data-export log, newest first: everything for a national admin, otherwise the downloads made by
    users of the admin's own organisation (the caller checks ``can_view_export_log``)."""
    qs = ExportLog.objects.all()
    if user.area_codes is not None:
        qs = qs.filter(actor__organisation=user.organisation_id)
    if username:
        qs = qs.filter(actor_name__icontains=username.strip())
    return qs
