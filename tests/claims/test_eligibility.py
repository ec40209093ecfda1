"""Eligibility on the event date from Lindung's own data, one event or many at once."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from lindung.claims.eligibility import Event, eligibility_bulk
from lindung.claims.selectors import membership_wage
from lindung.memberships.models import Membership
from tests.claims.conftest import D, invoice
from tests.factories import LAHAT, LAHAT_DESA
from tests.helpers import enrol, make_person, make_programme

pytestmark = pytest.mark.django_db


def one(person, day, benefit="JKM"):
    return eligibility_bulk([Event(1, person.pk, day, benefit)])[1]


def codes(res):
    return [r.code for r in res.reasons]


def test_active_membership_with_paid_months_is_eligible_and_counts_contributions(lahat_family):
    f = lahat_family
    for m in range(1, 13):
        invoice(f.programme, D(2025, m, 1), paid=m != 5)
    res = one(f.person, D(2025, 12, 20))
    assert res.eligible and res.membership_id == f.membership.pk and res.reasons == []
    # January 2022 .. December 2025 = 48 months, one left unpaid (May 2025).
    assert res.contribution_months == 47


def test_bpu_unpaid_month_within_grace_is_eligible_once_settled(lahat_family):
    f = lahat_family
    invoice(f.programme, D(2026, 1, 1), paid=True)
    invoice(f.programme, D(2026, 2, 1), paid=False)
    invoice(f.programme, D(2026, 3, 1), paid=False)
    invoice(f.programme, D(2026, 4, 1), paid=False)
    res = one(f.person, D(2026, 4, 10))
    assert res.eligible and codes(res) == ["arrears_within_grace"]
    assert "3 bulan berturut-turut" in res.reasons[0].message
    invoice(f.programme, D(2026, 5, 1), paid=False)
    res = one(f.person, D(2026, 5, 10))
    assert not res.eligible and codes(res) == ["arrears_beyond_grace"]
    assert "10-05-2026" in res.reasons[0].message


def test_lapsed_membership_does_not_protect_after_its_end(lahat_family):
    f = lahat_family
    Membership.objects.filter(pk=f.membership.pk).update(
        status="lapsed", end_date=D(2026, 5, 31), lapsed_on=D(2026, 9, 1)
    )
    res = one(f.person, D(2026, 7, 3))
    assert not res.eligible and codes(res) == ["lapsed"] and "01-06-2026" in res.reasons[0].message
    assert one(f.person, D(2026, 5, 31)).eligible


def test_pu_employer_in_arrears_still_protects_and_pays_first(world):
    p = make_programme(
        "pu",
        world.pemkab_lahat,
        LAHAT,
        segment="PU",
        wage_basis="wage",
        wage=3_000_000,
        start_date=D(2025, 1, 1),
    )
    person = make_person("1604211203850002", "Andi", LAHAT_DESA)
    enrol(person, p)
    invoice(p, D(2026, 3, 1), paid=False)
    res = one(person, D(2026, 3, 20), "JKK_DEATH")
    assert res.eligible and res.employer_pays_first and codes(res) == ["employer_arrears"]
    assert "PP 44/2015" in res.reasons[0].message


def test_reasons_without_protection(world, lahat_family):
    nobody = make_person("1604211203850003", "Tanpa Program", LAHAT_DESA)
    assert codes(one(nobody, D(2026, 1, 1))) == ["no_membership"]
    assert codes(one(lahat_family.person, D(2021, 12, 31))) == ["not_started"]
    p = make_programme("jkk-only", world.pemkab_lahat, LAHAT, has_jkm=False, start_date=D(2025, 1, 1))
    person = make_person("1604211203850004", "Hanya JKK", LAHAT_DESA)
    enrol(person, p)
    assert codes(one(person, D(2026, 1, 1), "JKM")) == ["element_missing"]
    assert one(person, D(2026, 1, 1), "JKK_STMB").eligible
    ended = make_person("1604211203850005", "Berakhir", LAHAT_DESA)
    m = enrol(ended, lahat_family.programme)
    Membership.objects.filter(pk=m.pk).update(status="ended", end_date=D(2025, 12, 31))
    assert codes(one(ended, D(2026, 1, 5))) == ["ended"]
    pending = make_person("1604211203850006", "Menunggu", LAHAT_DESA)
    enrol(pending, lahat_family.programme, status="pending")
    assert codes(one(pending, D(2026, 1, 5))) == ["pending"]


def test_many_events_take_a_fixed_number_of_queries(world, lahat_family):
    people = [make_person(f"16042112038510{i:02d}", f"P{i}", LAHAT_DESA) for i in range(30)]
    for person in people:
        enrol(person, lahat_family.programme)
    invoice(lahat_family.programme, D(2026, 2, 1), paid=True)
    events = [Event(i, p.pk, D(2026, 2, 10), "JKM") for i, p in enumerate(people)]
    with CaptureQueriesContext(connection) as ctx:
        out = eligibility_bulk(events)
    assert len(ctx.captured_queries) <= 6
    assert all(r.eligible for r in out.values()) and len(out) == 30


def test_membership_wage_reads_income_then_programme_base(world, lahat_family):
    assert membership_wage(lahat_family.membership) == 1_000_000
    p = make_programme("pu2", world.pemkab_lahat, LAHAT, segment="PU", wage_basis="wage", wage=3_500_000)
    m = enrol(make_person("1604211203850007", "Upah", LAHAT_DESA), p)
    assert membership_wage(m) == 3_500_000
    m2 = enrol(
        make_person("1604211203850008", "Terendah", LAHAT_DESA),
        make_programme("bpu0", world.pemkab_lahat, LAHAT),
    )
    assert membership_wage(m2, on=D(2026, 1, 1)) == 1_000_000
