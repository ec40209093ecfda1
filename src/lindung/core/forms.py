"""Form fields that read what people type with ``core.parsing``: the same date formats and Rupiah spellings
as the file importers, and the same messages (a date that does not exist is told apart from an unreadable
one; an amount has a documented maximum)."""

from __future__ import annotations

import datetime as dt

from django import forms

from lindung.core import parsing


class DateField(forms.DateField):
    """A date in any of ``parsing.DATE_FORMATS`` (the browser's date picker sends yyyy-mm-dd)."""

    widget = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    input_formats = list(parsing.DATE_FORMATS)

    def to_python(self, value):
        if value in self.empty_values:
            return None
        if isinstance(value, dt.datetime):
            return value.date()
        if isinstance(value, dt.date):
            return value
        try:
            return parsing.parse_date(str(value))
        except parsing.ParseError as exc:
            raise forms.ValidationError(exc.message, code=exc.code) from exc


class AmountField(forms.IntegerField):
    """Whole Rupiah as people write it ("1.500.000", "Rp 1.500.000,-", "1500000"), at most
    ``parsing.MAX_RUPIAH`` unless ``max_value`` is lower."""

    widget = forms.TextInput(attrs={"inputmode": "numeric"})

    def __init__(self, *, max_value: int | None = None, **kwargs):
        super().__init__(max_value=min(max_value or parsing.MAX_RUPIAH, parsing.MAX_RUPIAH), **kwargs)

    def to_python(self, value):
        if value in self.empty_values:
            return None
        try:
            return parsing.parse_amount(
                value if isinstance(value, int) else str(value), max_value=self.max_value
            )
        except parsing.ParseError as exc:
            raise forms.ValidationError(exc.message, code=exc.code) from exc
