"""The claim workflow through the pages and the API, as each role and as an outsider."""

import json

import pytest

from lindung.audit.models import AuditLog
from lindung.claims.models import Claim, Scholarship
from lindung.memberships.models import Membership
from tests.claims.conftest import D, pdf_file
from tests.helpers import api_client

pytestmark = pytest.mark.django_db

DEATH = {
    "event_kind": "death",
    "benefit": "JKM",
    "event_date": "2026-10-02",
    "place": "Rumah duka, Dusun 2",
    "cause": "Sakit jantung",
}
JKM_DOCS = ["death_certificate", "family_card", "heir_ktp", "heir_statement", "school_certificate"]


def report(client, person, **kw):
    return client.post(f"/klaim/lapor/{person.pk}/", {**DEATH, **kw})


def upload(client, claim, kinds):
    for kind in kinds:
        r = client.post(f"/klaim/{claim.pk}/dokumen/", {"kind": kind, "file": pdf_file(f"{kind}.pdf")})
        assert r.status_code == 302


def test_death_from_report_to_handover(client_for, world, kc_muaraenim, lahat_family):
    f = lahat_family
    desa = client_for(world.desa_operator)
    r = report(desa, f.person)
    claim = Claim.objects.get()
    assert r.status_code == 302 and r["Location"] == f"/klaim/{claim.pk}/"
    assert (claim.status, claim.eligible, claim.estimated_cash) == ("reported", True, 42_000_000)
    assert claim.number.startswith("KLM-2026-")
    assert [h["name"] for h in claim.estimate["heirs"]] == ["Siti Aminah", "Rizki", "Dewi"]
    assert claim.estimate["scholarship_children"] == 2 and claim.estimate["contribution_months"] == 58
    m = Membership.objects.get(pk=f.membership.pk)
    assert (m.status, m.end_reason, m.end_date) == ("ended", "death", D(2026, 10, 2))

    page = desa.get(f"/klaim/{claim.pk}/").content.decode()
    assert "Rp42.000.000" in page
    assert f.widow.nik not in page

    # Documents first: submitting with some missing is refused with the list.
    upload(desa, claim, JKM_DOCS[:2])
    r = desa.post(f"/klaim/{claim.pk}/ajukan/", follow=True)
    assert "Dokumen belum lengkap: KTP ahli waris" in r.content.decode()
    assert Claim.objects.get().status == "reported"
    upload(desa, claim, JKM_DOCS[2:])
    desa.post(f"/klaim/{claim.pk}/ajukan/")
    assert Claim.objects.get().status == "submitted"
    pdf = desa.get(f"/klaim/{claim.pk}/surat-pengantar.pdf")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")

    # The village cannot decide; the branch can.
    r = desa.post(f"/klaim/{claim.pk}/putuskan/", {"decision": "approve", "amount": "42000000"}, follow=True)
    assert "Hanya kantor BPJS" in r.content.decode() and Claim.objects.get().status == "submitted"
    kc = client_for(kc_muaraenim)
    kc.post(f"/klaim/{claim.pk}/putuskan/", {"decision": "approve", "amount": "42000000"})
    assert (Claim.objects.get().status, Claim.objects.get().approved_amount) == ("approved", 42_000_000)

    r = kc.post(
        f"/klaim/{claim.pk}/bayar/",
        {"amount": "42000000", "paid_on": "2026-11-20", "reference": "BPJS-JKM-001", "paid_to": f.widow.pk},
    )
    claim = Claim.objects.get()
    assert (claim.status, claim.paid_amount, claim.paid_to_id, claim.paid_on) == (
        "paid",
        42_000_000,
        f.widow.pk,
        D(2026, 11, 20),
    )
    years = Scholarship.objects.filter(claim=claim)
    # From the 2026/27 school year; each child turns 23 before their fifth PT year (2044, 2036): 4 PT years.
    assert sum(s.amount for s in years.filter(child=f.tk)) == 87_000_000 - 12_000_000
    assert sum(s.amount for s in years.filter(child=f.smp)) == 6_000_000 + 9_000_000 + 48_000_000
    assert years.order_by("due_on").first().due_on == D(2026, 11, 20)

    desa.post(
        f"/klaim/{claim.pk}/serahkan/",
        {"handed_over_on": "2026-11-25", "handover_place": "Kantor Desa", "handover_by": "Kepala Desa"},
    )
    assert Claim.objects.get().status == "handed_over"
    pdf = desa.get(f"/klaim/{claim.pk}/berita-acara.pdf")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    actions = AuditLog.objects.filter(object_type="claims.claim", object_id=str(claim.pk)).count()
    assert actions >= 1 + 5 + 1 + 1 + 1 + 1  # created, documents, submitted, approved, paid, handed over

    # A second claim of the same kind for the same person and event is refused.
    r = report(desa, f.person)
    assert "sudah dilaporkan" in r.content.decode() and Claim.objects.count() == 1


