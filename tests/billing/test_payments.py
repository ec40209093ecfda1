"""Payments: oldest invoice first, overpayment only as credit, one reference per funder."""

import datetime as dt

import pytest

from lindung.billing import selectors
from lindung.billing.models import Invoice, Payment
from lindung.core.errors import ApplicationError
from tests.billing.conftest import pay, run, two_months

D = dt.date
pytestmark = pytest.mark.django_db


def test_partial_payment_goes_to_the_oldest_invoice_first(world, lahat_bpu):
    funder = two_months(world, lahat_bpu)
    p = pay(world, funder, 40_000, "trf-001")
    jan, feb = Invoice.objects.order_by("period")
    assert (jan.paid, jan.status) == (33_600, "paid")
    assert (feb.paid, feb.status) == (6_400, "partial")
    assert p.unallocated == 0 and p.receipt_number == "KWT-2026-000001"
    assert selectors.funder_outstanding(funder.pk) == 27_200


def test_overpayment_is_refused_unless_kept_as_credit_and_the_credit_pays_the_next_invoice(world, lahat_bpu):
    funder = two_months(world, lahat_bpu)
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
    funder = two_months(world, lahat_bpu)
    pay(world, funder, 10_000, "TRF 77")
    with pytest.raises(ApplicationError, match="sudah tercatat") as exc:
        pay(world, funder, 10_000, " trf  77 ")
    assert exc.value.code == "duplicate_reference"
    assert Payment.objects.count() == 1
