"""The money pages are Bahasa Indonesia by default and fully available in English."""

import datetime as dt

import pytest

from lindung.accounts.services import organisation_create, user_create
from lindung.billing import services
from lindung.billing.models import Invoice
from tests.billing.conftest import people
from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db


def both(client, url, **extra):
    default = client.get(url, **extra)
    english = client.get(url, HTTP_ACCEPT_LANGUAGE="en", **extra)
    assert default.status_code == english.status_code == 200, url
    return default.content.decode(), english.content.decode()


@pytest.fixture
def billed(world, lahat_bpu):
    people(lahat_bpu, 3)
    for month in (1, 2, 3):
        services.billing_run(actor=world.lahat_manager, programme=lahat_bpu, period=dt.date(2026, month, 1))
    return Invoice.objects.order_by("number").first()


def test_billing_home_in_english(world, client_for, billed):
    idn, eng = both(client_for(world.lahat_manager), "/iuran/")
    assert "Iuran dan tagihan" in idn and "Jalankan penagihan bulanan" in idn and "3 tagihan" in idn
    assert "Contributions and invoices" in eng and "Run monthly billing" in eng and "3 invoices" in eng
    assert "Jalankan penagihan bulanan" not in eng
    assert billed.number in eng


def test_invoice_and_funder_pages_in_english(world, client_for, billed):
    c = client_for(world.lahat_finance)
    idn, eng = both(c, f"/iuran/tagihan/{billed.number}/")
    assert "Catat pembayaran" in idn and "Belum ada pembayaran." in idn
    assert "Record payment" in eng and "No payments yet." in eng and "3 participants" in eng
    assert "Catat pembayaran" not in eng
    assert "<dt>Funder</dt>" in eng and "<dt>Penyandang dana</dt>" in idn  # one funder, not "Funders"
    idn, eng = both(c, f"/iuran/penyandang-dana/{billed.funder_id}/")
    assert "Peserta aktif yang didanai" in idn and "Saldo kredit" in idn
    assert "Funded active participants" in eng and "Credit balance" in eng


def test_arrears_and_payments_in_english(world, client_for, billed):
    c = client_for(world.lahat_finance)
    idn, eng = both(c, "/iuran/tunggakan/")
    assert "Tunggakan lewat jatuh tempo" in idn and "Per penyandang dana" in idn
    assert "Overdue arrears" in eng and "By funder" in eng and "Arrears as of" in eng
    idn, eng = both(c, "/iuran/pembayaran/")
    assert "Impor rekening koran" in idn
    assert "Import bank statement" in eng and "Impor rekening koran" not in eng


def test_budget_and_whatif_in_english(world, client_for, billed):
    c = client_for(world.lahat_manager)
    idn, eng = both(c, "/iuran/anggaran/lahat-bpu/?tahun=2026")
    assert "Realisasi terhadap rencana" in idn and "Bagaimana jika" in idn
    assert "Realisation against plan" in eng and "What if" in eng and "Allocation (DPA)" in eng
    idn, eng = both(
        c, "/iuran/anggaran/lahat-bpu/?tahun=2026&bagian=whatif&target=5000", HTTP_HX_REQUEST="true"
    )
    assert "Anggaran untuk 5.000 peserta" in idn
    assert "Budget for 5.000 participants" in eng


def test_rates_and_sponsor_portal_in_english(world, client_for, csr_bpu):
    idn, eng = both(client_for(world.admin), "/iuran/tarif/")
    assert "Tambah tarif" in idn and "belum terverifikasi" in idn
    assert "Add rate" in eng and "Contribution rates" in eng and "Effective from" in eng
    company = organisation_create(
        actor=None, code="pt-contoh", name="PT Contoh", kind="perusahaan", area_codes=["16.04"]
    )
    funder = csr_bpu.funders.get(kind="csr")
    funder.organisation = company
    funder.save()
    user = user_create(actor=None, username="csr", password=PASSWORD, organisation=company, role="viewer")
    idn, eng = both(client_for(user), "/iuran/sponsor/")
    assert "Terima kasih atas dukungan Anda" in idn and "Bentuk dukungan" in idn
    assert "Thank you for supporting" in eng and "Form of support" in eng and "share 70,00%" in eng
