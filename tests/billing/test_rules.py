"""Billing rules with exact Rupiah: rates by date, discounts, shares, due dates, idempotent runs, payments,
lapse and reinstatement, budgets."""

import datetime as dt
from decimal import Decimal

import pytest

from lindung.audit.models import AuditLog
from lindung.billing import calendar, selectors, services
from lindung.billing.models import BillingRun, Invoice, InvoiceLine, Payment
from lindung.billing.rates import contribution_amounts, funder_split
from lindung.core.errors import ApplicationError
from lindung.memberships.models import Membership
from lindung.programs.models import ProgrammeFunder
from tests.billing.conftest import OTHER_VILLAGE, people
from tests.helpers import make_programme

D = dt.date
pytestmark = pytest.mark.django_db


def run(world, programme, period):
    return services.billing_run(actor=world.lahat_manager, programme=programme, period=period)


# --- rates ---------------------------------------------------------------------------------------------


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
    assert contribution_amounts(csr_bpu, D(2026, 3, 1)).per_element == {"JKK": 5_000, "JKM": 3_400}
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
    assert contribution_amounts(p, D(2026, 1, 1)).per_element == {"JKK": 192_000, "JKM": 24_000}


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


def test_billing_splits_invoices_per_funder(world, csr_bpu):
    people(csr_bpu, 3)
    result = run(world, csr_bpu, D(2026, 3, 1))
    invoices = {i.funder.name: i for i in Invoice.objects.select_related("funder")}
    # 2026 discount: 8.400 per person; 70% = 5.880, 30% = 2.520.
    assert invoices["PT Contoh"].total == 3 * 5_880
    assert invoices["Bu Sari"].total == 3 * 2_520
    assert result.total == 3 * 8_400 and result.lines == 12


def test_named_sponsor_pays_in_full_for_its_people(world, csr_bpu):
    budi = ProgrammeFunder.objects.create(programme=csr_bpu, kind="sertakan", name="Budi")
    members = people(csr_bpu, 4)
    assert services.sponsor_assign(actor=world.lahat_manager, funder=budi, niks=[members[0].person.nik]) == 1
    run(world, csr_bpu, D(2026, 3, 1))  # CSR-funded BPU: the 2026 discount applies, Rp8.400 a person
    invoices = {i.funder_id: i for i in Invoice.objects.all()}
    assert invoices[budi.pk].total == 8_400 and invoices[budi.pk].members == 1
    assert sum(i.total for i in invoices.values()) == 4 * 8_400
    with pytest.raises(ApplicationError, match="berporsi"):
        services.sponsor_assign(actor=world.lahat_manager, funder=csr_bpu.funders.first(), niks=["1"])


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


def test_due_date_without_a_holiday_list_skips_weekends_only():
    assert calendar.due_date(segment="BPU", period=D(2023, 1, 1)) == (D(2023, 1, 16), False)


# --- billing runs --------------------------------------------------------------------------------------


def test_billing_run_bills_active_members_per_element(world, lahat_bpu):
    people(lahat_bpu, 3)
    people(lahat_bpu, 2, village=OTHER_VILLAGE, start=10)
    result = run(world, lahat_bpu, D(2026, 3, 1))
    assert (result.period, result.invoices, result.lines, result.total) == (D(2026, 3, 1), 1, 10, 84_000)
    inv = Invoice.objects.get()
    assert inv.number == "TGH-2026-000001"
    assert (inv.members, inv.total, inv.due_date) == (5, 84_000, D(2026, 3, 16))
    assert InvoiceLine.objects.filter(element="JKK", amount=10_000).count() == 5
    assert InvoiceLine.objects.filter(region_code=OTHER_VILLAGE).count() == 4
    assert AuditLog.objects.filter(object_type="billing.billingrun").count() == 1
    second = run(world, lahat_bpu, D(2026, 4, 1))
    assert second.invoice_numbers == ["TGH-2026-000002"]


def test_rerun_changes_nothing_and_bills_only_late_members(world, lahat_bpu):
    people(lahat_bpu, 3)
    run(world, lahat_bpu, D(2026, 3, 1))
    again = run(world, lahat_bpu, D(2026, 3, 1))
    assert (again.invoices, again.lines, again.total, again.invoice_numbers) == (0, 0, 0, [])
    assert (Invoice.objects.count(), InvoiceLine.objects.count(), BillingRun.objects.count()) == (1, 6, 1)
    people(lahat_bpu, 1, start=50)
    late = run(world, lahat_bpu, D(2026, 3, 1))
    assert (late.invoices, late.lines, late.total) == (1, 2, 16_800)


