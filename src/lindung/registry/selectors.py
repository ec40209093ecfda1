from __future__ import annotations

from django.db.models import Q, QuerySet
from django.http import Http404

from lindung.accounts.permissions import can_view_people
from lindung.audit.models import AuditLog
from lindung.audit.services import audit_record
from lindung.core.scoping import scope_queryset
from lindung.regions.models import Region
from lindung.registry.models import CorrectionRequest, Person
from lindung.registry.services import name_key


def person_queryset(*, user) -> QuerySet[Person]:
    """People in the user's area, for the offices that work with the registry (none for other roles)."""
    if not can_view_people(user):
        return Person.objects.none()
    return scope_queryset(Person.objects.all(), user)


def person_list(*, user, q: str = "", region_code: str = "") -> QuerySet[Person]:
    """People in the user's area, searched by name, whole NIK or village name/code.

    A NIK is found only by all its 16 digits: searching by its start would let anyone rebuild a NIK digit
    by digit from the number of hits."""
    qs = person_queryset(user=user)
    if region_code:
        qs = qs.filter(Q(region_code=region_code) | Q(region_code__startswith=region_code + "."))
    q = q.strip()
    if q:
        digits = q.replace(" ", "").replace(".", "")
        if digits.isdigit() and len(digits) >= 4:
            qs = qs.filter(nik=digits)
        else:
            villages = Region.objects.filter(level=4, name__icontains=q).values("code")[:200]
            key = name_key(q)
            qs = qs.filter(Q(name_key__contains=key) | Q(region_code__in=villages))
    return qs.order_by("full_name", "id")


def correction_queryset(*, user) -> QuerySet[CorrectionRequest]:
    if not can_view_people(user):
        return CorrectionRequest.objects.none()
    return scope_queryset(
        CorrectionRequest.objects.select_related("person", "requested_by", "decided_by"), user
    )


def correction_get(*, user, pk: int) -> CorrectionRequest:
    req = correction_queryset(user=user).filter(pk=pk).first()
    if req is None:
        raise Http404("Permohonan tidak ditemukan.")
    return req


def person_get(*, user, pk: int) -> Person:
    person = person_queryset(user=user).filter(pk=pk).first()
    if person is None:
        raise Http404("Orang tidak ditemukan.")
    return person


def person_full_nik(*, user, person: Person) -> str:
    """The whole NIK, for a permitted role; every call is audited (the caller checks the role)."""
    audit_record(
        actor=user,
        action=AuditLog.Action.VIEW_NIK,
        instance=person,
        object_repr=person.full_name,
    )
    return person.nik


def village_names(codes) -> dict[str, str]:
    return dict(Region.objects.filter(code__in=set(codes)).values_list("code", "name"))
