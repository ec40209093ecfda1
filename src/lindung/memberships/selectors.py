from __future__ import annotations

from django.db.models import Count, Q, QuerySet
from django.http import Http404

from lindung.accounts.permissions import can_view_people
from lindung.core.scoping import region_q, user_area_codes
from lindung.memberships.models import HOLDING, Membership
from lindung.programs.models import Programme, VillageQuota
from lindung.regions.models import Region


def membership_queryset(*, user) -> QuerySet[Membership]:
    return Membership.objects.filter(region_q(user_area_codes(user)))


def membership_get(*, user, pk: int) -> Membership:
    """One membership of a person the user may see (404 otherwise)."""
    m = membership_queryset(user=user).filter(pk=pk).first() if can_view_people(user) else None
    if m is None:
        raise Http404("Kepesertaan tidak ditemukan.")
    return m


def participant_list(
    *, user, programme: Programme, region_code: str = "", batch_id: int | None = None, status: str = ""
) -> QuerySet[Membership]:
    """Memberships of a programme inside the user's area (optionally one village or one batch)."""
    qs = membership_queryset(user=user).filter(programme=programme)
    if region_code:
        qs = qs.filter(Q(region_code=region_code) | Q(region_code__startswith=region_code + "."))
    if batch_id:
        qs = qs.filter(batch_id=batch_id)
    if status in Membership.Status.values:
        qs = qs.filter(status=status)
    return qs.select_related("person").order_by("region_code", "person__full_name")


def person_memberships(*, user, person) -> QuerySet[Membership]:
    return (
        Membership.objects.filter(person=person).select_related("programme", "funder").order_by("-start_date")
    )


def programme_counts(*, user, programme: Programme) -> dict[str, int]:
    rows = dict(
        membership_queryset(user=user)
        .filter(programme=programme)
        .values_list("status")
        .annotate(n=Count("id"))
    )
    return {s: rows.get(s, 0) for s in Membership.Status.values}


def programme_active_counts(*, user, programmes) -> dict[int, int]:
    qs = membership_queryset(user=user).filter(programme__in=programmes, status=Membership.Status.ACTIVE)
    return dict(qs.values_list("programme_id").annotate(n=Count("id")))


# --- membership cards ---------------------------------------------------------------------------------

CARD_STATUSES = HOLDING  # a card for every membership that holds its place


def card_memberships(
    *, user, programme: Programme, region_code: str = "", batch_id: int | None = None
) -> QuerySet[Membership]:
    """The memberships a card is printed for (active or pending), with person and funder, by village and
    name."""
    return (
        participant_list(user=user, programme=programme, region_code=region_code, batch_id=batch_id)
        .filter(status__in=CARD_STATUSES)
        .select_related("person", "funder", "funder__organisation")
    )


def card_villages(*, user, programme: Programme, batch_id: int | None = None) -> list[tuple[str, int]]:
    """(village code, number of cards) of a programme inside the user's area, optionally of one batch."""
    qs = membership_queryset(user=user).filter(programme=programme, status__in=CARD_STATUSES)
    if batch_id:
        qs = qs.filter(batch_id=batch_id)
    return list(qs.values_list("region_code").annotate(n=Count("id")).order_by("region_code"))


def programmes_with_cards(*, user, region_code: str) -> list[tuple[Programme, int]]:
    """Programmes with members (active or pending) in one village, with their number of cards."""
    counts = dict(
        membership_queryset(user=user)
        .filter(region_code=region_code, status__in=CARD_STATUSES)
        .values_list("programme_id")
        .annotate(n=Count("id"))
    )
    programmes = Programme.objects.filter(pk__in=counts).order_by("name")
    return [(p, counts[p.pk]) for p in programmes]


def village_places(*, user, limit: int = 20) -> list[dict]:
    """For a village office (issue 13, home page): each programme with a quota or members in its villages,
    the places taken (active or pending) and left (None without a quota), and so the cards to print. Four
    queries whatever the number of programmes."""
    villages = [c for c in (user_area_codes(user) or []) if len(c) == 13]
    if not villages:
        return []
    quotas = {
        (q.programme_id, q.region_code): q.quota
        for q in VillageQuota.objects.filter(region_code__in=villages)[: limit * 5]
    }
    taken = {
        (pid, code): n
        for pid, code, n in membership_queryset(user=user)
        .filter(region_code__in=villages, status__in=HOLDING)
        .values_list("programme_id", "region_code")
        .annotate(n=Count("id"))
        .order_by()
    }
    keys = sorted(set(quotas) | set(taken))
    programmes = Programme.objects.in_bulk({pid for pid, _code in keys})
    names = dict(Region.objects.filter(code__in=villages).values_list("code", "name"))
    rows = []
    for pid, code in keys:
        quota, n = quotas.get((pid, code)), taken.get((pid, code), 0)
        rows.append(
            {
                "programme": programmes[pid],
                "region_code": code,
                "village": names.get(code, code),
                "quota": quota,
                "taken": n,
                "left": max(quota - n, 0) if quota is not None else None,
            }
        )
    rows.sort(key=lambda r: (r["programme"].name, r["region_code"]))
    return rows[:limit]