def test_mid_month_start_and_end_bill_the_whole_month_and_pending_is_not_billed(world, lahat_bpu):
    starts, ends, pending = people(lahat_bpu, 3)
    starts.start_date = D(2026, 3, 20)
    starts.save()
    ends.status, ends.end_date = Membership.Status.ENDED, D(2026, 3, 5)
    ends.save()
    pending.status = Membership.Status.PENDING
    pending.save()
    assert run(world, lahat_bpu, D(2026, 2, 1)).lines == 2  # only `ends`
    assert run(world, lahat_bpu, D(2026, 3, 1)).lines == 4  # both
    assert run(world, lahat_bpu, D(2026, 4, 1)).lines == 2  # only `starts`


def test_period_outside_the_programme_and_outsiders_are_refused(world, lahat_bpu):
    with pytest.raises(ApplicationError, match="sebelum program"):
        run(world, lahat_bpu, D(2025, 12, 1))
    with pytest.raises(ApplicationError, match="di luar wilayah"):
        services.billing_run(actor=world.sarolangun_manager, programme=lahat_bpu, period=D(2026, 3, 1))
    with pytest.raises(ApplicationError, match="Hanya manajer"):
        services.billing_run(actor=world.lahat_viewer, programme=lahat_bpu, period=D(2026, 3, 1))


# --- payments ------------------------------------------------------------------------------------------


def _two_months(world, programme):
    people(programme, 2)
    run(world, programme, D(2026, 1, 1))
    run(world, programme, D(2026, 2, 1))
    return programme.funders.get()


FEB_20 = D(2026, 2, 20)


def pay(world, funder, amount, ref, day=FEB_20, **kw):
    return services.payment_record(
        actor=world.lahat_finance, funder=funder, amount=amount, reference=ref, paid_on=day, **kw
    )


def test_partial_payment_goes_to_the_oldest_invoice_first(world, lahat_bpu):
    funder = _two_months(world, lahat_bpu)
    p = pay(world, funder, 40_000, "trf-001")
    jan, feb = Invoice.objects.order_by("period")
    assert (jan.paid, jan.status) == (33_600, "paid")
    assert (feb.paid, feb.status) == (6_400, "partial")
    assert p.unallocated == 0 and p.receipt_number == "KWT-2026-000001"
    assert selectors.funder_outstanding(funder.pk) == 27_200


def test_overpayment_is_refused_unless_kept_as_credit_and_the_credit_pays_the_next_invoice(world, lahat_bpu):
    funder = _two_months(world, lahat_bpu)
    with pytest.raises(ApplicationError, match="melebihi tagihan terutang") as exc:
        pay(world, funder, 100_000, "TRF-002")
    assert exc.value.code == "overpayment" and not Payment.objects.exists()
    p = pay(world, funder, 100_000, "TRF-002", allow_credit=True)
    assert p.unallocated == 100_000 - 67_200
    assert selectors.funder_credit(funder.pk) == 32_800
    run(world, lahat_bpu, D(2026, 3, 1))
    march = Invoice.objects.get(period=D(2026, 3, 1))
    assert (march.paid, march.status) == (32_800, "partial")
    assert selectors.funder_credit(funder.pk) == 0


def test_duplicate_reference_is_refused(world, lahat_bpu):
    funder = _two_months(world, lahat_bpu)
    pay(world, funder, 10_000, "TRF 77")
    with pytest.raises(ApplicationError, match="sudah tercatat") as exc:
        pay(world, funder, 10_000, " trf  77 ")
    assert exc.value.code == "duplicate_reference"
    assert Payment.objects.count() == 1


