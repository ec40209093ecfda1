"""The contribution calculator: what a person costs a month for a segment, wage or declared income, risk
class, elements, month, JKP participation and funder kind, from the same dated rules billing uses
(``rates.quote``), with the due date from the working-day calendar. Shared by the page and the API
(``GET /api/v1/rules/contribution`` and ``/rules/due-date``); every bad parameter is an ``ApplicationError``
with an Indonesian message (422 in the API)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.utils.translation import gettext as _

from lindung.billing import calendar, limits
from lindung.billing.models import Sector
from lindung.billing.rates import Amounts, quote
from lindung.core.errors import ApplicationError
from lindung.core.workdays import day_off_reason
from lindung.programs.models import Programme, ProgrammeFunder

ELEMENTS = ("JKK", "JKM", "JHT", "JP")


@dataclass(frozen=True)
class DueDate:
    due_date: dt.date
    moved_from: dt.date | None
    reason: str | None

    def as_dict(self) -> dict:
        return {
            "due_date": self.due_date.isoformat(),
            "moved_from": self.moved_from.isoformat() if self.moved_from else None,
            "reason": self.reason,
        }


def check_segment(segment: str | None) -> str:
    value = (segment or "").strip().upper()
    if value not in Programme.Segment.values:
        raise ApplicationError(
            _("Segmen %(value)s tidak dikenal; isi BPU atau PU.") % {"value": repr(segment or "")},
            code="segment",
        )
    return value


def check_period(period: str | None) -> dt.date:
    return calendar.period_parse(period or "")


def due_date_of(*, segment: str | None, period: str | None) -> DueDate:
    """The due date of a month's contribution, the nominal date it moved from (a weekend or a day off)
    and why."""
    segment = check_segment(segment)
    month = check_period(period)
    nominal = (month if segment == "BPU" else calendar.add_months(month, 1)).replace(day=calendar.DUE_DAY)
    due, _known = calendar.due_date(segment=segment, period=month)
    if due == nominal:
        return DueDate(due, None, None)
    return DueDate(due, nominal, day_off_reason(nominal))


def _elements(text: str | None, segment: str) -> list[str]:
    names = [e.strip().upper() for e in (text or "").split(",") if e.strip()]
    if not names:
        raise ApplicationError(
            _("Pilih paling sedikit satu program jaminan: JKK, JKM, JHT atau JP."), code="elements"
        )
    unknown = [n for n in names if n not in ELEMENTS]
    if unknown:
        raise ApplicationError(
            _("Program jaminan %(names)s tidak dikenal; pilih dari JKK, JKM, JHT, JP.")
            % {"names": ", ".join(unknown)},
            code="elements",
        )
    if segment == "BPU" and "JP" in names:
        raise ApplicationError(_("JP (pensiun) hanya untuk peserta PU."), code="elements")
    return [e for e in ELEMENTS if e in names]  # the usual order, each once


def _whole_rupiah(value, *, what: str, code: str) -> int | None:
    if value in (None, ""):
        return None
    try:
        amount = int(str(value).strip())
    except ValueError as exc:
        raise ApplicationError(
            _("%(what)s harus bilangan bulat Rupiah tanpa titik, misalnya 3000000.") % {"what": what},
            code=code,
        ) from exc
    if amount <= 0:
        raise ApplicationError(_("%(what)s harus lebih dari Rp0.") % {"what": what}, code=code)
    return limits.check_amount(amount, what=what, code=code)


def _risk(value, segment: str, elements: list[str]) -> int:
    if segment != "PU" or "JKK" not in elements:
        return 0
    if value in (None, ""):
        raise ApplicationError(
            _("Kelompok risiko wajib untuk JKK peserta PU: 1 (sangat rendah) sampai 5 (sangat tinggi)."),
            code="risk_class",
        )
    try:
        risk = int(str(value).strip())
    except ValueError:
        risk = 0
    if not 1 <= risk <= 5:
        raise ApplicationError(
            _("Kelompok risiko harus 1 (sangat rendah) sampai 5 (sangat tinggi)."), code="risk_class"
        )
    return risk


def _flag(value) -> bool:
    text = str(value if value is not None else "").strip().lower()
    if text in ("", "false", "0", "tidak"):
        return False
    if text in ("true", "1", "ya"):
        return True
    raise ApplicationError(_("jkp harus true atau false."), code="jkp")


def _funder_kind(value: str | None) -> str | None:
    if value in (None, ""):
        return None
    if value not in ProgrammeFunder.Kind.values:
        raise ApplicationError(
            _("Sumber dana %(value)s tidak dikenal; pilih salah satu dari %(kinds)s.")
            % {"value": repr(value), "kinds": ", ".join(ProgrammeFunder.Kind.values)},
            code="funder_kind",
        )
    return value


def _sector(value: str | None) -> str:
    if value in (None, ""):
        return Sector.NON_TRANSPORT
    if value not in Sector.values:
        raise ApplicationError(
            _("Sektor %(value)s tidak dikenal; pilih %(sectors)s.")
            % {"value": repr(value), "sectors": ", ".join(Sector.values)},
            code="sector",
        )
    return value


@dataclass(frozen=True)
class Quote:
    segment: str
    period: dt.date
    wage: int
    amounts: Amounts
    due: DueDate
    funder_kind: str | None
    public_money: bool

    @property
    def total(self) -> int:
        return self.amounts.total

    def as_dict(self) -> dict:
        discounts = self.amounts.discounts
        return {
            "period": f"{self.period:%Y-%m}",
            "items": [
                {
                    "element": i.element,
                    "rate": f"{i.rate.percent.normalize():f}" if i.rate.percent is not None else None,
                    "base": i.base,
                    "amount": i.gross,
                }
                for i in self.amounts.items
            ],
            "discount": (
                {
                    "amount": self.amounts.discount_total,
                    "names": [d.name for d in discounts],
                    "percent": max(f"{d.percent.normalize():f}" for d in discounts),
                    "verified": all(d.verified for d in discounts),
                }
                if discounts
                else None
            ),
            "total": self.total,
            "due_date": self.due.due_date.isoformat(),
        }


def contribution_quote(
    *,
    segment: str | None,
    wage=None,
    risk_class=None,
    elements: str | None = None,
    period: str | None = None,
    jkp=None,
    funder_kind: str | None = None,
    sector: str | None = None,
) -> Quote:
    """Each element's rate, base and amount for one person and month, the discount that applies and the
    due date. A BPU without a declared income is billed at the lowest bracket (the rate's minimum base)."""
    segment = check_segment(segment)
    month = check_period(period)
    names = _elements(elements, segment)
    base = _whole_rupiah(wage, what=_("Upah/penghasilan"), code="wage")
    if base is None and segment == "PU":
        raise ApplicationError(_("Upah sebulan wajib diisi untuk peserta PU (Rupiah utuh)."), code="wage")
    risk = _risk(risk_class, segment, names)
    kind = _funder_kind(funder_kind)
    public = kind in ProgrammeFunder.PUBLIC_KINDS
    amounts = quote(
        segment=segment,
        base=base or 0,
        risk_class=risk,
        elements=names,
        period=month,
        jkp=_flag(jkp),
        public_money=public,
        sector=_sector(sector),
    )
    return Quote(
        segment=segment,
        period=month,
        wage=base or 0,
        amounts=amounts,
        due=due_date_of(segment=segment, period=f"{month:%Y-%m}"),
        funder_kind=kind,
        public_money=public,
    )
