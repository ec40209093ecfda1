"""Form fields that keep what was typed and show stored values the way people read them.

- ``DateField``: a date input (``type="date"``) that always renders its value as ISO ``yyyy-mm-dd`` (the only
  format a browser's date input accepts: any other format renders an empty field, and saving the form then
  erases the stored date) and reads ``yyyy-mm-dd``, ``dd/mm/yyyy`` and ``dd-mm-yyyy``.
- ``RupiahField`` with ``RupiahInput``: whole Rupiah typed as people write it (``43.320.000``,
  ``Rp 43.320.000``, ``Rp43.320.000,-``, ``43320000``), shown in the Indonesian format (``43.320.000``) in a
  text input with a numeric keyboard on phones. A number input would read ``43.320.000`` as 43,32.
"""

from __future__ import annotations

import re

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from lindung.core.limits import MAX_RUPIAH

DATE_INPUT_FORMATS = ["%Y-%m-%d", "%d/%m/%Y", "%d-%m-%Y"]

_RUPIAH_PREFIX = re.compile(r"^(?:rp\.?|idr)\s*", re.IGNORECASE)
_ZERO_CENTS = re.compile(r"(?:,-|,0{1,2}|\.-)$")
_GROUPED = re.compile(r"^\d{1,3}(?:\.\d{3})+$")  # 43.320.000
_PLAIN = re.compile(r"^\d{1,40}$")  # any size the max_value check then refuses by name
_DMY = re.compile(r"^(?P<d>\d{1,2})[/-](?P<m>\d{1,2})[/-](?P<y>\d{4})$")
_YMD = re.compile(r"^(?P<y>\d{4})-(?P<m>\d{1,2})-(?P<d>\d{1,2})$")


def parse_rupiah(text: str | int | None) -> int | None:
    """Whole Rupiah from what people type; None for an empty value; ``ValueError`` when unreadable.

    Dots group thousands (the Indonesian way); a comma starts the cents, which must be zero (",00", ",-")."""
    if text is None or isinstance(text, bool):
        return None if text is None else _unreadable()
    if isinstance(text, int):
        return text
    value = str(text).strip().replace("\u00a0", " ")
    value = _RUPIAH_PREFIX.sub("", value).replace(" ", "")
    if not value:
        return None
    value = _ZERO_CENTS.sub("", value)
    if _GROUPED.match(value):
        return int(value.replace(".", ""))
    if _PLAIN.match(value):
        return int(value)
    return _unreadable()


def _unreadable():
    raise ValueError("not a Rupiah amount")


def format_rupiah_plain(value: int) -> str:
    """43320000 -> '43.320.000' (no 'Rp': the label says the unit)."""
    sign = "-" if value < 0 else ""
    return sign + f"{abs(int(value)):,}".replace(",", ".")


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None, format=None):  # noqa: A002 - Django's argument name
        super().__init__(attrs=attrs, format=format or "%Y-%m-%d")


class DateField(forms.DateField):
    """A date that renders as ISO (so the browser's date input shows it) and reads the usual spellings."""

    widget = DateInput
    input_formats = DATE_INPUT_FORMATS
    default_error_messages = {
        "invalid": _("Tulis tanggal sebagai dd/mm/yyyy, misalnya 17/08/1991."),
        "not_a_day": _("Tanggal %(value)s tidak ada di kalender; periksa tanggal dan bulannya."),
    }

    def to_python(self, value):
        try:
            return super().to_python(value)
        except ValidationError:
            # Written in a known shape but naming no day (31-02-1990): say so, not "use dd/mm/yyyy".
            text = str(value).strip()
            match = _DMY.match(text) or _YMD.match(text)
            if match and 1 <= int(match["m"]) <= 12 and 1 <= int(match["d"]) <= 31:
                raise ValidationError(
                    self.error_messages["not_a_day"], code="not_a_day", params={"value": f'"{text}"'}
                ) from None
            raise


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
        if isinstance(value, str) and _PLAIN.match(value.strip()):
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
        except ValueError:
            raise ValidationError(self.error_messages["invalid"], code="invalid") from None

    def widget_attrs(self, widget):
        # No min/max/step attributes: they belong to number inputs.
        return forms.Field.widget_attrs(self, widget)
