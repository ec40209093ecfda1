"""The money pages over HTTP, as each role and as an outsider."""

import datetime as dt
import io

import openpyxl
import pytest
from django.test import Client

from lindung.accounts.services import organisation_create, user_create
from lindung.audit.models import AuditLog
from lindung.billing import services
from lindung.billing.models import Budget, ContributionRate, Invoice, Payment
from lindung.memberships.models import Membership
from lindung.programs.models import ProgrammeFunder
from tests.billing.conftest import people, post_confirmed
from tests.factories import PASSWORD
from tests.helpers import make_programme

D = dt.date
pytestmark = pytest.mark.django_db


@pytest.fixture
def billed(world, lahat_bpu):
    members = people(lahat_bpu, 3)
    p = members[0].person
    p.full_name = '=HYPERLINK("http://x")'
    p.save()
    services.billing_run(actor=world.lahat_manager, programme=lahat_bpu, period=D(2026, 3, 1))
    return Invoice.objects.get()


def test_manager_runs_billing_from_the_page(world, client_for, lahat_bpu):
    people(lahat_bpu, 2)
    c = client_for(world.lahat_manager)
    r = post_confirmed(c, "/iuran/tagih/", {"period": "2026-03", "program": "lahat-bpu"})
    assert r.status_code == 200
    assert "1 tagihan, 4 rincian, jumlah Rp33.600" in r.content.decode()
    assert Invoice.objects.get().total == 33_600
    again = post_confirmed(c, "/iuran/tagih/", {"period": "2026-03", "program": "lahat-bpu"})
    assert "sudah ditagih" in again.content.decode()
    assert Invoice.objects.count() == 1


def test_billing_errors_are_shown_in_indonesian(world, client_for, lahat_bpu):
    c = client_for(world.lahat_manager)
    r = c.post("/iuran/tagih/", {"period": "2025-12", "program": "lahat-bpu"}, follow=True)
    assert "sebelum program lahat-bpu mulai" in r.content.decode()
    r = c.post("/iuran/tagih/", {"period": "bulan lalu", "program": ""}, follow=True)
    assert "Tulis periode sebagai YYYY-MM" in r.content.decode()
    assert not Invoice.objects.exists()


def test_viewer_cannot_run_billing_or_pay(world, client_for, lahat_bpu, billed):
    c = client_for(world.lahat_viewer)
    assert c.post("/iuran/tagih/", {"period": "2026-04"}).status_code == 403
    r = c.post(
        "/iuran/pembayaran/catat/",
        {"funder": billed.funder_id, "amount": 1, "reference": "X", "paid_on": "2026-03-20"},
    )
    assert r.status_code == 403
    assert not Payment.objects.exists()
    assert c.get(f"/iuran/tagihan/{billed.number}/").status_code == 200


def test_outsider_gets_404_everywhere(world, client_for, billed, lahat_bpu):
    c = client_for(world.sarolangun_manager)
    for url in (
        f"/iuran/tagihan/{billed.number}/",
        f"/iuran/tagihan/{billed.number}/pdf/",
        f"/iuran/tagihan/{billed.number}/xlsx/",
        f"/iuran/penyandang-dana/{billed.funder_id}/",
        f"/iuran/penyandang-dana/{billed.funder_id}/rekening.pdf",
        "/iuran/anggaran/lahat-bpu/",
        "/iuran/anggaran/lahat-bpu/pdf/",
    ):
        assert c.get(url).status_code == 404, url
    r = client_for(world.sarolangun_finance).post(
        "/iuran/pembayaran/catat/",
        {"funder": billed.funder_id, "amount": 1, "reference": "X", "paid_on": "2026-03-20"},
    )
    assert r.status_code == 302 and not Payment.objects.exists()
    assert billed.number not in c.get("/iuran/").content.decode()


def test_invoice_pdf_and_xlsx(world, client_for, billed):
    c = client_for(world.lahat_manager)
    r = c.get(f"/iuran/tagihan/{billed.number}/pdf/")
    assert r.status_code == 200 and r.content.startswith(b"%PDF")
    r = c.get(f"/iuran/tagihan/{billed.number}/xlsx/")
    wb = openpyxl.load_workbook(io.BytesIO(r.content))
    summary = {row[0]: row[1] for row in wb["Ringkasan"].iter_rows(values_only=True)}
    assert summary["Jumlah (Rp)"] == 50_400
    assert summary["Terbilang"] == "Lima puluh ribu empat ratus rupiah"
    rows = list(wb["Rincian"].iter_rows(values_only=True))[1:]
    assert len(rows) == 6
    assert all("*" in r[0] for r in rows)  # NIK masked
    assert any(r[1].startswith("'=HYPERLINK") for r in rows)  # formula neutralised


