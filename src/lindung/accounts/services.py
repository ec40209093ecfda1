from __future__ import annotations

import hashlib
import secrets

from django.contrib.auth.tokens import default_token_generator
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext as _

from lindung.accounts.models import ApiToken, Organisation, OrganisationArea, User
from lindung.accounts.permissions import can_manage_user, can_manage_users
from lindung.audit.models import AuditLog
from lindung.audit.services import audit_created, audit_record, model_update
from lindung.core.errors import ApplicationError
from lindung.regions.models import Region


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


@transaction.atomic
def organisation_create(
    *,
    actor,
    code: str,
    name: str,
    kind: str,
    opd_kind: str = "",
    parent: Organisation | None = None,
    area_codes: list[str] | tuple[str, ...] = (),
    is_national: bool = False,
) -> Organisation:
    org = Organisation(
        code=code, name=name, kind=kind, opd_kind=opd_kind, parent=parent, is_national=is_national
    )
    org.full_clean()
    org.save()
    regions = list(Region.objects.filter(code__in=area_codes))
    missing = sorted(set(area_codes) - {r.code for r in regions})
    if missing:
        raise ApplicationError(
            _("Kode wilayah tidak dikenal: %(codes)s.") % {"codes": ", ".join(missing)}, code="unknown_region"
        )
    OrganisationArea.objects.bulk_create([OrganisationArea(organisation=org, region=r) for r in regions])
    audit_created(actor=actor, instance=org, fields=["code", "name", "kind", "opd_kind", "is_national"])
    if regions:
        audit_record(
            actor=actor,
            action=AuditLog.Action.UPDATE,
            instance=org,
            changes={"areas": [[], sorted(r.code for r in regions)]},
        )
    return org


@transaction.atomic
def user_create(
    *,
    actor,
    username: str,
    password: str | None,
    organisation: Organisation | None,
    role: str,
    full_name: str = "",
    email: str = "",
    is_superuser: bool = False,
) -> User:
    if User.objects.filter(username=username).exists():
        raise ApplicationError(
            _("Nama pengguna %(username)s sudah dipakai.") % {"username": repr(username)},
            code="username_taken",
        )
    first, _sep, last = full_name.partition(" ")
    user = User(
        username=username,
        organisation=organisation,
        role=role,
        first_name=first[:150],
        last_name=last[:150],
        email=email,
        is_superuser=is_superuser,
        is_staff=is_superuser,
    )
    user.set_password(password)
    user.full_clean()
    user.save()
    audit_created(actor=actor, instance=user, fields=["username", "organisation_id", "role", "is_superuser"])
    return user


@transaction.atomic
def api_token_create(*, actor, user: User, name: str = "") -> tuple[ApiToken, str]:
    """Creates a token and returns it with its secret, which is never stored and shown only once."""
    secret = "lin_" + secrets.token_urlsafe(32)
    token = ApiToken.objects.create(user=user, name=name, prefix=secret[:12], key_hash=_hash(secret))
    audit_record(
        actor=actor, action=AuditLog.Action.CREATE, instance=token, changes={"user": [None, user.username]}
    )
    return token, secret


def api_token_authenticate(*, secret: str) -> User | None:
    """The active user a bearer token belongs to, or None. Records the last use (at most once a minute)."""
    if not secret:
        return None
    token = (
        ApiToken.objects.select_related("user", "user__organisation")
        .filter(key_hash=_hash(secret), revoked_at__isnull=True)
        .first()
    )
    if token is None or not token.user.is_active:
        return None
    now = timezone.now()
    if token.last_used_at is None or (now - token.last_used_at).total_seconds() > 60:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token.user


@transaction.atomic
def api_token_revoke(*, actor, token: ApiToken) -> None:
    token.revoked_at = timezone.now()
    token.save(update_fields=["revoked_at"])
    audit_record(
        actor=actor, action=AuditLog.Action.STATUS, instance=token, changes={"revoked": [False, True]}
    )


