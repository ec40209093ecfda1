"""Late fees: PU contributions paid late cost 2% a month of the contribution due, up to the day they are
paid, charged once whether by the run or on recording the payment; state bodies and BPU pay none."""

import datetime as dt
import json
from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse

from lindung.audit.models import AuditLog
from lindung.billing import calendar, selectors, services
from lindung.billing.models import Invoice
from lindung.core.errors import ApplicationError
from tests.billing.conftest import people, post_confirmed, pu_staff
from tests.helpers import api_client

D = dt.date
DAY = dt.timedelta(days=1)
pytestmark = pytest.mark.django_db


@pytest.fixture
def pu(world):
    """Lahat's non-ASN staff as PU: wage Rp3.000.000, lowest risk: JKK 7.200 + JKM 9.000 = Rp16.200 a person."""
    return pu_staff(world)


JANUARY = D(2026, 1, 1)


def billed(world, programme, period=JANUARY) -> Invoice:
    services.billing_run(actor=world.lahat_manager, programme=programme, period=period)
    return Invoice.objects.get(programme=programme, period=period, kind="iuran")


def fees(world, as_of, **kw):
    return services.late_fee_run(actor=world.lahat_manager, as_of=as_of, **kw)


def test_months_late_begin_the_day_after_the_due_date():
    assert calendar.shift_months(D(2026, 1, 31), 1) == D(2026, 2, 28)
    due = D(2026, 2, 16)
    assert [calendar.months_late(due, d) for d in (due, due + DAY, D(2026, 3, 16), D(2026, 3, 17))] == [
        0,
        1,
        1,
        2,
    ]


def test_two_percent_a_month_of_what_is_unpaid_charged_once_per_month(world, pu):
    inv = billed(world, pu)
    assert inv.total == 48_600 and inv.due_date == calendar.due_date(segment="PU", period=D(2026, 1, 1))[0]
    assert fees(world, inv.due_date).invoices == 0  # paying on the due date is on time
    first = fees(world, inv.due_date + DAY)
    assert (first.invoices, first.total) == (1, 972)  # 2% of Rp48.600
    fee = Invoice.objects.get(kind="denda")
    assert (fee.number, fee.fee_for, fee.fee_month, fee.fee_basis, fee.funder_id) == (
        "DND-2026-000001",
        inv,
        1,
        48_600,
        inv.funder_id,
    )
    assert fees(world, inv.due_date + 5 * DAY).invoices == 0  # the same month of lateness: nothing new
    services.payment_record(
        actor=world.lahat_finance,
        funder=inv.funder,
        amount=20_000,
        reference="BNK-1",
        paid_on=inv.due_date + 6 * DAY,
    )
    inv.refresh_from_db()
    assert inv.paid == 20_000  # the contribution first (oldest period, then the older invoice)
    second = fees(world, calendar.shift_months(inv.due_date, 1) + DAY)
    # 2% of the contribution due (Rp48.600), not of the Rp28.600 still unpaid.
    assert (second.invoices, second.total) == (1, 972)
    assert sorted(inv.late_fees.values_list("fee_month", "total", "fee_basis")) == [
        (1, 972, 48_600),
        (2, 972, 48_600),
    ]
    log = AuditLog.objects.filter(object_type="billing.invoice", action="bulk_create").latest("id")
    assert log.extra["total"] == 972


def test_bpu_pays_no_late_fee_and_fees_do_not_count_towards_lapse(world, pu, lahat_bpu):
    people(lahat_bpu, 2, start=10)
    bpu_inv = billed(world, lahat_bpu)
    inv = billed(world, pu)
    late = calendar.shift_months(inv.due_date, 2) + DAY
    result = fees(world, late)
    assert result.invoices == 3 and not Invoice.objects.filter(kind="denda", programme=lahat_bpu).exists()
    assert bpu_inv.late_fees.count() == 0
    services.payment_record(
        actor=world.lahat_finance, funder=inv.funder, amount=inv.total, reference="BNK-2", paid_on=late
    )
    inv.refresh_from_db()
    assert inv.status == "paid" and Invoice.objects.filter(kind="denda", status="open").count() == 3
    # The unpaid fees are owed, but the contribution is paid: no month counts as unpaid for the lapse rule.
    assert selectors.group_streak(funder_ids=[inv.funder_id], as_of=late) == (0, None)
    assert fees(world, late + 40 * DAY).invoices == 0  # nothing unpaid left to charge a fee on


