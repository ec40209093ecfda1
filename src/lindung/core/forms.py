"""Form fields that keep what was typed and show stored values the way people read them, reading what people
type with ``core.parsing`` (the same date formats and Rupiah spellings as the file imports).

- ``DateField``: a date input (``type="date"``) that always renders its value as ISO ``yyyy-mm-dd`` (the only
  format a browser's date input accepts: any other format renders an empty field, and saving the form then
  erases the stored date) and reads every spelling of ``parsing.DATE_FORMATS``; a date that does not exist
  (31-02-1990) is told apart from an unreadable one.
- ``RupiahField`` with ``RupiahInput``: whole Rupiah typed as people write it (``43.320.000``,
  ``Rp 43.320.000``, ``Rp43.320.000,-``, ``43320000``), shown in the Indonesian format (``43.320.000``) in a
  text input with a numeric keyboard on phones. A number input would read ``43.320.000`` as 43,32.
"""

from __future__ import annotations

import datetime as dt

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator
from django.utils.translation import gettext_lazy as _

from lindung.core import parsing
from lindung.core.limits import MAX_RUPIAH

DATE_INPUT_FORMATS = list(parsing.DATE_FORMATS)
_ANY_SIZE = 2**63 - 1  # parse_rupiah reads any whole amount; a field's max_value then refuses it by name


def parse_rupiah(text: str | int | None) -> int | None:
    """Whole Rupiah from what people type (``parsing.parse_amount``); None for an empty value;
    ``ValueError`` (a ``parsing.ParseError``) when unreadable."""
    if text is None:
        return None
    if isinstance(text, int) and not isinstance(text, bool):
        return text
    if isinstance(text, str) and not text.strip():
        return None
    return parsing.parse_amount(text, max_value=_ANY_SIZE)


def format_rupiah_plain(value: int) -> str:
    """43320000 -> '43.320.000' (no 'Rp': the label says the unit)."""
    sign = "-" if value < 0 else ""
    return sign + f"{abs(int(value)):,}".replace(",", ".")


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None, format=None):  # noqa: A002 - Django's argument name
        super().__init__(attrs=attrs, format=format or "%Y-%m-%d")


class DateField(forms.DateField):
    """A date that renders as ISO (so the browser's date input shows it) and reads ``parsing.DATE_FORMATS``."""

    widget = DateInput
    input_formats = DATE_INPUT_FORMATS
    default_error_messages = {
        "invalid": _("Tulis tanggal sebagai dd/mm/yyyy, misalnya 17/08/1991."),
        "not_a_day": _("Tanggal %(value)s tidak ada di kalender; periksa tanggal dan bulannya."),
    }

    def to_python(self, value):
        if value in self.empty_values:
            return None
        if isinstance(value, dt.datetime):
            return value.date()
        if isinstance(value, dt.date):
            return value
        text = str(value).strip()
        try:
            return parsing.parse_date(text)
        except parsing.ParseError as exc:
            # Written in a known shape but naming no day (31-02-1990): say so, not "use dd/mm/yyyy".
            if exc.code == "date_not_a_day":
                raise ValidationError(
                    self.error_messages["not_a_day"], code="not_a_day", params={"value": f'"{text}"'}
                ) from None
            raise ValidationError(self.error_messages["invalid"], code="invalid") from None


class RupiahInput(forms.TextInput):
    """A text input with a numeric keyboard; whole numbers are shown with dots (43.320.000), anything else
    (what the user typed, re-shown after an error) exactly as typed."""

    def __init__(self, attrs=None):
        super().__init__(attrs={"inputmode": "numeric", "autocomplete": "off", **(attrs or {})})

    def format_value(self, value):
        if value is None or value == "":
            return None
        if isinstance(value, int) and not isinstance(value, bool):
            return format_rupiah_plain(value)
        if isinstance(value, str) and value.strip().isdigit() and value.strip().isascii():
            return format_rupiah_plain(int(value.strip()))
        return str(value)


class RupiahField(forms.IntegerField):
    """Whole Rupiah (an ``int``), between ``min_value`` and ``max_value`` (at most ``MAX_RUPIAH``)."""

    widget = RupiahInput
    default_error_messages = {
        "invalid": _("Tulis jumlah Rupiah tanpa sen, misalnya 43.320.000."),
    }

    def __init__(self, *, max_value: int | None = None, **kwargs):
        super().__init__(max_value=max_value if max_value is not None else MAX_RUPIAH, **kwargs)

    def to_python(self, value):
        if value in self.empty_values:
            return None
        try:
            return parse_rupiah(value)
        except parsing.ParseError as exc:
            if exc.code == "amount_too_large":  # beyond any integer column: the field's maximum, by name
                message = self.error_messages.get("max_value", MaxValueValidator(self.max_value).message)
                raise ValidationError(
                    message, code="max_value", params={"limit_value": self.max_value}
                ) from None
            raise ValidationError(self.error_messages["invalid"], code="invalid") from None

    def widget_attrs(self, widget):
        # No min/max/step attributes: they belong to number inputs.
        return forms.Field.widget_attrs(self, widget)
