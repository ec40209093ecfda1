"""What one member costs a month, with exact Rupiah: dated rates, discounts, fixed agreement amounts, the
split among funders, and due dates."""

import datetime as dt
from decimal import Decimal

import pytest

from lindung.billing import calendar, services
from lindung.billing.models import BillingRun, Invoice
from lindung.billing.rates import contribution_amounts, funder_split
from lindung.core.errors import ApplicationError
from lindung.programs.models import ProgrammeFunder
from tests.billing.conftest import people, run
from tests.helpers import make_programme

D = dt.date
pytestmark = pytest.mark.django_db


def test_bpu_lowest_bracket_is_16800(lahat_bpu):
    a = contribution_amounts(lahat_bpu, D(2026, 3, 1))
    assert a.per_element == {"JKK": 10_000, "JKM": 6_800}
    assert a.total == 16_800


def test_bpu_with_jht_is_36800_and_income_above_the_lowest_bracket(world, lahat_bpu):
    lahat_bpu.has_jht = True
    assert contribution_amounts(lahat_bpu, D(2026, 3, 1)).total == 36_800
    lahat_bpu.declared_income = 2_500_000
    assert contribution_amounts(lahat_bpu, D(2026, 3, 1)).per_element == {
        "JKK": 25_000,
        "JKM": 6_800,
        "JHT": 50_000,
    }


def test_2026_discount_applies_to_csr_funded_bpu_but_not_to_apbd(csr_bpu, lahat_bpu):
    # PP 50/2025 for sectors other than transport: April to December 2026 (unverified data).
    assert contribution_amounts(csr_bpu, D(2026, 3, 1)).per_element == {"JKK": 10_000, "JKM": 6_800}
    assert contribution_amounts(csr_bpu, D(2026, 4, 1)).per_element == {"JKK": 5_000, "JKM": 3_400}
    assert contribution_amounts(csr_bpu, D(2026, 12, 1)).per_element == {"JKK": 5_000, "JKM": 3_400}
    assert contribution_amounts(csr_bpu, D(2027, 1, 1)).per_element == {"JKK": 10_000, "JKM": 6_800}
    assert contribution_amounts(lahat_bpu, D(2026, 3, 1)).total == 16_800


def test_pu_by_risk_class_and_jp_wage_cap(world):
    p = make_programme(
        "pu", world.pemkab_lahat, "16.04", segment="PU", wage_basis="wage", wage=3_000_000, risk_class=1
    )
    assert contribution_amounts(p, D(2026, 1, 1)).per_element == {"JKK": 7_200, "JKM": 9_000}
    p.risk_class, p.has_jp, p.wage = 5, True, 12_000_000
    # JKK 1,74% x 12.000.000; JKM 0,30%; JP 3% of the 10.547.400 cap.
    assert contribution_amounts(p, D(2026, 1, 1)).per_element == {
        "JKK": 208_800,
        "JKM": 36_000,
        "JP": 316_422,
    }
    p.has_jkp, p.has_jp = True, False
    # JKP participants: JKK recomposed (1,60%); JKM back at 0,30% after PP 6/2025 (decision, unverified).
    assert contribution_amounts(p, D(2026, 1, 1)).per_element == {"JKK": 192_000, "JKM": 36_000}
    assert contribution_amounts(p, D(2024, 6, 1)).per_element == {"JKK": 192_000, "JKM": 24_000}


def test_rates_by_date_and_history_not_rewritten(world, lahat_bpu):
    services.rate_add(
        actor=world.admin, segment="BPU", element="JKM", effective_from=D(2027, 1, 1), amount=7_000
    )
    assert contribution_amounts(lahat_bpu, D(2026, 12, 1)).per_element["JKM"] == 6_800
    assert contribution_amounts(lahat_bpu, D(2027, 1, 1)).per_element["JKM"] == 7_000
    people(lahat_bpu, 1)
    run(world, lahat_bpu, D(2026, 3, 1))
    with pytest.raises(ApplicationError, match="sudah ditagih") as exc:
        services.rate_add(
            actor=world.admin, segment="BPU", element="JKK", effective_from=D(2026, 2, 1), percent="1,5"
        )
    assert exc.value.code == "rate_retroactive"
    with pytest.raises(ApplicationError, match="Hanya admin"):
        services.rate_add(
            actor=world.lahat_manager, segment="BPU", element="JKK", effective_from=D(2027, 2, 1), percent=1
        )


