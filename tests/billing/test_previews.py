"""A second look before money moves (issue 13): a past month's billing run and a late-fee run are shown
first and written only on confirmation (refused when the data changed in between); a billing run can be
cancelled, audited, while nothing is paid on it."""

import datetime as dt
import re

import pytest
from django.urls import reverse

from lindung.audit.models import AuditLog
from lindung.billing import services
from lindung.billing.models import BillingRun, Invoice, InvoiceLine, NumberSequence
from lindung.core.errors import ApplicationError
from tests.billing.conftest import pay, people, pu_staff, run
from tests.helpers import api_client

D = dt.date
pytestmark = pytest.mark.django_db
MARCH = {"period": "2026-03", "program": "lahat-bpu"}


def _state():
    return (
        Invoice.objects.count(),
        InvoiceLine.objects.count(),
        BillingRun.objects.count(),
        AuditLog.objects.count(),
        list(NumberSequence.objects.values_list("prefix", "year", "last").order_by("prefix")),
    )


def _token(html: str) -> str:
    return re.search(r'name="konfirmasi" value="([0-9a-f]+)"', html).group(1)


def test_a_past_month_is_previewed_then_written_on_confirmation(world, client_for, lahat_bpu):
    people(lahat_bpu, 2)
    c = client_for(world.lahat_manager)
    before = _state()
    page = c.post(reverse("billing:run"), MARCH)
    html = page.content.decode()
    assert page.status_code == 200 and 'id="preview-confirm"' in html
    assert _state() == before  # nothing written, not even an audit row or an invoice number
    # 2 members x Rp16.800; March 2026 was due on 15 April 2026, long before it is issued today.
    assert re.search(r'id="preview-invoices">1<', html) and re.search(r'id="preview-total">Rp33\.600<', html)
    assert re.search(r'id="preview-overdue">1<', html) and 'data-overdue="1"' in html
    assert "4 rincian" in html and 'id="preview-overdue-warning"' in html
    done = c.post(reverse("billing:run"), {**MARCH, "konfirmasi": _token(html)}, follow=True)
    assert "1 tagihan, 4 rincian, jumlah Rp33.600" in done.content.decode()
    inv = Invoice.objects.get()
    assert (inv.total, inv.members, inv.period, inv.issued_on > inv.due_date) == (
        33_600,
        2,
        D(2026, 3, 1),
        True,
    )
    assert InvoiceLine.objects.count() == 4


def test_a_confirmation_is_refused_when_the_data_changed_since_the_preview(world, client_for, lahat_bpu):
    people(lahat_bpu, 2)
    c = client_for(world.lahat_manager)
    token = _token(c.post(reverse("billing:run"), MARCH).content.decode())
    people(lahat_bpu, 1, start=5)  # a third member accepted in between: the run would now bill Rp50.400
    page = c.post(reverse("billing:run"), {**MARCH, "konfirmasi": token}, follow=True).content.decode()
    assert "Data berubah sejak pratinjau" in page
    assert not Invoice.objects.exists() and not BillingRun.objects.exists()
    assert not AuditLog.objects.filter(object_type__icontains="billingrun").exists()
    with pytest.raises(ApplicationError) as err:
        services.billing_run_confirm(actor=world.lahat_manager, period=D(2026, 3, 1), token="0" * 32)
    assert err.value.code == "preview_changed" and not Invoice.objects.exists()


def test_the_preview_is_the_run_it_confirms(world, lahat_bpu):
    people(lahat_bpu, 3)
    preview = services.billing_run_preview(
        actor=world.lahat_manager, period=D(2026, 2, 1), programme=lahat_bpu
    )
    assert (len(preview.invoices), preview.lines, preview.total) == (1, 6, 50_400)
    assert not Invoice.objects.exists()
    result = services.billing_run_confirm(
        actor=world.lahat_manager, period=D(2026, 2, 1), programme=lahat_bpu, token=preview.token
    )
    assert (result.invoices, result.lines, result.total) == (1, 6, 50_400)
    again = services.billing_run_preview(actor=world.lahat_manager, period=D(2026, 2, 1), programme=lahat_bpu)
    assert again.invoices == [] and again.token != preview.token


@pytest.fixture
def pu(world):
    """Lahat's non-ASN staff as PU: JKK 7.200 + JKM 9.000 = Rp16.200 a person, 2% late fee a month."""
    return pu_staff(world)


def test_late_fees_are_previewed_then_charged_on_confirmation(world, client_for, pu):
    inv = run(world, pu, D(2026, 1, 1))
    invoice = Invoice.objects.get(kind="iuran")
    assert inv.total == 48_600
    c = client_for(world.lahat_manager)
    before = _state()
    page = c.post(reverse("billing:late_fee_run"))
    html = page.content.decode()
    assert page.status_code == 200 and 'id="preview-confirm"' in html and invoice.number in html
    assert _state() == before
    months = int(re.search(r'id="preview-invoices">(\d+)<', html).group(1))
    assert months >= 9  # due 16-02-2026: every month of delay begun since then, 2% of Rp48.600 = Rp972 each
    assert re.search(rf'id="preview-total">{re.escape(f"Rp{months * 972:,}".replace(",", "."))}<', html)
    done = c.post(reverse("billing:late_fee_run"), {"konfirmasi": _token(html)}, follow=True)
    assert "tagihan denda baru" in done.content.decode()
    fees = Invoice.objects.filter(kind="denda")
    assert fees.count() == months and sum(f.total for f in fees) == months * 972
    assert set(fees.values_list("fee_for", flat=True)) == {invoice.pk}
    # a second confirmation of the same preview charges nothing twice
    stale = c.post(reverse("billing:late_fee_run"), {"konfirmasi": _token(html)}, follow=True)
    assert "Data berubah sejak pratinjau" in stale.content.decode()
    assert Invoice.objects.filter(kind="denda").count() == months


