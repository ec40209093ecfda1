"""What one member of a programme costs per month, per element, from the dated rates; and who pays which part.

Everything here is integer Rupiah. Percentages are applied with Decimal and rounded half up to whole Rupiah.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings
from django.utils import translation
from django.utils.dates import MONTHS
from django.utils.translation import gettext as _

from lindung.billing.models import ContributionRate, Discount, Element, Sector
from lindung.core.errors import ApplicationError
from lindung.core.formatting import rupiah
from lindung.programs.models import Programme, ProgrammeFunder

RISK_LABELS = dict(Programme._meta.get_field("risk_class").choices)


def month_text(period: dt.date) -> str:
    """The month and year for a message to the user, in the active language ("Maret 2026", "March 2026")."""
    return f"{MONTHS[period.month]} {period.year}"


def month_label(period: dt.date) -> str:
    """The month and year in Indonesian, for documents (invoices, statements): "Maret 2026"."""
    with translation.override(settings.LANGUAGE_CODE):
        return month_text(period)


def round_rupiah(value: Decimal) -> int:
    return int(value.quantize(Decimal(1), rounding=ROUND_HALF_UP))


def rate_for(
    *,
    segment: str,
    element: str,
    variant: str,
    risk_class: int,
    on: dt.date,
    rows: list[ContributionRate] | None = None,
) -> ContributionRate:
    """The rate in force on a date; a specific risk class wins over the all-classes rate of the same date.
    ``rows``: the segment's rates loaded once (many months at once), else one query."""
    if rows is not None:
        rate = max(
            (
                r
                for r in rows
                if r.element == element
                and r.variant == variant
                and r.risk_class in (0, risk_class)
                and r.effective_from <= on
            ),
            key=lambda r: (r.effective_from, r.risk_class),
            default=None,
        )
    else:
        rate = (
            ContributionRate.objects.filter(
                segment=segment,
                element=element,
                variant=variant,
                risk_class__in=[0, risk_class],
                effective_from__lte=on,
            )
            .order_by("-effective_from", "-risk_class")
            .first()
        )
    if rate is None:
        what = f"{segment} {element}"
        if variant != ContributionRate.Variant.STANDARD:
            what += " " + _("(rekomposisi JKP)")
        if risk_class:
            what += ", " + _("kelompok risiko %(risk)s") % {"risk": risk_class}
        raise ApplicationError(
            _(
                "Tidak ada tarif iuran %(what)s yang berlaku pada %(date)s. Tambahkan tarif dengan tanggal "
                "berlaku yang mencakup periode ini; iuran tidak dianggap nol."
            )
            % {"what": what, "date": f"{on:%d-%m-%Y}"},
            code="rate_missing",
        )
    return rate


@dataclass(frozen=True)
class Item:
    """One element of a quote: the rate (percent of ``base``, or a flat ``amount``), the discount cut."""

    element: str
    rate: ContributionRate
    base: int | None
    gross: int
    discount: Discount | None = None
    cut: int = 0

    @property
    def amount(self) -> int:
        return self.gross - self.cut


@dataclass(frozen=True)
class Amounts:
    """Per person per month for one programme and period: element -> Rupiah, with how each was found."""

    per_element: dict[str, int]
    explanation: list[str]
    items: tuple[Item, ...] = ()

    @property
    def total(self) -> int:
        return sum(self.per_element.values())

    @property
    def discount_total(self) -> int:
        return sum(i.cut for i in self.items)

    @property
    def discounts(self) -> list[Discount]:
        seen: dict[int, Discount] = {}
        for i in self.items:
            if i.discount is not None:
                seen.setdefault(i.discount.pk, i.discount)
        return list(seen.values())


