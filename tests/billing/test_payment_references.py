"""Payment references are unique per funder, not nationwide, and no refusal names or describes an invoice,
funder, programme or payment outside the user's area."""

import datetime as dt
import json

import pytest
from django.db import IntegrityError, transaction

from lindung.billing import services
from lindung.billing.models import Invoice, Payment
from lindung.core.errors import ApplicationError
from tests.billing.conftest import people
from tests.helpers import api_client, make_programme

D = dt.date
SARO_DESA = "15.03.01.2001"
pytestmark = pytest.mark.django_db


@pytest.fixture
def two_regencies(world, lahat_bpu):
    """One March 2026 invoice in Lahat (2 members) and one in Sarolangun (1 member)."""
    saro = make_programme("saro-bpu", world.pemkab_sarolangun, "15.03", start_date=D(2026, 1, 1))
    people(lahat_bpu, 2)
    people(saro, 1, village=SARO_DESA, start=500)
    services.billing_run(actor=world.lahat_manager, programme=lahat_bpu, period=D(2026, 3, 1))
    services.billing_run(actor=world.sarolangun_manager, programme=saro, period=D(2026, 3, 1))
    return Invoice.objects.get(programme=lahat_bpu), Invoice.objects.get(programme=saro)


MARCH_5 = D(2026, 3, 5)


def pay(user, invoice, reference, amount, day=MARCH_5):
    return services.payment_record(
        actor=user, funder=invoice.funder, amount=amount, reference=reference, paid_on=day
    )


def test_the_same_reference_is_recorded_for_two_funders_and_reveals_nothing(world, two_regencies):
    lahat, saro = two_regencies
    pay(world.sarolangun_finance, saro, "BRI-77", 16_800)
    body = {"invoice": lahat.number, "amount": 20_000, "reference": "bri-77", "paid_on": "2026-03-20"}
    r = api_client(world.lahat_finance).post(
        "/api/v1/payments", data=json.dumps(body), content_type="application/json"
    )
    assert r.status_code == 201
    assert "05-03-2026" not in r.content.decode() and "16.800" not in r.content.decode()
    assert sorted(Payment.objects.values_list("funder__programme__code", "reference")) == [
        ("lahat-bpu", "BRI-77"),
        ("saro-bpu", "BRI-77"),
    ]


def test_a_duplicate_for_the_same_funder_is_refused_naming_only_its_own_payment(world, two_regencies):
    lahat, saro = two_regencies
    pay(world.sarolangun_finance, saro, "BRI-77", 16_800)
    pay(world.lahat_finance, lahat, "BRI-77", 10_000, day=D(2026, 3, 9))
    with pytest.raises(ApplicationError) as exc:
        pay(world.lahat_finance, lahat, " bri-77 ", 5_000)
    assert exc.value.code == "duplicate_reference"
    assert exc.value.message == (
        "Nomor referensi BRI-77 sudah tercatat pada 09-03-2026 sebesar Rp10.000; pembayaran yang sama tidak "
        "dicatat dua kali."
    )
    assert Payment.objects.count() == 2


def test_the_database_keeps_one_reference_per_funder(world, two_regencies):
    lahat, _saro = two_regencies
    pay(world.lahat_finance, lahat, "BRI-1", 1_000)
    with pytest.raises(IntegrityError), transaction.atomic():
        Payment.objects.create(
            funder=lahat.funder,
            reference="BRI-1",
            paid_on=D(2026, 3, 5),
            amount=1,
            region_code="16.04",
            receipt_number="KWT-X",
        )


def test_a_statement_skips_a_reference_only_when_that_funder_has_it(world, two_regencies):
    lahat, saro = two_regencies
    pay(world.sarolangun_finance, saro, "MDR-5", 16_800)
    pay(world.lahat_finance, lahat, "MDR-6", 1_000)
    csv = (
        "tanggal,referensi,keterangan,jumlah\n"
        f"20/03/2026,MDR-5,{lahat.number},10.000\n"
        f"20/03/2026,MDR-6,{lahat.number},1.000\n"
        f"20/03/2026,MDR-7,bayar {saro.number},16.800\n"
    ).encode()
    result = services.payments_import(actor=world.lahat_finance, data=csv)
    assert [p.reference for p in result.recorded] == ["MDR-5"]
    assert result.skipped == [
        "Baris 3: referensi MDR-6 sudah tercatat, dilewati.",
        "Baris 4: tidak ada nomor tagihan yang dikenal di keterangan, dilewati.",
    ]
    assert saro.number not in " ".join(result.skipped)


def test_refusals_outside_the_area_do_not_name_what_they_refuse(world, two_regencies):
    lahat, saro = two_regencies
    with pytest.raises(ApplicationError) as exc:
        pay(world.lahat_finance, saro, "X-1", 1_000)
    assert exc.value.code == "outside_area" and exc.value.message == "Program ini di luar wilayah kerja Anda."
    with pytest.raises(ApplicationError) as exc:
        services.billing_run(actor=world.sarolangun_manager, programme=lahat.programme, period=D(2026, 4, 1))
    assert "lahat" not in exc.value.message.lower()
    body = {"invoice": saro.number, "amount": 1_000, "reference": "X-2", "paid_on": "2026-03-20"}
    r = api_client(world.lahat_finance).post(
        "/api/v1/payments", data=json.dumps(body), content_type="application/json"
    )
    assert r.status_code == 404 and saro.number not in r.content.decode()
    assert not Payment.objects.exists()
