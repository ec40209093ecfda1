"""Indonesian number formats: Rp519.840.000, 21,43%, 239.799."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from lokal import format_rupiah


def rupiah(amount: int | Decimal | None) -> str:
    if amount is None:
        return "–"
    return format_rupiah(amount)


def number(value: int | None) -> str:
    if value is None:
        return "–"
    return f"{int(value):,}".replace(",", ".")


def percent(value: Decimal | float | None, places: int = 2) -> str:
    """21.4342 -> '21,43%'. Accepts a percentage (not a fraction)."""
    if value is None:
        return "–"
    quant = Decimal(1).scaleb(-places)
    d = Decimal(str(value)).quantize(quant, rounding=ROUND_HALF_UP)
    text = f"{d:,.{places}f}"
    return text.replace(",", "_").replace(".", ",").replace("_", ".") + "%"


def mask_nik(nik: str | None) -> str:
    """'1604012503900001' -> '1604********0001'."""
    if not nik:
        return ""
    if len(nik) < 8:
        return "*" * len(nik)
    return nik[:4] + "*" * (len(nik) - 8) + nik[-4:]
