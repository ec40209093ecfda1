"""Family entry and import, scholarships, reports, rules, the coverage home panel, sponsors."""

import datetime as dt
import io

import pytest
from openpyxl import Workbook

from lindung.accounts.services import organisation_create, user_create
from lindung.claims import documents, services
from lindung.claims.models import BenefitRule, Claim, FamilyMember, Scholarship
from tests.claims.conftest import D, pdf_file
from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db


def paid_claim(world, kc, f, *, handed_over=True):
    claim = services.claim_report(
        actor=world.desa_operator,
        person=f.person,
        event_kind="death",
        benefit="JKM",
        event_date=D(2026, 10, 2),
        place="Rumah",
        cause="Sakit",
    )
    for kind in documents.required_documents(claim):
        services.claim_document_add(actor=world.desa_operator, claim=claim, kind=kind, file=pdf_file())
    services.claim_submit(actor=world.desa_operator, claim=claim)
    services.claim_decide(actor=kc, claim=claim, approve=True, amount=42_000_000)
    services.claim_pay(
        actor=kc, claim=claim, amount=42_000_000, paid_on=D(2026, 11, 20), reference="R1", paid_to=f.widow
    )
    if handed_over:
        services.claim_hand_over(
            actor=world.desa_operator,
            claim=claim,
            handed_over_on=D(2026, 11, 25),
            place="Balai desa",
            by="Bupati Lahat",
        )
    return Claim.objects.get(pk=claim.pk)


def test_family_entered_on_the_person_page(client_for, world, lahat_family):
    desa = client_for(world.desa_operator)
    url = f"/klaim/orang/{lahat_family.person.pk}/keluarga/"
    r = desa.post(
        url, {"relation": "parent", "full_name": "Ibu Sumi", "birth_date": "1960-02-01"}, follow=True
    )
    assert "Ibu Sumi dicatat" in r.content.decode()
    r = desa.post(url, {"relation": "sibling", "full_name": "Adik", "nik": "1604211234567890"}, follow=True)
    assert "NIK tidak valid" in r.content.decode()
    r = desa.post(url, {"relation": "parent", "full_name": "Ayah", "school_level": "SD"}, follow=True)
    assert "hanya diisi untuk anak" in r.content.decode()
    assert FamilyMember.objects.filter(person=lahat_family.person).count() == 4
    assert (
        client_for(world.sarolangun_manager).post(url, {"relation": "parent", "full_name": "X"}).status_code
        == 404
    )
    assert (
        client_for(world.lahat_viewer).post(url, {"relation": "parent", "full_name": "X"}).status_code == 403
    )


def test_family_imported_from_a_spreadsheet_as_it_comes(client_for, world, lahat_family):
    wb = Workbook()
    ws = wb.active
    ws.append(["DAFTAR ANGGOTA KELUARGA"])
    ws.append([])
    ws.append(
        [
            "No",
            "Nama Lengkap",
            "Hubungan Keluarga",
            "NIK",
            "Tgl Lahir",
            "Status Kawin",
            "Bekerja",
            "Jenjang",
            "Kelas",
        ]
    )
    ws.append([1, "Sumarni", "Ibu", "", "01/02/1962", "Kawin", "Tidak", "", ""])
    ws.append([2, "Bayu", "Anak", "", "03/04/2010", "Belum Kawin", "Belum", "SMP", "2"])
    ws.append([])
    ws.append(["", "Kepala Desa", "", "", "", "", "", "", ""])
    buf = io.BytesIO()
    wb.save(buf)
    buf.seek(0)
    buf.name = "keluarga.xlsx"
    desa = client_for(world.desa_operator)
    r = desa.post(f"/klaim/orang/{lahat_family.person.pk}/keluarga/impor/", {"file": buf}, follow=True)
    assert "2 anggota keluarga diimpor" in r.content.decode(), r.content.decode().split("messages")[1][:600]
    bayu = FamilyMember.objects.get(full_name="Bayu")
    assert (bayu.relation, bayu.birth_date, bayu.school_level, bayu.school_year, bayu.married) == (
        "child",
        D(2010, 4, 3),
        "SMP",
        2,
        False,
    )
    assert FamilyMember.objects.get(full_name="Sumarni").married is True
    bad = io.BytesIO(b"Nama;Hubungan\nA;Sepupu\n")
    bad.name = "k.csv"
    r = desa.post(f"/klaim/orang/{lahat_family.person.pk}/keluarga/impor/", {"file": bad}, follow=True)
    assert "Baris 1: hubungan &#x27;Sepupu&#x27; tidak dikenal" in r.content.decode()
    assert FamilyMember.objects.filter(person=lahat_family.person).count() == 5


