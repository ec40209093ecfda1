"""Claim documents as PDF (WeasyPrint, in Indonesian: they are official letters): the cover letter from the
village/OPD to the BPJS branch listing the documents, and the record of handing the benefit over to the heirs
("berita acara penyerahan santunan"). NIKs are masked."""

from __future__ import annotations

from lindung.billing.exports import amount_in_words, pdf
from lindung.claims.models import Claim
from lindung.registry.selectors import village_names


def _context(claim: Claim) -> dict:
    return {
        "claim": claim,
        "village": village_names([claim.region_code]).get(claim.region_code, claim.region_code),
        "documents": claim.documents.order_by("kind", "id"),
        "scholarships": claim.scholarships.select_related("child").order_by("child_id", "school_year"),
    }


def cover_letter(claim: Claim) -> bytes:
    return pdf("claims/cover_letter.pdf.html", _context(claim))


def handover_record(claim: Claim) -> bytes:
    ctx = _context(claim)
    children: dict[int, dict] = {}
    for s in ctx["scholarships"]:
        c = children.setdefault(
            s.child_id, {"name": s.child.full_name, "first": s, "last": s, "years": 0, "amount": 0}
        )
        c["last"], c["years"], c["amount"] = s, c["years"] + 1, c["amount"] + s.amount
    ctx["children"] = list(children.values())
    ctx["words"] = amount_in_words(claim.paid_amount or 0)
    return pdf("claims/handover.pdf.html", ctx)
