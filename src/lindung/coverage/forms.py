from django import forms
from django.utils.translation import gettext_lazy as _


class FigureForm(forms.Form):
    year = forms.IntegerField(label=_("Tahun"), min_value=2000, max_value=2100)
    working_population = forms.IntegerField(label=_("Penduduk bekerja"), required=False, min_value=1)
    working_population_source = forms.CharField(
        label=_("Sumber penduduk bekerja"), max_length=200, required=False
    )
    active_participants = forms.IntegerField(
        label=_("Peserta aktif BPJS Ketenagakerjaan"), required=False, min_value=1
    )
    active_participants_source = forms.CharField(
        label=_("Sumber peserta aktif"), max_length=200, required=False
    )


class TargetForm(forms.Form):
    year = forms.IntegerField(label=_("Tahun"), min_value=2000, max_value=2100)
    target_percent = forms.DecimalField(
        label=_("Target UCJ (%)"), min_value=0, max_value=100, decimal_places=2, localize=True
    )
    basis = forms.CharField(label=_("Dasar penetapan"), max_length=200, required=False)
