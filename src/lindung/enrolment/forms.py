from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from lindung.core.forms import DateField

MAX_UPLOAD = 128 * 1024 * 1024


class UploadForm(forms.Form):
    programme = forms.ChoiceField(label=pgettext_lazy("singular", "Program"))
    file = forms.FileField(label=_("Berkas daftar (.xlsx atau .csv)"))

    def __init__(self, *args, programmes, **kwargs):
        super().__init__(*args, **kwargs)
        # No programme is chosen for the user by the alphabet: the view preselects theirs, or they pick one.
        self.fields["programme"].choices = [("", _("– pilih program –"))] + [
            (p.code, p.name) for p in programmes
        ]
        self.fields["file"].error_messages["required"] = _("Pilih berkas yang akan diunggah.")
        self.fields["programme"].error_messages["required"] = _("Pilih program.")

    def clean_file(self):
        f = self.cleaned_data["file"]
        if f.size > MAX_UPLOAD:
            raise forms.ValidationError(_("Berkas terlalu besar (paling besar 128 MB)."))
        return f


class ReplaceForm(forms.Form):
    file = forms.FileField(label=_("Berkas perbaikan"))


class RejectForm(forms.Form):
    reason = forms.CharField(label=_("Alasan penolakan"), widget=forms.Textarea(attrs={"rows": 2}))


class AcceptForm(forms.Form):
    kpj_file = forms.FileField(label=_("Berkas balasan BPJS (kolom NIK dan KPJ)"))
    start_on = DateField(
        label=_("Tanggal kepesertaan pada balasan BPJS (kosong = hari ini)"),
        required=False,
    )
