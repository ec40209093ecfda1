"""Who sees which money: a user sees the invoices and payments of programmes in their area; a company or
SERTAKAN sponsor sees only what concerns its own funding; villages, election bodies, prosecutors and the permit
office see none (accounts.permissions.can_view_money). Fetching one object outside that answers 404."""

from __future__ import annotations

from django.db.models import QuerySet
from django.http import Http404

from lindung.accounts.permissions import can_view_money, is_sponsor_user
from lindung.billing.models import BillingRun, Invoice, Payment
from lindung.core.scoping import region_q, user_area_codes
from lindung.programs.models import ProgrammeFunder


def funder_scope(user) -> QuerySet[ProgrammeFunder]:
    qs = ProgrammeFunder.objects.select_related("programme", "organisation")
    if is_sponsor_user(user):
        return qs.filter(organisation=user.organisation)
    if not can_view_money(user):
        return qs.none()
    return qs.filter(region_q(user_area_codes(user), "programme__region_code"))


def invoice_scope(user) -> QuerySet[Invoice]:
    qs = Invoice.objects.select_related("programme", "funder__organisation", "fee_for")
    if is_sponsor_user(user):
        return qs.filter(funder__organisation=user.organisation)
    if not can_view_money(user):
        return qs.none()
    return qs.filter(region_q(user_area_codes(user)))


def payment_scope(user) -> QuerySet[Payment]:
    qs = Payment.objects.select_related("funder__programme", "funder__organisation")
    if is_sponsor_user(user):
        return qs.filter(funder__organisation=user.organisation)
    if not can_view_money(user):
        return qs.none()
    return qs.filter(region_q(user_area_codes(user)))


def invoice_get(*, user, number: str) -> Invoice:
    inv = invoice_scope(user).filter(number=number).first()
    if inv is None:
        raise Http404("Tagihan tidak ditemukan.")
    return inv


def payment_get(*, user, receipt: str) -> Payment:
    pay = payment_scope(user).filter(receipt_number=receipt).first()
    if pay is None:
        raise Http404("Pembayaran tidak ditemukan.")
    return pay


def funder_get(*, user, pk: int) -> ProgrammeFunder:
    f = funder_scope(user).filter(pk=pk).first()
    if f is None:
        raise Http404("Penyandang dana tidak ditemukan.")
    return f


def billing_run_get(*, user, pk: int) -> BillingRun:
    """One billing run of a programme in the user's area (sponsors and offices without money pages: 404)."""
    qs = BillingRun.objects.select_related("programme")
    if is_sponsor_user(user) or not can_view_money(user):
        raise Http404("Penagihan tidak ditemukan.")
    run = qs.filter(region_q(user_area_codes(user)), pk=pk).first()
    if run is None:
        raise Http404("Penagihan tidak ditemukan.")
    return run