def test_only_managers_and_inside_their_area(world, pu):
    billed(world, pu)
    with pytest.raises(ApplicationError, match="Hanya manajer"):
        services.late_fee_run(actor=world.lahat_viewer, as_of=D(2026, 6, 1))
    with pytest.raises(ApplicationError):
        services.late_fee_run(actor=world.sarolangun_manager, as_of=D(2026, 6, 1), programme=pu)
    assert not Invoice.objects.filter(kind="denda").exists()


def test_page_cli_and_fee_invoice(world, pu, client_for):
    inv = billed(world, pu)
    viewer = client_for(world.lahat_viewer)
    assert viewer.post(reverse("billing:late_fee_run")).status_code == 403
    manager = client_for(world.lahat_manager)
    assert 'id="late-fee-run"' in manager.get(reverse("billing:arrears")).content.decode()
    arrears_en = manager.get(reverse("billing:arrears"), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "a late fee of 2% of the contribution due" in arrears_en
    rates = manager.get(reverse("billing:rates")).content.decode()
    assert 'id="late-fees"' in rates and "PP 44/2015: denda 2% per bulan" in rates
    resp = post_confirmed(manager, reverse("billing:late_fee_run"))  # today is long after the due date
    assert "tagihan denda baru" in resp.content.decode()
    fee = Invoice.objects.filter(kind="denda", fee_month=1).get()
    page = manager.get(reverse("billing:invoice_detail", args=[fee.number])).content.decode()
    assert "2% dari iuran terutang Rp48.600, bulan keterlambatan ke-1" in page and inv.number in page
    english = manager.get(reverse("billing:invoice_detail", args=[fee.number]), HTTP_ACCEPT_LANGUAGE="en")
    assert "2% of the contribution due Rp48.600, month 1 of delay" in english.content.decode()
    pdf = manager.get(reverse("billing:invoice_pdf", args=[fee.number]))
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    assert (
        client_for(world.sarolangun_manager)
        .get(reverse("billing:invoice_detail", args=[fee.number]))
        .status_code
        == 404
    )
    api = api_client(world.lahat_manager).get(f"/api/v1/invoices/{fee.number}").json()
    assert (api["kind"], api["late_fee_for"], api["total"]) == ("denda", inv.number, 972)
    out = StringIO()
    call_command("billing", "fees", "--as-of", "2026-01-31", "--user", "lahat_manager", stdout=out)
    out = json.loads(out.getvalue())
    assert (out["as_of"], out["invoices"], out["total"]) == ("2026-01-31", 0, 0)
    assert out["programmes"] == [
        {
            "program": "non-asn-pu",
            "outcome": "nothing",
            "reason": "",
            "invoices": 0,
            "total": 0,
            "numbers": [],
        }
    ]


def test_late_fees_through_the_api(world, pu):
    inv = billed(world, pu)
    day = (inv.due_date + DAY).isoformat()
    c = api_client(world.lahat_manager)
    r = c.post(
        "/api/v1/billing/late-fees", data={"as_of": day, "program": pu.code}, content_type="application/json"
    )
    assert r.status_code == 200
    fee = Invoice.objects.get(kind="denda")
    assert r.json() == {
        "as_of": day,
        "invoices": 1,
        "total": 972,
        "programmes": [
            {
                "program": pu.code,
                "outcome": "done",
                "reason": "",
                "invoices": 1,
                "total": 972,
                "numbers": [fee.number],
            }
        ],
        "preview": False,
        "confirmation": "",
    }
    again = c.post("/api/v1/billing/late-fees", data={"as_of": day}, content_type="application/json")
    assert again.json()["invoices"] == 0
    viewer = api_client(world.lahat_viewer).post(
        "/api/v1/billing/late-fees", data={}, content_type="application/json"
    )
    assert viewer.status_code == 400 and viewer.json()["code"] == "forbidden"
    outsider = api_client(world.sarolangun_manager).post(
        "/api/v1/billing/late-fees", data={"program": pu.code}, content_type="application/json"
    )
    assert outsider.status_code == 404
    assert Invoice.objects.filter(kind="denda").count() == 1
