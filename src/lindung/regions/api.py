from django.http import Http404
from ninja import Router, Schema

from lindung.regions import selectors

router = Router(tags=["Wilayah"])


class RegionOut(Schema):
    code: str
    name: str
    level: int
    kind: str
    postal_code: str
    parent_code: str | None


def _out(r) -> dict:
    return {
        "code": r.code,
        "name": r.name,
        "level": r.level,
        "kind": r.kind,
        "postal_code": r.postal_code,
        "parent_code": r.parent_id,
    }


@router.get("", response=list[RegionOut], summary="Daftar wilayah (anak dari `parent`, atau cari dengan `q`)")
def region_list(request, parent: str | None = None, q: str | None = None):
    if q:
        return [_out(r) for r in selectors.region_search(user=request.auth, q=q, limit=200)]
    if parent:
        selectors.region_get(user=request.auth, code=parent)
    return [_out(r) for r in selectors.region_children(user=request.auth, parent_code=parent)]


@router.get("/{code}", response=RegionOut, summary="Satu wilayah")
def region_detail(request, code: str):
    region = selectors.region_get(user=request.auth, code=code)
    if region is None:
        raise Http404
    return _out(region)
