from django import forms
from django.utils.translation import gettext_lazy as _

from lindung.core.forms import DateField, RupiahField
from lindung.registry.models import Person


class PersonForm(forms.Form):
    nik = forms.CharField(label=_("NIK"), max_length=32)
    full_name = forms.CharField(label=_("Nama lengkap"), max_length=200)
    birth_place = forms.CharField(label=_("Tempat lahir"), max_length=100, required=False)
    birth_date = DateField(label=_("Tanggal lahir"), required=False)
    sex = forms.ChoiceField(
        label=_("Jenis kelamin"), choices=[("", "—")] + list(Person.Sex.choices), required=False
    )
    kk_number = forms.RegexField(
        label=_("Nomor KK"),
        regex=r"^\d{16}$",
        required=False,
        error_messages={"invalid": _("Nomor KK harus 16 digit angka.")},
    )
    mother_maiden_name = forms.CharField(label=_("Nama ibu kandung"), max_length=200, required=False)
    address = forms.CharField(label=_("Alamat"), widget=forms.Textarea(attrs={"rows": 2}), required=False)
    region_code = forms.CharField(label=_("Desa/kelurahan"), max_length=13)
    phone = forms.CharField(label=_("Telepon"), max_length=20, required=False)
    occupation = forms.CharField(label=_("Pekerjaan"), max_length=100, required=False)
    monthly_income = RupiahField(label=_("Penghasilan per bulan (Rp)"), required=False, min_value=0)

    def __init__(self, *args, editing: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if editing:
            del self.fields["nik"]
        self.fields["region_code"].error_messages["required"] = _("Pilih desa/kelurahan.")
        for f in self.fields.values():
            f.error_messages.setdefault("required", _("Wajib diisi."))
