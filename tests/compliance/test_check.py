"""The permit-office check (page and API), the register API and the pages, as each role and an outsider."""

from __future__ import annotations

import datetime as dt

from lindung.compliance import services
from lindung.compliance.models import ComplianceCheck
from tests.compliance.conftest import NIB_PATUH, NIB_SAWIT, NIB_TOKO, csv
from tests.helpers import api_client


def test_check_api_compliant_noncompliant_unknown_malformed(team, register):
    api = api_client(team.dpmptsp)  # a DPMPTSP viewer: the permit system's token
    r = api.get(f"/api/v1/compliance/check?nib={NIB_PATUH}")
    body = r.json()
    assert r.status_code == 200
    assert set(body) == {
        "nib",
        "name",
        "registered",
        "compliant",
        "category",
        "since",
        "open_case",
        "sanction",
        "reason",
        "checked_at",
    }
    assert body["compliant"] is True and body["registered"] is True and body["category"] == "COMPLIANT"
    assert body["reason"].startswith("PT Patuh Sentosa terdaftar di BPJS Ketenagakerjaan dengan 30 pekerja")

    body = api.get(f"/api/v1/compliance/check?nib={NIB_SAWIT}").json()
    assert body["compliant"] is False and body["registered"] is False and body["category"] == "PWBD"
    assert "belum mendaftarkan pekerjanya ke BPJS Ketenagakerjaan (PWBD) sejak" in body["reason"]

    r = api.get("/api/v1/compliance/check?nib=9999999999999")
    assert r.status_code == 200
    assert r.json()["registered"] is False and r.json()["compliant"] is False and r.json()["name"] is None
    assert "tidak ada dalam register" in r.json()["reason"]

    for bad in ("12345", "91203010000AB", ""):
        r = api.get(f"/api/v1/compliance/check?nib={bad}")
        assert r.status_code == 422, bad
        assert r.json()["code"] == "nib_invalid"
    assert ComplianceCheck.objects.count() == 3  # the malformed ones are not answers
    assert ComplianceCheck.objects.filter(checked_by=team.dpmptsp, nib=NIB_SAWIT, compliant=False).exists()


def test_check_shows_open_case_and_sanction(team, register):
    case = services.case_open(actor=team.bpjs, employer=register[NIB_SAWIT], date=dt.date(2024, 3, 28))
    body = api_client(team.dpmptsp).get(f"/api/v1/compliance/check?nib={NIB_SAWIT}").json()
    assert body["open_case"] == case.number and body["sanction"] is None
    for stage, day, extra in (
        ("warning_1", dt.date(2024, 4, 5), {}),
        ("warning_2", dt.date(2024, 4, 30), {}),
        ("fine", dt.date(2024, 5, 20), {"contributions_owed": 1_000_000, "months_owed": 1}),
    ):
        services.case_advance(actor=team.bpjs, case=case, stage=stage, date=day, **extra)
    body = api_client(team.dpmptsp).get(f"/api/v1/compliance/check?nib={NIB_SAWIT}").json()
    assert body["sanction"] == "Denda" and "izin jangan diterbitkan" in body["reason"]


def test_check_needs_a_compliance_office(team, register):
    r = api_client(team.world.desa_operator).get(f"/api/v1/compliance/check?nib={NIB_PATUH}")
    assert r.status_code == 403
    assert api_client(team.world.desa_operator).get("/api/v1/compliance/check?nib=1").status_code == 403
    assert ComplianceCheck.objects.count() == 0


def test_the_business_lists_who_checked_it(team, register, client_for):
    e = register[NIB_PATUH]
    e.organisation = team.company_org
    e.save()
    api_client(team.dpmptsp).get(f"/api/v1/compliance/check?nib={NIB_PATUH}")
    api_client(team.dpmptsp).get(f"/api/v1/compliance/check?nib={NIB_SAWIT}")
    rows = api_client(team.company).get("/api/v1/compliance/checks").json()
    assert [r["nib"] for r in rows] == [NIB_PATUH]
    assert rows[0]["checked_by"].startswith("dpmptsp_lahat") and rows[0]["compliant"] is True
    page = client_for(team.company).get("/kepatuhan/pemeriksaan/").content.decode()
    assert NIB_PATUH in page and NIB_SAWIT not in page
    # the company sees nothing else of the register
    assert client_for(team.company).get("/kepatuhan/").status_code == 403
    assert api_client(team.company).get("/api/v1/compliance/employers").status_code == 403


def test_employers_api_filters_and_scopes(team, register):
    api = api_client(team.bpjs)
    body = api.get("/api/v1/compliance/employers?region=16.04&category=PDS_TK").json()
    assert body["count"] == 1 and body["items"][0]["nib"] == NIB_TOKO
    assert body["items"][0] == {
        "nib": NIB_TOKO,
        "name": "Toko Sinar Jaya",
        "region_code": "16.04.21.2008",
        "category": "PDS_TK",
        "compliant": False,
        "open_case": None,
    }
    assert (
        api.get("/api/v1/compliance/employers?category=PDS_UPAH").json()["count"] == 2
    )  # toko and contractor
    assert api.get("/api/v1/compliance/employers?category=COMPLIANT").json()["count"] == 1
    assert api.get("/api/v1/compliance/employers").json()["count"] == 5
    r = api.get("/api/v1/compliance/employers?category=BAD")
    assert r.status_code == 422 and "tidak dikenal" in r.json()["message"]
    assert api_client(team.outsider).get("/api/v1/compliance/employers").json()["count"] == 0
    assert api_client(team.outsider).get("/api/v1/compliance/employers?region=16.04").json()["count"] == 0


