import datetime as dt

from django.core.paginator import Paginator
from django.http import Http404
from ninja import Path, Query, Router, Schema

from lindung.accounts.permissions import can_view_contact, can_view_people
from lindung.core.formatting import mask_nik, mask_phone
from lindung.core.schemas import MAX_ID, MAX_PAGE
from lindung.registry import selectors
from lindung.registry.nik import nik_check

router = Router(tags=["Orang dan NIK"])


class IssueOut(Schema):
    code: str
    message: str


class NikOut(Schema):
    valid: bool
    errors: list[IssueOut]
    warnings: list[IssueOut]
    province_code: str | None
    regency_code: str | None
    district_code: str | None
    province: str | None
    regency: str | None
    district: str | None
    birth_date: dt.date | None
    sex: str | None


class PersonOut(Schema):
    id: int
    nik_masked: str
    full_name: str
    birth_date: dt.date | None
    sex: str
    region_code: str
    occupation: str


class PersonDetailOut(PersonOut):
    birth_place: str
    address: str
    phone: str
    monthly_income: int | None
    memberships: list[dict]


class PeoplePage(Schema):
    count: int
    page: int
    pages: int
    results: list[PersonOut]


def _person(p) -> dict:
    return {
        "id": p.pk,
        "nik_masked": mask_nik(p.nik),
        "full_name": p.full_name,
        "birth_date": p.birth_date,
        "sex": p.sex,
        "region_code": p.region_code,
        "occupation": p.occupation,
    }


@router.get("/nik/{nik}", response=NikOut, summary="Periksa NIK (galat dan peringatan, nama wilayah)")
def nik_validate(request, nik: str):
    r = nik_check(nik)
    return {
        "valid": r.valid,
        "errors": r.errors,
        "warnings": r.warnings,
        "province_code": r.province_code,
        "regency_code": r.regency_code,
        "district_code": r.district_code,
        "province": r.province,
        "regency": r.regency,
        "district": r.district,
        "birth_date": r.birth_date,
        "sex": r.sex,
    }


def _require_people(user) -> None:
    if not can_view_people(user):
        raise Http404("Tidak ditemukan.")


@router.get("/people", response=PeoplePage, summary="Daftar orang di wilayah kerja (NIK disamarkan)")
def people_list(request, q: str = "", region: str = "", page: int = Query(1, ge=1, le=MAX_PAGE)):
    """Search by name, village or a whole NIK (16 digits); a NIK is never found by its first digits."""
    _require_people(request.auth)
    qs = selectors.person_list(user=request.auth, q=q, region_code=region)
    p = Paginator(qs, 100).get_page(page)
    return {
        "count": p.paginator.count,
        "page": p.number,
        "pages": p.paginator.num_pages,
        "results": [_person(x) for x in p],
    }


@router.get("/people/{person_id}", response=PersonDetailOut, summary="Satu orang (NIK disamarkan)")
def people_detail(request, person_id: int = Path(..., ge=1, le=MAX_ID)):
    _require_people(request.auth)
    p = selectors.person_get(user=request.auth, pk=person_id)
    contact = can_view_contact(request.auth)
    memberships = [
        {
            "programme": m.programme.code,
            "status": m.status,
            "start_date": m.start_date.isoformat(),
            "kpj": m.kpj,
        }
        for m in p.memberships.select_related("programme")
    ]
    return {
        **_person(p),
        "birth_place": p.birth_place,
        "address": p.address if contact else "",
        "phone": p.phone if contact else mask_phone(p.phone),
        "monthly_income": p.monthly_income if contact else None,
        "memberships": memberships,
    }
