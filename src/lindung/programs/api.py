import datetime as dt

from ninja import Router, Schema

from lindung.programs import selectors

router = Router(tags=["Program"])


class FunderOut(Schema):
    kind: str
    name: str
    share_percent: str | None
    amount_per_person: int | None


class ProgrammeOut(Schema):
    code: str
    name: str
    owner: str
    region_code: str
    target_group: str
    officer_kinds: list[str]
    elements: list[str]
    segment: str
    wage_basis: str
    fixed_amount_per_person: int | None
    start_date: dt.date
    end_date: dt.date | None
    quota_total: int | None
    quota_per_village: int | None
    status: str
    funders: list[FunderOut]
    active_participants: int


def _out(p, active: int) -> dict:
    return {
        "code": p.code,
        "name": p.name,
        "owner": p.owner.name,
        "region_code": p.region_code,
        "target_group": p.target_group,
        "officer_kinds": p.officer_kinds,
        "elements": p.elements,
        "segment": p.segment,
        "wage_basis": p.wage_basis,
        "fixed_amount_per_person": p.fixed_amount_per_person,
        "start_date": p.start_date,
        "end_date": p.end_date,
        "quota_total": p.quota_total,
        "quota_per_village": p.quota_per_village,
        "status": p.status,
        "funders": [
            {
                "kind": f.kind,
                "name": f.organisation.name if f.organisation else f.name,
                "share_percent": str(f.share_percent) if f.share_percent is not None else None,
                "amount_per_person": f.amount_per_person,
            }
            for f in p.funders.all()
        ],
        "active_participants": active,
    }


@router.get("", response=list[ProgrammeOut], summary="Program di wilayah kerja")
def programme_list(request):
    programmes = list(selectors.programme_list(user=request.auth).prefetch_related("funders__organisation"))
    active = selectors.programme_active_counts(user=request.auth, programmes=programmes)
    return [_out(p, active.get(p.pk, 0)) for p in programmes]


@router.get("/{code}", response=ProgrammeOut, summary="Satu program")
def programme_detail(request, code: str):
    p = selectors.programme_get(user=request.auth, code=code)
    return _out(p, selectors.programme_active_counts(user=request.auth, programmes=[p]).get(p.pk, 0))
