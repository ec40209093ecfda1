from django import forms
from django.utils.translation import gettext_lazy as _

from lindung.compliance.models import Case, EmployerImport


class ImportForm(forms.Form):
    source = forms.ChoiceField(label=_("Jenis daftar"), choices=EmployerImport.Source.choices)
    file_date = forms.DateField(
        label=_("Tanggal data"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    file = forms.FileField(label=_("Berkas (XLSX atau CSV)"))


class CaseOpenForm(forms.Form):
    finding = forms.CharField(label=_("Temuan"), required=False, widget=forms.Textarea(attrs={"rows": 3}))


class StepForm(forms.Form):
    stage = forms.ChoiceField(label=_("Langkah"), choices=Case.Stage.choices[1:])
    date = forms.DateField(
        label=_("Tanggal surat"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    note = forms.CharField(
        label=_("Catatan / penyelesaian"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    contributions_owed = forms.IntegerField(label=_("Iuran terutang (Rp)"), required=False, min_value=1)
    months_owed = forms.IntegerField(label=_("Bulan terutang"), required=False, min_value=1, max_value=600)
    skk_number = forms.CharField(label=_("Nomor SKK"), required=False, max_length=80)
    skk_date = forms.DateField(
        label=_("Tanggal SKK"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    recovered_amount = forms.IntegerField(label=_("Jumlah dipulihkan (Rp)"), required=False, min_value=0)


class RecoveryForm(forms.Form):
    amount = forms.IntegerField(label=_("Jumlah dipulihkan sampai kini (Rp)"), min_value=0)


class SignedCopyForm(forms.Form):
    file = forms.FileField(label=_("Salinan bertanda tangan (PDF/JPG/PNG)"))


class CheckListForm(forms.Form):
    file = forms.FileField(label=_("Daftar NIB (CSV/XLSX, kolom NIB)"))


class MinimumWageForm(forms.Form):
    region_code = forms.CharField(label=_("Kode kabupaten/kota (UMK) atau provinsi (UMP)"), max_length=5)
    year = forms.IntegerField(label=_("Tahun"), min_value=2000, max_value=2100)
    amount = forms.IntegerField(label=_("Upah minimum (Rp/bulan)"), min_value=1)
    source = forms.CharField(label=_("Dasar hukum"), max_length=300)
    verified = forms.BooleanField(label=_("Terverifikasi"), required=False)
