"""Monthly billing runs: an invoice per funder with a line per member and element, idempotent re-runs,
whole months, named sponsors, refusals."""

import datetime as dt

import pytest

from lindung.audit.models import AuditLog
from lindung.billing import services
from lindung.billing.models import BillingRun, Invoice, InvoiceLine
from lindung.core.errors import ApplicationError
from lindung.memberships.models import Membership
from lindung.programs.models import ProgrammeFunder
from tests.billing.conftest import OTHER_VILLAGE, people, run

D = dt.date
pytestmark = pytest.mark.django_db


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


def test_billing_splits_invoices_per_funder(world, csr_bpu):
    people(csr_bpu, 3)
    result = run(world, csr_bpu, D(2026, 4, 1))
    invoices = {i.funder.name: i for i in Invoice.objects.select_related("funder")}
    # PP 50/2025 discount (non-transport, from April 2026): 8.400 per person; 70% = 5.880, 30% = 2.520.
    assert invoices["PT Contoh"].total == 3 * 5_880
    assert invoices["Bu Sari"].total == 3 * 2_520
    assert result.total == 3 * 8_400 and result.lines == 12


def test_named_sponsor_pays_in_full_for_its_people(world, csr_bpu):
    budi = ProgrammeFunder.objects.create(programme=csr_bpu, kind="sertakan", name="Budi")
    members = people(csr_bpu, 4)
    assert services.sponsor_assign(actor=world.lahat_manager, funder=budi, niks=[members[0].person.nik]) == 1
    run(world, csr_bpu, D(2026, 4, 1))  # CSR-funded BPU: the April 2026 discount applies, Rp8.400 a person
    invoices = {i.funder_id: i for i in Invoice.objects.all()}
    assert invoices[budi.pk].total == 8_400 and invoices[budi.pk].members == 1
    assert sum(i.total for i in invoices.values()) == 4 * 8_400
    with pytest.raises(ApplicationError, match="berporsi"):
        services.sponsor_assign(actor=world.lahat_manager, funder=csr_bpu.funders.first(), niks=["1"])


def test_each_invoice_is_summed_per_village_with_its_lines(world, lahat_bpu):
    """The village summary the arrears and invoice pages read equals the lines it summarises, per invoice."""
    from django.db.models import Count, Sum

    from lindung.billing.models import InvoiceVillage

    people(lahat_bpu, 3)
    people(lahat_bpu, 2, village=OTHER_VILLAGE, start=10)
    run(world, lahat_bpu, dt.date(2026, 1, 1))
    people(lahat_bpu, 1, village=OTHER_VILLAGE, start=20)
    run(world, lahat_bpu, dt.date(2026, 1, 1))  # the late member: a second invoice of the same month
    from_lines = {
        (r["invoice_id"], r["region_code"]): (r["m"], r["n"], r["a"])
        for r in InvoiceLine.objects.values("invoice_id", "region_code").annotate(
            m=Count("membership_id", distinct=True), n=Count("id"), a=Sum("amount")
        )
    }
    summary = {
        (v.invoice_id, v.region_code): (v.members, v.lines, v.amount) for v in InvoiceVillage.objects.all()
    }
    assert summary == from_lines and len(summary) == 3
    assert sorted(m for m, _n, _a in summary.values()) == [1, 2, 3]
    for inv in Invoice.objects.all():
        assert sum(a for (i, _r), (_m, _n, a) in summary.items() if i == inv.pk) == inv.total


def test_arrears_per_village_share_each_invoice_outstanding(world, lahat_bpu):
    """Two overdue months in two villages (3 + 2 people, Rp16.800 each), January half paid: each village
    owes its share of what is left of each invoice; its people are the most billed in one month."""
    from lindung.billing import selectors
    from tests.billing.conftest import pay

    people(lahat_bpu, 3)
    people(lahat_bpu, 2, village=OTHER_VILLAGE, start=10)
    run(world, lahat_bpu, dt.date(2026, 1, 1))
    run(world, lahat_bpu, dt.date(2026, 2, 1))
    january = Invoice.objects.get(period=dt.date(2026, 1, 1))
    assert january.total == 84_000
    pay(world, lahat_bpu.funders.get(), 42_000, "TRF-1")  # oldest first: half of January
    rows = {
        r["region_code"]: r
        for r in selectors.arrears_by_village(user=world.lahat_manager, as_of=dt.date(2026, 6, 1))
    }
    from tests.factories import LAHAT_DESA

    assert set(rows) == {LAHAT_DESA, OTHER_VILLAGE}
    big, small = rows[LAHAT_DESA], rows[OTHER_VILLAGE]
    assert (big["members"], big["billed"], big["outstanding"]) == (3, 100_800, 25_200 + 50_400)
    assert (small["members"], small["billed"], small["outstanding"]) == (2, 67_200, 16_800 + 33_600)
    outsider = selectors.arrears_by_village(user=world.sarolangun_manager, as_of=dt.date(2026, 6, 1))
    assert outsider == []
