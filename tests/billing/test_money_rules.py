"""Issue 12: money rules exactly as the regulations say, each case with its exact amount or date.

Dated JP caps, the JKP recomposition after PP 6/2025, PP 50/2025 discounts by sector, months and programme
(never stacking), public money per funder kind, late fees from payment dates (state bodies exempt, charged
once whether by the run or on recording the payment), budgets month by month, and due dates on the
working-day calendar for 2022-2027.
"""

import datetime as dt
from decimal import Decimal

import holidays
import pytest
from holidays.constants import GOVERNMENT, PUBLIC

from lindung.accounts.models import Organisation
from lindung.billing import calendar, selectors, services
from lindung.billing.models import Discount, Invoice, LateFeeRule
from lindung.billing.rates import contribution_amounts, quote
from lindung.programs.models import ProgrammeFunder
from tests.billing.conftest import people, pu_staff
from tests.helpers import make_programme

D = dt.date
pytestmark = pytest.mark.django_db


# --- due dates -----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("segment", "period", "due"),
    [
        ("BPU", D(2024, 4, 1), D(2024, 4, 16)),  # 15-04-2024: cuti bersama Idul Fitri
        ("PU", D(2024, 5, 1), D(2024, 6, 19)),  # 17-06-2024 Idul Adha, 18-06-2024 cuti bersama
        ("BPU", D(2024, 9, 1), D(2024, 9, 17)),  # 16-09-2024: Maulid Nabi
    ],
)
def test_the_three_2024_due_dates_of_the_issue(segment, period, due):
    assert calendar.due_date(segment=segment, period=period)[0] == due


def _package_due(segment: str, period: dt.date) -> dt.date:
    """The due date computed independently from the holidays package (libur nasional + cuti bersama)."""
    month = period if segment == "BPU" else calendar.add_months(period, 1)
    day = month.replace(day=15)
    off = holidays.country_holidays("ID", years=[day.year], categories=(PUBLIC, GOVERNMENT))
    while day.weekday() >= 5 or day in off:
        day += dt.timedelta(days=1)
    return day


def test_due_dates_2022_to_2027_for_every_month_of_both_segments_follow_the_holiday_package():
    moved = 0
    for year in range(2022, 2028):
        for month in range(1, 13):
            for segment in ("BPU", "PU"):
                period = D(year, month, 1)
                due = calendar.due_date(segment=segment, period=period)[0]
                assert due == _package_due(segment, period), (segment, period)
                moved += due.day != 15
    assert moved > 40  # weekends and holidays do move many of the 144 dates


# --- JP wage cap per year, JKP recomposition --------------------------------------------------------------


def _pu(**kw):
    return dict(segment="PU", risk_class=1, **kw)


def test_jp_cap_of_each_year():
    def jp(on):
        return quote(**_pu(base=12_000_000, elements=["JP"], period=on)).per_element["JP"]

    assert jp(D(2024, 6, 1)) == 301_269  # 3% of the 2024 cap Rp10.042.300
    assert jp(D(2025, 6, 1)) == 316_422  # 3% of the 2025 cap Rp10.547.400
    assert jp(D(2024, 2, 1)) == 286_788  # before March 2024: the 2023 cap Rp9.559.600 (unverified)
    assert jp(D(2015, 7, 1)) == 210_000  # PP 45/2015: Rp7.000.000
    item = quote(**_pu(base=12_000_000, elements=["JP"], period=D(2024, 6, 1))).items[0]
    assert (item.base, item.rate.verified) == (10_042_300, True)
    # A wage under the cap is billed in full.
    assert quote(**_pu(base=5_000_000, elements=["JP"], period=D(2024, 6, 1))).per_element == {"JP": 150_000}


