"""The documented maxima of what users type, in one place, and the check of text against its column.

A value beyond these is refused with a clear message (a 4xx through the API), never stored and never a
database error: an integer past 2^63 or a text longer than its column is a 500 on PostgreSQL and silently
stored on SQLite otherwise.
"""

from __future__ import annotations

import datetime as dt

from django.db import models
from django.utils.translation import gettext as _

from lindung.core.errors import ApplicationError

MAX_RUPIAH = 10_000_000_000_000  # Rp10 triliun: above any province's yearly budget; sums of them fit 2^63
MAX_MONTHLY_INCOME = 1_000_000_000  # Rp1 miliar a month, a declared income or a wage
MAX_PEOPLE = 300_000_000  # members, quotas, planned members, working population: Indonesia at most
MIN_BIRTH_DATE = dt.date(1900, 1, 1)
MIN_YEAR, MAX_YEAR = 2000, 2100  # budget, coverage and billing years


def check_lengths(model: type[models.Model], values: dict) -> None:
    """Refuses any text longer than its column (the model field's max_length), naming the field."""
    for name, value in values.items():
        if not isinstance(value, str):
            continue
        try:
            field = model._meta.get_field(name)
        except Exception:  # noqa: S112 - not a column: nothing to check
            continue
        limit = getattr(field, "max_length", None)
        if limit and len(value) > limit:
            raise ApplicationError(
                _("%(field)s paling banyak %(limit)s karakter (terisi %(length)s).")
                % {"field": str(field.verbose_name).capitalize(), "limit": limit, "length": len(value)},
                code="too_long",
                extra={"field": name},
            )


def check_amount(
    value: int | None, *, label: str, maximum: int = MAX_RUPIAH, allow_zero: bool = True
) -> None:
    if value is None:
        return
    if value < 0 or (value == 0 and not allow_zero):
        raise ApplicationError(_("%(label)s tidak boleh negatif.") % {"label": label}, code="amount_invalid")
    if value > maximum:
        raise ApplicationError(
            _("%(label)s terlalu besar (paling banyak %(max)s).")
            % {"label": label, "max": f"{maximum:,}".replace(",", ".")},
            code="amount_too_large",
        )
