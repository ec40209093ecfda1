from __future__ import annotations

from django.db.models import Q, QuerySet

from lindung.core.scoping import region_q, user_area_codes
from lindung.memberships.models import Membership
from lindung.programs.models import Programme


def participant_list(
    *, user, programme: Programme, region_code: str = "", batch_id: int | None = None, status: str = ""
) -> QuerySet[Membership]:
    """Memberships of a programme inside the user's area (optionally one village or one batch)."""
    qs = Membership.objects.filter(programme=programme).filter(region_q(user_area_codes(user)))
    if region_code:
        qs = qs.filter(Q(region_code=region_code) | Q(region_code__startswith=region_code + "."))
    if batch_id:
        qs = qs.filter(batch_id=batch_id)
    if status in Membership.Status.values:
        qs = qs.filter(status=status)
    return qs.select_related("person").order_by("region_code", "person__full_name")
