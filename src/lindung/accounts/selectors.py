from __future__ import annotations

from django.db.models import Prefetch, Q, QuerySet
from django.http import Http404

from lindung.accounts.models import ApiToken, Organisation, OrganisationArea, User
from lindung.accounts.permissions import can_open_user_management, is_sponsor_user, is_system_admin
from lindung.core.scoping import region_q, user_area_codes


def organisation_list(*, user) -> QuerySet[Organisation]:
    """Organisations working inside the user's area (and the user's own organisation)."""
    codes = user_area_codes(user)
    qs = Organisation.objects.all()
    if is_sponsor_user(user):  # a company or a SERTAKAN sponsor: its own organisation only
        qs = qs.filter(pk=user.organisation_id)
    elif codes is not None:
        inside = OrganisationArea.objects.filter(region_q(codes, "region__code")).values("organisation_id")
        own = [user.organisation_id] if user.organisation_id else []
        qs = qs.filter(pk__in=inside) | qs.filter(pk__in=own)
    return (
        qs.distinct()
        .order_by("kind", "name")
        .prefetch_related(Prefetch("areas", queryset=OrganisationArea.objects.select_related("region")))
    )


def organisation_get(*, user, code: str) -> Organisation:
    org = organisation_list(user=user).filter(code=code).first()
    if org is None:
        raise Http404("Organisasi tidak ditemukan.")
    return org


def organisation_users(*, organisation: Organisation) -> QuerySet[User]:
    return organisation.users.order_by("username")


def api_token_list(*, user) -> QuerySet[ApiToken]:
    return ApiToken.objects.filter(user=user).order_by("-created_at")


def api_token_get(*, user, pk: int) -> ApiToken:
    token = ApiToken.objects.filter(user=user, pk=pk).first()
    if token is None:
        raise Http404("Token tidak ditemukan.")
    return token


# --- user management ------------------------------------------------------------------------------------


def managed_users(*, user, search: str = "", organisation_code: str = "") -> QuerySet[User]:
    """The users this user manages: everyone for the system administrator, the own organisation's for an
    organisation's admin, nobody otherwise."""
    qs = User.objects.select_related("organisation")
    if not can_open_user_management(user):
        return qs.none()
    if not is_system_admin(user):
        qs = qs.filter(organisation_id=user.organisation_id)
    if organisation_code:
        qs = qs.filter(organisation__code=organisation_code)
    if search.strip():
        term = search.strip()
        qs = qs.filter(
            Q(username__icontains=term)
            | Q(first_name__icontains=term)
            | Q(last_name__icontains=term)
            | Q(email__icontains=term)
            | Q(organisation__name__icontains=term)
        )
    return qs.order_by("organisation__name", "-is_active", "username")


def managed_user_get(*, user, pk: int) -> User:
    """One user this user manages (404 otherwise: another organisation's users are not revealed)."""
    target = managed_users(user=user).filter(pk=pk).first()
    if target is None:
        raise Http404("Pengguna tidak ditemukan.")
    return target


def managed_organisations(*, user) -> QuerySet[Organisation]:
    """Organisations a new user may be added to."""
    if is_system_admin(user):
        return Organisation.objects.filter(is_active=True).order_by("name")
    if can_open_user_management(user):
        return Organisation.objects.filter(pk=user.organisation_id)
    return Organisation.objects.none()