def test_reject_needs_a_reason_and_goes_back_to_the_reporter(client_for, world, kc_muaraenim, lahat_family):
    desa = client_for(world.desa_operator)
    report(desa, lahat_family.person)
    claim = Claim.objects.get()
    upload(desa, claim, JKM_DOCS)
    desa.post(f"/klaim/{claim.pk}/ajukan/")
    kc = client_for(kc_muaraenim)
    r = kc.post(f"/klaim/{claim.pk}/putuskan/", {"decision": "reject", "note": ""}, follow=True)
    assert "Tulis alasan penolakan" in r.content.decode() and Claim.objects.get().status == "submitted"
    kc.post(f"/klaim/{claim.pk}/putuskan/", {"decision": "reject", "note": "Akta kematian tidak terbaca"})
    assert Claim.objects.get().status == "rejected"
    page = desa.get(f"/klaim/{claim.pk}/").content.decode()
    assert "Akta kematian tidak terbaca" in page
    assert desa.get("/klaim/?status=rejected").content.decode().count(claim.number) == 1
    # A rejected claim may be reported again.
    report(desa, lahat_family.person)
    assert Claim.objects.count() == 2


def test_outsiders_get_404_and_viewers_cannot_report(client_for, world, lahat_family):
    desa = client_for(world.desa_operator)
    report(desa, lahat_family.person)
    claim = Claim.objects.get()
    outsider = client_for(world.sarolangun_manager)
    for url in (
        f"/klaim/{claim.pk}/",
        f"/klaim/{claim.pk}/surat-pengantar.pdf",
        f"/klaim/lapor/{lahat_family.person.pk}/",
    ):
        assert outsider.get(url).status_code == 404
    assert outsider.post(f"/klaim/{claim.pk}/ajukan/").status_code == 404
    assert claim.number not in outsider.get("/klaim/").content.decode()
    assert api_client(world.sarolangun_manager).get(f"/api/v1/claims/{claim.pk}").status_code == 404
    viewer = client_for(world.lahat_viewer)
    assert viewer.get(f"/klaim/{claim.pk}/").status_code == 200
    assert viewer.get(f"/klaim/lapor/{lahat_family.person.pk}/").status_code == 403
    assert "report-claim" not in viewer.get(f"/orang/{lahat_family.person.pk}/").content.decode()


def test_lapsed_membership_claim_is_reported_but_not_eligible(client_for, world, lahat_family):
    Membership.objects.filter(pk=lahat_family.membership.pk).update(status="lapsed", end_date=D(2026, 5, 31))
    report(client_for(world.desa_operator), lahat_family.person)
    claim = Claim.objects.get()
    assert not claim.eligible and claim.estimated_cash == 0
    assert claim.estimate["reasons"][0]["code"] == "lapsed"


def test_api_report_list_and_detail(world, kc_muaraenim, lahat_family):
    api = api_client(world.desa_operator)
    body = {**DEATH, "person_id": lahat_family.person.pk}
    r = api.post("/api/v1/claims", data=json.dumps(body), content_type="application/json")
    assert r.status_code == 201, r.content
    data = r.json()
    assert data["estimated_cash"] == 42_000_000 and data["nik_masked"] == "160421**********"
    assert "heir_ktp" in data["missing_documents"]
    r = api.post("/api/v1/claims", data=json.dumps(body), content_type="application/json")
    assert r.status_code == 400 and "sudah dilaporkan" in r.json()["message"]
    r = api.post(
        "/api/v1/claims",
        data=json.dumps({**body, "event_date": "2099-01-01"}),
        content_type="application/json",
    )
    assert r.status_code == 400 and Claim.objects.count() == 1
    listed = api_client(kc_muaraenim).get("/api/v1/claims?status=reported&region=16.04").json()
    assert [c["number"] for c in listed] == [data["number"]]
    assert api_client(kc_muaraenim).get("/api/v1/claims?status=nope").status_code == 400
    assert api.get(f"/api/v1/claims/{data['id']}").json()["benefit"] == "JKM"
    assert api_client(world.sarolangun_manager).get("/api/v1/claims").json() == []


def test_work_accident_stmb_and_family_panel(client_for, world, lahat_family):
    desa = client_for(world.desa_operator)
    r = report(
        desa,
        lahat_family.person,
        event_kind="work_accident",
        benefit="JKK_STMB",
        at_work="on",
        months_off="14",
        cause="Terjatuh dari pohon karet",
    )
    claim = Claim.objects.get()
    assert claim.estimated_cash == 1_000_000 * 12 + 500_000 * 2
    assert Membership.objects.get(pk=lahat_family.membership.pk).status == "active"
    page = desa.get(f"/orang/{lahat_family.person.pk}/").content.decode()
    assert claim.number in page and "Siti Aminah" in page and "160421**********" in page
    assert lahat_family.widow.nik not in page
    assert r.status_code == 302


def test_protection_check_answers_without_saving(client_for, world, lahat_family):
    desa = client_for(world.desa_operator)
    url = f"/klaim/cek/{lahat_family.person.pk}/"
    page = desa.get(url, {"tanggal": "2026-10-02", "manfaat": "JKM"}).content.decode()
    assert "Dilindungi pada 02-10-2026" in page and "Rp42.000.000" in page
    page = desa.get(url, {"tanggal": "2021-10-02", "manfaat": "JKM"}).content.decode()
    assert "Tidak dilindungi pada 02-10-2021" in page and "baru dimulai 01-01-2022" in page
    assert "di masa depan" in desa.get(url, {"tanggal": "2099-01-01"}).content.decode()
    assert Claim.objects.count() == 0
    assert client_for(world.sarolangun_manager).get(url, {"tanggal": "2026-10-02"}).status_code == 404