def test_bank_statement_import(world, lahat_bpu):
    _two_months(world, lahat_bpu)
    csv = (
        b"Tanggal;Referensi;Keterangan;Jumlah\n"
        b"20/02/2026;BNK-1;Bayar TGH-2026-000001 iuran;33.600\n"
        b"21/02/2026;BNK-2;transfer lain;50.000\n"
    )
    result = services.payments_import(actor=world.lahat_finance, data=csv, filename="rk.csv")
    assert [p.reference for p in result.recorded] == ["BNK-1"]
    assert any("BNK-2" not in s and "Baris 3" in s for s in result.skipped)
    assert Invoice.objects.get(number="TGH-2026-000001").status == "paid"
    again = services.payments_import(actor=world.lahat_finance, data=csv, filename="rk.csv")
    assert not again.recorded and "sudah tercatat" in again.skipped[0]
    bad = b"Tanggal;Referensi;Keterangan;Jumlah\n31/02/2026;X;TGH-2026-000002;12,5abc\n"
    with pytest.raises(ApplicationError) as exc:
        services.payments_import(actor=world.lahat_finance, data=bad)
    assert exc.value.code == "statement_invalid" and len(exc.value.extra["errors"]) == 2
    assert Payment.objects.count() == 1


# --- lapse ---------------------------------------------------------------------------------------------


def test_warnings_at_one_and_two_months_then_lapse_at_three_and_reinstatement(world, lahat_bpu):
    people(lahat_bpu, 2)
    for m in (1, 2, 3, 4):
        run(world, lahat_bpu, D(2026, m, 1))
    # Due dates: 15 Jan, 16 Feb, 16 Mar, 15 Apr 2026.
    assert services.lapse_run(actor=world.lahat_manager, as_of=D(2026, 1, 20)).warned == {1: 2}
    assert services.lapse_run(actor=world.lahat_manager, as_of=D(2026, 2, 20)).warned == {2: 2}
    lapsed = services.lapse_run(actor=world.lahat_manager, as_of=D(2026, 3, 20))
    assert lapsed.lapsed == 2
    m = Membership.objects.first()
    assert (m.status, m.end_date, m.lapsed_on) == ("lapsed", D(2025, 12, 31), D(2026, 3, 20))
    # Lapsed members are not billed for later months.
    assert run(world, lahat_bpu, D(2026, 5, 1)).lines == 0
    # Paying all arrears within three months reinstates them.
    funder = lahat_bpu.funders.get()
    pay(world, funder, 4 * 33_600, "LUNAS-1", day=D(2026, 4, 30))
    m.refresh_from_db()
    assert (m.status, m.end_date, m.lapsed_on) == ("active", None, None)
    assert run(world, lahat_bpu, D(2026, 5, 1)).lines == 4


def test_a_reinstatement_caused_by_a_payment_is_audited_as_the_paying_user(world, lahat_bpu):
    people(lahat_bpu, 2)
    for m in (1, 2, 3):
        run(world, lahat_bpu, D(2026, m, 1))
    assert services.lapse_run(actor=world.lahat_manager, as_of=D(2026, 3, 20)).lapsed == 2
    before = AuditLog.objects.order_by("-id").values_list("id", flat=True).first()
    payment = pay(world, lahat_bpu.funders.get(), 3 * 33_600, "LUNAS-7", day=D(2026, 4, 30))
    assert Membership.objects.filter(status=Membership.Status.ACTIVE).count() == 2
    written = AuditLog.objects.filter(id__gt=before)
    reinstated = written.get(object_type="memberships.membership")
    assert (reinstated.actor, reinstated.actor_name) == (world.lahat_finance, "lahat_finance")
    assert reinstated.extra["reinstated"] is True and reinstated.extra["payment"] == payment.receipt_number
    assert reinstated.extra["count"] == 2
    assert not written.filter(actor_name="sistem").exists()
    # The allocation's audit records the invoice's status before and after.
    march = Invoice.objects.get(period=D(2026, 3, 1))
    change = written.get(object_type="billing.invoice", object_id=str(march.pk))
    assert change.changes == {"paid": [0, 33_600], "status": ["open", "paid"]}


def test_no_reinstatement_when_paid_too_late(world, lahat_bpu):
    people(lahat_bpu, 1)
    for m in (1, 2, 3):
        run(world, lahat_bpu, D(2026, m, 1))
    assert services.lapse_run(actor=world.lahat_manager, as_of=D(2026, 3, 20)).lapsed == 1
    pay(world, lahat_bpu.funders.get(), 3 * 16_800, "TELAT", day=D(2026, 8, 3))
    assert Membership.objects.get().status == "lapsed"


# --- budgets -------------------------------------------------------------------------------------------


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
    from lindung.programs.services import programme_funders_set

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