def applicable_discounts(
    *,
    segment: str,
    period: dt.date,
    sector: str,
    public_money: bool,
    programme_code: str | None,
    rows: list[Discount] | None = None,
) -> list[Discount]:
    """The discount rows in force in a month for a segment that reach this contribution: a row naming
    programmes applies to those programmes only (whatever their sector); otherwise its sectors (empty: every
    sector) must include ``sector``; a row excluding public money does not apply when the contribution is
    paid from it. ``rows``: the segment's discounts loaded once, else one query."""
    out = []
    if rows is None:
        rows = list(Discount.objects.filter(segment=segment, valid_from__lte=period, valid_to__gte=period))
    for d in rows:
        if not d.valid_from <= period <= d.valid_to:
            continue
        if d.excludes_public_funding and public_money:
            continue
        if d.programmes:
            if programme_code not in d.programmes:
                continue
        elif d.sectors and sector not in d.sectors:
            continue
        out.append(d)
    return out


def quote(
    *,
    segment: str,
    base: int,
    risk_class: int,
    elements: list[str],
    period: dt.date,
    jkp: bool = False,
    public_money: bool = False,
    sector: str = Sector.NON_TRANSPORT,
    programme_code: str | None = None,
    preloaded: tuple[list[ContributionRate], list[Discount]] | None = None,
) -> Amounts:
    """One person's contribution for a month from the dated rates: each element's rate and base (the JP
    cap of that month), the JKP recomposition for JKP participants (PU), and at most one discount per element
    (the larger, should two rows overlap: discounts never multiply)."""
    variant = (
        ContributionRate.Variant.JKP
        if segment == Programme.Segment.PU and jkp
        else ContributionRate.Variant.STANDARD
    )
    risk = risk_class if segment == Programme.Segment.PU else 0
    rate_rows, discount_rows = preloaded or (None, None)
    discounts = applicable_discounts(
        segment=segment,
        period=period,
        sector=sector,
        public_money=public_money,
        programme_code=programme_code,
        rows=discount_rows,
    )
    out: dict[str, int] = {}
    notes: list[str] = []
    items: list[Item] = []
    for element in elements:
        el_variant = variant if element in ("JKK", "JKM") else ContributionRate.Variant.STANDARD
        rate = rate_for(
            segment=segment,
            element=element,
            variant=el_variant,
            risk_class=risk if element == "JKK" else 0,
            on=period,
            rows=rate_rows,
        )
        element_base: int | None = None
        if rate.percent is not None:
            element_base = base
            if rate.min_base and element_base < rate.min_base:
                element_base = rate.min_base
            if rate.max_base and element_base > rate.max_base:
                element_base = rate.max_base
            gross = round_rupiah(Decimal(element_base) * rate.percent / 100)
            note = f"{element}: {_pct(rate.percent)} × {rupiah(element_base)} = {rupiah(gross)}"
        else:
            gross = int(rate.amount)
            note = f"{element}: {rupiah(gross)} tetap"
        best = max(
            (d for d in discounts if element in d.elements), key=lambda d: (d.percent, -d.pk), default=None
        )
        cut = round_rupiah(Decimal(gross) * best.percent / 100) if best else 0
        if best:
            note += f", diskon {best.name} {_pct(best.percent)} (−{rupiah(cut)}) = {rupiah(gross - cut)}"
        note += f" (tarif mulai {rate.effective_from:%d-%m-%Y})"
        item = Item(element=element, rate=rate, base=element_base, gross=gross, discount=best, cut=cut)
        items.append(item)
        out[element] = item.amount
        notes.append(note)
    return Amounts(out, notes, tuple(items))


def programme_sector(programme: Programme) -> str:
    """The sector a programme's discounts are chosen by. No target group is a transport sector, so every
    programme counts as non-transport; a discount for a particular programme names it in its programme
    scope instead (decision "Discounts do not stack")."""
    return Sector.NON_TRANSPORT


def paid_from_public_money(programme: Programme) -> bool:
    """A programme with any funder whose kind counts as public money (``ProgrammeFunder.KIND_RULES``): its
    contributions are paid from APBN/APBD, even when another funder pays a part (decision "Funder kinds")."""
    return programme.is_publicly_funded


