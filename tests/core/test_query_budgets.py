"""The main list pages and dashboards cost a fixed number of queries, whatever the number of rows."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from lindung.enrolment.models import Batch
from tests.helpers import enrol, make_person, make_programme

pytestmark = pytest.mark.django_db

VILLAGE = "16.04.21.2008"
# page -> the most queries it may cost (session, user, organisation areas and the page's own reads)
BUDGETS = {
    "registry:person_list": 8,
    "programs:programme_list": 7,
    "enrolment:batch_list": 10,
    "coverage:home": 13,
    "accounts:organisation_list": 7,
}


def _add(world, n: int, start: int) -> None:
    for i in range(start, start + n):
        p = make_programme(f"prog-{i}", world.pemkab_lahat, "16.04", start_date=dt.date(2026, 1, 1))
        person = make_person(f"160421010190{i:04d}", f"Peserta {i}", VILLAGE, birth_date=dt.date(1990, 1, 1))
        enrol(person, p)
        Batch.objects.create(
            programme=p,
            organisation=world.desa,
            region_code=VILLAGE,
            filename=f"d{i}.csv",
            content_hash=f"h{i}",
            created_by=world.desa_operator,
        )


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.parametrize("name", sorted(BUDGETS))
def test_list_pages_cost_the_same_for_2_and_20_rows(world, client_for, name):
    c = client_for(world.lahat_manager)
    url = reverse(name)
    _add(world, 2, 0)
    few = _queries(c, url)
    _add(world, 18, 2)
    many = _queries(c, url)
    assert many == few, f"{name}: {few} queries with 2 rows, {many} with 20"
    assert many <= BUDGETS[name], f"{name}: {many} queries, budget {BUDGETS[name]}"


# Each duty's home page (issue 13): its panels read in a fixed number of queries, whatever the number of
# programmes, lists and members (user -> budget).
HOME_BUDGETS = {"desa_operator": 10, "lahat_manager": 21, "lahat_finance": 8, "lahat_bpjs": 10, "admin": 22}


@pytest.mark.parametrize("username", sorted(HOME_BUDGETS))
def test_home_pages_cost_the_same_for_2_and_20_programmes(world, client_for, username):
    from lindung.programs.models import VillageQuota

    c = client_for(getattr(world, username))
    _add(world, 2, 0)
    VillageQuota.objects.create(programme_id=Batch.objects.first().programme_id, region_code=VILLAGE, quota=5)
    few = _queries(c, "/")
    _add(world, 18, 2)
    many = _queries(c, "/")
    assert many == few, f"home of {username}: {few} queries with 2 programmes, {many} with 20"
    assert many <= HOME_BUDGETS[username], (
        f"home of {username}: {many} queries, budget {HOME_BUDGETS[username]}"
    )
