"""The money API over HTTP and the `lindung billing` command."""

import datetime as dt
import io
import json

import pytest
from django.core.management import CommandError, call_command

from lindung.billing import services
from lindung.billing.models import Invoice, Payment
from tests.billing.conftest import people
from tests.helpers import api_client, make_programme

D = dt.date
pytestmark = pytest.mark.django_db


@pytest.fixture
def billed(world, lahat_bpu):
    people(lahat_bpu, 2)
    services.billing_run(actor=world.lahat_manager, programme=lahat_bpu, period=D(2026, 3, 1))
    return Invoice.objects.get()


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
    assert (
        api_client(world.lahat_manager).get("/api/v1/programs/mura-non-asn/budget?year=2022").status_code
        == 404
    )
    assert api_client(world.kc_verifier).get("/api/v1/programs/mura-non-asn/budget").status_code == 422


def test_invoices_list_and_detail_are_scoped(world, billed):
    c = api_client(world.lahat_viewer)
    rows = c.get("/api/v1/invoices?period=2026-03").json()
    assert [r["number"] for r in rows] == [billed.number]
    detail = c.get(f"/api/v1/invoices/{billed.number}").json()
    assert detail["amounts"] == {"JKK": 10_000, "JKM": 6_800}
    assert (detail["total"], detail["due_date"], detail["status"]) == (33_600, "2026-03-16", "open")
    outsider = api_client(world.sarolangun_manager)
    assert outsider.get(f"/api/v1/invoices/{billed.number}").status_code == 404
    assert outsider.get("/api/v1/invoices").json() == []
    bad = c.get("/api/v1/invoices?period=maret")
    assert bad.status_code == 400 and bad.json()["code"] == "period_invalid"


def post(c, url, data):
    return c.post(url, data=json.dumps(data), content_type="application/json")


def test_post_payment(world, billed):
    c = api_client(world.lahat_manager)
    body = {"invoice": billed.number, "amount": 20_000, "reference": "API-1", "paid_on": "2026-03-20"}
    r = post(c, "/api/v1/payments", body)
    assert r.status_code == 201
    assert r.json()["allocated"] == 20_000 and r.json()["receipt_number"].startswith("KWT-2026-")
    billed.refresh_from_db()
    assert (billed.paid, billed.status) == (20_000, "partial")
    dup = post(c, "/api/v1/payments", body)
    assert dup.status_code == 400 and dup.json()["code"] == "duplicate_reference"
    over = post(c, "/api/v1/payments", {**body, "reference": "API-2", "amount": 50_000})
    assert over.status_code == 400 and over.json()["code"] == "overpayment"
    assert "melebihi tagihan terutang" in over.json()["message"]
    credit = post(
        c, "/api/v1/payments", {**body, "reference": "API-3", "amount": 50_000, "allow_credit": True}
    )
    assert credit.json()["credit"] == 50_000 - 13_600
    assert Payment.objects.count() == 2
    viewer = post(api_client(world.lahat_viewer), "/api/v1/payments", {**body, "reference": "API-4"})
    assert viewer.status_code == 400 and viewer.json()["code"] == "forbidden"
    outsider = post(api_client(world.sarolangun_manager), "/api/v1/payments", {**body, "reference": "API-5"})
    assert outsider.status_code == 404
    assert Payment.objects.count() == 2


def test_post_billing_run(world, lahat_bpu):
    people(lahat_bpu, 3)
    c = api_client(world.lahat_manager)
    r = post(c, "/api/v1/billing/run", {"period": "2026-04", "program": "lahat-bpu"})
    assert r.json() == {"period": "2026-04", "invoices": 1, "lines": 6, "total": 50_400}
    again = post(c, "/api/v1/billing/run", {"period": "2026-04", "program": "lahat-bpu"})
    assert again.json() == {"period": "2026-04", "invoices": 0, "lines": 0, "total": 0}
    viewer = post(api_client(world.lahat_viewer), "/api/v1/billing/run", {"period": "2026-05"})
    assert viewer.status_code == 400 and "Hanya manajer" in viewer.json()["message"]
    outsider = post(
        api_client(world.sarolangun_manager),
        "/api/v1/billing/run",
        {"period": "2026-05", "program": "lahat-bpu"},
    )
    assert outsider.status_code == 404
    assert Invoice.objects.count() == 1


def run_cli(*args) -> dict:
    out = io.StringIO()
    call_command("billing", *args, stdout=out)
    return json.loads(out.getvalue())


def test_cli_billing_run_prints_one_json_object(world, lahat_bpu):
    people(lahat_bpu, 2)
    assert run_cli("run", "--period", "2026-05", "--program", "lahat-bpu") == {
        "period": "2026-05",
        "invoices": 1,
        "lines": 4,
        "total": 33_600,
    }
    assert run_cli("run", "--period", "2026-05")["invoices"] == 0
    with pytest.raises(CommandError, match="YYYY-MM"):
        call_command("billing", "run", "--period", "Mei 2026")
    with pytest.raises(CommandError, match="tidak ditemukan"):
        call_command("billing", "run", "--period", "2026-05", "--program", "tidak-ada")
    with pytest.raises(CommandError, match="sebelum program"):
        call_command("billing", "run", "--period", "2025-05", "--program", "lahat-bpu")


def test_cli_lapse(world, lahat_bpu):
    people(lahat_bpu, 2)
    for m in (1, 2, 3):
        run_cli("run", "--period", f"2026-{m:02d}", "--program", "lahat-bpu")
    assert run_cli("lapse", "--as-of", "2026-02-20") == {"lapsed": 0, "reinstated": 0, "warnings": {"2": 2}}
    assert run_cli("lapse", "--as-of", "2026-03-20")["lapsed"] == 2
    with pytest.raises(CommandError, match="YYYY-MM-DD"):
        call_command("billing", "lapse", "--as-of", "kemarin")