def contribution_amounts(
    programme: Programme,
    period: dt.date,
    *,
    preloaded: tuple[list[ContributionRate], list[Discount]] | None = None,
    public_money: bool | None = None,
) -> Amounts:
    if programme.wage_basis == Programme.WageBasis.FIXED:
        if not programme.fixed_amount_per_person:
            raise ApplicationError(_("Iuran tetap per orang belum diisi pada program."), code="fixed_missing")
        label = "+".join(programme.elements)
        return Amounts(
            {Element.PAKET: programme.fixed_amount_per_person},
            [
                f"{label}: {rupiah(programme.fixed_amount_per_person)} per orang per bulan (perjanjian kerja sama)"
            ],
        )
    segment = programme.segment
    if segment == Programme.Segment.PU:
        if not programme.wage:
            raise ApplicationError(
                _("Upah sebulan (dasar iuran PU) belum diisi pada program."), code="wage_missing"
            )
        base = programme.wage
    else:
        base = programme.declared_income or 0
    return quote(
        segment=segment,
        base=base,
        risk_class=programme.risk_class,
        elements=programme.elements,
        period=period,
        jkp=programme.has_jkp,
        public_money=paid_from_public_money(programme) if public_money is None else public_money,
        sector=programme_sector(programme),
        programme_code=programme.code,
        preloaded=preloaded,
    )


def month_amounts(programme: Programme, months: list[dt.date]) -> dict[dt.date, int]:
    """What one member costs in each month (each month's own rates and discounts), with the segment's
    rates and discounts read once."""
    if not months:
        return {}
    preloaded = (
        list(ContributionRate.objects.filter(segment=programme.segment, effective_from__lte=max(months))),
        list(
            Discount.objects.filter(
                segment=programme.segment, valid_from__lte=max(months), valid_to__gte=min(months)
            )
        ),
    )
    public = paid_from_public_money(programme)
    return {
        m: contribution_amounts(programme, m, preloaded=preloaded, public_money=public).total for m in months
    }


def _pct(value: Decimal) -> str:
    return f"{value.normalize():f}".replace(".", ",") + "%"


def funder_split(funders: list[ProgrammeFunder], amounts: Amounts) -> dict[int, dict[str, int]]:
    """Splits one person's monthly amounts among the funders with a share or an amount per person.

    Funders with a fixed amount per person pay that (spread over the elements in proportion); the rest is
    divided by percentage. Each element is split with whole Rupiah, the last percentage funder taking the
    rounding remainder, so the parts always add up to the whole.
    """
    total = amounts.total
    fixed = [f for f in funders if f.amount_per_person is not None]
    pct = [f for f in funders if f.share_percent is not None]
    fixed_sum = sum(f.amount_per_person for f in fixed)
    if fixed_sum > total:
        raise ApplicationError(
            _("Nominal per orang para penyandang dana (%(funded)s) melebihi iuran per orang (%(total)s).")
            % {"funded": rupiah(fixed_sum), "total": rupiah(total)},
            code="shares_exceed",
        )
    if pct and sum(f.share_percent for f in pct) != 100:
        raise ApplicationError(
            _("Porsi penyandang dana tidak berjumlah 100%; perbaiki pembagian pada halaman program."),
            code="shares_not_100",
        )
    if not pct and fixed_sum != total:
        raise ApplicationError(
            _(
                "Nominal per orang para penyandang dana (%(funded)s) tidak sama dengan iuran per orang "
                "(%(total)s); tambahkan penyandang dana berporsi untuk sisanya."
            )
            % {"funded": rupiah(fixed_sum), "total": rupiah(total)},
            code="shares_incomplete",
        )
    result: dict[int, dict[str, int]] = {f.pk: {} for f in funders}
    elements = list(amounts.per_element)
    for element in elements:
        whole = amounts.per_element[element]
        given = 0
        for f in fixed:
            part = whole * f.amount_per_person // total if total else 0
            result[f.pk][element] = part
            given += part
        rest = whole - given
        for i, f in enumerate(pct):
            part = (
                rest - sum(result[g.pk][element] for g in pct[:i])
                if i == len(pct) - 1
                else (round_rupiah(Decimal(rest) * f.share_percent / 100))
            )
            result[f.pk][element] = part
    # The fixed funders' proportional parts may miss a Rupiah or two to rounding; give it to the first element.
    for f in fixed:
        short = f.amount_per_person - sum(result[f.pk].values())
        if short and elements:
            result[f.pk][elements[0]] += short
            if pct:
                result[pct[-1].pk][elements[0]] -= short
    return result
