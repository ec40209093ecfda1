"""The money API over HTTP (/api/v1, bearer tokens): budgets, invoices, payments and billing runs, each as a
user inside the area, as an outsider (404) and, for writes, as a viewer."""

import datetime as dt
import json

import pytest
from django.test import Client

from lindung.billing import services
from lindung.billing.models import BillingRun, Invoice, InvoiceLine, Payment, PaymentAllocation
from tests.billing.conftest import people
from tests.helpers import api_client, make_programme

D = dt.date
pytestmark = pytest.mark.django_db

SARO_DESA = "15.03.01.2001"


def post(c, url, data):
    return c.post(url, data=json.dumps(data), content_type="application/json")


@pytest.fixture
def billed(world, lahat_bpu):
    """Two Lahat members billed for March 2026: one invoice of 2 x Rp16.800."""
    people(lahat_bpu, 2)
    services.billing_run(actor=world.lahat_manager, programme=lahat_bpu, period=D(2026, 3, 1))
    return Invoice.objects.get()


@pytest.fixture
def saro_bpu(world):
    p = make_programme("saro-bpu", world.pemkab_sarolangun, "15.03", start_date=D(2026, 1, 1))
    people(p, 1, village=SARO_DESA, start=500)
    return p


# --- budget ----------------------------------------------------------------------------------------------


def test_budget_endpoint_musi_rawas_2022(world):
    p = make_programme(
        "mura-non-asn",
        world.kc_lubuklinggau,
        "16.05",
        segment="PU",
        wage_basis="fixed",
        fixed_amount_per_person=10_000,
        start_date=D(2022, 1, 1),
    )
    services.budget_set(actor=None, programme=p, year=2022, planned_members=4_332)
    r = api_client(world.kc_verifier).get("/api/v1/programs/mura-non-asn/budget?year=2022")
    assert r.status_code == 200
    assert r.json() == {
        "year": 2022,
        "members": 4_332,
        "months": 12,
        "monthly_amount_per_person": 10_000,
        "planned_total": 519_840_000,
        "allocation": None,
        "realised": 0,
        "remainder": 519_840_000,
    }
    for outsider in (world.sarolangun_manager, world.lahat_manager):
        r = api_client(outsider).get("/api/v1/programs/mura-non-asn/budget?year=2022")
        assert r.status_code == 404 and r.json()["code"] == "not_found"
    missing_year = api_client(world.kc_verifier).get("/api/v1/programs/mura-non-asn/budget")
    assert missing_year.status_code == 422 and missing_year.json()["code"] == "invalid_input"
    assert Client().get("/api/v1/programs/mura-non-asn/budget?year=2022").status_code == 401


def test_budget_realised_and_remainder_follow_payments(world, billed, lahat_bpu):
    budget = services.budget_set(actor=None, programme=lahat_bpu, year=2026, planned_members=10)
    services.budget_allocation_set(actor=None, budget=budget, allocation=1_500_000)
    c = api_client(world.lahat_viewer)
    url = "/api/v1/programs/lahat-bpu/budget?year=2026"
    before = c.get(url).json()
    assert before == {
        "year": 2026,
        "members": 10,
        "months": 12,
        "monthly_amount_per_person": 16_800,
        "planned_total": 2_016_000,
        "allocation": 1_500_000,
        "realised": 0,
        "remainder": 1_500_000,
    }
    services.payment_record(
        actor=world.lahat_finance,
        funder=billed.funder,
        amount=20_000,
        reference="R-1",
        paid_on=D(2026, 3, 20),
    )
    after = c.get(url).json()
    assert (after["realised"], after["remainder"]) == (20_000, 1_480_000)
    # Another year has no budget row and no payments.
    other = c.get("/api/v1/programs/lahat-bpu/budget?year=2027").json()
    assert (other["members"], other["planned_total"], other["allocation"], other["realised"]) == (
        0,
        0,
        None,
        0,
    )
    bad = c.get("/api/v1/programs/lahat-bpu/budget?year=1999")  # outside the schema's 2000-2100
    assert bad.status_code == 422 and bad.json()["code"] == "invalid_input"
    assert bad.json()["message"] == "Masukan tidak valid: year paling kecil 2000."


