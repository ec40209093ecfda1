from __future__ import annotations

from django.db.models import Count, Q, QuerySet, Sum
from django.http import Http404

from lindung.accounts.models import Organisation
from lindung.core.extensions import collect
from lindung.core.scoping import region_q, user_area_codes
from lindung.programs.models import LegalBasis, Programme, VillageQuota
from lindung.regions.models import Region


def _overlap_q(codes: list[str] | None) -> Q:
    """Programmes whose area lies inside the user's area, or contains it."""
    if codes is None:
        return Q()
    ancestors = set()
    for c in codes:
        parts = c.split(".")
        ancestors.update(".".join(parts[:i]) for i in range(1, len(parts)))
    return region_q(codes) | Q(region_code__in=ancestors)


def programme_list(*, user) -> QuerySet[Programme]:
    return (
        Programme.objects.filter(_overlap_q(user_area_codes(user))).select_related("owner").order_by("name")
    )


def programme_get(*, user, code: str) -> Programme:
    p = programme_list(user=user).filter(code=code).first()
    if p is None:
        raise Http404("Program tidak ditemukan.")
    return p


def programme_active_counts(*, user, programmes) -> dict[int, int]:
    """Active participants per programme, as the memberships app counts them (extension point)."""
    return collect("programme_active_counts", user=user, programmes=programmes)


def legal_basis_get(*, user, code: str, pk: int) -> LegalBasis:
    programme = programme_get(user=user, code=code)
    lb = LegalBasis.objects.filter(programme=programme, pk=pk).first()
    if lb is None:
        raise Http404("Dasar hukum tidak ditemukan.")
    return lb


def village_quota_rows(*, user, programme: Programme, limit: int = 500, search: str = "") -> list[dict]:
    """Per-village quotas inside the user's area with the filled count (active + pending memberships)."""
    quotas = VillageQuota.objects.filter(programme=programme).filter(region_q(user_area_codes(user)))
    search = search.strip()
    if search:
        matching = Region.objects.filter(
            Q(code__startswith=programme.region_code + ".")
            & (Q(name__icontains=search) | Q(code__startswith=search))
        ).values("code")
        quotas = quotas.filter(region_code__in=matching)
    quotas = list(quotas.order_by("region_code")[:limit])
    filled = collect(
        "village_places_taken", user=user, programme=programme, region_codes=[q.region_code for q in quotas]
    )
    names = dict(Region.objects.filter(code__in=[q.region_code for q in quotas]).values_list("code", "name"))
    return [
        {
            "region_code": q.region_code,
            "name": names.get(q.region_code, ""),
            "quota": q.quota,
            "filled": filled.get(q.region_code, 0),
            "remaining": max(q.quota - filled.get(q.region_code, 0), 0),
        }
        for q in quotas
    ]


def village_quota_total(*, user, programme: Programme) -> tuple[int, int]:
    qs = VillageQuota.objects.filter(programme=programme).filter(region_q(user_area_codes(user)))
    agg = qs.aggregate(total=Sum("quota"), n=Count("id"))
    return agg["total"] or 0, agg["n"] or 0


def village_quota_count(*, programme: Programme) -> int:
    """Villages with a quota in the whole programme (its total is public on the programme page)."""
    return VillageQuota.objects.filter(programme=programme).count()


def document_issuer(programme: Programme) -> Organisation:
    """Who issues the programme's invoices, receipts and certificates of support: the BPJS Ketenagakerjaan
    branch serving the programme's region (it bills the contributions), else its regional office, else the
    programme's owner."""
    parts = programme.region_code.split(".")
    codes = [".".join(parts[:i]) for i in range(1, len(parts) + 1)]
    for kind in (Organisation.Kind.BPJS_KC, Organisation.Kind.BPJS_KANWIL):
        org = (
            Organisation.objects.filter(kind=kind, areas__region_id__in=codes)
            .order_by("-areas__region__level", "name")
            .first()
        )
        if org is not None:
            return org
    return programme.owner