def test_check_page_single_and_list(team, register, client_for):
    c = client_for(team.dpmptsp)
    page = c.get(f"/kepatuhan/cek/?nib={NIB_PATUH}").content.decode()
    assert 'data-compliant="true"' in page and "PT Patuh Sentosa" in page
    r = c.get("/kepatuhan/cek/?nib=123")
    assert r.status_code == 422 and "NIB &quot;123&quot; tidak valid" in r.content.decode()
    from django.core.files.uploadedfile import SimpleUploadedFile

    f = SimpleUploadedFile("nib.csv", csv([["NIB"], [NIB_PATUH], [NIB_SAWIT], ["12"]]), "text/csv")
    page = c.post("/kepatuhan/cek/", {"file": f}).content.decode()
    assert page.count("<tr>") >= 4 and "NIB salah" in page


def test_pages_render_for_the_team_and_refuse_others(team, register, client_for):
    e = register[NIB_TOKO]
    for user in (team.bpjs, team.disnaker, team.dpmptsp, team.world.lahat_manager):
        c = client_for(user)
        for url in (
            "/kepatuhan/",
            "/kepatuhan/pemberi-kerja/",
            f"/kepatuhan/pemberi-kerja/{e.pk}/",
            "/kepatuhan/kasus/",
            "/kepatuhan/aturan/",
            "/kepatuhan/impor/",
            "/kepatuhan/rapor/16.04/",
        ):
            assert c.get(url).status_code == 200, (user, url)
    detail = client_for(team.bpjs).get(f"/kepatuhan/pemberi-kerja/{e.pk}/").content.decode()
    assert "5 pekerja terdaftar di BPJS dari 12" in detail
    assert client_for(team.outsider).get(f"/kepatuhan/pemberi-kerja/{e.pk}/").status_code == 404
    assert client_for(team.outsider).get("/kepatuhan/rapor/16.04/").status_code == 404
    assert client_for(team.world.desa_operator).get("/kepatuhan/").status_code == 403


def test_scorecard_page_pdf_and_province_rollup(team, register, client_for):
    c = client_for(team.world.admin)
    page = c.get("/kepatuhan/rapor/16.04/").content.decode()
    assert "Rapor Inpres 2/2021" in page and "PWBD 1" in page
    pdf = c.get("/kepatuhan/rapor/16.04/pdf/")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    prov = c.get("/kepatuhan/rapor/16/").content.decode()
    assert "Per kabupaten/kota" in prov and "Lahat" in prov
    assert (
        client_for(team.bpjs).get("/kepatuhan/rapor/16/").status_code == 404
    )  # a branch is not the province


def test_import_through_the_page(team, umk, client_for):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from tests.compliance.conftest import OSS

    c = client_for(team.dpmptsp_op)
    r = c.post("/kepatuhan/impor/", {"source": "oss", "file": SimpleUploadedFile("oss.csv", OSS, "text/csv")})
    assert r.status_code == 302
    page = c.get(r["Location"]).content.decode()
    assert "5 pemberi kerja baru" in page
    r = c.post("/kepatuhan/impor/", {"source": "bpjs", "file": SimpleUploadedFile("b.csv", OSS, "text/csv")})
    assert r.status_code == 400  # DPMPTSP cannot load the BPJS list: the choice is not offered
    r = c.post(
        "/kepatuhan/impor/", {"source": "oss", "file": SimpleUploadedFile("oss.csv", b"\x00\x01", "text/csv")}
    )
    assert r.status_code == 400
    assert client_for(team.dpmptsp).post("/kepatuhan/impor/", {"source": "oss"}).status_code == 403


def test_pages_in_english_and_letters_stay_indonesian(team, register, client_for):
    c = client_for(team.bpjs)
    c.cookies["django_language"] = "en"
    page = c.get("/kepatuhan/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Employer compliance" in page and "Case deadlines" in page
    r = c.get("/kepatuhan/cek/?nib=123", HTTP_ACCEPT_LANGUAGE="en")
    assert "is invalid: a NIB has 13 digits" in r.content.decode()
    case = services.case_open(actor=team.bpjs, employer=register[NIB_SAWIT], date=dt.date(2024, 3, 28))
    page = c.get(f"/kepatuhan/cek/?nib={NIB_SAWIT}", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "NOT COMPLIANT" in page  # the page in English, the reason (an official sentence) in Indonesian
    assert (
        "belum mendaftarkan pekerjanya ke BPJS Ketenagakerjaan (PWBD) sejak" in page
        and f"kasus {case.number} pada tahap temuan" in page
    )
