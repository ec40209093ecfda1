"""Membership start: the acceptance date (or the date of the BPJS branch's KPJ response), never before the
programme starts; a programme may deliberately back-date to its start. Billing follows the start."""

import datetime as dt

import pytest
from django.urls import reverse

from lindung.audit.models import AuditLog
from lindung.billing import services as billing
from lindung.core.errors import ApplicationError
from lindung.enrolment.services import batch_accept, batch_submit, batch_upload, batch_verify
from lindung.memberships.models import Membership
from lindung.programs.models import Programme, ProgrammeFunder

D = dt.date
pytestmark = pytest.mark.django_db
ROWS = (
    "NIK;Nama;Tanggal Lahir;L/P;Kode Desa;Penghasilan\n"
    "1604216512900001;Siti Aminah;25/12/1990;P;16.04.21.2008;2.500.000\n"
    "1604211203850002;Budi;12/03/1985;L;16.04.21.2008;\n"
)
KPJ = {"1604216512900001": "24000000001", "1604211203850002": "24000000002"}


@pytest.fixture
def programme(world):
    """Lahat's vulnerable workers from January 2026, APBD-funded: Rp16.800 a person at the lowest bracket."""
    p = Programme.objects.create(
        code="lahat-2026",
        name="Pekerja rentan Lahat 2026",
        owner=world.pemkab_lahat,
        region_code="16.04",
        target_group="pekerja_rentan",
        start_date=D(2026, 1, 1),
    )
    ProgrammeFunder.objects.create(programme=p, kind="apbd_kab", share_percent=100)
    return p


def verified(world, programme):
    batch = batch_upload(actor=world.desa_operator, programme=programme, filename="d.csv", data=ROWS.encode())
    batch_submit(actor=world.desa_operator, batch=batch)
    assert batch_verify(actor=world.lahat_manager, batch=batch) == 2
    return batch


def test_a_batch_accepted_in_october_is_billed_from_october(world, programme, client_for):
    batch = verified(world, programme)
    # Before acceptance the batch page says when the memberships would start.
    page = (
        client_for(world.lahat_manager)
        .get(reverse("enrolment:batch_detail", args=[batch.pk]))
        .content.decode()
    )
    assert 'id="start-preview"' in page and "kepesertaan mulai" in page
    assert batch_accept(actor=world.lahat_bpjs, batch=batch, kpj=KPJ, start_on=D(2026, 10, 15)).accepted == 2
    starts = set(Membership.objects.values_list("start_date", flat=True))
    assert starts == {D(2026, 10, 15)}
    log = AuditLog.objects.get(object_type="memberships.membership", action="bulk_update")
    assert log.extra["start_date"] == "2026-10-15"
    # The enrolment list's income column became Siti's own contribution base; Budi has none.
    wages = dict(Membership.objects.values_list("person__nik", "wage"))
    assert wages == {"1604216512900001": 2_500_000, "1604211203850002": None}
    for month in range(1, 10):
        assert (
            billing.billing_run(
                actor=world.lahat_manager, programme=programme, period=D(2026, month, 1)
            ).lines
            == 0
        )
    october = billing.billing_run(actor=world.lahat_manager, programme=programme, period=D(2026, 10, 1))
    # Siti: JKK 1% of Rp2.500.000 + JKM 6.800 = 31.800; Budi at the lowest bracket 16.800.
    assert (october.lines, october.total) == (4, 31_800 + 16_800)


def test_a_back_dating_programme_starts_memberships_with_the_programme(world, programme):
    programme.backdate_start = True
    programme.save()
    batch = verified(world, programme)
    batch_accept(actor=world.lahat_bpjs, batch=batch, kpj=KPJ, start_on=D(2026, 10, 15))
    assert set(Membership.objects.values_list("start_date", flat=True)) == {D(2026, 1, 1)}
    january = billing.billing_run(actor=world.lahat_manager, programme=programme, period=D(2026, 1, 1))
    assert (january.lines, january.total) == (4, 48_600)


def test_acceptance_before_the_programme_starts_waits_for_it_and_a_future_date_is_refused(world, programme):
    programme.start_date = D(2026, 3, 1)
    programme.save()
    batch = verified(world, programme)
    with pytest.raises(ApplicationError) as exc:
        batch_accept(actor=world.lahat_bpjs, batch=batch, kpj=KPJ, start_on=D(2099, 1, 1))
    assert exc.value.code == "start_on_future"
    assert set(Membership.objects.values_list("status", flat=True)) == {"pending"}
    batch_accept(actor=world.lahat_bpjs, batch=batch, kpj=KPJ, start_on=D(2026, 2, 10))
    assert set(Membership.objects.values_list("start_date", flat=True)) == {D(2026, 3, 1)}