# --- invoices --------------------------------------------------------------------------------------------


def test_invoice_detail_has_every_field(world, billed):
    r = api_client(world.lahat_viewer).get(f"/api/v1/invoices/{billed.number}")
    assert r.status_code == 200
    assert r.json() == {
        "number": billed.number,
        "programme": "lahat-bpu",
        "funder": billed.funder.display_name,
        "funder_kind": "apbd_kab",
        "period": "2026-03",
        "issued_on": billed.issued_on.isoformat(),
        "due_date": "2026-03-16",  # the 15th is a Sunday
        "members": 2,
        "amounts": {"JKK": 10_000, "JKM": 6_800},
        "total": 33_600,
        "paid": 0,
        "outstanding": 33_600,
        "status": "open",
        "kind": "iuran",
        "late_fee_for": None,
    }
    outsider = api_client(world.sarolangun_manager).get(f"/api/v1/invoices/{billed.number}")
    assert outsider.status_code == 404 and outsider.json()["code"] == "not_found"
    assert api_client(world.lahat_viewer).get("/api/v1/invoices/TGH-2026-999999").status_code == 404


def test_invoice_list_filters_pages_and_scope(world, lahat_bpu, csr_bpu, saro_bpu):
    people(lahat_bpu, 2)
    people(csr_bpu, 1, start=100)
    for period in (D(2026, 3, 1), D(2026, 4, 1)):
        services.billing_run(actor=world.lahat_manager, programme=lahat_bpu, period=period)
    services.billing_run(actor=world.lahat_manager, programme=csr_bpu, period=D(2026, 3, 1))
    services.billing_run(actor=world.sarolangun_manager, programme=saro_bpu, period=D(2026, 3, 1))
    march = Invoice.objects.get(programme=lahat_bpu, period=D(2026, 3, 1))
    services.payment_record(
        actor=world.lahat_finance, funder=march.funder, amount=33_600, reference="R-1", paid_on=D(2026, 3, 20)
    )
    c = api_client(world.lahat_manager)

    def numbers(query=""):
        r = c.get(f"/api/v1/invoices{query}")
        assert r.status_code == 200, r.content
        return [row["number"] for row in r.json()]

    lahat = Invoice.objects.filter(region_code="16.04").order_by("-period", "-id")
    assert numbers() == [i.number for i in lahat]  # newest period first, no Sarolangun invoice
    assert len(numbers()) == 4
    assert numbers("?program=csr-bpu") == [
        i.number for i in lahat.filter(programme=csr_bpu)
    ]  # one invoice per share funder (CSR 70%, SERTAKAN 30%)
    assert len(numbers("?program=csr-bpu")) == 2
    assert numbers("?period=2026-04") == [i.number for i in lahat.filter(period=D(2026, 4, 1))]
    assert numbers("?status=paid") == [march.number]
    assert march.number not in numbers("?status=unpaid") and len(numbers("?status=unpaid")) == 3
    assert numbers("?program=lahat-bpu&status=open") == [
        Invoice.objects.get(programme=lahat_bpu, period=D(2026, 4, 1)).number
    ]
    everything = numbers()
    assert numbers("?limit=2") == everything[:2]
    assert numbers("?limit=2&offset=2") == everything[2:]
    assert numbers("?program=saro-bpu") == []
    assert [r["programme"] for r in api_client(world.sarolangun_manager).get("/api/v1/invoices").json()] == [
        "saro-bpu"
    ]
    assert len(api_client(world.admin).get("/api/v1/invoices").json()) == 5

    bad = c.get("/api/v1/invoices?period=maret")
    assert bad.status_code == 422 and bad.json()["code"] == "invalid_input"
    assert bad.json()["message"].startswith("Masukan tidak valid: period tidak sesuai format")
    bad = c.get("/api/v1/invoices?status=lunas")
    assert bad.status_code == 400 and bad.json()["code"] == "status_invalid"
    assert c.get("/api/v1/invoices?offset=-1").status_code == 422
    assert c.get("/api/v1/invoices?limit=0").status_code == 422
    assert c.get("/api/v1/invoices?limit=501").status_code == 422


