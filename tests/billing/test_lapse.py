"""Lapse after unpaid months, warnings before it, reinstatement when the arrears are paid in time."""

import datetime as dt

import pytest

from lindung.audit.models import AuditLog
from lindung.billing import services
from lindung.billing.models import Invoice
from lindung.memberships.models import Membership
from tests.billing.conftest import pay, people, run

D = dt.date
pytestmark = pytest.mark.django_db


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
