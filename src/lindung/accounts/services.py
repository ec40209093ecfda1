from __future__ import annotations

import hashlib
import secrets

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from lindung.accounts.models import ApiToken, Organisation, OrganisationArea, User
from lindung.audit.models import AuditLog
from lindung.audit.services import audit_created, audit_record
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
    password: str,
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
