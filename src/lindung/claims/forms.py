from django import forms
from django.utils.translation import gettext_lazy as _

from lindung.claims.models import Claim, DocumentKind, Relation, SchoolLevel

DATE_FORMATS = ["%Y-%m-%d", "%d-%m-%Y", "%d/%m/%Y"]


def date_field(label, required=True):
    return forms.DateField(
        label=label,
        required=required,
        input_formats=DATE_FORMATS,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={
            "invalid": _("Tanggal tidak valid; tulis dd-mm-yyyy."),
            "required": _("Wajib diisi."),
        },
    )


class FamilyForm(forms.Form):
    relation = forms.ChoiceField(label=_("Hubungan"), choices=[("", "—"), *Relation.choices])
    full_name = forms.CharField(label=_("Nama lengkap"), max_length=200)
    nik = forms.CharField(label=_("NIK (boleh kosong)"), max_length=32, required=False)
    birth_date = date_field(_("Tanggal lahir"), required=False)
    married = forms.BooleanField(label=_("Sudah menikah"), required=False)
    working = forms.BooleanField(label=_("Sudah bekerja"), required=False)
    school_level = forms.ChoiceField(
        label=_("Jenjang sekolah (anak)"), choices=[("", "—"), *SchoolLevel.choices], required=False
    )
    school_year = forms.IntegerField(label=_("Kelas/tahun ke-"), min_value=1, max_value=7, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for f in self.fields.values():
            f.error_messages.setdefault("required", _("Wajib diisi."))
        self.fields["relation"].error_messages["required"] = _("Pilih hubungan keluarga.")


class FamilyImportForm(forms.Form):
    file = forms.FileField(label=_("Berkas daftar keluarga (.xlsx atau .csv)"))


class ClaimReportForm(forms.Form):
    event_kind = forms.ChoiceField(label=_("Peristiwa"), choices=Claim.EventKind.choices)
    benefit = forms.ChoiceField(label=_("Manfaat yang diajukan"), choices=Claim.Benefit.choices)
    event_date = date_field(_("Tanggal peristiwa"))
    place = forms.CharField(label=_("Tempat"), max_length=200)
    cause = forms.CharField(label=_("Penyebab"), max_length=300)
    at_work = forms.BooleanField(label=_("Terjadi saat bekerja atau dalam perjalanan kerja"), required=False)
    months_off = forms.IntegerField(
        label=_("Bulan tidak mampu bekerja (STMB)"), min_value=0, max_value=120, required=False
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for f in self.fields.values():
            f.error_messages.setdefault("required", _("Wajib diisi."))


class DocumentForm(forms.Form):
    kind = forms.ChoiceField(label=_("Dokumen"), choices=DocumentKind.choices)
    file = forms.FileField(label=_("Berkas (PDF atau foto, paling besar 5 MB)"))
    note = forms.CharField(label=_("Keterangan"), max_length=200, required=False)


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(choices=[("approve", _("Setujui")), ("reject", _("Tolak"))])
    amount = forms.IntegerField(label=_("Jumlah disetujui (Rp)"), min_value=0, required=False)
    note = forms.CharField(
        label=_("Catatan / alasan"), max_length=1000, required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class PaymentForm(forms.Form):
    amount = forms.IntegerField(label=_("Jumlah dibayar (Rp)"), min_value=1)
    paid_on = date_field(_("Tanggal bayar"))
    reference = forms.CharField(label=_("Nomor referensi BPJS"), max_length=60)
    paid_to = forms.TypedChoiceField(
        label=_("Dibayarkan kepada"), coerce=int, required=False, empty_value=None
    )
    paid_to_name = forms.CharField(
        label=_("Nama penerima (bila bukan anggota keluarga tercatat)"), max_length=200, required=False
    )

    def __init__(self, *args, heirs=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["paid_to"].choices = [("", "—"), *heirs]


class HandoverForm(forms.Form):
    handed_over_on = date_field(_("Tanggal penyerahan"))
    handover_place = forms.CharField(label=_("Tempat penyerahan"), max_length=200)
    handover_by = forms.CharField(label=_("Diserahkan oleh (nama dan jabatan)"), max_length=200)
