from __future__ import annotations

from django.db.models import Prefetch, QuerySet
from django.http import Http404

from lindung.accounts.models import ApiToken, Organisation, OrganisationArea, User
from lindung.accounts.permissions import is_sponsor_user
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