def test_late_fee_preview_refuses_a_viewer_and_shows_nothing_of_other_regions(world, client_for, pu):
    run(world, pu, D(2026, 1, 1))
    assert client_for(world.lahat_viewer).post(reverse("billing:late_fee_run")).status_code == 403
    other = services.late_fee_preview(actor=world.sarolangun_manager)
    assert other.invoices == [] and not Invoice.objects.filter(kind="denda").exists()


def test_a_run_is_cancelled_while_nothing_is_paid_and_refused_after_a_payment(world, client_for, lahat_bpu):
    people(lahat_bpu, 2)
    run(world, lahat_bpu, D(2026, 3, 1))
    inv = Invoice.objects.get()
    c = client_for(world.lahat_manager)
    page = c.get(reverse("billing:invoice_detail", args=[inv.number])).content.decode()
    assert 'id="run-cancel"' in page
    assert (
        client_for(world.sarolangun_manager)
        .post(reverse("billing:run_cancel", args=[inv.run_id]), {"reason": "x"})
        .status_code
        == 404
    )
    assert (
        client_for(world.lahat_viewer)
        .post(reverse("billing:run_cancel", args=[inv.run_id]), {"reason": "x"})
        .status_code
        == 403
    )
    no_reason = c.post(reverse("billing:run_cancel", args=[inv.run_id]), {"reason": " "}, follow=True)
    assert "Tulis alasan pembatalan" in no_reason.content.decode() and Invoice.objects.count() == 1
    done = c.post(
        reverse("billing:run_cancel", args=[inv.run_id]), {"reason": "Bulan salah dipilih"}, follow=True
    )
    assert "dibatalkan: 1 tagihan (Rp33.600) dihapus" in done.content.decode()
    assert (
        not Invoice.objects.exists() and not InvoiceLine.objects.exists() and not BillingRun.objects.exists()
    )
    log = AuditLog.objects.filter(action="delete").latest("id")
    assert log.extra["invoices"] == [inv.number] and log.extra["total"] == 33_600
    assert log.extra["reason"] == "Bulan salah dipilih" and log.extra["lines"] == 4
    # billed again, paid in part: the run can no longer be cancelled
    run(world, lahat_bpu, D(2026, 3, 1))
    again = Invoice.objects.get()
    assert again.number != inv.number  # numbers are never reused
    pay(world, again.funder, 10_000, "TRF-1", day=D(2026, 4, 2))
    with pytest.raises(ApplicationError) as err:
        services.billing_run_cancel(actor=world.lahat_manager, run=again.run, reason="salah")
    assert err.value.code == "run_paid" and Invoice.objects.get().paid == 10_000


def test_the_api_previews_and_confirms_a_run_and_late_fees(world, lahat_bpu, pu):
    people(lahat_bpu, 2, start=20)
    c = api_client(world.lahat_manager)
    before = _state()
    body = {"period": "2026-03", "program": "lahat-bpu", "preview": True}
    pv = c.post("/api/v1/billing/run", body, content_type="application/json").json()
    assert (pv["preview"], pv["invoices"], pv["lines"], pv["total"], pv["overdue_on_issue"]) == (
        True,
        1,
        4,
        33_600,
        1,
    )
    assert pv["programmes"][0]["invoice_numbers"] == [] and _state() == before
    done = c.post(
        "/api/v1/billing/run",
        {"period": "2026-03", "program": "lahat-bpu", "confirmation": pv["confirmation"]},
        content_type="application/json",
    )
    assert done.status_code == 200 and done.json()["total"] == 33_600 and Invoice.objects.count() == 1
    stale = c.post(
        "/api/v1/billing/run",
        {"period": "2026-03", "program": "lahat-bpu", "confirmation": pv["confirmation"]},
        content_type="application/json",
    )
    assert stale.status_code == 400 and stale.json()["code"] == "preview_changed"
    run(world, pu, D(2026, 1, 1))
    fees = c.post(
        "/api/v1/billing/late-fees", {"as_of": "2026-04-01", "preview": True}, content_type="application/json"
    ).json()
    # PU January due 16-02-2026: two months of delay begun by 01-04-2026, 2% of Rp48.600 each
    assert (fees["preview"], fees["invoices"], fees["total"], fees["as_of"]) == (True, 2, 1_944, "2026-04-01")
    assert not Invoice.objects.filter(kind="denda").exists()
    charged = c.post(
        "/api/v1/billing/late-fees",
        {"as_of": "2026-04-01", "confirmation": fees["confirmation"]},
        content_type="application/json",
    ).json()
    assert charged["invoices"] == 2 and Invoice.objects.filter(kind="denda").count() == 2
