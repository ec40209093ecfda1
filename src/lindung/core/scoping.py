"""Region scoping: every read and write is limited to the regions the user's organisation covers.

Region codes are Kemendagri dotted codes ("16", "16.04", "16.04.01", "16.04.01.2001"); a record is inside an
area when its code equals an area code or starts with the area code and a dot.
"""

from __future__ import annotations

from django.db.models import Q, QuerySet
from django.http import Http404


def user_area_codes(user) -> list[str] | None:
    """None: every region. []: none. Otherwise the organisation's area codes."""
    if user is None or not user.is_authenticated:
        return []
    return user.area_codes


def region_q(codes: list[str] | None, field: str = "region_code") -> Q:
    if codes is None:
        return Q()
    if not codes:
        return Q(pk__in=[])
    q = Q()
    for code in codes:
        q |= Q(**{field: code}) | Q(**{f"{field}__startswith": code + "."})
    return q


def scope_queryset(qs: QuerySet, user, field: str = "region_code") -> QuerySet:
    return qs.filter(region_q(user_area_codes(user), field))


def code_in_area(code: str, codes: list[str] | None) -> bool:
    if codes is None:
        return True
    return any(code == c or code.startswith(c + ".") for c in codes)


def region_visible(user, code: str) -> bool:
    """True when the region lies inside the user's area, or contains part of it (an ancestor)."""
    codes = user_area_codes(user)
    if codes is None:
        return True
    return any(code == c or code.startswith(c + ".") or c.startswith(code + ".") for c in codes)


def ensure_in_area(user, code: str) -> None:
    if not code_in_area(code, user_area_codes(user)):
        raise Http404("Tidak ditemukan.")
