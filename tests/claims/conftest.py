import datetime as dt
from dataclasses import dataclass

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from lindung.accounts.services import organisation_create, user_create
from lindung.billing.models import Invoice
from lindung.claims.models import FamilyMember
from tests.factories import LAHAT, LAHAT_DESA, PASSWORD
from tests.helpers import enrol, make_person, make_programme

D = dt.date
PDF = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def pdf_file(name="dokumen.pdf"):
    return SimpleUploadedFile(name, PDF, content_type="application/pdf")


@dataclass
class Family:
    person: object
    membership: object
    programme: object
    widow: FamilyMember
    tk: FamilyMember
    smp: FamilyMember


def add_family(person):
    def m(relation, name, birth, **kw):
        return FamilyMember.objects.create(
            person=person,
            relation=relation,
            full_name=name,
            birth_date=birth,
            region_code=person.region_code,
            regency_code=person.regency_code,
            **kw,
        )

    return (
        m("spouse", "Siti Aminah", D(1988, 4, 2), nik="1604214204880001"),
        m("child", "Rizki", D(2021, 5, 1), school_level="TK", school_year=1),
        m("child", "Dewi", D(2013, 1, 10), school_level="SMP", school_year=1),
    )


@pytest.fixture
def kc_muaraenim(world):
    return make_kc_muaraenim()


def make_kc_muaraenim():
    from lindung.accounts.models import Organisation

    org = Organisation.objects.filter(code="bpjs-kc-muaraenim").first() or organisation_create(
        actor=None,
        code="bpjs-kc-muaraenim",
        name="BPJS Ketenagakerjaan KC Muara Enim",
        kind="bpjs_kc",
        area_codes=["16.03", LAHAT, "16.12"],
    )
    return user_create(
        actor=None, username="kc_muaraenim", password=PASSWORD, organisation=org, role="verifier"
    )


@pytest.fixture
def lahat_family(world):
    p = make_programme("lahat-bpu", world.pemkab_lahat, LAHAT, start_date=D(2022, 1, 1))
    person = make_person(
        "1604211203850001", "Budi Hartono", LAHAT_DESA, birth_date=D(1985, 3, 12), monthly_income=1_000_000
    )
    membership = enrol(person, p)
    widow, tk, smp = add_family(person)
    return Family(person, membership, p, widow, tk, smp)


def invoice(programme, period, *, paid: bool, funder=None, segment="BPU"):
    funder = funder or programme.funders.first()
    n = Invoice.objects.count() + 1
    return Invoice.objects.create(
        number=f"TGH-T-{n:05d}",
        programme=programme,
        funder=funder,
        period=period,
        region_code=programme.region_code,
        issued_on=period,
        due_date=period.replace(day=15),
        total=16_800,
        paid=16_800 if paid else 0,
        status="paid" if paid else "open",
    )
