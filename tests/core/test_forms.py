"""Form fields read what people type with core.parsing (the same formats and messages as file imports)."""

import datetime as dt

from django import forms

from lindung.core.forms import DateField, RupiahField
from lindung.registry.forms import PersonForm


class Form(forms.Form):
    day = DateField(required=False)
    amount = RupiahField(required=False, min_value=1)


def test_date_field_accepts_every_listed_format_and_tells_nonexistent_dates_apart():
    assert Form({"day": "17/08/1991"}).is_valid()
    assert Form({"day": "1991-08-17"}).is_valid()  # the browser's date picker
    form = Form({"day": "31-02-1990"})
    assert not form.is_valid()
    assert form.errors["day"] == ['Tanggal "31-02-1990" tidak ada di kalender; periksa tanggal dan bulannya.']
    form = Form({"day": "kemarin"})
    assert not form.is_valid() and "dd/mm/yyyy" in form.errors["day"][0]
    assert Form({"day": "17.08.1991"}).is_valid() and Form({"day": "17/08/91"}).is_valid()  # the one list


def test_amount_field_reads_rupiah_as_written_and_bounds_it():
    form = Form({"amount": "Rp 1.500.000,-"})
    assert form.is_valid() and form.cleaned_data["amount"] == 1_500_000
    form = Form({"amount": "4.611.686.018.427.387.904"})
    assert not form.is_valid() and form.errors["amount"][0].startswith("Pastikan nilai ini lebih kecil")
    form = Form({"amount": "0"})
    assert not form.is_valid()  # min_value still applies


def test_person_form_uses_them():
    form = PersonForm(
        {
            "nik": "1604216512900001",
            "full_name": "Siti",
            "region_code": "16.04.21.2008",
            "birth_date": "25/12/1990",
            "monthly_income": "1.500.000",
        }
    )
    assert form.is_valid(), form.errors
    assert form.cleaned_data["birth_date"] == dt.date(1990, 12, 25)
    assert form.cleaned_data["monthly_income"] == 1_500_000