def test_scholarship_renewal_and_stop_by_the_rules(client_for, world, kc_muaraenim, lahat_family):
    claim = paid_claim(world, kc_muaraenim, lahat_family)
    desa = client_for(world.desa_operator)
    page = desa.get("/klaim/beasiswa/").content.decode()
    assert "Rizki" in page and "2026/2027" in page
    first = Scholarship.objects.filter(child=lahat_family.tk).order_by("school_year").first()
    second = Scholarship.objects.filter(child=lahat_family.tk).order_by("school_year")[1]
    r = desa.post(
        f"/klaim/beasiswa/{second.pk}/bayar/",
        {"proof": "SK-1", "paid_on": "2026-11-28", "reference": "B1"},
        follow=True,
    )
    assert "tahun ajaran sebelumnya" in r.content.decode()
    desa.post(
        f"/klaim/beasiswa/{first.pk}/bayar/", {"proof": "SK-TK-1", "paid_on": "2026-11-28", "reference": "B1"}
    )
    assert Scholarship.objects.get(pk=first.pk).status == "paid"
    # Dewi marries: her remaining years stop.
    services.family_member_update(actor=world.desa_operator, member=lahat_family.smp, married=True)
    left = Scholarship.objects.filter(child=lahat_family.smp)
    assert set(left.values_list("status", flat=True)) == {"stopped"}
    assert left.first().stop_reason == "sudah menikah"
    forecast = desa.get("/klaim/beasiswa/?kabupaten=16.04").content.decode()
    assert "2027/2028" in forecast
    assert claim.scholarships.filter(status="scheduled").count() == 17  # Rizki: 18 years, the first paid


def test_reports_page_xlsx_pdf_and_claims_ratio(client_for, world, kc_muaraenim, lahat_family):
    from tests.claims.conftest import invoice

    paid_claim(world, kc_muaraenim, lahat_family)
    from lindung.billing.services import payment_record

    invoice(lahat_family.programme, D(2026, 9, 1), paid=False)
    payment_record(
        actor=None,
        funder=lahat_family.programme.funders.first(),
        amount=16_800,
        reference="P1",
        paid_on=D(2026, 9, 10),
    )
    mgr = client_for(world.lahat_manager)
    page = mgr.get("/klaim/laporan/?kabupaten=16.04").content.decode()
    assert "Rp42.000.000" in page and "Rp16.800" in page
    assert "250.000,0%" in page  # 42.000.000 / 16.800
    empty = mgr.get("/klaim/laporan/?kabupaten=16.04&tahun=2020")
    assert empty.status_code == 200 and 'id="total-claims">0<' in empty.content.decode()
    assert mgr.get("/klaim/laporan/xlsx/").content[:2] == b"PK"
    assert mgr.get("/klaim/laporan/pdf/").content.startswith(b"%PDF")
    assert client_for(world.desa_operator).get("/klaim/laporan/").status_code == 404
    home = mgr.get("/cakupan/").content.decode()
    assert "Manfaat terakhir yang dibayarkan" in home and "Rp42.000.000" in home and "Budi Hartono" in home
    assert "Budi Hartono" not in client_for(world.sarolangun_manager).get("/cakupan/").content.decode()


def test_sponsor_sees_only_the_claims_of_people_it_sponsors(client_for, world, kc_muaraenim, lahat_family):
    paid_claim(world, kc_muaraenim, lahat_family, handed_over=False)
    org = organisation_create(actor=None, code="pt-x", name="PT X", kind="perusahaan", area_codes=["16.04"])
    sponsor = user_create(
        actor=None, username="sponsor_x", password=PASSWORD, organisation=org, role="viewer"
    )
    c = client_for(sponsor)
    claim = Claim.objects.get()
    assert c.get(f"/klaim/{claim.pk}/").status_code == 404
    assert claim.number not in c.get("/klaim/").content.decode()
    assert 'id="family"' not in c.get(f"/orang/{lahat_family.person.pk}/").content.decode()
    funder = lahat_family.programme.funders.create(kind="csr", organisation=org)
    Claim.objects.filter(pk=claim.pk).update(funder=funder)
    assert c.get(f"/klaim/{claim.pk}/").status_code == 200


def test_rules_are_added_as_new_versions_by_an_admin_only(client_for, world):
    admin = client_for(world.admin)
    page = admin.get("/klaim/aturan/").content.decode()
    assert "20.000.000" in page and "belum terverifikasi" in page
    r = admin.post(
        "/klaim/aturan/",
        {"key": "waiting_months", "effective_from": "2019-01-01", "value": "6", "source": "x"},
        follow=True,
    )
    assert "sesudah versi terakhir" in r.content.decode()
    admin.post(
        "/klaim/aturan/",
        {
            "key": "waiting_months",
            "effective_from": "2027-01-01",
            "value": "6",
            "source": "Peraturan BPJS (contoh)",
        },
    )
    assert BenefitRule.objects.filter(key="waiting_months").count() == 2
    assert (
        client_for(world.lahat_manager).post("/klaim/aturan/", {"key": "waiting_months"}).status_code == 403
    )
    assert dt.date(2027, 1, 1) in BenefitRule.objects.values_list("effective_from", flat=True)


def test_daily_reminder_job_lists_scholarships_due_per_village(world, kc_muaraenim, lahat_family, capsys):
    import json

    from django.core.management import call_command

    paid_claim(world, kc_muaraenim, lahat_family)
    call_command("claims", "reminders", "--as-of", "2027-06-01")
    out = json.loads(capsys.readouterr().out)
    # Due 20-11-2026 (first year, both children) and 01-07-2027 (second year, both children).
    assert out == {"due": 4, "villages": {lahat_family.person.region_code: 4}}
