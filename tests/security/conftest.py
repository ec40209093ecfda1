"""Two regencies, each with one of every kind of record, and one user per duty (the personas of
docs/permissions.md). Lahat is "inside" for every persona but the outsider; Sarolangun is outside for all
but the national admin."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

import pytest
from django.core.files.base import ContentFile

from lindung.accounts.matrix import PERSONAS
from lindung.accounts.models import ApiToken, Organisation, User
from lindung.accounts.services import api_token_create, organisation_create, user_create
from lindung.billing import services as billing
from lindung.billing.models import Budget, Invoice, Payment
from lindung.claims.models import Claim, ClaimDocument, FamilyMember, Scholarship
from lindung.enrolment.models import Batch
from lindung.memberships.models import Membership
from lindung.programs.models import LegalBasis, Programme, ProgrammeFunder
from lindung.registry.models import CorrectionRequest, Person
from tests.factories import PASSWORD
from tests.helpers import enrol, make_person, make_programme

LAHAT, LAHAT_DESA = "16.04", "16.04.21.2008"
SARO, SARO_DESA = "15.03", "15.03.01.2001"


@dataclass
class Side:
    """The records of one regency."""

    programme: Programme
    person: Person
    sponsored: Person
    batch: Batch
    invoice: Invoice
    payment: Payment
    funder: ProgrammeFunder
    sponsor_funder: ProgrammeFunder
    budget: Budget
    correction: CorrectionRequest
    membership: Membership
    legal_basis: LegalBasis
    token: ApiToken
    claim: Claim
    family: FamilyMember
    document: ClaimDocument
    scholarship: Scholarship
    village: str
    regency: str
    employer: object = None
    case: object = None
    step: object = None
    employer_import: object = None
    match: object = None


@dataclass
class Town:
    users: dict[str, User]
    orgs: dict[str, Organisation]
    inside: Side
    outside: Side
    niks: list[str] = field(default_factory=list)


def _org(code: str, kind: str, opd_kind: str, area: str, orgs: dict) -> Organisation:
    if code not in orgs:
        orgs[code] = organisation_create(
            actor=None,
            code=code,
            name=code.replace("-", " ").title(),
            kind=kind,
            opd_kind=opd_kind,
            area_codes=[area] if area else [],
            is_national=kind == "sistem",
        )
    return orgs[code]


def _compliance(*, regency: str, village: str, n: int, kejari) -> dict:
    """An employer not registered, its case handed to the prosecutor (with a signed letter), an import and
    a probable match."""
    from lindung.compliance.models import Case, CaseStep, Employer, EmployerImport, ProbableMatch

    employer = Employer.objects.create(
        nib=f"912030100000{n}",
        name=f"PT Sawit {regency}",
        name_key=f"sawit {regency}",
        region_code=village,
        regency_code=regency,
        wlkp_workers=50,
        category="PWBD",
        is_pwbd=True,
        is_obliged=True,
        category_since=dt.date(2026, 1, 5),
    )
    case = Case.objects.create(
        number=f"KPT/0000{n}/{regency}/2026",
        employer=employer,
        region_code=village,
        regency_code=regency,
        category="PWBD",
        finding="Tidak terdaftar",
        stage="prosecutor",
        stage_date=dt.date(2026, 6, 1),
        kejari=kejari,
        skk_number=f"SKK-{n}",
        skk_date=dt.date(2026, 6, 1),
        contributions_owed=1_000_000,
    )
    step = CaseStep.objects.create(
        case=case,
        stage="warning_1",
        date=dt.date(2026, 2, 2),
        deadline=dt.date(2026, 2, 16),
        letter_number=f"SP1/{n}",
    )
    step.signed_copy.save("sp1.pdf", ContentFile(b"%PDF-1.4 ditandatangani"))
    imp = EmployerImport.objects.create(
        source="wlkp",
        filename="wlkp.csv",
        file_date=dt.date(2026, 2, 1),
        regency_code=regency,
        status="applied",
    )
    match = ProbableMatch.objects.create(
        employer_import=imp, row_no=1, employer=employer, data={"name": "Sawit"}, regency_code=regency
    )
    return {"employer": employer, "case": case, "step": step, "employer_import": imp, "match": match}


def _side(
    *, regency: str, village: str, owner: Organisation, sponsor_org, uploader, verifier, n: int, kejari=None
) -> Side:
    programme = make_programme(
        f"prog-{regency.replace('.', '-')}", owner, regency, start_date=dt.date(2026, 1, 1)
    )
    sponsor_funder = ProgrammeFunder.objects.create(
        programme=programme, kind="sertakan", organisation=sponsor_org, name="Budi"
    )
    prefix = regency.replace(".", "") + "21"
    person = make_person(
        f"{prefix}6512900{n}01",
        f"Siti Aminah {regency}",
        village,
        birth_date=dt.date(1990, 12, 25),
        sex="P",
        phone="081234567890",
        address="Jl. Sawit 1",
    )
    sponsored = make_person(
        f"{prefix}1203850{n}02",
        f"Budi Sponsored {regency}",
        village,
        birth_date=dt.date(1985, 3, 12),
        sex="L",
        phone="081298765432",
    )
    m = enrol(person, programme)
    m.kpj = f"2400000{n}001"
    m.save()
    s = enrol(sponsored, programme)
    s.funder = sponsor_funder
    s.save()
    batch = Batch.objects.create(
        programme=programme,
        organisation=uploader.organisation,
        region_code=village,
        filename="daftar.csv",
        content_hash=f"hash-{regency}",
        created_by=uploader,
        status=Batch.Status.SUBMITTED,
        submitted_by=uploader,
        rows=1,
        valid=1,
    )
    batch.row_set.create(
        row_no=1, status="valid", nik=person.nik, full_name=person.full_name, region_code=village
    )
    m.batch_id = batch.pk  # the membership this list brought in (its cards)
    m.save(update_fields=["batch_id"])
    billing.billing_run(actor=None, programme=programme, period=dt.date(2026, 3, 1))
    invoice = Invoice.objects.filter(programme=programme, funder__kind="apbd_kab").get()
    payment = billing.payment_record(
        actor=None,
        funder=invoice.funder,
        amount=10_000,
        reference=f"TRF-{regency}",
        paid_on=dt.date(2026, 3, 20),
    )
    budget = billing.budget_set(actor=None, programme=programme, year=2026, planned_members=10)
    correction = CorrectionRequest.objects.create(
        person=person,
        region_code=village,
        field="nik",
        old_value=person.nik,
        new_value=person.nik[:-1] + "9",
        reason="KTP baru",
        requested_by=uploader,
    )
    legal_basis = LegalBasis.objects.create(
        programme=programme,
        kind="perbup",
        number=f"Perbup {regency}/2026",
        date=dt.date(2026, 1, 2),
        attachment=ContentFile(b"%PDF-1.4 dasar hukum", name="perbup.pdf"),
    )
    token, _secret = api_token_create(actor=None, user=uploader)
    claim = Claim.objects.create(
        number=f"KLM-{regency}",
        person=person,
        membership=m,
        programme=programme,
        funder=invoice.funder,
        event_kind=Claim.EventKind.DEATH,
        benefit=Claim.Benefit.JKM,
        event_date=dt.date(2026, 3, 10),
        place="Kebun",
        cause="Sakit",
        status=Claim.Status.HANDED_OVER,
        paid_amount=42_000_000,
        paid_on=dt.date(2026, 4, 1),
        handed_over_on=dt.date(2026, 4, 10),
        handover_place="Balai desa",
        handover_by="Bupati",
        region_code=village,
        regency_code=regency,
        reported_by=uploader,
        reporter_org=uploader.organisation,
    )
    family = FamilyMember.objects.create(
        person=person,
        relation="child",
        full_name=f"Anak {regency}",
        nik=f"{prefix}0101100{n}03",
        birth_date=dt.date(2012, 1, 1),
        school_level="SMP",
        school_year=1,
        region_code=village,
        regency_code=regency,
    )
    document = ClaimDocument.objects.create(
        claim=claim, kind="death_certificate", file=ContentFile(b"%PDF-1.4 akta", name="akta.pdf")
    )
    scholarship = Scholarship.objects.create(
        claim=claim,
        child=family,
        level="SMP",
        grade=1,
        school_year=2026,
        due_on=dt.date(2026, 7, 15),
        amount=2_000_000,
        region_code=village,
        regency_code=regency,
    )
    compliance = _compliance(regency=regency, village=village, n=n, kejari=kejari)
    return Side(
        **compliance,
        claim=claim,
        family=family,
        document=document,
        scholarship=scholarship,
        membership=m,
        legal_basis=legal_basis,
        token=token,
        programme=programme,
        person=person,
        sponsored=sponsored,
        batch=batch,
        invoice=invoice,
        payment=payment,
        funder=invoice.funder,
        sponsor_funder=sponsor_funder,
        budget=budget,
        correction=correction,
        village=village,
        regency=regency,
    )


@pytest.fixture
def town(db) -> Town:
    orgs: dict[str, Organisation] = {}
    users: dict[str, User] = {}
    for p in PERSONAS:
        org = _org(p.org_code, p.kind, p.opd_kind, p.area, orgs)
        users[p.key] = user_create(
            actor=None, username=p.key, password=PASSWORD, organisation=org, role=p.role, full_name=p.label
        )
    saro_desa = _org("desa-saro", "desa", "", SARO_DESA, orgs)
    saro_op = user_create(
        actor=None, username="saro_desa", password=PASSWORD, organisation=saro_desa, role="operator"
    )
    inside = _side(
        regency=LAHAT,
        village=LAHAT_DESA,
        owner=orgs["pemkab-lahat"],
        sponsor_org=orgs["sertakan-budi"],
        uploader=users["desa_operator"],
        verifier=users["dpmd_verifier"],
        n=1,
        kejari=orgs["kejari-lahat"],
    )
    outside = _side(
        regency=SARO,
        village=SARO_DESA,
        owner=orgs["pemkab-sarolangun"],
        sponsor_org=None,
        uploader=saro_op,
        verifier=users["outsider"],
        n=2,
    )
    return Town(
        users=users,
        orgs=orgs,
        inside=inside,
        outside=outside,
        niks=list(Person.objects.values_list("nik", flat=True)),
    )
