from __future__ import annotations

from django.db.models import Count, Q, QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from lindung.core.errors import ApplicationError
from lindung.core.scoping import code_in_area, region_visible, user_area_codes
from lindung.regions.models import Region


def _visible_q(user) -> Q:
    """Regions inside the user's area, or above it (its ancestors, so the hierarchy can be shown)."""
    codes = user_area_codes(user)
    if codes is None:
        return Q()
    if not codes:
        return Q(pk__in=[])
    q = Q()
    for code in codes:
        parts = code.split(".")
        ancestors = [".".join(parts[:i]) for i in range(1, len(parts))]
        q |= Q(code=code) | Q(code__startswith=code + ".") | Q(code__in=ancestors)
    return q


def region_queryset(*, user) -> QuerySet[Region]:
    return Region.objects.filter(_visible_q(user))


def region_get(*, user, code: str) -> Region:
    if not region_visible(user, code):
        raise Http404("Wilayah tidak ditemukan.")
    region = Region.objects.select_related("parent").filter(code=code).first()
    if region is None:
        raise Http404("Wilayah tidak ditemukan.")
    return region


def region_roots(*, user) -> list[Region]:
    """Where browsing starts: the 38 provinces for national users, otherwise the user's own areas."""
    codes = user_area_codes(user)
    if codes is None:
        return list(Region.objects.filter(level=1).order_by("code"))
    return list(Region.objects.filter(code__in=codes).order_by("code"))


def region_children(*, user, parent_code: str | None) -> QuerySet[Region]:
    qs = region_queryset(user=user)
    if parent_code:
        qs = qs.filter(parent_id=parent_code)
    else:
        qs = qs.filter(level=1)
    return qs.order_by("code")


def region_children_with_counts(*, user, parent_code: str) -> QuerySet[Region]:
    return region_children(user=user, parent_code=parent_code).annotate(n_children=Count("children"))


def region_breadcrumb(region: Region) -> list[Region]:
    codes = region.ancestor_codes
    found = {r.code: r for r in Region.objects.filter(code__in=codes)}
    return [found[c] for c in codes if c in found]


def region_search(*, user, q: str, limit: int = 50) -> list[Region]:
    q = q.strip()
    if len(q) < 2:
        return []
    qs = region_queryset(user=user)
    if q.replace(".", "").isdigit():
        qs = qs.filter(code__startswith=q)
    else:
        qs = qs.filter(name__icontains=q)
    return list(qs.select_related("parent").order_by("level", "code")[:limit])


def village_counts(*, region: Region) -> dict[str, int]:
    prefix = region.code + "."
    qs = Region.objects.filter(level=4)
    if region.level < 4:
        qs = qs.filter(code__startswith=prefix)
    else:
        qs = qs.filter(code=region.code)
    rows = dict(qs.values_list("kind").annotate(n=Count("code")))
    return {
        "desa": rows.get(Region.Kind.DESA, 0) + rows.get(Region.Kind.DESA_ADAT, 0),
        "kelurahan": rows.get(Region.Kind.KELURAHAN, 0),
    }


def picker_levels(*, user, selected: str | None) -> list[dict]:
    """Select boxes for the cascading picker: for each level, its options and the chosen code."""
    chain = []
    if selected:
        parts = selected.split(".")
        chain = [".".join(parts[:i]) for i in range(1, len(parts) + 1)]
    levels = []
    parent = None
    for level in range(1, 5):
        options = list(region_children(user=user, parent_code=parent).values_list("code", "name"))
        if level > 1 and parent is None:
            options = []
        chosen = chain[level - 1] if len(chain) >= level else None
        if chosen is None and len(options) == 1:
            chosen = options[0][0]
        if chosen and chosen not in {c for c, _ in options}:
            chosen = None
        levels.append({"level": level, "options": options, "selected": chosen})
        parent = chosen
    return levels


def region_in_area(*, user, code: str, village: bool = False) -> Region:
    """The region a write names, known and inside the user's area (an application error otherwise).

    ``village=True`` demands a desa/kelurahan (level 4). Every service that writes a region code checks it
    here, so the message and the rule are the same everywhere."""
    qs = Region.objects.filter(code=code or "")
    if village:
        qs = qs.filter(level=4)
    region = qs.first()
    if region is None:
        message = (
            _("Kode desa/kelurahan %(code)s tidak dikenal.")
            if village
            else _("Kode wilayah %(code)s tidak dikenal.")
        )
        raise ApplicationError(
            message % {"code": repr(code)}, code="unknown_village" if village else "unknown_region"
        )
    if not code_in_area(region.code, user_area_codes(user)):
        raise ApplicationError(
            _("%(name)s (%(code)s) di luar wilayah kerja Anda.") % {"name": region.name, "code": region.code},
            code="outside_area",
        )
    return region


def village_get(*, user, code: str) -> Region:
    """A desa/kelurahan inside the user's area, for a page (404 when unknown or outside)."""
    region = Region.objects.filter(code=code, level=4).first()
    if region is None or not code_in_area(code, user_area_codes(user)):
        raise Http404("Desa tidak ditemukan.")
    return region


def area_region_get(*, user, code: str) -> Region:
    """A region of any level inside the user's area, for a page (404 when unknown or outside)."""
    region = Region.objects.filter(code=code).first()
    if region is None or not code_in_area(code, user_area_codes(user)):
        raise Http404("Wilayah tidak ditemukan.")
    return region