def test_record_partial_payment_on_the_invoice_page(world, client_for, billed):
    c = client_for(world.lahat_finance)
    url = f"/iuran/tagihan/{billed.number}/"
    r = c.post(
        "/iuran/pembayaran/catat/",
        {
            "funder": billed.funder_id,
            "amount": 20_000,
            "reference": "BRI-1",
            "paid_on": "2026-03-20",
            "next": url,
        },
        follow=True,
    )
    page = r.content.decode()
    assert "Pembayaran Rp20.000 (ref. BRI-1) dicatat" in page
    billed.refresh_from_db()
    assert (billed.paid, billed.status) == (20_000, "partial")
    r = c.post(
        "/iuran/pembayaran/catat/",
        {
            "funder": billed.funder_id,
            "amount": 99_000,
            "reference": "BRI-2",
            "paid_on": "2026-03-20",
            "next": url,
        },
        follow=True,
    )
    assert "melebihi tagihan terutang" in r.content.decode()
    r = c.post(
        "/iuran/pembayaran/catat/",
        {"funder": billed.funder_id, "amount": 5, "reference": "bri-1", "paid_on": "2026-03-20", "next": url},
        follow=True,
    )
    assert "sudah tercatat" in r.content.decode()
    assert Payment.objects.count() == 1
    receipt = Payment.objects.get().receipt_number
    assert c.get(f"/iuran/pembayaran/{receipt}/kuitansi/").content.startswith(b"%PDF")


def test_bank_statement_upload(world, client_for, billed):
    c = client_for(world.lahat_finance)
    csv = f"tanggal,referensi,keterangan,jumlah\n20/03/2026,MDR-9,{billed.number},50.400\n".encode()
    r = c.post("/iuran/pembayaran/impor/", {"file": io.BytesIO(csv)}, follow=True)
    assert "1 pembayaran dicatat" in r.content.decode()
    billed.refresh_from_db()
    assert billed.status == "paid"
    bad = b"tanggal,referensi,jumlah\n20/03/2026,X,1\n"
    r = c.post("/iuran/pembayaran/impor/", {"file": io.BytesIO(bad)}, follow=True)
    assert "Kolom &#x27;keterangan&#x27; tidak ditemukan" in r.content.decode()


def test_arrears_page_and_xlsx_and_lapse(world, client_for, lahat_bpu):
    people(lahat_bpu, 2)
    for m in (1, 2, 3, 4):
        services.billing_run(actor=world.lahat_manager, programme=lahat_bpu, period=D(2026, m, 1))
    c = client_for(world.lahat_manager)
    page = c.get("/iuran/tunggakan/").content.decode()
    assert "Rp134.400" in page and "16.04.21.2008" in page
    wb = openpyxl.load_workbook(io.BytesIO(c.get("/iuran/tunggakan/xlsx/").content))
    rows = list(wb.active.iter_rows(values_only=True))
    assert rows[1][0] == "16.04.21.2008" and rows[1][4] == 134_400
    assert c.get("/iuran/tunggakan/pdf/").content.startswith(b"%PDF")
    r = c.post("/iuran/tunggakan/proses/", follow=True)
    assert "2 kepesertaan terhenti" in r.content.decode()
    assert Membership.objects.filter(status="lapsed").count() == 2


