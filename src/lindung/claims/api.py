"""API for claims: the stateless benefit quote, and claims reported, listed and read (scoped like the pages)."""

from __future__ import annotations

import datetime as dt

from django.http import Http404
from django.utils.translation import gettext as _
from ninja import Field, Path, Query, Router, Schema, Status

from lindung.accounts.permissions import can_view_claims, is_sponsor_user
from lindung.claims import benefits, selectors, services
from lindung.claims.documents import missing_documents
from lindung.claims.models import Claim
from lindung.core.errors import ApplicationError
from lindung.core.formatting import mask_nik
from lindung.core.schemas import MAX_ID, MAX_OFFSET, MAX_RUPIAH, InputSchema
from lindung.registry.selectors import person_get

router = Router(tags=["Klaim dan manfaat"])


class FamilyIn(InputSchema):
    relation: str = Field(
        description="spouse, child, parent, grandchild, grandparent, sibling, parent_in_law, will"
    )
    birth_date: str | None = Field(None, description="YYYY-MM-DD")
    married: bool = False
    working: bool = False
    school_level: str | None = Field(None, description="TK, SD, SMP, SMA or PT")
    school_year: int | None = Field(None, ge=1, le=12, description="year within the level (1 = first)")
    nik: str | None = Field(None, description="optional; checked when given")


class QuoteIn(InputSchema):
    kind: str = Field(description="JKM, JKK_DEATH, JKK_TOTAL_DISABILITY or JKK_STMB")
    segment: str = Field(description="BPU or PU")
    wage: int | None = Field(
        None, ge=0, le=MAX_RUPIAH, description="monthly wage (PU) or declared income (BPU), Rupiah"
    )
    event_date: str = Field(description="YYYY-MM-DD")
    claim_date: str | None = Field(None, description="YYYY-MM-DD, default today")
    membership_start: str = Field(description="YYYY-MM-DD")
    contribution_months: int = Field(ge=0, le=1200)
    months_off: int | None = Field(None, ge=0, le=120, description="STMB: months unable to work")
    family: list[FamilyIn] = Field([], max_length=50)
    medical_cost: int | None = Field(
        None, ge=0, le=MAX_RUPIAH, description="JKK: medical costs as reported (not cash)"
    )
    transport_mode: str | None = Field(None, description="JKK: land, sea or air")
    transport_cost: int | None = Field(
        None, ge=0, le=MAX_RUPIAH, description="JKK: transport cost as reported, paid up to the ceiling"
    )


class ReasonOut(Schema):
    code: str
    message: str


class ItemOut(Schema):
    code: str
    label: str
    amount: int
    cash: bool


class HeirOut(Schema):
    index: int
    relation: str
    rank: int


class ScholarshipOut(Schema):
    index: int
    level: str
    grade: int
    year: int
    due_on: str
    amount: int


class QuoteOut(Schema):
    eligible: bool
    reasons: list[ReasonOut]
    items: list[ItemOut]
    total_cash: int = Field(description="lump sums, periodic paid at once, funeral, STMB; no scholarships")
    heirs: list[HeirOut]
    funeral_to_burial_arranger: bool
    scholarship_eligible: bool
    scholarships: list[ScholarshipOut]
    scholarship_children: int
    scholarship_total: int
    scholarship_max_total: int
    wage: int
    rules_date: str


@router.post(
    "/quote", response=QuoteOut, summary="Perkiraan manfaat (tanpa data orang; tidak menyimpan apa pun)"
)
def claim_quote(request, body: QuoteIn):
    return benefits.quote(body.dict())


# --- claims ---------------------------------------------------------------------------------------------------


class ClaimIn(InputSchema):
    person_id: int = Field(ge=1, le=MAX_ID)
    event_kind: str = Field(description="death, work_accident or occupational_disease")
    benefit: str = Field(description="JKM, JKK_DEATH, JKK_TOTAL_DISABILITY or JKK_STMB")
    event_date: dt.date
    place: str = Field(max_length=200)
    cause: str = Field(max_length=300)
    at_work: bool = False
    months_off: int | None = Field(None, ge=0, le=120)


