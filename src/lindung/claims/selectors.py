"""Reads for claims, scoped by region; sponsors (companies, SERTAKAN individuals) see only the claims of the people
they sponsor. Fetching one object outside the user's area raises Http404."""

from __future__ import annotations

import datetime as dt

from django.db.models import QuerySet
from django.http import Http404

from lindung.accounts.permissions import can_view_claims, can_view_people, is_bpjs, is_sponsor_user
from lindung.billing.models import ContributionRate
from lindung.claims.documents import OPTIONAL_DOCUMENTS, required_documents
from lindung.claims.models import Claim, DocumentKind, FamilyMember, Scholarship
from lindung.core.scoping import region_q, user_area_codes
from lindung.memberships.models import Membership
from lindung.programs.models import Programme
from lindung.registry.models import Person


def membership_wage(membership: Membership, *, on: dt.date | None = None) -> int:
    """The wage a membership's benefits are computed on: the one place that says it. The membership's own wage
    (from the enrolment list or edited on the person's page, the base its contributions were billed on), else the
    person's declared monthly income, else the programme's contribution base (PU wage, BPU declared income), else
    the lowest BPU bracket of the contribution rates on that date (Rp1.000.000)."""
    if membership.wage:
        return int(membership.wage)
    person = membership.person
    if person.monthly_income:
        return int(person.monthly_income)
    programme = membership.programme
    if programme.segment == Programme.Segment.PU and programme.wage:
        return int(programme.wage)
    if programme.declared_income:
        return int(programme.declared_income)

    rate = (
        ContributionRate.objects.filter(
            segment="BPU", element="JKK", effective_from__lte=on or dt.date.today()
        )
        .exclude(min_base=None)
        .order_by("-effective_from")
        .first()
    )
    return int(rate.min_base) if rate else 0


# --- family ---------------------------------------------------------------------------------------------------


def family_of(*, person: Person) -> QuerySet[FamilyMember]:
    """A person's family (the caller fetched the person through a scoped selector)."""
    return FamilyMember.objects.filter(person=person).order_by("id")


def family_member_get(*, user, pk: int) -> FamilyMember:
    if is_sponsor_user(user):
        raise Http404("Tidak ditemukan.")
    member = (
        FamilyMember.objects.filter(region_q(user_area_codes(user)), pk=pk).select_related("person").first()
    )
    if member is None:
        raise Http404("Anggota keluarga tidak ditemukan.")
    return member


# --- claims ---------------------------------------------------------------------------------------------------


def claim_scope(user) -> QuerySet[Claim]:
    qs = Claim.objects.select_related(
        "person", "programme", "funder__organisation", "reporter_org", "paid_to"
    )
    if is_sponsor_user(user):
        return qs.filter(funder__organisation=user.organisation)
    if not can_view_people(user) and not is_bpjs(user):
        # An election body sees the claims it reported; prosecutors, finance and permit offices none.
        if can_view_claims(user) and user.organisation_id:
            return qs.filter(reporter_org_id=user.organisation_id)
        return qs.none()
    return qs.filter(region_q(user_area_codes(user)))


def claim_list(
    *,
    user,
    status: str = "",
    region: str = "",
    benefit: str = "",
    programme: str = "",
    year: int | None = None,
) -> QuerySet[Claim]:
    qs = claim_scope(user)
    if status in Claim.Status.values:
        qs = qs.filter(status=status)
    if region:
        qs = qs.filter(region_q([region]))
    if benefit in Claim.Benefit.values:
        qs = qs.filter(benefit=benefit)
    if programme:
        qs = qs.filter(programme__code=programme)
    if year:
        qs = qs.filter(event_date__year=year)
    return qs.order_by("-created_at", "-id")


def claim_get(*, user, pk: int) -> Claim:
    claim = claim_scope(user).filter(pk=pk).first()
    if claim is None:
        raise Http404("Klaim tidak ditemukan.")
    return claim


def claims_of_person(*, user, person: Person) -> QuerySet[Claim]:
    return claim_scope(user).filter(person=person).order_by("-event_date")


def scholarship_scope(user) -> QuerySet[Scholarship]:
    qs = Scholarship.objects.select_related("child", "claim__person")
    if is_sponsor_user(user):
        return qs.filter(claim__funder__organisation=user.organisation)
    return qs.filter(region_q(user_area_codes(user)))


def scholarships_due(*, user, as_of: dt.date, days: int = 60) -> QuerySet[Scholarship]:
    """Scholarship years still to be paid that fall due within ``days`` (the village collects the proof of
    enrolment before the school year starts). ``user=None``: every region (the daily job)."""
    qs = (
        scholarship_scope(user)
        if user is not None
        else Scholarship.objects.select_related("child", "claim__person")
    )
    return qs.filter(
        status=Scholarship.Status.SCHEDULED, due_on__lte=as_of + dt.timedelta(days=days)
    ).order_by("region_code", "due_on", "child_id")


def scholarship_forecast(*, user, regency: str = "") -> list[dict]:
    """Scholarship obligations per school year (scheduled, not yet paid), for the budget of a regency."""
    from django.db.models import Count, Sum

    qs = scholarship_scope(user).filter(status=Scholarship.Status.SCHEDULED)
    if regency:
        qs = qs.filter(region_q([regency]))
    return list(
        qs.values("school_year")
        .annotate(amount=Sum("amount"), children=Count("child", distinct=True))
        .order_by("school_year")
    )


def checklist(claim: Claim) -> list[dict]:
    """The documents the claim needs (and the optional ones), each with what was uploaded."""

    docs: dict[str, list] = {}
    for doc in claim.documents.all():
        docs.setdefault(doc.kind, []).append(doc)
    required = required_documents(claim)
    kinds = required + [k for k in OPTIONAL_DOCUMENTS if k not in required]
    return [
        {"kind": k, "label": DocumentKind(k).label, "required": k in required, "documents": docs.get(k, [])}
        for k in kinds
    ]
