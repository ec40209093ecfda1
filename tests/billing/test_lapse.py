"""Lapse after unpaid months, warnings before it, reinstatement when the arrears are paid in time."""

import datetime as dt

import pytest

from lindung.audit.models import AuditLog
from lindung.billing import selectors, services
from lindung.billing.models import Invoice
from lindung.memberships.models import Membership
from tests.billing.conftest import pay, people, run
from tests.helpers import make_programme

D = dt.date
pytestmark = pytest.mark.django_db


def test_warnings_up_to_three_months_then_lapse_after_more_than_three_and_reinstatement(world, lahat_bpu):
    people(lahat_bpu, 2)
    for m in (1, 2, 3, 4):
        run(world, lahat_bpu, D(2026, m, 1))
    # Due dates: 15 Jan, 16 Feb, 16 Mar, 15 Apr 2026.
    assert services.lapse_run(actor=world.lahat_manager, as_of=D(2026, 1, 20)).warned == {1: 2}
    assert services.lapse_run(actor=world.lahat_manager, as_of=D(2026, 2, 20)).warned == {2: 2}
    # Three unpaid months is not yet "more than three": a warning, still active.
    three = services.lapse_run(actor=world.lahat_manager, as_of=D(2026, 3, 20))
    assert (three.lapsed, three.warned) == (0, {3: 2})
    assert Membership.objects.filter(status="active").count() == 2
    lapsed = services.lapse_run(actor=world.lahat_manager, as_of=D(2026, 4, 20))
    assert lapsed.lapsed == 2
    m = Membership.objects.first()
    assert (m.status, m.end_date, m.lapsed_on) == ("lapsed", D(2025, 12, 31), D(2026, 4, 20))
    # Lapsed members are not billed for later months.
    assert run(world, lahat_bpu, D(2026, 5, 1)).lines == 0
    # Paying all arrears within three months reinstates them.
    funder = lahat_bpu.funders.get()
    pay(world, funder, 4 * 33_600, "LUNAS-1", day=D(2026, 4, 30))
    m.refresh_from_db()
    assert (m.status, m.end_date, m.lapsed_on) == ("active", None, None)
    assert run(world, lahat_bpu, D(2026, 5, 1)).lines == 4


def test_the_months_are_a_programme_setting(world, lahat_bpu):
    """N = 1: one unpaid month warns, two lapse."""
    lahat_bpu.lapse_after_months = 1
    lahat_bpu.save()
    people(lahat_bpu, 1)
    for m in (1, 2):
        run(world, lahat_bpu, D(2026, m, 1))
    one = services.lapse_run(actor=world.lahat_manager, as_of=D(2026, 1, 16))
    assert (one.lapsed, one.warned) == (0, {1: 1})
    assert services.lapse_run(actor=world.lahat_manager, as_of=D(2026, 2, 25)).lapsed == 1
    assert Membership.objects.get().lapsed_on == D(2026, 2, 25)


def test_pu_memberships_never_lapse_the_employer_pays_benefits_first(world, client_for):
    pu = make_programme(
        "non-asn-pu",
        world.pemkab_lahat,
        "16.04",
        segment="PU",
        wage_basis="wage",
        wage=3_000_000,
        start_date=D(2026, 1, 1),
    )
    (member,) = people(pu, 1)
    for m in (1, 2, 3, 4, 5):
        run(world, pu, D(2026, m, 1))
    # PU due dates are the 15th of the next month: January..April are overdue on 20-05-2026 (4 months).
    result = services.lapse_run(actor=world.lahat_manager, as_of=D(2026, 5, 20))
    assert (result.lapsed, result.warned) == (0, {})
    member.refresh_from_db()
    assert (member.status, member.end_date, member.lapsed_on) == ("active", None, None)
    member = Membership.objects.select_related("programme").get(pk=member.pk)
    facts = selectors.employer_arrears(memberships=[member], as_of=D(2026, 5, 20))
    assert facts == {member.pk: selectors.EmployerArrears(months=4, since=D(2026, 1, 1))}
    assert not selectors.employer_arrears(memberships=[member], as_of=D(2026, 1, 10))
    # The arrears page says so instead of "will lapse"; so does the person's page.
    c = client_for(world.lahat_manager)
    page = c.get("/iuran/tunggakan/").content.decode()
    assert "pemberi kerja membayar manfaat lebih dulu (PP 44/2015)" in page
    assert "terhenti bila diproses" not in page
    person_page = c.get(f"/orang/{member.person_id}/").content.decode()
    assert "Pemberi kerja menunggak iuran" in person_page
    assert "pemberi kerja membayar manfaat lebih dulu (PP 44/2015)" in person_page


