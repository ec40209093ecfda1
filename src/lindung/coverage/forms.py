from django import forms


class FigureForm(forms.Form):
    year = forms.IntegerField(label="Tahun", min_value=2000, max_value=2100)
    working_population = forms.IntegerField(label="Penduduk bekerja", required=False, min_value=1)
    working_population_source = forms.CharField(
        label="Sumber penduduk bekerja", max_length=200, required=False
    )
    active_participants = forms.IntegerField(
        label="Peserta aktif BPJS Ketenagakerjaan", required=False, min_value=1
    )
    active_participants_source = forms.CharField(label="Sumber peserta aktif", max_length=200, required=False)


class TargetForm(forms.Form):
    year = forms.IntegerField(label="Tahun", min_value=2000, max_value=2100)
    target_percent = forms.DecimalField(
        label="Target UCJ (%)", min_value=0, max_value=100, decimal_places=2, localize=True
    )
    basis = forms.CharField(label="Dasar penetapan", max_length=200, required=False)