def test_jkm_of_jkp_participants_before_and_after_pp_6_2025():
    def jkm(on, jkp=True):
        return quote(**_pu(base=5_000_000, elements=["JKM"], period=on, jkp=jkp)).items[0]

    assert jkm(D(2024, 6, 1)).amount == 10_000  # 0,20% (PP 49/2023)
    after = jkm(D(2025, 6, 1))
    assert after.amount == 15_000 and after.rate.verified is False  # 0,30%: PP 6/2025 recomposes JKK only
    assert jkm(D(2025, 6, 1), jkp=False).amount == 15_000
    jkk = quote(**_pu(base=5_000_000, elements=["JKK"], period=D(2025, 6, 1), jkp=True)).items[0]
    assert jkk.amount == 5_000  # JKK stays recomposed: 0,10%


# --- discounts ------------------------------------------------------------------------------------------


def _bpu(on, **kw):
    return quote(segment="BPU", base=1_000_000, risk_class=0, elements=["JKK", "JKM"], period=on, **kw)


def test_pp_50_2025_discount_by_sector_and_month():
    assert _bpu(D(2026, 1, 1), sector="transport").per_element == {"JKK": 5_000, "JKM": 3_400}
    assert _bpu(D(2027, 3, 1), sector="transport").total == 8_400
    assert _bpu(D(2027, 4, 1), sector="transport").total == 16_800
    assert _bpu(D(2026, 3, 1), sector="non_transport").total == 16_800
    assert _bpu(D(2026, 4, 1), sector="non_transport").total == 8_400
    assert _bpu(D(2026, 12, 1), sector="non_transport").total == 8_400
    assert _bpu(D(2027, 1, 1), sector="non_transport").total == 16_800
    # Paid from public money: no discount.
    assert _bpu(D(2026, 6, 1), public_money=True).total == 16_800


def test_discount_limited_to_a_programme_and_an_element_and_overlaps_never_multiply(world, csr_bpu):
    Discount.objects.create(
        name="Diskon JKM program CSR",
        segment="BPU",
        elements=["JKM"],
        programmes=["csr-bpu"],
        percent=Decimal("50"),
        valid_from=D(2027, 1, 1),
        valid_to=D(2027, 12, 31),
    )
    assert contribution_amounts(csr_bpu, D(2027, 5, 1)).per_element == {"JKK": 10_000, "JKM": 3_400}
    other = make_programme("other-csr", world.pemkab_lahat, "16.04", start_date=D(2026, 1, 1))
    other.funders.update(kind="csr")
    assert contribution_amounts(other, D(2027, 5, 1)).total == 16_800  # not its programme
    # A second row over the same months and element: the larger applies alone (50%, not 75%).
    Discount.objects.create(
        name="Diskon 30% JKK/JKM 2027",
        segment="BPU",
        elements=["JKK", "JKM"],
        percent=Decimal("30"),
        valid_from=D(2027, 1, 1),
        valid_to=D(2027, 12, 31),
    )
    amounts = contribution_amounts(csr_bpu, D(2027, 5, 1))
    assert amounts.per_element == {"JKK": 7_000, "JKM": 3_400}
    assert contribution_amounts(other, D(2027, 5, 1)).per_element == {"JKK": 7_000, "JKM": 4_760}


def test_which_funder_kinds_are_public_money_and_state_bodies(world):
    assert {"apbd_kab", "apbd_prov", "p_apbd", "dbh_sawit", "apbdes"} == ProgrammeFunder.PUBLIC_KINDS
    assert set(ProgrammeFunder.KIND_RULES) == set(ProgrammeFunder.Kind.values)
    p = make_programme("x", world.pemkab_lahat, "16.04")
    company = Organisation.objects.create(code="pt-x", name="PT X", kind="perusahaan")
    assert ProgrammeFunder(programme=p, kind="apbd_kab").is_state_body
    assert ProgrammeFunder(programme=p, kind="employer", organisation=world.pemkab_lahat).is_state_body
    assert not ProgrammeFunder(programme=p, kind="employer", organisation=company).is_state_body
    assert not ProgrammeFunder(programme=p, kind="csr").is_state_body


