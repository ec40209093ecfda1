"""API for the permit system and other systems: the compliance check and the register (region-scoped)."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from ninja import Field, Query, Router, Schema, Status
from ninja.errors import HttpError

from lindung.accounts.permissions import can_check_compliance, can_view_compliance
from lindung.compliance import selectors, services
from lindung.core.errors import ApplicationError
from lindung.core.schemas import MAX_OFFSET, ErrorOut, InputSchema

router = Router(tags=["kepatuhan"])

CATEGORIES = ("PWBD", "PDS_TK", "PDS_UPAH", "PDS_PROGRAM", "COMPLIANT")


class CheckOut(Schema):
    nib: str
    name: str | None
    registered: bool
    compliant: bool
    category: str | None
    since: str | None
    open_case: str | None
    sanction: str | None
    reason: str
    checked_at: str


@router.get("/check", response={200: CheckOut, 403: ErrorOut, 422: ErrorOut})
def check(request, nib: str = Query("", max_length=32)):
    """Is the business with this NIB compliant? Unknown NIB: 200 with registered=false, compliant=false; a
    malformed NIB: 422. Every check is logged (who, when, answer)."""
    if not can_check_compliance(request.user):
        return Status(403, {"code": "forbidden", "message": "Peran Anda tidak dapat memeriksa kepatuhan."})
    try:
        return Status(200, services.compliance_check(actor=request.user, nib=nib, channel="api"))
    except ApplicationError as exc:
        if exc.code == "nib_invalid":
            return Status(422, {"code": exc.code, "message": exc.message})
        raise


class EmployerOut(Schema):
    nib: str
    name: str
    region_code: str
    category: str
    compliant: bool
    open_case: str | None


class EmployerPage(Schema):
    items: list[EmployerOut]
    count: int


class EmployerQuery(InputSchema):
    region: str = Field("", max_length=13)
    category: str = Field("", max_length=20)
    limit: int = Field(100, ge=1, le=1000)
    offset: int = Field(0, ge=0, le=MAX_OFFSET)


@router.get("/employers", response={200: EmployerPage, 403: ErrorOut, 422: ErrorOut})
def employers(request, q: Query[EmployerQuery]):
    """The register, paged (``limit`` at most 1000), scoped to the token owner's area; ``category`` filters
    employers having that category (one employer may have several; ``category`` in the answer is the first)."""
    if not can_view_compliance(request.user):
        return Status(
            403, {"code": "forbidden", "message": "Peran Anda tidak dapat melihat register kepatuhan."}
        )
    if q.category and q.category not in CATEGORIES:
        return Status(
            422,
            {
                "code": "category_invalid",
                "message": f"Kategori {q.category!r} tidak dikenal; pilih {', '.join(CATEGORIES)}.",
            },
        )
    qs = selectors.employer_list(user=request.user, region=q.region.strip(), category=q.category)
    count = qs.count()
    rows = list(qs.values("pk", "nib", "name", "region_code", "category")[q.offset : q.offset + q.limit])
    cases = selectors.employer_open_cases([r["pk"] for r in rows])
    return Status(
        200,
        {
            "items": [
                {
                    "nib": r["nib"],
                    "name": r["name"],
                    "region_code": r["region_code"],
                    "category": r["category"],
                    "compliant": r["category"] == "COMPLIANT",
                    "open_case": cases.get(r["pk"]),
                }
                for r in rows
            ],
            "count": count,
        },
    )


class CheckLogOut(Schema):
    nib: str
    name: str | None
    checked_at: str
    checked_by: str
    compliant: bool
    reason: str


@router.get("/checks", response=list[CheckLogOut])
def checks(request, nib: str = Query("", max_length=32), limit: int = Query(100, ge=1, le=1000)):
    """Who checked which business: the compliance offices see their area's; a business sees its own."""
    try:
        qs = selectors.check_log(user=request.user, nib=nib.strip())[:limit]
    except PermissionDenied as exc:  # pragma: no cover
        raise HttpError(403, "Tidak diizinkan.") from exc
    return [
        {
            "nib": c.nib,
            "name": c.employer.name if c.employer else None,
            "checked_at": c.checked_at.isoformat(),
            "checked_by": c.checker_name,
            "compliant": c.compliant,
            "reason": c.answer.get("reason", ""),
        }
        for c in qs
    ]
