"""Which documents a claim needs (per benefit) and which files may be uploaded: rules the workflow, the
pages and the API read alike."""

from __future__ import annotations

from lindung.claims.models import Claim, DocumentKind

EVENT_BENEFITS = {
    Claim.EventKind.DEATH: {Claim.Benefit.JKM, Claim.Benefit.JKK_DEATH},
    Claim.EventKind.WORK_ACCIDENT: {
        Claim.Benefit.JKK_DEATH,
        Claim.Benefit.JKK_TOTAL_DISABILITY,
        Claim.Benefit.JKK_STMB,
    },
    Claim.EventKind.OCCUPATIONAL_DISEASE: {
        Claim.Benefit.JKK_DEATH,
        Claim.Benefit.JKK_TOTAL_DISABILITY,
        Claim.Benefit.JKK_STMB,
    },
}
K = DocumentKind
REQUIRED_DOCUMENTS = {
    Claim.Benefit.JKM: [K.DEATH_CERTIFICATE, K.FAMILY_CARD, K.HEIR_KTP, K.HEIR_STATEMENT],
    Claim.Benefit.JKK_DEATH: [
        K.DEATH_CERTIFICATE,
        K.ACCIDENT_REPORT,
        K.FAMILY_CARD,
        K.HEIR_KTP,
        K.HEIR_STATEMENT,
    ],
    Claim.Benefit.JKK_TOTAL_DISABILITY: [K.ACCIDENT_REPORT, K.MEDICAL_RESUME, K.FAMILY_CARD],
    Claim.Benefit.JKK_STMB: [K.ACCIDENT_REPORT, K.MEDICAL_RESUME],
}
OPTIONAL_DOCUMENTS = [K.MEMBERSHIP_CARD, K.POLICE_REPORT, K.BANK_BOOK, K.OTHER]
UPLOAD_TYPES = {".pdf": b"%PDF", ".jpg": b"\xff\xd8", ".jpeg": b"\xff\xd8", ".png": b"\x89PNG"}
MAX_UPLOAD = 5 * 1024 * 1024


def required_documents(claim: Claim) -> list[str]:
    kinds = list(REQUIRED_DOCUMENTS[claim.benefit])
    if claim.estimate.get("scholarships"):
        kinds.append(K.SCHOOL_CERTIFICATE)
    return kinds


def missing_documents(claim: Claim) -> list[str]:
    have = set(claim.documents.values_list("kind", flat=True))
    return [k for k in required_documents(claim) if k not in have]
