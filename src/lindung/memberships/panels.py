"""What memberships add to the person and programme pages (registered in MembershipsConfig.ready)."""

from __future__ import annotations

from django.db.models import Count
from django.template.loader import render_to_string

from lindung.accounts.permissions import (
    can_edit_programme,
    can_end_membership,
    can_view_participants,
    sees_village_tasks,
)
from lindung.core import extensions
from lindung.memberships import selectors
from lindung.memberships.forms import MembershipWageForm
from lindung.memberships.models import HOLDING, Membership
from lindung.regions.models import Region


def person_panel(request, *, person) -> str:
    memberships = list(selectors.person_memberships(user=request.user, person=person))
    # Facts other apps know about these memberships (billing: a PU employer in arrears pays benefits first).
    notes = extensions.collect("membership_notes", memberships=memberships)
    may_end = can_end_membership(request.user, person.region_code)
    for m in memberships:
        m.note = notes.get(m.pk, "")
        m.wage_form = (
            MembershipWageForm(initial={"wage": m.wage}, auto_id=f"id_m{m.pk}_%s") if may_end else None
        )
    return render_to_string(
        "memberships/_person_panel.html",
        {"memberships": memberships, "may_end": may_end, "end_reasons": Membership.EndReason.choices},
        request=request,
    )


def programme_stats(request, *, programme) -> str:
    return render_to_string(
        "memberships/_programme_stats.html",
        {"counts": selectors.programme_counts(user=request.user, programme=programme)},
        request=request,
    )


def programme_panel(request, *, programme) -> str | None:
    if not can_view_participants(request.user, programme):
        return None
    card_villages = selectors.card_villages(user=request.user, programme=programme)
    names = dict(Region.objects.filter(code__in=[c for c, _n in card_villages]).values_list("code", "name"))
    return render_to_string(
        "memberships/_programme_panel.html",
        {
            "p": programme,
            "may_end": can_edit_programme(request.user, programme),
            "end_reasons": Membership.EndReason.choices,
            "card_villages": [(code, names.get(code, code), n) for code, n in card_villages],
        },
        request=request,
    )


def village_cards_panel(request, *, region) -> str | None:
    """On a village's page: the membership cards of each programme with members there, for those who may
    see the programme's participants."""
    if region.level != 4:
        return None
    rows = [
        (p, n)
        for p, n in selectors.programmes_with_cards(user=request.user, region_code=region.code)
        if can_view_participants(request.user, p)
    ]
    if not rows:
        return None
    return render_to_string(
        "memberships/_village_cards.html", {"region": region, "rows": rows}, request=request
    )


def places_taken(*, user, programme, region_codes) -> dict[str, int]:
    """Active and pending memberships per village: the places of a village quota already taken."""
    return dict(
        selectors.membership_queryset(user=user)
        .filter(
            programme=programme,
            status__in=HOLDING,
            region_code__in=region_codes,
        )
        .values_list("region_code")
        .annotate(n=Count("id"))
    )


def home_panel(request, **_objects) -> str | None:
    """On a village office's home page: the places left in each programme and the cards to print."""
    if request is None or not sees_village_tasks(request.user):
        return None
    rows = selectors.village_places(user=request.user)
    return render_to_string("memberships/_home_panel.html", {"rows": rows}, request=request)


def register() -> None:
    extensions.register_panel("home", name="memberships", order=20, render=home_panel)
    extensions.register_panel("registry.person", name="memberships", order=10, render=person_panel)
    extensions.register_panel(
        "programs.programme_stats", name="memberships", order=10, render=programme_stats
    )
    extensions.register_panel("programs.programme", name="memberships", order=10, render=programme_panel)
    extensions.register_panel("regions.region", name="memberships", order=10, render=village_cards_panel)
    extensions.register_provider(
        "programme_active_counts", name="memberships", provide=selectors.programme_active_counts
    )
    extensions.register_provider("village_places_taken", name="memberships", provide=places_taken)
