"""API for the permit system and other systems: the compliance check and the register (region-scoped)."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from ninja import Query, Router, Schema, Status
from ninja.errors import HttpError

from lindung.accounts.permissions import can_check_compliance, can_view_compliance
from lindung.compliance import selectors, services
from lindung.core.errors import ApplicationError

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


class ErrorOut(Schema):
    code: str
    message: str


@router.get("/check", response={200: CheckOut, 403: ErrorOut, 422: ErrorOut})
def check(request, nib: str = ""):
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


class EmployerQuery(Schema):
    region: str = ""
    category: str = ""
    limit: int = 100
    offset: int = 0


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
    if not 1 <= q.limit <= 1000 or q.offset < 0:
        return Status(
            422, {"code": "paging_invalid", "message": "limit harus 1 sampai 1000 dan offset 0 atau lebih."}
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
def checks(request, nib: str = "", limit: int = 100):
    """Who checked which business: the compliance offices see their area's; a business sees its own."""
    if limit < 1 or limit > 1000:
        raise HttpError(422, "limit harus 1 sampai 1000.")
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