class ClaimOut(Schema):
    id: int
    number: str
    person_id: int
    person_name: str
    nik_masked: str
    region_code: str
    programme: str | None
    kpj: str | None
    event_kind: str
    benefit: str
    event_date: dt.date
    place: str = Field(max_length=200)
    cause: str = Field(max_length=300)
    at_work: bool
    status: str
    eligible: bool
    employer_pays_first: bool
    reasons: list[ReasonOut]
    estimated_cash: int
    approved_amount: int | None
    decision_note: str
    paid_amount: int | None
    paid_on: dt.date | None
    paid_to: str
    handed_over_on: dt.date | None


class ClaimDetailOut(ClaimOut):
    items: list[ItemOut]
    heirs: list[dict]
    scholarships: list[dict]
    documents: list[dict]
    missing_documents: list[str]


class ClaimQuery(InputSchema):
    status: str = ""
    region: str = ""
    benefit: str = ""
    limit: int = Field(100, ge=1, le=500)
    offset: int = Field(0, ge=0, le=MAX_OFFSET)


def _claim(c) -> dict:
    return {
        "id": c.pk,
        "number": c.number,
        "person_id": c.person_id,
        "person_name": c.person.full_name,
        "nik_masked": mask_nik(c.person.nik),
        "region_code": c.region_code,
        "programme": c.programme.code if c.programme_id else None,
        "kpj": c.membership.kpj if c.membership_id else None,
        "event_kind": c.event_kind,
        "benefit": c.benefit,
        "event_date": c.event_date,
        "place": c.place,
        "cause": c.cause,
        "at_work": c.at_work,
        "status": c.status,
        "eligible": c.eligible,
        "employer_pays_first": c.employer_pays_first,
        "reasons": c.estimate.get("reasons", []),
        "estimated_cash": c.estimated_cash,
        "approved_amount": c.approved_amount,
        "decision_note": c.decision_note,
        "paid_amount": c.paid_amount,
        "paid_on": c.paid_on,
        "paid_to": c.paid_to_name,
        "handed_over_on": c.handed_over_on,
    }


def _claim_detail(c) -> dict:

    out = _claim(c)
    out["items"] = c.estimate.get("items", [])
    out["heirs"] = [{k: v for k, v in h.items() if k != "nik"} for h in c.estimate.get("heirs", [])]
    out["scholarships"] = [
        {
            "child": s.child.full_name,
            "level": s.level,
            "grade": s.grade,
            "school_year": s.school_year,
            "due_on": s.due_on,
            "amount": s.amount,
            "status": s.status,
        }
        for s in c.scholarships.select_related("child").order_by("child_id", "school_year")
    ]
    out["documents"] = [
        {"kind": d.kind, "name": d.original_name, "uploaded_at": d.uploaded_at} for d in c.documents.all()
    ]
    out["missing_documents"] = missing_documents(c)
    return out


@router.post("", response={201: ClaimDetailOut}, summary="Laporkan klaim untuk seorang peserta")
def claim_create(request, body: ClaimIn):
    if is_sponsor_user(request.auth):
        raise Http404("Tidak ditemukan.")
    person = person_get(user=request.auth, pk=body.person_id)
    claim = services.claim_report(
        actor=request.auth,
        person=person,
        event_kind=body.event_kind,
        benefit=body.benefit,
        event_date=body.event_date,
        place=body.place,
        cause=body.cause,
        at_work=body.at_work,
        months_off=body.months_off,
    )
    return Status(201, _claim_detail(selectors.claim_get(user=request.auth, pk=claim.pk)))


@router.get(
    "", response=list[ClaimOut], summary="Klaim di wilayah kerja (terbaru dulu); status, region, benefit"
)
def claim_list(request, q: Query[ClaimQuery]):
    if not can_view_claims(request.auth):
        raise Http404("Tidak ditemukan.")
    if q.status and q.status not in Claim.Status.values:
        raise ApplicationError(
            _("Status %(status)s tidak dikenal; gunakan %(choices)s.")
            % {"status": repr(q.status), "choices": ", ".join(Claim.Status.values)},
            code="status_invalid",
        )
    qs = selectors.claim_list(user=request.auth, status=q.status, region=q.region, benefit=q.benefit)
    return [_claim(c) for c in qs.select_related("membership")[q.offset : q.offset + q.limit]]


@router.get("/{int:claim_id}", response=ClaimDetailOut, summary="Satu klaim")
def claim_detail(request, claim_id: int = Path(..., ge=1, le=MAX_ID)):
    return _claim_detail(selectors.claim_get(user=request.auth, pk=claim_id))
