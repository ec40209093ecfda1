from django import forms

from lindung.registry.models import Person


class PersonForm(forms.Form):
    nik = forms.CharField(label="NIK", max_length=32)
    full_name = forms.CharField(label="Nama lengkap", max_length=200)
    birth_place = forms.CharField(label="Tempat lahir", max_length=100, required=False)
    birth_date = forms.DateField(
        label="Tanggal lahir",
        required=False,
        input_formats=["%Y-%m-%d", "%d-%m-%Y", "%d/%m/%Y"],
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    sex = forms.ChoiceField(
        label="Jenis kelamin", choices=[("", "—")] + list(Person.Sex.choices), required=False
    )
    kk_number = forms.RegexField(
        label="Nomor KK",
        regex=r"^\d{16}$",
        required=False,
        error_messages={"invalid": "Nomor KK harus 16 digit angka."},
    )
    mother_maiden_name = forms.CharField(label="Nama ibu kandung", max_length=200, required=False)
    address = forms.CharField(label="Alamat", widget=forms.Textarea(attrs={"rows": 2}), required=False)
    region_code = forms.CharField(label="Desa/kelurahan", max_length=13)
    phone = forms.CharField(label="Telepon", max_length=20, required=False)
    occupation = forms.CharField(label="Pekerjaan", max_length=100, required=False)
    monthly_income = forms.IntegerField(label="Penghasilan per bulan (Rp)", required=False, min_value=0)

    def __init__(self, *args, editing: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if editing:
            del self.fields["nik"]
        self.fields["region_code"].error_messages["required"] = "Pilih desa/kelurahan."
        for f in self.fields.values():
            f.error_messages.setdefault("required", "Wajib diisi.")