# --- payments --------------------------------------------------------------------------------------------


def test_post_payment_allocates_and_refuses_duplicates_and_overpayment(world, billed):
    c = api_client(world.lahat_finance)
    body = {"invoice": billed.number, "amount": 20_000, "reference": "API-1", "paid_on": "2026-03-20"}
    r = post(c, "/api/v1/payments", body)
    assert r.status_code == 201, r.content
    out = r.json()
    payment = Payment.objects.get()
    assert out == {
        "receipt_number": payment.receipt_number,
        "reference": "API-1",
        "amount": 20_000,
        "allocated": 20_000,
        "credit": 0,
        "funder": billed.funder.display_name,
    }
    assert payment.receipt_number.startswith("KWT-2026-")
    assert (payment.method, payment.recorded_by, payment.funder) == (
        "api",
        world.lahat_finance,
        billed.funder,
    )
    billed.refresh_from_db()
    assert (billed.paid, billed.status) == (20_000, "partial")
    assert PaymentAllocation.objects.get().amount == 20_000

    dup = post(c, "/api/v1/payments", {**body, "reference": " api-1 "})  # normalised to the same reference
    assert dup.status_code == 400 and dup.json()["code"] == "duplicate_reference"
    assert "sudah tercatat" in dup.json()["message"]
    over = post(c, "/api/v1/payments", {**body, "reference": "API-2", "amount": 50_000})
    assert over.status_code == 400 and over.json()["code"] == "overpayment"
    assert "melebihi tagihan terutang" in over.json()["message"]
    assert over.json()["owed"] == 13_600
    assert Payment.objects.count() == 1

    credit = post(
        c, "/api/v1/payments", {**body, "reference": "API-3", "amount": 50_000, "allow_credit": True}
    )
    assert credit.status_code == 201
    assert (credit.json()["allocated"], credit.json()["credit"]) == (13_600, 36_400)
    billed.refresh_from_db()
    assert (billed.paid, billed.status) == (33_600, "paid")
    assert Payment.objects.get(reference="API-3").unallocated == 36_400


def test_post_payment_as_viewer_outsider_or_with_bad_input_writes_nothing(world, billed):
    body = {"invoice": billed.number, "amount": 20_000, "reference": "API-4", "paid_on": "2026-03-20"}
    viewer = post(api_client(world.lahat_viewer), "/api/v1/payments", body)
    assert viewer.status_code == 400 and viewer.json()["code"] == "forbidden"
    assert viewer.json()["message"] == (
        "Pembayaran dicatat oleh bagian keuangan (BPKAD) atau kantor cabang BPJS Ketenagakerjaan."
    )
    # Money is recorded by the finance side only: not by the Pemkab's manager either.
    manager = post(api_client(world.lahat_manager), "/api/v1/payments", body)
    assert manager.status_code == 400 and manager.json()["code"] == "forbidden"
    outsider = post(api_client(world.sarolangun_manager), "/api/v1/payments", body)
    assert outsider.status_code == 404
    # A village operator's area is its village; invoices belong to the programme's regency.
    assert post(api_client(world.desa_operator), "/api/v1/payments", body).status_code == 404
    c = api_client(world.lahat_finance)
    assert post(c, "/api/v1/payments", {**body, "invoice": "TGH-2026-999999"}).status_code == 404
    zero = post(c, "/api/v1/payments", {**body, "amount": 0})
    assert zero.status_code == 422 and zero.json()["message"] == "Masukan tidak valid: amount paling kecil 1."
    future = post(c, "/api/v1/payments", {**body, "paid_on": "2099-01-01"})
    assert future.status_code == 400 and future.json()["code"] == "paid_on_future"
    missing = post(c, "/api/v1/payments", {"invoice": billed.number, "amount": 1})
    assert missing.status_code == 422
    assert post(Client(), "/api/v1/payments", body).status_code == 401
    assert Payment.objects.count() == 0
    billed.refresh_from_db()
    assert (billed.paid, billed.status) == (0, "open")


