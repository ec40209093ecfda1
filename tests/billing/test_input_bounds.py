"""Bounded inputs (billing/limits.py): months not begun, years 0001 and 9999, amounts near 2^63, huge
counts, years and offsets are refused with an Indonesian message (4xx in the API), never a 500 and never a
write. Each bound is tried at the edge and just past it."""

import datetime as dt
import json

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from lindung.billing import calendar, limits, services
from lindung.billing.models import Budget, ContributionRate, Invoice, Payment
from lindung.core.errors import ApplicationError
from lindung.programs.models import ProgrammeFunder
from tests.billing.conftest import people
from tests.helpers import api_client

D = dt.date
TWO_63 = 2**63
HUGE = 4_611_686_018_427_387_904  # 2^62: the payment that made the funder page 500 on SQLite
pytestmark = pytest.mark.django_db


def post(c, url, data):
    return c.post(url, data=json.dumps(data), content_type="application/json")


def this_month() -> dt.date:
    return limits.today().replace(day=1)


@pytest.fixture
def billed(world, lahat_bpu):
    people(lahat_bpu, 2)
    services.billing_run(actor=world.lahat_manager, programme=lahat_bpu, period=D(2026, 3, 1))
    return Invoice.objects.get()


# --- months and dates ------------------------------------------------------------------------------------


def test_a_month_that_has_not_begun_is_not_billed_and_does_not_freeze_rates(world, lahat_bpu):
    people(lahat_bpu, 1)
    next_month = calendar.add_months(this_month(), 1)
    for period in (next_month, D(2100, 12, 1)):
        with pytest.raises(ApplicationError, match="belum dimulai") as exc:
            services.billing_run(actor=world.lahat_manager, programme=lahat_bpu, period=period)
        assert exc.value.code == "period_future"
        with pytest.raises(ApplicationError) as exc:
            services.billing_run_all(actor=world.lahat_manager, period=period)
        assert exc.value.code == "period_future"
    for period in (D(1999, 12, 1), D(1, 1, 1)):
        with pytest.raises(ApplicationError) as exc:
            services.billing_run_all(actor=world.lahat_manager, period=period)
        assert exc.value.code == "period_too_early"
    assert not Invoice.objects.exists()
    # A new rate from next year can still be added: nothing ahead was billed.
    services.rate_add(
        actor=world.admin,
        segment="BPU",
        element="JKM",
        effective_from=calendar.add_months(next_month, 12),
        amount=7_000,
    )
    # The current month has begun: it is billed.
    assert (
        services.billing_run(actor=world.lahat_manager, programme=lahat_bpu, period=this_month()).invoices
        == 1
    )


def test_billing_a_month_ahead_through_the_page_api_and_cli(world, client_for, lahat_bpu):
    people(lahat_bpu, 1)
    r = post(api_client(world.lahat_manager), "/api/v1/billing/run", {"period": "2100-12"})
    assert r.status_code == 400 and r.json()["code"] == "period_future"
    assert (
        r.json()["message"] == "Desember 2100 belum dimulai; penagihan hanya untuk bulan yang sudah berjalan."
    )
    page = client_for(world.lahat_manager).post(
        reverse("billing:run"), {"period": "2100-12", "program": ""}, follow=True
    )
    assert "Desember 2100 belum dimulai" in page.content.decode()
    with pytest.raises(CommandError, match="belum dimulai"):
        call_command("billing", "run", "--period", "2100-12", "--user", "lahat_manager")
    # A year outside 2000-2100 is already refused by the API's schema (422, naming the field).
    far = post(api_client(world.lahat_manager), "/api/v1/billing/run", {"period": "9999-12"})
    assert (
        far.status_code == 422 and far.json()["code"] == "invalid_input" and "period" in far.json()["message"]
    )
    assert not Invoice.objects.exists()


@pytest.mark.parametrize(
    ("as_of", "code", "api"),
    [
        ("2030-12-31", "as_of_future", (400, "as_of_future")),
        # Beyond the API schema's date window: refused there already (422), by the services otherwise.
        ("9999-12-31", "as_of_future", (422, "invalid_input")),
        ("0001-01-01", "as_of_too_early", (422, "invalid_input")),
    ],
)
def test_late_fees_and_lapse_only_as_of_a_day_that_has_come(world, billed, as_of, code, api):
    r = post(api_client(world.lahat_manager), "/api/v1/billing/late-fees", {"as_of": as_of})
    assert (r.status_code, r.json()["code"]) == api
    for action in ("fees", "lapse"):
        with pytest.raises(CommandError, match="Tanggal acuan"):
            call_command("billing", action, "--as-of", as_of, "--user", "lahat_manager")
    with pytest.raises(ApplicationError) as exc:
        services.lapse_run(actor=world.lahat_manager, as_of=dt.date.fromisoformat(as_of))
    assert exc.value.code == code
    assert Invoice.objects.count() == 1  # no late-fee invoice
    today = limits.today()
    assert services.late_fee_run(actor=world.lahat_manager, as_of=today).as_of == today


