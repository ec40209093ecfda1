"""Budgets: the yearly plan, the DPA allocation by BPKAD, and funders that cannot change once billed."""

import datetime as dt

import pytest

from lindung.billing import services
from lindung.core.errors import ApplicationError
from lindung.programs.services import programme_funders_set
from tests.billing.conftest import people, run
from tests.helpers import make_programme

D = dt.date
pytestmark = pytest.mark.django_db


def test_musi_rawas_2022_budget_is_exactly_519_840_000(world):
    p = make_programme(
        "mura-non-asn",
        world.kc_lubuklinggau,
        "16.05",
        segment="PU",
        wage_basis="fixed",
        fixed_amount_per_person=10_000,
        start_date=D(2022, 1, 1),
    )
    b = services.budget_set(actor=None, programme=p, year=2022, planned_members=4_332)
    assert (b.months, b.monthly_amount_per_person, b.planned_total) == (12, 10_000, 519_840_000)


def test_budget_allocation_is_for_bpkad(world, lahat_bpu):
    b = services.budget_set(actor=world.lahat_manager, programme=lahat_bpu, year=2026, planned_members=100)
    assert b.planned_total == 100 * 12 * 16_800
    with pytest.raises(ApplicationError, match="BPKAD"):
        services.budget_allocation_set(actor=world.lahat_manager, budget=b, allocation=1)
    services.budget_allocation_set(
        actor=world.lahat_finance, budget=b, allocation=20_000_000, dpa_number="DPA-1"
    )
    b.refresh_from_db()
    assert (b.allocation, b.dpa_number) == (20_000_000, "DPA-1")


def test_a_billed_funder_cannot_be_removed(world, lahat_bpu):
    people(lahat_bpu, 1)
    lahat_bpu.memberships.update(funder=None)
    run(world, lahat_bpu, D(2026, 3, 1))
    with pytest.raises(ApplicationError, match="sudah punya tagihan") as exc:
        programme_funders_set(
            actor=world.lahat_manager,
            programme=lahat_bpu,
            funders=[{"kind": "apbd_prov", "share_percent": 100}],
        )
    assert exc.value.code == "funders_billed"
    assert lahat_bpu.funders.get().kind == "apbd_kab"


def test_the_home_budget_overview_lists_only_programmes_running_in_the_year(world):
    """A programme that ended in 2024 has no line in 2026's overview; one running in 2026 has."""
    import datetime as dt

    from lindung.billing import selectors
    from tests.helpers import make_programme

    make_programme(
        "pilkada-2024",
        world.pemkab_lahat,
        "16.04",
        start_date=dt.date(2024, 11, 1),
        end_date=dt.date(2024, 12, 31),
    )
    make_programme("bpu-2026", world.pemkab_lahat, "16.04", start_date=dt.date(2026, 1, 1))
    codes = {line.programme.code for line in selectors.budget_overview(user=world.lahat_manager, year=2026)}
    assert codes == {"bpu-2026"}
    old = {line.programme.code for line in selectors.budget_overview(user=world.lahat_manager, year=2024)}
    assert old == {"pilkada-2024"}