# --- user management (an organisation's admin, or the system administrator) ------------------------------


def _require_manage(actor, target: User) -> None:
    if not can_manage_user(actor, target):
        if actor is not None and target.pk == actor.pk:
            raise ApplicationError(
                _("Peran dan status akun Anda sendiri diubah oleh admin lain."), code="own_account"
            )
        raise ApplicationError(_("Anda tidak dapat mengelola pengguna ini."), code="forbidden")


def _role_checked(role: str) -> str:
    if role not in User.Role.values:
        raise ApplicationError(_("Peran %(role)s tidak dikenal.") % {"role": repr(role)}, code="role_invalid")
    return role


def password_set_link(*, user: User) -> tuple[str, str]:
    """(uidb64, token) of a one-time link to set a password; valid for PASSWORD_RESET_TIMEOUT and void as
    soon as the password changes (Django's reset token hashes the password and last login)."""
    return urlsafe_base64_encode(force_bytes(user.pk)), default_token_generator.make_token(user)


@transaction.atomic
def user_invite(
    *, actor, organisation: Organisation, username: str, full_name: str, email: str = "", role: str
) -> User:
    """A new user of the organisation without a password: the admin hands over a one-time link
    (``password_set_link``) with which the user sets their own."""
    if not can_manage_users(actor, organisation):
        raise ApplicationError(_("Anda tidak dapat menambah pengguna organisasi ini."), code="forbidden")
    username = (username or "").strip()
    if not full_name.strip():
        raise ApplicationError(_("Tulis nama lengkap pengguna."), code="name_required")
    try:
        return user_create(
            actor=actor,
            username=username,
            password=None,
            organisation=organisation,
            role=_role_checked(role),
            full_name=full_name.strip(),
            email=email.strip(),
        )
    except ValidationError as exc:
        raise ApplicationError(
            " ".join(m for msgs in exc.message_dict.values() for m in msgs), code="invalid"
        ) from exc


@transaction.atomic
def user_update(*, actor, user: User, role: str, full_name: str, email: str = "") -> list[str]:
    """Role, name and email; returns the names of the fields that changed (audited)."""
    _require_manage(actor, user)
    if not full_name.strip():
        raise ApplicationError(_("Tulis nama lengkap pengguna."), code="name_required")
    first, _sep, last = full_name.strip().partition(" ")
    try:
        return model_update(
            instance=user,
            data={
                "role": _role_checked(role),
                "first_name": first[:150],
                "last_name": last[:150],
                "email": email.strip(),
            },
            actor=actor,
        )
    except ValidationError as exc:
        raise ApplicationError(
            " ".join(m for msgs in exc.message_dict.values() for m in msgs), code="invalid"
        ) from exc


@transaction.atomic
def user_password_reset(*, actor, user: User) -> tuple[str, str]:
    """The old password stops working at once (and the user's sessions end); returns a one-time link to set
    a new one."""
    _require_manage(actor, user)
    user.set_unusable_password()
    user.save(update_fields=["password"])
    audit_record(
        actor=actor,
        action=AuditLog.Action.UPDATE,
        instance=user,
        changes={},
        extra={"note": "Kata sandi direset; tautan atur kata sandi dibuat."},
    )
    return password_set_link(user=user)


@transaction.atomic
def user_set_active(*, actor, user: User, active: bool) -> bool:
    """Deactivate (no login, no API token, sessions end) or reactivate; returns whether anything changed."""
    _require_manage(actor, user)
    return bool(
        model_update(instance=user, data={"is_active": active}, actor=actor, action=AuditLog.Action.STATUS)
    )


@transaction.atomic
def user_password_set(*, user: User, password: str) -> None:
    """The user sets their own password through the one-time link (validated by the view's form)."""
    user.set_password(password)
    user.save(update_fields=["password"])
    audit_record(
        actor=user,
        action=AuditLog.Action.UPDATE,
        instance=user,
        changes={},
        extra={"note": "Kata sandi diatur oleh pengguna lewat tautan."},
    )