def test_a_payment_dated_year_one_is_refused_with_a_clear_message(world, client_for, billed):
    with pytest.raises(ApplicationError) as exc:
        services.payment_record(
            actor=world.lahat_finance,
            funder=billed.funder,
            amount=1_000,
            reference="TUA-1",
            paid_on=D(1, 1, 1),
        )
    assert exc.value.code == "paid_on_too_early"
    assert exc.value.message == "Tanggal bayar 01-01-0001 tidak masuk akal; paling awal 01-01-2000."
    body = {"invoice": billed.number, "amount": 1_000, "reference": "TUA-2", "paid_on": "0001-01-01"}
    r = post(api_client(world.lahat_finance), "/api/v1/payments", body)
    assert r.status_code == 422 and "paid_on" in r.json()["message"]  # the schema's date window
    page = client_for(world.lahat_finance).post(
        reverse("billing:payment_record"),
        {"funder": billed.funder_id, "amount": 1_000, "reference": "TUA-3", "paid_on": "0001-01-01"},
        follow=True,
    )
    assert page.status_code == 200 and "paling awal 01-01-2000" in page.content.decode()
    assert not Payment.objects.exists()
    ok = services.payment_record(
        actor=world.lahat_finance,
        funder=billed.funder,
        amount=1_000,
        reference="TUA-4",
        paid_on=limits.FIRST_DATE,
    )
    assert ok.paid_on == D(2000, 1, 1)


# --- amounts and counts ----------------------------------------------------------------------------------


@pytest.mark.parametrize("amount", [limits.MAX_AMOUNT + 1, HUGE, TWO_63 - 1, TWO_63, 10**30])
def test_a_payment_above_the_maximum_is_refused_with_an_indonesian_message(world, client_for, billed, amount):
    body = {"invoice": billed.number, "amount": amount, "reference": "BESAR", "paid_on": "2026-03-20"}
    r = post(api_client(world.lahat_finance), "/api/v1/payments", {**body, "allow_credit": True})
    assert r.status_code == 422 and r.json()["code"] == "invalid_input" and "amount" in r.json()["message"]
    with pytest.raises(ApplicationError) as exc:  # the service says the same to every other caller
        services.payment_record(
            actor=world.lahat_finance,
            funder=billed.funder,
            amount=amount,
            reference="BESAR",
            paid_on=D(2026, 3, 20),
            allow_credit=True,
        )
    assert exc.value.code == "amount_too_large"
    assert exc.value.message == "Jumlah pembayaran paling banyak Rp10.000.000.000.000."
    assert not Payment.objects.exists()
    c = client_for(world.lahat_finance)
    form = c.post(
        reverse("billing:payment_record"),
        {
            "funder": billed.funder_id,
            "amount": amount,
            "reference": "BESAR",
            "paid_on": "2026-03-20",
            "allow_credit": "on",
        },
        follow=True,
    )
    assert form.status_code == 200 and "Nilai terlalu besar" in form.content.decode()
    assert not Payment.objects.exists()
    assert c.get(reverse("billing:funder_detail", args=[billed.funder_id])).status_code == 200


def test_the_largest_payment_is_kept_as_credit_and_the_funder_page_still_adds_up(world, client_for, billed):
    body = {
        "invoice": billed.number,
        "amount": limits.MAX_AMOUNT,
        "reference": "MAKS",
        "paid_on": "2026-03-20",
    }
    r = post(api_client(world.lahat_finance), "/api/v1/payments", {**body, "allow_credit": True})
    assert r.status_code == 201 and r.json()["credit"] == limits.MAX_AMOUNT - billed.total
    page = client_for(world.lahat_finance).get(reverse("billing:funder_detail", args=[billed.funder_id]))
    assert page.status_code == 200


def test_budget_years_members_amounts_and_allocation_within_their_maxima(world, client_for, lahat_bpu):
    def plan(**kw):
        return services.budget_set(
            actor=world.lahat_manager, programme=lahat_bpu, **{"year": 2026, "planned_members": 10, **kw}
        )

    for year in (1999, 2101, 0, 9999, 99999999999999999999999):
        with pytest.raises(ApplicationError, match="Tahun anggaran harus antara 2000 dan 2100") as exc:
            plan(year=year)
        assert exc.value.code == "year"
    with pytest.raises(ApplicationError, match="paling banyak 50.000.000") as exc:
        plan(planned_members=99_999_999_999)
    assert exc.value.code == "members"
    with pytest.raises(ApplicationError, match="paling banyak Rp10.000.000") as exc:
        plan(monthly_amount_per_person=limits.MAX_MONTHLY_AMOUNT + 1)
    assert not Budget.objects.exists()
    budget = plan(
        year=2100, planned_members=limits.MAX_MEMBERS, monthly_amount_per_person=limits.MAX_MONTHLY_AMOUNT
    )
    assert budget.planned_total == limits.MAX_MEMBERS * 12 * limits.MAX_MONTHLY_AMOUNT
    with pytest.raises(ApplicationError, match="Pagu DPA paling banyak") as exc:
        services.budget_allocation_set(actor=world.lahat_finance, budget=budget, allocation=TWO_63)
    assert exc.value.code == "allocation"
    services.budget_allocation_set(actor=world.lahat_finance, budget=budget, allocation=limits.MAX_AMOUNT)
    # The page's form refuses the same before the service is asked.
    c = client_for(world.lahat_manager)
    r = c.post(
        reverse("billing:budget_set", args=[lahat_bpu.code]) + "?tahun=2026",
        {"planned_members": "99999999999", "months": 12},
        follow=True,
    )
    assert "Nilai terlalu besar" in r.content.decode()
    assert not Budget.objects.filter(year=2026).exists()


