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


NIK_SHOWN = 6  # province, regency and district: what the address already tells


def mask_nik(nik: str | None) -> str:
    """'1604012503900001' -> '160401**********'.

    Only the region part stays visible. The hidden ten digits are the birth date (day + 40 for women) and
    the serial; a page may show the birth date beside a masked NIK, but never the serial, so no combination
    of what a role sees rebuilds the whole number (docs/decisions.md)."""
    if not nik:
        return ""
    if len(nik) <= NIK_SHOWN:
        return "*" * len(nik)
    return nik[:NIK_SHOWN] + "*" * (len(nik) - NIK_SHOWN)


def mask_phone(phone: str | None) -> str:
    """'081234567890' -> '0812******90'."""
    if not phone:
        return ""
    if len(phone) <= 6:
        return "*" * len(phone)
    return phone[:4] + "*" * (len(phone) - 6) + phone[-2:]