def test_budget_page_musi_rawas_2022(world, client_for):
    p = make_programme(
        "mura-non-asn",
        world.kc_lubuklinggau,
        "16.05",
        segment="PU",
        wage_basis="fixed",
        fixed_amount_per_person=10_000,
        start_date=D(2022, 1, 1),
    )
    pemkab = organisation_create(
        actor=None, code="pemkab-mura", name="Pemkab Musi Rawas", kind="pemkab", area_codes=["16.05"]
    )
    manager = user_create(
        actor=None, username="mura_manager", password=PASSWORD, organisation=pemkab, role="manager"
    )
    c = client_for(manager)
    r = c.post(
        "/iuran/anggaran/mura-non-asn/rencana/?tahun=2022",
        {"planned_members": 4332, "months": 12},
        follow=True,
    )
    assert "Rp519.840.000" in r.content.decode()
    assert Budget.objects.get(programme=p, year=2022).planned_total == 519_840_000
    r = c.post("/iuran/anggaran/mura-non-asn/pagu/?tahun=2022", {"allocation": 519_840_000}, follow=True)
    assert "BPKAD" in r.content.decode()
    bpkad = organisation_create(
        actor=None,
        code="bpkad-mura",
        name="BPKAD Musi Rawas",
        kind="opd",
        opd_kind="bpkad",
        area_codes=["16.05"],
    )
    finance = user_create(actor=None, username="bpkad", password=PASSWORD, organisation=bpkad, role="manager")
    c2 = client_for(finance)
    c2.post(
        "/iuran/anggaran/mura-non-asn/pagu/?tahun=2022", {"allocation": 519_840_000, "dpa_number": "DPA 1"}
    )
    assert Budget.objects.get(programme=p).allocation == 519_840_000
    assert AuditLog.objects.filter(object_type="billing.budget", action="update").exists()
    r = c.get("/iuran/anggaran/mura-non-asn/?tahun=2022&bagian=whatif&target=5000", HTTP_HX_REQUEST="true")
    assert "Rp600.000.000 setahun" in r.content.decode()
    wb = openpyxl.load_workbook(io.BytesIO(c.get("/iuran/anggaran/mura-non-asn/xlsx/?tahun=2022").content))
    summary = {row[0]: row[1] for row in wb["Ringkasan"].iter_rows(values_only=True)}
    assert summary["Kebutuhan anggaran (Rp)"] == 519_840_000 and summary["Pagu DPA (Rp)"] == 519_840_000
    assert c.get("/iuran/anggaran/mura-non-asn/pdf/?tahun=2022").content.startswith(b"%PDF")


def test_rates_page_admin_only(world, client_for):
    c = client_for(world.lahat_manager)
    assert "6.800" in c.get("/iuran/tarif/").content.decode()
    data = {
        "segment": "BPU",
        "element": "JKM",
        "variant": "standard",
        "risk_class": 0,
        "effective_from": "2027-01-01",
        "amount": 7000,
    }
    assert c.post("/iuran/tarif/", data).status_code == 403
    admin = client_for(world.admin)
    admin.post("/iuran/tarif/", data)
    assert ContributionRate.objects.filter(element="JKM", amount=7000).exists()
    r = admin.post("/iuran/tarif/", data)
    assert "tanggal berlaku yang sama" in r.content.decode()


def test_sponsor_portal_shows_only_own_funding(world, client_for, csr_bpu):
    company = organisation_create(
        actor=None, code="pt-contoh", name="PT Contoh", kind="perusahaan", area_codes=["16.04"]
    )
    funder = csr_bpu.funders.get(kind="csr")
    funder.organisation = company
    funder.save()
    people(csr_bpu, 2)
    services.billing_run(actor=world.lahat_manager, programme=csr_bpu, period=D(2026, 3, 1))
    user = user_create(actor=None, username="csr", password=PASSWORD, organisation=company, role="viewer")
    login = Client()
    resp = login.post("/akun/masuk/", {"username": "csr", "password": PASSWORD})
    assert resp.status_code == 302 and resp["Location"] == "/iuran/sponsor/"
    c = client_for(user)
    assert c.get("/", follow=True).redirect_chain[-1][0] == "/iuran/sponsor/"
    assert client_for(world.lahat_manager).get("/").status_code == 200  # their own home page
    assert c.get("/iuran/", follow=True).redirect_chain[-1][0] == "/iuran/sponsor/"
    page = c.get("/iuran/sponsor/").content.decode()
    assert "CSR BPU" in page
    assert c.get(f"/iuran/penyandang-dana/{funder.pk}/").status_code == 200
    other = ProgrammeFunder.objects.get(programme=csr_bpu, kind="sertakan")
    assert c.get(f"/iuran/penyandang-dana/{other.pk}/").status_code == 404
    own = Invoice.objects.get(funder=funder)
    assert c.get(f"/iuran/tagihan/{own.number}/").status_code == 200
    # what is due and how to pay: only the company's own open invoice (its share, due 16-03-2026: overdue)
    due = page[page.index('id="sponsor-due"') : page.index('id="fundings"')]
    assert f'data-invoice="{own.number}"' in due and '16-03-2026 <span class="badge err">lewat' in due
    # (March 2026: before the PP 50/2025 discount months of sectors other than transport)
    assert own.total == 23_520 and due.count("Rp23.520") == 2  # the line and the total to pay
    assert Invoice.objects.get(funder=other).number not in due and 'id="how-to-pay"' in due
    assert c.get(f"/iuran/tagihan/{Invoice.objects.get(funder=other).number}/").status_code == 404
    assert c.get("/iuran/tunggakan/").status_code == 404
    cert = c.get(f"/iuran/penyandang-dana/{funder.pk}/sertifikat.pdf")
    assert cert.content.startswith(b"%PDF")
