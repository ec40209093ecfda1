from django import forms

from lindung.programs.models import LegalBasis, Programme, ProgrammeFunder

DATE = {
    "input_formats": ["%Y-%m-%d", "%d-%m-%Y", "%d/%m/%Y"],
    "widget": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
}


class ProgrammeForm(forms.Form):
    code = forms.SlugField(
        label="Kode program",
        max_length=60,
        help_text="Huruf kecil, angka dan tanda hubung, mis. lahat-rentan-2024.",
    )
    name = forms.CharField(label="Nama program", max_length=200)
    region_code = forms.ChoiceField(label="Wilayah program")
    target_group = forms.ChoiceField(label="Kelompok sasaran", choices=Programme.TargetGroup.choices)
    officer_kinds = forms.MultipleChoiceField(
        label="Jenis petugas ad hoc",
        choices=Programme.OfficerKind.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    has_jkk = forms.BooleanField(label="JKK", required=False, initial=True)
    has_jkm = forms.BooleanField(label="JKM", required=False, initial=True)
    has_jht = forms.BooleanField(label="JHT", required=False)
    segment = forms.ChoiceField(label="Segmen", choices=Programme.Segment.choices)
    wage_basis = forms.ChoiceField(label="Dasar iuran", choices=Programme.WageBasis.choices)
    fixed_amount_per_person = forms.IntegerField(
        label="Iuran tetap per orang per bulan (Rp)", required=False, min_value=1
    )
    start_date = forms.DateField(label="Mulai", **DATE)
    end_date = forms.DateField(label="Selesai", required=False, **DATE)
    quota_total = forms.IntegerField(label="Kuota total", required=False, min_value=1)
    funder_kind = forms.ChoiceField(label="Penyandang dana (100%)", choices=ProgrammeFunder.Kind.choices)
    description = forms.CharField(
        label="Keterangan", required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args, region_choices, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["region_code"].choices = region_choices
        for f in self.fields.values():
            f.error_messages["required"] = "Wajib diisi."
            f.error_messages.setdefault("invalid", "Isian tidak valid.")


class LegalBasisForm(forms.Form):
    kind = forms.ChoiceField(label="Jenis", choices=LegalBasis.Kind.choices)
    number = forms.CharField(label="Nomor", max_length=120)
    date = forms.DateField(label="Tanggal", **DATE)
    title = forms.CharField(label="Judul", max_length=300, required=False)
    attachment = forms.FileField(label="Lampiran (PDF)", required=False)


class QuotaForm(forms.Form):
    quota_per_village = forms.IntegerField(label="Kuota per desa", min_value=1)