def test_post_payment_accepts_lower_case_invoice_number(world, billed):
    body = {"invoice": billed.number.lower(), "amount": 33_600, "reference": "x-1", "paid_on": "2026-03-20"}
    r = post(api_client(world.lahat_finance), "/api/v1/payments", body)
    assert r.status_code == 201 and r.json()["reference"] == "X-1"
    billed.refresh_from_db()
    assert billed.status == "paid"


# --- billing run -----------------------------------------------------------------------------------------


def test_post_billing_run_is_idempotent(world, lahat_bpu):
    people(lahat_bpu, 3)
    c = api_client(world.lahat_manager)
    r = post(c, "/api/v1/billing/run", {"period": "2026-04", "program": "lahat-bpu"})
    assert r.status_code == 200
    inv = Invoice.objects.get()
    assert r.json() == {
        "period": "2026-04",
        "invoices": 1,
        "lines": 6,
        "total": 50_400,
        "programmes": [
            {
                "program": "lahat-bpu",
                "outcome": "done",
                "reason": "",
                "invoices": 1,
                "lines": 6,
                "total": 50_400,
                "invoice_numbers": [inv.number],
            }
        ],
        "preview": False,
        "overdue_on_issue": 0,
        "confirmation": "",
    }
    assert (inv.period, inv.members, inv.total) == (D(2026, 4, 1), 3, 50_400)
    assert InvoiceLine.objects.filter(invoice=inv).count() == 6
    assert BillingRun.objects.get().run_by == world.lahat_manager
    again = post(c, "/api/v1/billing/run", {"period": "2026-04", "program": "lahat-bpu"})
    assert (again.json()["invoices"], again.json()["lines"], again.json()["total"]) == (0, 0, 0)
    assert again.json()["programmes"][0]["outcome"] == "nothing"
    assert InvoiceLine.objects.count() == 6


def test_post_billing_run_without_programme_bills_only_the_area(world, lahat_bpu, saro_bpu):
    people(lahat_bpu, 2)
    r = post(api_client(world.sarolangun_manager), "/api/v1/billing/run", {"period": "2026-05"})
    assert (r.json()["invoices"], r.json()["lines"], r.json()["total"]) == (1, 2, 16_800)
    assert [(p["program"], p["outcome"]) for p in r.json()["programmes"]] == [("saro-bpu", "done")]
    assert list(Invoice.objects.values_list("programme__code", flat=True)) == ["saro-bpu"]


def test_post_billing_run_refused(world, lahat_bpu):
    people(lahat_bpu, 3)
    viewer = post(api_client(world.lahat_viewer), "/api/v1/billing/run", {"period": "2026-05"})
    assert viewer.status_code == 400 and viewer.json()["code"] == "forbidden"
    assert viewer.json()["message"] == "Hanya manajer yang menjalankan penagihan."
    # Refused even for a month in which nothing in the area is billable (nothing would reach the service check).
    idle = post(api_client(world.lahat_viewer), "/api/v1/billing/run", {"period": "2025-05"})
    assert idle.status_code == 400 and idle.json()["code"] == "forbidden"
    operator = post(
        api_client(world.desa_operator), "/api/v1/billing/run", {"period": "2026-05", "program": "lahat-bpu"}
    )
    assert operator.status_code == 400 and operator.json()["code"] == "forbidden"
    outsider = post(
        api_client(world.sarolangun_manager),
        "/api/v1/billing/run",
        {"period": "2026-05", "program": "lahat-bpu"},
    )
    assert outsider.status_code == 404
    c = api_client(world.lahat_manager)
    bad = post(c, "/api/v1/billing/run", {"period": "Mei 2026", "program": "lahat-bpu"})
    assert bad.status_code == 422 and bad.json()["code"] == "invalid_input"
    early = post(c, "/api/v1/billing/run", {"period": "2025-12", "program": "lahat-bpu"})
    assert early.status_code == 400 and early.json()["code"] == "period_outside_programme"
    assert "sebelum program lahat-bpu mulai" in early.json()["message"]
    assert post(c, "/api/v1/billing/run", {"program": "lahat-bpu"}).status_code == 422
    assert Invoice.objects.count() == 0 and BillingRun.objects.count() == 0
