import datetime as dt

import pytest

from lindung.billing.models import Invoice, Payment
from tests.billing.conftest import people
from tests.e2e.conftest import HOME, login
from tests.factories import PASSWORD
from tests.helpers import make_programme


@pytest.mark.e2e
def test_run_billing_open_pdf_record_payment_and_see_arrears_fall(page, e2e_regions, world):
    """A regency manager bills a month and opens the invoice PDF; the regency's finance office (BPKAD)
    records a partial payment by the invoice, and the arrears page shows the smaller amount."""
    p = make_programme("lahat-bpu", world.pemkab_lahat, "16.04", start_date=dt.date(2026, 1, 1))
    people(p, 5)

    login(page, "lahat_manager", PASSWORD)
    page.wait_for_url(HOME)
    page.goto("/iuran/")
    page.fill("#id_period", "2026-03")
    page.select_option("#id_program", "lahat-bpu")
    page.click("#run-form button[type=submit]")
    page.wait_for_selector("#preview-confirm")  # a past month: shown first, written on confirmation
    assert not Invoice.objects.exists()
    page.click("#preview-confirm-button")
    page.wait_for_selector(".alert.success")
    assert "1 tagihan, 10 rincian, jumlah Rp84.000" in page.inner_text(".messages")
    invoice = Invoice.objects.get()
    assert (invoice.total, invoice.due_date) == (84_000, dt.date(2026, 3, 16))

    # Overdue (due 16 March 2026): the whole amount is in arrears.
    page.goto("/iuran/tunggakan/")
    assert page.inner_text("#arrears-total") == "Rp84.000"

    page.goto("/iuran/")
    page.click(f"text={invoice.number}")
    page.wait_for_selector("#invoice-total")
    assert page.inner_text("#invoice-total") == "Rp84.000"
    pdf = page.request.get(page.get_attribute("#invoice-pdf", "href"))
    assert pdf.status == 200 and pdf.body().startswith(b"%PDF")
    assert pdf.headers["content-type"] == "application/pdf"
    assert page.locator("#pay-form").count() == 0  # money is recorded by the finance side, not the manager

    page.context.clear_cookies()
    login(page, "lahat_finance", PASSWORD)
    page.wait_for_url(HOME)
    page.goto(f"/iuran/tagihan/{invoice.number}/")
    page.fill("#id_amount", "50000")
    page.fill("#id_reference", "BRI-0001")
    page.fill("#id_paid_on", "2026-03-20")
    page.click("#pay-form button[type=submit]")
    page.wait_for_selector(".alert.success")
    assert "Pembayaran Rp50.000 (ref. BRI-0001) dicatat" in page.inner_text(".messages")
    assert page.inner_text("#invoice-status") == "Dibayar sebagian"
    assert page.inner_text("#invoice-outstanding") == "Rp34.000"
    assert Payment.objects.get().amount == 50_000

    page.goto("/iuran/tunggakan/")
    assert page.inner_text("#arrears-total") == "Rp34.000"
    assert "peringatan 1 dari 3 bulan" in page.inner_text("#outlook")
