"""A wage per membership (declared income for BPU, wage for PU) is billed on that member's own base; members
without one are billed at the programme's amount; a fixed amount per person ignores it."""

import datetime as dt

import pytest

from lindung.billing import services
from lindung.billing.models import Invoice, InvoiceLine
from lindung.claims.selectors import membership_wage
from lindung.programs.models import Programme
from tests.billing.conftest import people, pu_staff, run
from tests.helpers import make_programme

D = dt.date
pytestmark = pytest.mark.django_db


def lines_of(m) -> dict[str, int]:
    return dict(InvoiceLine.objects.filter(membership=m).values_list("element", "amount"))


def test_pu_members_are_billed_on_their_own_wage(world):
    pu = pu_staff(world, members=0, company=False)
    rich, plain, other = people(pu, 3)
    rich.wage = 5_000_000
    rich.save()
    result = run(world, pu, D(2026, 1, 1))
    # JKK 0,24% and JKM 0,30%: Rp5.000.000 -> 12.000 + 15.000; the programme's Rp3.000.000 -> 7.200 + 9.000.
    assert lines_of(rich) == {"JKK": 12_000, "JKM": 15_000}
    assert lines_of(plain) == lines_of(other) == {"JKK": 7_200, "JKM": 9_000}
    invoice = Invoice.objects.get(programme=pu)
    assert (invoice.members, invoice.total) == (3, 27_000 + 2 * 16_200)
    assert (result.lines, result.total) == (6, 59_400)
    assert membership_wage(rich) == 5_000_000
    # Running the month again bills nobody twice.
    assert run(world, pu, D(2026, 1, 1)).lines == 0


def test_bpu_declared_income_per_member_with_shared_funders(world, lahat_bpu):
    """APBD Kabupaten 60% and APBD Provinsi 40% of each member's own amount (public money: no discount):
    Rp2.500.000 declared -> JKK 1% 25.000 + JKM 6.800; no declared income -> the lowest bracket, 16.800."""
    lahat_bpu.funders.update(share_percent=60)
    lahat_bpu.funders.create(kind="apbd_prov", share_percent=40)
    a, b = people(lahat_bpu, 2)
    a.wage = 2_500_000
    a.save()
    services.billing_run(actor=world.lahat_manager, programme=lahat_bpu, period=D(2026, 1, 1))
    totals = dict(Invoice.objects.filter(programme=lahat_bpu).values_list("funder__kind", "total"))
    assert totals == {"apbd_kab": 15_000 + 4_080 + 6_000 + 4_080, "apbd_prov": 10_000 + 2_720 + 4_000 + 2_720}
    assert sum(totals.values()) == 31_800 + 16_800
    assert sum(InvoiceLine.objects.filter(membership=a).values_list("amount", flat=True)) == 31_800
    assert sum(InvoiceLine.objects.filter(membership=b).values_list("amount", flat=True)) == 16_800


def test_a_fixed_amount_per_person_ignores_the_member_wage(world):
    mura = make_programme(
        "mura",
        world.pemkab_lahat,
        "16.04",
        wage_basis=Programme.WageBasis.FIXED,
        fixed_amount_per_person=10_000,
        start_date=D(2026, 1, 1),
    )
    (m,) = people(mura, 1, wage=9_000_000)
    assert run(world, mura, D(2026, 1, 1)).total == 10_000
    assert lines_of(m) == {"PAKET": 10_000}