# --- late fees ------------------------------------------------------------------------------------------


@pytest.fixture
def company_pu(world):
    """PU staff of a company: wage Rp3.000.000, lowest risk, 3 people: Rp48.600 a month."""
    return pu_staff(world, "pt-pu")


JANUARY = D(2026, 1, 1)


def _bill(world, p, period=JANUARY) -> Invoice:
    services.billing_run(actor=world.lahat_manager, programme=p, period=period)
    return Invoice.objects.get(programme=p, period=period, kind="iuran")


def _pay(world, inv, day, amount=None, ref="BNK-1"):
    return services.payment_record(
        actor=world.lahat_finance, funder=inv.funder, amount=amount or inv.total, reference=ref, paid_on=day
    )


def test_paid_two_months_late_before_any_run_is_charged_on_recording_the_payment(world, company_pu):
    inv = _bill(world, company_pu)
    assert (inv.total, inv.due_date) == (48_600, D(2026, 2, 18))  # 15-16-17 Feb 2026: Sunday, Imlek leave
    _pay(world, inv, D(2026, 4, 10))
    fees = Invoice.objects.filter(kind="denda", fee_for=inv).order_by("fee_month")
    assert [(f.fee_month, f.total, f.fee_basis) for f in fees] == [(1, 972, 48_600), (2, 972, 48_600)]
    assert sum(f.total for f in fees) == 1_944
    inv.refresh_from_db()
    assert (inv.paid_in_full_on, inv.late_fees_settled) == (D(2026, 4, 10), True)
    # The scheduled run afterwards charges nothing more: never twice, and not beyond the payment date.
    assert services.late_fee_run(actor=world.lahat_manager, as_of=D(2026, 6, 1)).invoices == 0
    assert Invoice.objects.filter(kind="denda").count() == 2


def test_run_then_payment_never_charges_twice_and_the_basis_is_the_contribution_due(world, company_pu):
    inv = _bill(world, company_pu)
    _pay(world, inv, D(2026, 2, 25), amount=40_000)  # partly paid a week late
    first = services.late_fee_run(actor=world.lahat_manager, as_of=D(2026, 3, 1))
    assert (first.invoices, first.total) == (1, 972)  # 2% of Rp48.600 due, not of the Rp8.600 left
    _pay(world, inv, D(2026, 3, 20), amount=8_600, ref="BNK-2")  # month 2 began on 19-03-2026
    assert sorted(inv.late_fees.values_list("fee_month", "total")) == [(1, 972), (2, 972)]
    assert services.late_fee_run(actor=world.lahat_manager, as_of=D(2026, 9, 1)).invoices == 0


def test_a_state_body_paying_for_its_own_staff_owes_no_late_fee(world):
    p = make_programme(
        "non-asn",
        world.pemkab_lahat,
        "16.04",
        segment="PU",
        wage_basis="wage",
        wage=3_000_000,
        start_date=D(2026, 1, 1),
    )
    people(p, 3)
    inv = _bill(world, p)
    assert services.late_fee_run(actor=world.lahat_manager, as_of=D(2026, 6, 1)).invoices == 0
    _pay(world, inv, D(2026, 6, 1))
    assert not Invoice.objects.filter(kind="denda").exists()
    inv.refresh_from_db()
    assert inv.late_fees_settled


