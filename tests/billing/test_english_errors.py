"""Errors raised by the billing and programme services reach the user in the language of the request:
Bahasa Indonesia by default, English with Accept-Language: en (API responses and page messages)."""

import datetime as dt
import html
import json

import pytest
from django.utils import translation

from lindung.billing import services
from lindung.billing.models import Invoice
from lindung.core.errors import ApplicationError
from tests.billing.conftest import people
from tests.helpers import api_client

pytestmark = pytest.mark.django_db

SARO_DESA = "15.03.01.2001"


def test_invoice_list_query_errors_in_both_languages(world):
    c = api_client(world.lahat_manager)
    idn = c.get("/api/v1/invoices?status=lunas")
    eng = c.get("/api/v1/invoices?status=lunas", HTTP_ACCEPT_LANGUAGE="en")
    assert idn.status_code == eng.status_code == 400
    assert idn.json()["code"] == eng.json()["code"] == "status_invalid"
    assert idn.json()["message"] == "Status 'lunas' tidak dikenal; gunakan unpaid, open, partial, paid."
    assert eng.json()["message"] == "Unknown status 'lunas'; use unpaid, open, partial, paid."

    # A value the schema refuses is a 422 explained in the reader's language.
    idn = c.get("/api/v1/invoices?limit=0").json()
    eng = c.get("/api/v1/invoices?limit=0", HTTP_ACCEPT_LANGUAGE="en").json()
    assert idn["code"] == eng["code"] == "invalid_input"
    assert idn["message"] == "Masukan tidak valid: limit paling kecil 1."
    assert eng["message"] == "Invalid input: limit must be at least 1."


def test_overpayment_and_duplicate_reference_in_both_languages(world, lahat_bpu):
    people(lahat_bpu, 2)
    services.billing_run(actor=world.lahat_manager, programme=lahat_bpu, period=dt.date(2026, 3, 1))
    invoice = Invoice.objects.get()  # 2 x Rp16.800
    c = api_client(world.lahat_finance)
    body = {"invoice": invoice.number, "amount": 50_000, "reference": "API-9", "paid_on": "2026-03-20"}

    def post(data, **extra):
        return c.post("/api/v1/payments", data=json.dumps(data), content_type="application/json", **extra)

    idn, eng = post(body), post(body, HTTP_ACCEPT_LANGUAGE="en")
    assert idn.status_code == eng.status_code == 400
    assert idn.json()["code"] == eng.json()["code"] == "overpayment"
    assert idn.json()["message"].startswith("Pembayaran Rp50.000 melebihi tagihan terutang ")
    assert "(Rp33.600). Kelebihan Rp16.400 hanya dapat disimpan sebagai saldo kredit" in idn.json()["message"]
    assert eng.json()["message"].startswith("The payment of Rp50.000 exceeds the outstanding invoices of ")
    assert "(Rp33.600). The excess of Rp16.400 can only be kept as a credit balance" in eng.json()["message"]

    assert post({**body, "amount": 10_000}).status_code == 201
    idn, eng = post({**body, "amount": 5_000}), post({**body, "amount": 5_000}, HTTP_ACCEPT_LANGUAGE="en")
    assert idn.json()["code"] == eng.json()["code"] == "duplicate_reference"
    assert idn.json()["message"] == (
        "Nomor referensi API-9 sudah tercatat pada 20-03-2026 sebesar Rp10.000; pembayaran yang sama tidak "
        "dicatat dua kali."
    )
    assert eng.json()["message"] == (
        "Reference number API-9 is already recorded on 20-03-2026 for Rp10.000; the same payment is not "
        "recorded twice."
    )


def test_programme_page_shows_service_error_in_both_languages(world, client_for, lahat_bpu):
    c = client_for(world.lahat_manager)
    url = f"/program/{lahat_bpu.code}/kuota-desa/"
    data = {"region_code": SARO_DESA, "quota": 5}
    idn = html.unescape(c.post(url, data, follow=True).content.decode())
    eng = html.unescape(c.post(url, data, follow=True, HTTP_ACCEPT_LANGUAGE="en").content.decode())
    assert f"Desa/kelurahan '{SARO_DESA}' tidak ada di wilayah program ini." in idn
    assert f"Village '{SARO_DESA}' is not in this programme's region." in eng
    assert "tidak ada di wilayah program ini" not in eng


def test_bound_errors_in_both_languages(world, lahat_bpu):
    people(lahat_bpu, 1)
    services.billing_run(actor=world.lahat_manager, programme=lahat_bpu, period=dt.date(2026, 3, 1))
    invoice = Invoice.objects.get()
    c = api_client(world.lahat_finance)
    body = {"invoice": invoice.number, "amount": 2**63, "reference": "X", "paid_on": "2026-03-20"}

    def post(url, data, **extra):
        return c.post(url, data=json.dumps(data), content_type="application/json", **extra)

    def refusal(language, **kw):
        args = {"actor": world.lahat_finance, "funder": invoice.funder, "reference": "X", **kw}
        with translation.override(language), pytest.raises(ApplicationError) as exc:
            services.payment_record(**args)
        return exc.value.message

    # The API's schema refuses these first (422); every other caller hears the services' own words.
    assert post("/api/v1/payments", body).status_code == 422
    big = {"amount": 2**63, "paid_on": dt.date(2026, 3, 20)}
    assert refusal("id", **big) == "Jumlah pembayaran paling banyak Rp10.000.000.000.000."
    assert refusal("en", **big) == "The payment amount: at most Rp10.000.000.000.000."
    assert refusal("en", amount=1, paid_on=dt.date(1, 1, 1)) == (
        "Payment date 01-01-0001 is not plausible; 01-01-2000 at the earliest."
    )
    m = api_client(world.lahat_manager)
    ahead = m.post(
        "/api/v1/billing/run",
        data=json.dumps({"period": "2100-12"}),
        content_type="application/json",
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert ahead.json()["message"] == "December 2100 has not begun; only months that have begun are billed."