def test_huge_years_and_offsets_in_pages_and_the_api_are_never_a_500(world, client_for, billed):
    c = client_for(world.lahat_manager)
    huge = "99999999999999999999999"
    assert c.get(reverse("billing:budget", args=["lahat-bpu"]) + f"?tahun={huge}").status_code == 404
    assert c.get(reverse("billing:budget", args=["lahat-bpu"]) + "?tahun=0001").status_code == 404
    assert c.get(reverse("billing:budget", args=["lahat-bpu"]) + "?tahun=2100").status_code == 200
    for year in (huge, "0", "9999", "-1"):
        funder = c.get(reverse("billing:funder_detail", args=[billed.funder_id]) + f"?tahun={year}")
        assert funder.status_code == 200 and billed.number in funder.content.decode()  # all years
    api = api_client(world.lahat_manager)
    r = api.get(f"/api/v1/programs/lahat-bpu/budget?year={huge}")
    assert r.status_code == 422 and "year" in r.json()["message"]
    assert api.get("/api/v1/invoices?offset=99999999999999999999").status_code == 422
    assert api.get(f"/api/v1/invoices?offset={limits.MAX_OFFSET + 1}").status_code == 422
    edge = api.get(f"/api/v1/invoices?offset={limits.MAX_OFFSET}")
    assert edge.status_code == 200 and edge.json() == []
    whatif = c.get(
        reverse("billing:budget", args=["lahat-bpu"]) + f"?tahun=2026&extra={TWO_63}&target={huge}"
    )
    assert whatif.status_code == 200


def test_sponsor_counts_and_nik_lists_are_bounded(world, csr_bpu):
    budi = ProgrammeFunder.objects.create(programme=csr_bpu, kind="sertakan", name="Budi")
    with pytest.raises(ApplicationError, match="paling banyak 50.000.000") as exc:
        services.sponsor_assign(
            actor=world.lahat_manager, funder=budi, village_code="16.04.21.2008", count=TWO_63
        )
    assert exc.value.code == "count"
    niks = [f"1604210101{i:06d}" for i in range(limits.MAX_NIKS_PER_ASSIGNMENT + 1)]
    with pytest.raises(ApplicationError, match="paling banyak 5.000") as exc:
        services.sponsor_assign(actor=world.lahat_manager, funder=budi, niks=niks)
    assert exc.value.code == "too_many"


def test_rates_are_bounded_in_date_and_amount(world):
    def add(**kw):
        return services.rate_add(
            actor=world.admin, **{"segment": "BPU", "element": "JKM", "amount": 7_000, **kw}
        )

    with pytest.raises(ApplicationError, match="Tanggal berlaku 31-12-9999 di luar rentang") as exc:
        add(effective_from=D(9999, 12, 31))
    assert exc.value.code == "effective_from"
    with pytest.raises(ApplicationError, match="Nominal tetap paling banyak Rp10.000.000"):
        add(effective_from=D(2027, 1, 1), amount=TWO_63)
    with pytest.raises(ApplicationError, match="Dasar iuran"):
        add(effective_from=D(2027, 1, 1), amount=None, percent=1, min_base=TWO_63)
    assert not ContributionRate.objects.filter(effective_from__year__gte=2027).exists()


# --- bank statements -------------------------------------------------------------------------------------


def test_statement_rows_with_year_one_dates_or_huge_amounts_refuse_the_file(world, billed):
    csv = (
        "Tanggal;Referensi;Keterangan;Jumlah\n"
        f"01/01/0001;R-1;{billed.number};10.000\n"
        f"20/03/2026;R-2;{billed.number};4.611.686.018.427.387.904\n"
    ).encode()
    with pytest.raises(ApplicationError) as exc:
        services.payments_import(actor=world.lahat_finance, data=csv)
    assert exc.value.code == "statement_invalid"
    assert exc.value.extra["errors"] == [
        "Baris 2: tanggal 01-01-0001 tidak masuk akal; paling awal 01-01-2000.",
        "Baris 3: jumlah '4.611.686.018.427.387.904' lebih dari Rp10.000.000.000.000.",
    ]
    assert not Payment.objects.exists()


def test_a_statement_of_more_rows_than_the_maximum_is_refused_whole(world, billed):
    header = "tanggal,referensi,keterangan,jumlah\n"
    rows = "".join(f"20/03/2026,R-{i},x,1\n" for i in range(limits.MAX_STATEMENT_ROWS + 1))
    with pytest.raises(ApplicationError, match="paling banyak 10.000 baris") as exc:
        services.payments_import(actor=world.lahat_finance, data=(header + rows).encode())
    assert exc.value.code == "too_many_rows"
    assert not Payment.objects.exists()
