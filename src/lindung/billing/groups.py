"""Funder groups: who pays for which memberships of a programme.

The shared group is every member not recorded on a named sponsor, paid by the funders with a share (or an
amount per person); each named sponsor (CSR, SERTAKAN, employer without a share) is a group of its own and
pays its people in full (decision 15). Billing writes one invoice per funder of a group; the lapse rule
counts unpaid months per group. Each group carries its condition both as SQL (for the billing run's
``INSERT ... SELECT``, on the alias ``m`` of ``memberships_membership``) and as a ``Q`` (for the ORM).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Q

from lindung.programs.models import Programme, ProgrammeFunder


@dataclass(frozen=True)
class FunderGroup:
    funders: list[ProgrammeFunder]
    sql: str
    params: list = field(default_factory=list)
    q: Q = field(default_factory=Q)
    is_named_sponsor: bool = False

    @property
    def funder_ids(self) -> list[int]:
        return [f.pk for f in self.funders]


def funder_groups_of(funders: list[ProgrammeFunder]) -> list[FunderGroup]:
    """The groups of one programme, from its funders (in id order)."""
    sponsors = [f for f in funders if f.is_named_sponsor]
    shared = [f for f in funders if not f.is_named_sponsor]
    if sponsors:
        ids = [f.pk for f in sponsors]
        marks = ", ".join(["%s"] * len(ids))
        groups = [
            FunderGroup(
                funders=shared,
                sql=f"(m.funder_id IS NULL OR m.funder_id NOT IN ({marks}))",
                params=ids,
                q=Q(funder_id__isnull=True) | ~Q(funder_id__in=ids),
            )
        ]
    else:
        groups = [FunderGroup(funders=shared, sql="1 = 1")]
    groups += [
        FunderGroup(
            funders=[s], sql="m.funder_id = %s", params=[s.pk], q=Q(funder_id=s.pk), is_named_sponsor=True
        )
        for s in sponsors
    ]
    return groups


def funder_groups(programme: Programme) -> list[FunderGroup]:
    return funder_groups_of(list(programme.funders.select_related("organisation").order_by("id")))
