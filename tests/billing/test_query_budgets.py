"""The money pages cost a fixed number of queries, whatever the number of programmes, funders, invoices,
villages and months: each page is measured with one programme billed for one month, then with more of
everything, and must cost the same, within its budget."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from lindung.billing import services
from lindung.programs.models import ProgrammeFunder
from tests.billing.conftest import OTHER_VILLAGE, people
from tests.helpers import api_client, make_programme

D = dt.date
pytestmark = pytest.mark.django_db

# Query budgets (the counts measured on 2026-11-30, plus a little room for the session and middleware).
BUDGETS = {
    "home": ("/iuran/", 12),
    "invoice list": ("/iuran/?bagian=tagihan", 12),
    "arrears": ("/iuran/tunggakan/", 16),
    # Month by month (issue 12): the segment's rates, its discounts, the funders and the members of each
    # month left, one query each whatever the number of months.
    "budget": ("/iuran/anggaran/p0/?tahun=2026", 17),
    "payments": ("/iuran/pembayaran/", 9),
}


def add_programme(world, i: int, months: int) -> None:
    """A Lahat programme with a named sponsor, members in two villages, billed and budgeted."""
    p = make_programme(f"p{i}", world.pemkab_lahat, "16.04", start_date=D(2026, 1, 1))
    csr = ProgrammeFunder.objects.create(programme=p, kind="csr", name=f"CSR {i}")
    members = people(p, 2, start=100 * i)
    services.sponsor_assign(actor=world.lahat_manager, funder=csr, niks=[members[0].person.nik])
    people(p, 1, start=100 * i + 50, village=OTHER_VILLAGE)
    for m in range(1, months + 1):
        services.billing_run(actor=world.lahat_manager, programme=p, period=D(2026, m, 1))
    services.budget_set(actor=world.lahat_manager, programme=p, year=2026, planned_members=3)
    services.payment_record(
        actor=world.lahat_finance,
        funder=p.funders.first(),
        amount=1_000,
        reference=f"R-{i}",
        paid_on=D(2026, 2, 1),
    )


def count(client, url: str) -> int:
    """Queries of the second request (the first may write a token's last use or a session)."""
    headers = {"HTTP_HX_REQUEST": "true"} if "bagian=" in url else {}
    client.get(url, **headers)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, **headers)
    assert response.status_code == 200
    return len(queries)


@pytest.mark.parametrize("page", list(BUDGETS))
def test_money_pages_cost_the_same_queries_for_one_or_many_rows(
    world, client_for, page, django_assert_max_num_queries
):
    url, budget = BUDGETS[page]
    client = client_for(world.lahat_finance if page == "payments" else world.lahat_manager)
    add_programme(world, 0, months=1)
    small = count(client, url)
    for i in range(1, 4):
        add_programme(world, i, months=4)
    assert count(client, url) == small
    with django_assert_max_num_queries(budget):
        client.get(url, **({"HTTP_HX_REQUEST": "true"} if "bagian=" in url else {}))


def test_the_invoice_api_costs_the_same_queries_for_one_or_many_invoices(
    world, django_assert_max_num_queries
):
    client = api_client(world.lahat_manager)
    add_programme(world, 0, months=1)
    small = count(client, "/api/v1/invoices")
    for i in range(1, 4):
        add_programme(world, i, months=4)
    assert count(client, "/api/v1/invoices") == small
    with django_assert_max_num_queries(6):
        assert len(client.get("/api/v1/invoices").json()) == 2 + 3 * 4 * 2  # two funder groups each
