"""API for claims: the stateless benefit quote, and claims reported, listed and read (scoped like the pages)."""

from __future__ import annotations

from ninja import Field, Router, Schema

from lindung.claims import benefits

router = Router(tags=["Klaim dan manfaat"])


class FamilyIn(Schema):
    relation: str = Field(
        description="spouse, child, parent, grandchild, grandparent, sibling, parent_in_law, will"
    )
    birth_date: str | None = Field(None, description="YYYY-MM-DD")
    married: bool = False
    working: bool = False
    school_level: str | None = Field(None, description="TK, SD, SMP, SMA or PT")
    school_year: int | None = Field(None, description="year within the level (1 = first)")
    nik: str | None = Field(None, description="optional; checked when given")


class QuoteIn(Schema):
    kind: str = Field(description="JKM, JKK_DEATH, JKK_TOTAL_DISABILITY or JKK_STMB")
    segment: str = Field(description="BPU or PU")
    wage: int | None = Field(None, description="monthly wage (PU) or declared income (BPU), Rupiah")
    event_date: str = Field(description="YYYY-MM-DD")
    claim_date: str | None = Field(None, description="YYYY-MM-DD, default today")
    membership_start: str = Field(description="YYYY-MM-DD")
    contribution_months: int
    months_off: int | None = Field(None, description="STMB: months unable to work")
    family: list[FamilyIn] = []
    medical_cost: int | None = Field(None, description="JKK: medical costs as reported (not cash)")
    transport_mode: str | None = Field(None, description="JKK: land, sea or air")
    transport_cost: int | None = Field(
        None, description="JKK: transport cost as reported, paid up to the ceiling"
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
