"""A second look before money moves (issue 13), in headless Chromium: a manager bills a past month, sees
what would be written (one invoice, already overdue) and confirms; cancels the mistaken run with a reason;
then previews the late fees of a PU programme and charges them on confirmation."""

import datetime as dt
import os
import re
from pathlib import Path

import pytest

from lindung.audit.models import AuditLog
from lindung.billing import services
from lindung.billing.models import BillingRun, Invoice
from tests.billing.conftest import people, pu_staff
from tests.e2e.conftest import HOME, login
from tests.factories import PASSWORD
from tests.helpers import make_programme

D = dt.date


@pytest.mark.e2e
def test_preview_confirm_cancel_and_late_fees(page, e2e_regions, world):
    bpu = make_programme("lahat-bpu", world.pemkab_lahat, "16.04", start_date=D(2026, 1, 1))
    people(bpu, 3)
    login(page, "lahat_manager", PASSWORD)
    page.wait_for_url(HOME)
    page.goto("/iuran/")
    assert page.input_value("#id_period") == "2026-01"  # the next month not billed yet
    page.fill("#id_period", "2026-03")
    page.select_option("#id_program", "lahat-bpu")
    page.click("#run-form button[type=submit]")
    page.wait_for_selector("#preview-confirm")
    assert page.inner_text("#preview-invoices") == "1"
    assert page.inner_text("#preview-total") == "Rp50.400"
    assert page.inner_text("#preview-overdue") == "1"
    assert page.locator("#preview-table tr[data-overdue]").count() == 1
    assert not Invoice.objects.exists() and not BillingRun.objects.exists()
    if shots := os.environ.get("LINDUNG_SCREENSHOTS"):
        Path(shots).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=f"{shots}/billing-preview.png", full_page=True)

    page.click("#preview-confirm-button")
    page.wait_for_selector(".alert.success")
    assert "1 tagihan, 6 rincian, jumlah Rp50.400" in page.inner_text(".messages")
    invoice = Invoice.objects.get()

    # The wrong month: cancelled from the invoice page, with a reason, while nothing is paid.
    page.goto(f"/iuran/tagihan/{invoice.number}/")
    page.fill("#run-cancel-reason", "Maret belum waktunya ditagih")
    page.click("#run-cancel-button")
    page.wait_for_selector(".alert.success")
    assert "dibatalkan: 1 tagihan (Rp50.400) dihapus" in page.inner_text(".messages")
    assert not Invoice.objects.exists() and not BillingRun.objects.exists()
    log = AuditLog.objects.filter(action="delete").latest("id")
    assert log.extra["reason"] == "Maret belum waktunya ditagih" and log.extra["invoices"] == [invoice.number]

    # Late fees: a PU programme's January invoice, unpaid long after its due date.
    pu = pu_staff(world, start=10)
    services.billing_run(actor=world.lahat_manager, programme=pu, period=D(2026, 1, 1))
    page.goto("/iuran/tunggakan/")
    page.click("#late-fee-run")
    page.wait_for_selector("#preview-confirm")
    months = int(page.inner_text("#preview-invoices"))
    assert months >= 9 and not Invoice.objects.filter(kind="denda").exists()
    assert re.sub(r"\D", "", page.inner_text("#preview-total")) == str(months * 972)
    page.click("#preview-confirm-button")
    page.wait_for_selector(".alert.success")
    assert Invoice.objects.filter(kind="denda").count() == months