def test_a_reinstatement_caused_by_a_payment_is_audited_as_the_paying_user(world, lahat_bpu):
    people(lahat_bpu, 2)
    for m in (1, 2, 3, 4):
        run(world, lahat_bpu, D(2026, m, 1))
    assert services.lapse_run(actor=world.lahat_manager, as_of=D(2026, 4, 20)).lapsed == 2
    before = AuditLog.objects.order_by("-id").values_list("id", flat=True).first()
    payment = pay(world, lahat_bpu.funders.get(), 4 * 33_600, "LUNAS-7", day=D(2026, 4, 30))
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
    for m in (1, 2, 3, 4):
        run(world, lahat_bpu, D(2026, m, 1))
    assert services.lapse_run(actor=world.lahat_manager, as_of=D(2026, 4, 20)).lapsed == 1
    pay(world, lahat_bpu.funders.get(), 4 * 16_800, "TELAT", day=D(2026, 8, 3))
    assert Membership.objects.get().status == "lapsed"


def test_a_membership_wage_is_edited_with_audit_by_who_may_end_it(world, client_for, lahat_bpu):
    (m,) = people(lahat_bpu, 1)
    c = client_for(world.desa_operator)
    r = c.post(f"/peserta/{m.pk}/upah/", {"wage": "2.500.000"}, follow=True)
    assert "Upah kepesertaan disimpan." in r.content.decode()
    m.refresh_from_db()
    assert m.wage == 2_500_000
    log = AuditLog.objects.get(object_type="memberships.membership", object_id=str(m.pk), action="update")
    assert log.changes == {"wage": [None, 2_500_000]} and log.actor == world.desa_operator
    c.post(f"/peserta/{m.pk}/upah/", {"wage": ""})
    m.refresh_from_db()
    assert m.wage is None
    r = c.post(f"/peserta/{m.pk}/upah/", {"wage": "-5"}, follow=True)
    assert m.wage is None and "alert" in r.content.decode()


def test_pu_arrears_and_the_wage_form_in_english(world, client_for):
    pu = make_programme(
        "non-asn-pu", world.pemkab_lahat, "16.04", segment="PU", wage=3_000_000, start_date=D(2026, 1, 1)
    )
    (member,) = people(pu, 1)
    run(world, pu, D(2026, 1, 1))
    c = client_for(world.lahat_manager)
    page = c.get("/iuran/tunggakan/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "the employer pays the benefits first (PP 44/2015)" in page
    person = c.get(f"/orang/{member.person_id}/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "The employer owes 1 month of contributions since 01-2026" in person
    assert "Save wage" in person and "Simpan upah" not in person


def test_the_lapse_outlook_counts_the_people_billed_in_the_latest_month(world, csr_bpu):
    """Shared funders bill the same people (CSR 70% and SERTAKAN 30% of three): three, not six; a member who
    joined in March counts from March's invoice on."""
    people(csr_bpu, 3)
    run(world, csr_bpu, D(2026, 1, 1))
    run(world, csr_bpu, D(2026, 2, 1))
    (row,) = selectors.lapse_outlook(user=world.lahat_manager, as_of=D(2026, 2, 20))
    assert (row["months"], row["active"], row["will_lapse"]) == (2, 3, False)
    people(csr_bpu, 1, start=10)
    run(world, csr_bpu, D(2026, 3, 1))
    (row,) = selectors.lapse_outlook(user=world.lahat_manager, as_of=D(2026, 3, 20))
    assert (row["months"], row["active"], row["will_lapse"]) == (3, 4, False)
    assert selectors.lapse_outlook(user=world.sarolangun_manager, as_of=D(2026, 3, 20)) == []