def test_jp_has_its_own_late_fee_rule(world, company_pu, client_for):
    company_pu.has_jp = True
    company_pu.save()
    LateFeeRule.objects.filter(element="JP", employer_kind="other").update(percent_per_month=Decimal("1"))
    inv = _bill(world, company_pu)
    # JKK 7.200 + JKM 9.000 + JP 90.000 a person: 2% of 48.600 + 1% of 270.000 = 972 + 2.700.
    assert inv.total == 318_600
    result = services.late_fee_run(actor=world.lahat_manager, as_of=inv.due_date + dt.timedelta(days=1))
    fee = Invoice.objects.get(kind="denda")
    assert (result.total, fee.fee_percent, fee.fee_basis) == (3_672, None, 318_600)
    page = client_for(world.lahat_manager).get(f"/iuran/tagihan/{fee.number}/").content.decode()
    assert "Denda per program jaminan atas iuran terutang Rp318.600, bulan keterlambatan ke-1" in page
    pdf = client_for(world.lahat_manager).get(f"/iuran/tagihan/{fee.number}/pdf/")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    assert selectors.late_fee_percent("PU", D(2026, 1, 1), element="JP", employer_kind="state") == 0
    assert selectors.late_fee_percent("PU", D(2026, 1, 1), element="JKK", employer_kind="other") == 2


# --- budgets month by month -----------------------------------------------------------------------------


def test_budget_sums_each_months_own_amount(world, csr_bpu):
    # Jan-Mar Rp16.800, Apr-Dec Rp8.400 (PP 50/2025 from April): 100 x (3 x 16.800 + 9 x 8.400).
    b = services.budget_set(actor=world.lahat_manager, programme=csr_bpu, year=2026, planned_members=100)
    assert (b.planned_total, b.monthly_amount_per_person) == (12_600_000, 16_800)
    view = selectors.budget_view(user=world.lahat_manager, programme=csr_bpu, year=2026, as_of=D(2026, 1, 10))
    assert [r["plan_cumulative"] for r in view.monthly][2:4] == [5_040_000, 5_880_000]
    assert view.monthly[-1]["plan_cumulative"] == 12_600_000
    # The planner's own amount is used for every month.
    b = services.budget_set(
        actor=world.lahat_manager,
        programme=csr_bpu,
        year=2026,
        planned_members=100,
        monthly_amount_per_person=10_000,
    )
    assert b.planned_total == 12_000_000


def test_what_if_counts_each_month_its_members_and_amount(world, csr_bpu):
    stays, leaves = people(csr_bpu, 2)
    leaves.end_date = D(2026, 6, 30)
    leaves.save()
    view = selectors.budget_view(
        user=world.lahat_manager, programme=csr_bpu, year=2026, as_of=D(2026, 3, 15), target_headcount=10
    )
    # April-December at Rp8.400: 9 months for one, April-June for the other.
    assert view.months_left == 9
    assert view.committed == 9 * 8_400 + 3 * 8_400
    assert view.target_budget_rest == 10 * 9 * 8_400
    assert view.target_budget_year == 10 * (3 * 16_800 + 9 * 8_400)


def test_rates_page_marks_unverified_rules_and_lists_discounts_and_funder_kinds(world, client_for, csr_bpu):
    c = client_for(world.lahat_manager)
    page = c.get("/iuran/tarif/").content.decode()
    assert "Batas upah JP 2024 Rp10.042.300" in page and "Rp10.042.300" in page
    assert "Batas upah JP 2019 (pengumuman BPJS, pers)" in page
    discounts = page.split('id="discounts"')[1].split("</table>")[0]
    assert "Diskon 50% JKK/JKM BPU selain transportasi (PP 50/2025)" in discounts
    assert "04-2026 – 12-2026" in discounts and "01-2026 – 03-2027" in discounts
    assert discounts.count('<span class="badge warn">belum terverifikasi') == 2
    late = page.split('id="late-fees"')[1].split("</table>")[0]
    assert "Penyelenggara negara" in late and "PP 45/2015 (JP)" in late and "belum terverifikasi" in late
    kinds = page.split('id="funder-kinds"')[1].split("</table>")[0]
    assert "APBDes" in kinds and "Dana Desa dari APBN" in kinds
    services.budget_set(actor=world.lahat_manager, programme=csr_bpu, year=2026, planned_members=100)
    budget = c.get("/iuran/anggaran/csr-bpu/?tahun=2026").content.decode()
    assert "Rp12.600.000" in budget and "bulan pertama Rp16.800" in budget
