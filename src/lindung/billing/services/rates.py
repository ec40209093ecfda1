"""Contribution rates: added from a date on, never changed or removed (decision 18)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation

from django.db import transaction
from django.utils.translation import gettext as _

from lindung.accounts.permissions import can_add_rate
from lindung.audit.services import audit_created
from lindung.billing import calendar, limits
from lindung.billing.models import ContributionRate, Element, Invoice
from lindung.billing.rates import month_text
from lindung.billing.services.common import require, user_or_none
from lindung.core.errors import ApplicationError
from lindung.core.formatting import rupiah
from lindung.programs.models import Programme


def _percent(value) -> Decimal:
    try:
        percent = Decimal(str(value).replace(",", "."))
    except InvalidOperation as exc:
        raise ApplicationError(_("Persen harus berupa angka."), code="rate_value") from exc
    if not 0 < percent <= 100:
        raise ApplicationError(_("Persen harus lebih dari 0 dan paling banyak 100."), code="rate_value")
    return percent


def _check_kind(*, segment: str, element: str, variant: str, risk_class: int) -> None:
    if segment not in Programme.Segment.values:
        raise ApplicationError(_("Segmen harus BPU atau PU."), code="segment")
    if element not in Element.values or element == Element.PAKET:
        raise ApplicationError(
            _("Program jaminan %(element)s tidak dikenal.") % {"element": repr(element)}, code="element"
        )
    if variant not in ContributionRate.Variant.values:
        raise ApplicationError(
            _("Varian %(variant)s tidak dikenal.") % {"variant": repr(variant)}, code="variant"
        )
    if not 0 <= int(risk_class) <= 5:
        raise ApplicationError(_("Kelompok risiko harus 0 (semua) sampai 5."), code="risk_class")


def _check_not_billed(*, segment: str, effective_from: dt.date) -> None:
    billed = (
        Invoice.objects.filter(programme__segment=segment, period__gte=calendar.month_start(effective_from))
        .order_by("-period")
        .values_list("period", flat=True)
        .first()
    )
    if billed is not None:
        raise ApplicationError(
            _(
                "Periode %(month)s sudah ditagih untuk segmen %(segment)s; tarif baru hanya boleh berlaku "
                "mulai bulan sesudahnya (riwayat tarif tidak ditulis ulang)."
            )
            % {"month": month_text(billed), "segment": segment},
            code="rate_retroactive",
        )


@transaction.atomic
def rate_add(
    *,
    actor,
    segment: str,
    element: str,
    effective_from: dt.date,
    percent: Decimal | None = None,
    amount: int | None = None,
    variant: str = ContributionRate.Variant.STANDARD,
    risk_class: int = 0,
    min_base: int | None = None,
    max_base: int | None = None,
    source: str = "",
    verified: bool = True,
) -> ContributionRate:
    """Adds a rate from a date on. Rates are never changed or removed, and a new rate cannot reach back
    into a month that has already been billed (history is not rewritten)."""
    require(actor is None or can_add_rate(actor), _("Hanya admin sistem yang menambah tarif."))
    _check_kind(segment=segment, element=element, variant=variant, risk_class=risk_class)
    if (percent is None) == (amount is None):
        raise ApplicationError(_("Isi persen atau nominal tetap, salah satu saja."), code="rate_value")
    if percent is not None:
        percent = _percent(percent)
    if amount is not None and int(amount) <= 0:
        raise ApplicationError(_("Nominal tetap harus lebih dari Rp0."), code="rate_value")
    if amount is not None:
        limits.check_amount(
            int(amount), what=_("Nominal tetap"), code="rate_value", maximum=limits.MAX_MONTHLY_AMOUNT
        )
    for base in (min_base, max_base):
        if base is not None and not 0 < int(base) <= limits.MAX_AMOUNT:
            raise ApplicationError(
                _("Dasar iuran harus lebih dari Rp0 dan paling banyak %(max)s.")
                % {"max": rupiah(limits.MAX_AMOUNT)},
                code="rate_base",
            )
    limits.check_date_in_range(effective_from, what=_("Tanggal berlaku"), code="effective_from")
    _check_not_billed(segment=segment, effective_from=effective_from)
    if ContributionRate.objects.filter(
        segment=segment,
        element=element,
        variant=variant,
        risk_class=risk_class,
        effective_from=effective_from,
    ).exists():
        raise ApplicationError(
            _("Sudah ada tarif untuk program jaminan ini dengan tanggal berlaku yang sama."),
            code="rate_exists",
        )
    rate = ContributionRate.objects.create(
        segment=segment,
        element=element,
        variant=variant,
        risk_class=risk_class,
        effective_from=effective_from,
        percent=percent,
        amount=amount,
        min_base=min_base,
        max_base=max_base,
        source=source,
        verified=verified,
        created_by=user_or_none(actor),
    )
    audit_created(actor=actor, instance=rate)
    return rate