def test_a_period_without_a_rate_is_an_error_not_zero(world):
    p = make_programme(
        "pu-lama",
        world.pemkab_lahat,
        "16.04",
        segment="PU",
        wage_basis="wage",
        wage=2_000_000,
        has_jkp=True,
        start_date=D(2020, 1, 1),
    )
    people(p, 2)
    with pytest.raises(ApplicationError, match="Tidak ada tarif iuran PU JKK \\(rekomposisi JKP\\)") as exc:
        run(world, p, D(2020, 6, 1))
    assert exc.value.code == "rate_missing"
    assert not Invoice.objects.exists() and not BillingRun.objects.exists()


def test_fixed_amount_per_person_from_the_agreement(world):
    p = make_programme(
        "mura",
        world.kc_lubuklinggau,
        "16.05",
        segment="PU",
        wage_basis="fixed",
        fixed_amount_per_person=10_000,
        start_date=D(2022, 1, 1),
    )
    assert contribution_amounts(p, D(2022, 1, 1)).per_element == {"PAKET": 10_000}


# --- shares --------------------------------------------------------------------------------------------


def test_shares_split_every_element_in_whole_rupiah(csr_bpu):
    a = contribution_amounts(csr_bpu, D(2027, 1, 1))
    f70, f30 = csr_bpu.funders.order_by("id")
    assert funder_split([f70, f30], a) == {
        f70.pk: {"JKK": 7_000, "JKM": 4_760},
        f30.pk: {"JKK": 3_000, "JKM": 2_040},
    }
    thirds = [
        ProgrammeFunder(pk=1, kind="apbd_kab", share_percent=Decimal("33.33")),
        ProgrammeFunder(pk=2, kind="apbd_prov", share_percent=Decimal("33.33")),
        ProgrammeFunder(pk=3, kind="apbdes", share_percent=Decimal("33.34")),
    ]
    split = funder_split(thirds, a)
    assert [split[i]["JKM"] for i in (1, 2, 3)] == [2_266, 2_266, 2_268]
    assert sum(split[i][e] for i in (1, 2, 3) for e in ("JKK", "JKM")) == 16_800


def test_shares_that_do_not_add_up_are_refused(csr_bpu):
    a = contribution_amounts(csr_bpu, D(2027, 1, 1))
    bad = [
        ProgrammeFunder(pk=1, kind="apbd_kab", share_percent=Decimal("60")),
        ProgrammeFunder(pk=2, kind="csr", share_percent=Decimal("30")),
    ]
    with pytest.raises(ApplicationError, match="tidak berjumlah 100%"):
        funder_split(bad, a)
    fixed = [ProgrammeFunder(pk=1, kind="csr", amount_per_person=20_000)]
    with pytest.raises(ApplicationError, match="melebihi iuran per orang"):
        funder_split(fixed, a)


def test_amount_per_person_funder_and_percentage_for_the_rest(csr_bpu):
    a = contribution_amounts(csr_bpu, D(2027, 1, 1))
    funders = [
        ProgrammeFunder(pk=1, kind="csr", amount_per_person=5_000),
        ProgrammeFunder(pk=2, kind="apbd_kab", share_percent=Decimal("100")),
    ]
    split = funder_split(funders, a)
    assert sum(split[1].values()) == 5_000
    assert sum(split[2].values()) == 11_800


# --- due dates -----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("segment", "period", "due"),
    [
        ("BPU", D(2026, 5, 1), D(2026, 5, 18)),  # 15 May 2026 is cuti bersama (Kenaikan), then a weekend
        ("BPU", D(2026, 8, 1), D(2026, 8, 18)),  # Saturday 15, Sunday 16, Monday 17 August (Proklamasi)
        ("BPU", D(2026, 9, 1), D(2026, 9, 15)),  # a Tuesday
        ("PU", D(2026, 2, 1), D(2026, 3, 16)),  # PU: 15th of the next month, a Sunday
        ("PU", D(2026, 12, 1), D(2027, 1, 15)),
    ],
)
def test_due_dates_move_over_weekends_and_holidays(segment, period, due):
    assert calendar.due_date(segment=segment, period=period)[0] == due


def test_due_dates_of_past_years_know_their_holidays():
    """Every year has its holidays now (core.workdays): 2023 is no longer "weekends only"."""
    assert calendar.due_date(segment="BPU", period=D(2023, 1, 1)) == (D(2023, 1, 16), True)
    assert calendar.due_date(segment="BPU", period=D(2024, 4, 1))[0] == D(2024, 4, 16)  # cuti bersama 15-04
