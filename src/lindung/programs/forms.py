from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from lindung.core.forms import DateField, RupiahField
from lindung.programs.models import LegalBasis, Programme, ProgrammeFunder


class IndonesianErrorsMixin:
    def _indonesian_errors(self) -> None:
        for f in self.fields.values():
            f.error_messages["required"] = _("Wajib diisi.")
            f.error_messages.setdefault("invalid", _("Isian tidak valid."))


class ProgrammeForm(IndonesianErrorsMixin, forms.Form):
    code = forms.SlugField(
        label=_("Kode program"),
        max_length=60,
        help_text=_("Huruf kecil, angka dan tanda hubung, mis. lahat-rentan-2024."),
    )
    name = forms.CharField(label=_("Nama program"), max_length=200)
    region_code = forms.ChoiceField(label=_("Wilayah program"))
    target_group = forms.ChoiceField(label=_("Kelompok sasaran"), choices=Programme.TargetGroup.choices)
    officer_kinds = forms.MultipleChoiceField(
        label=_("Jenis petugas ad hoc"),
        choices=Programme.OfficerKind.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Hanya untuk badan ad hoc pemilu/pilkada (wajib dengan tanggal selesai masa tugas)."),
    )
    has_jkk = forms.BooleanField(label="JKK", required=False, initial=True)
    has_jkm = forms.BooleanField(label="JKM", required=False, initial=True)
    has_jht = forms.BooleanField(label="JHT", required=False)
    segment = forms.ChoiceField(label=_("Segmen"), choices=Programme.Segment.choices)
    wage_basis = forms.ChoiceField(label=_("Dasar iuran"), choices=Programme.WageBasis.choices)
    fixed_amount_per_person = RupiahField(
        label=_("Iuran tetap per orang per bulan (Rp)"), required=False, min_value=1
    )
    declared_income = RupiahField(
        label=_("Penghasilan yang dilaporkan (Rp/bulan, BPU)"),
        required=False,
        min_value=1,
        help_text=_("Dasar iuran JKK/JHT BPU; kosong = penghasilan terendah (Rp1.000.000)."),
    )
    wage = RupiahField(label=_("Upah sebulan (Rp, PU)"), required=False, min_value=1)
    risk_class = forms.TypedChoiceField(
        label=_("Kelompok risiko JKK (PU)"),
        coerce=int,
        choices=Programme._meta.get_field("risk_class").choices,
        initial=1,
        required=False,
    )
    has_jp = forms.BooleanField(label="JP", required=False)
    has_jkp = forms.BooleanField(label=_("Peserta JKP (rekomposisi iuran JKK/JKM)"), required=False)
    lapse_after_months = forms.IntegerField(
        label=_("BPU terhenti setelah menunggak lebih dari (bulan berturut-turut)"),
        help_text=_(
            "PU tidak terhenti karena tunggakan: pemberi kerja membayar manfaat lebih dulu (PP 44/2015)."
        ),
        min_value=1,
        max_value=24,
        initial=3,
        required=False,
    )
    backdate_start = forms.BooleanField(
        label=_("Kepesertaan berlaku surut sejak program mulai"),
        help_text=_(
            "Bila dicentang, kepesertaan yang diterima BPJS berlaku (dan ditagih) sejak tanggal mulai program; "
            "bila tidak, sejak tanggal penerimaan atau tanggal pada balasan BPJS."
        ),
        required=False,
    )
    start_date = DateField(label=_("Mulai"))
    end_date = DateField(label=pgettext_lazy("end date", "Selesai"), required=False)
    quota_total = forms.IntegerField(label=_("Kuota total"), required=False, min_value=1)
    min_age = forms.IntegerField(
        label=_("Usia minimum"), min_value=0, max_value=120, initial=15, required=False
    )
    max_age = forms.IntegerField(
        label=_("Usia maksimum"), min_value=1, max_value=120, initial=65, required=False
    )
    double_funding = forms.ChoiceField(
        label=_("Jika orang sudah didanai program lain"),
        choices=Programme.DoubleFunding.choices,
        required=False,
    )
    status = forms.ChoiceField(
        label=_("Status"), choices=Programme.Status.choices, initial="active", required=False
    )
    funder_kind = forms.ChoiceField(label=_("Penyandang dana (100%)"), choices=ProgrammeFunder.Kind.choices)
    description = forms.CharField(
        label=_("Keterangan"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    # Shown on invoices, receipts and certificates of support.
    bank_name = forms.CharField(
        label=_("Bank penerima iuran"),
        max_length=100,
        required=False,
        help_text=_("Dicetak pada tagihan sebagai petunjuk pembayaran, mis. Bank Sumsel Babel."),
    )
    bank_account_number = forms.CharField(label=_("Nomor rekening"), max_length=40, required=False)
    bank_account_name = forms.CharField(label=_("Atas nama rekening"), max_length=200, required=False)
    virtual_account = forms.CharField(
        label=_("Nomor virtual account"),
        max_length=40,
        required=False,
        help_text=_("Bila diisi, tagihan meminta pembayaran ke nomor virtual account ini."),
    )
    signatory_name = forms.CharField(
        label=_("Nama penandatangan dokumen"),
        max_length=200,
        required=False,
        help_text=_("Pejabat yang menandatangani tagihan dan sertifikat dukungan."),
    )
    signatory_position = forms.CharField(label=_("Jabatan penandatangan"), max_length=200, required=False)

    def __init__(self, *args, region_choices, editing: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["region_code"].choices = region_choices
        if editing:
            del self.fields["code"]
            del self.fields["funder_kind"]
        self._indonesian_errors()

    DEFAULTS = {
        "risk_class": 1,
        "lapse_after_months": 3,
        "min_age": 15,
        "max_age": 65,
        "double_funding": Programme.DoubleFunding.REJECT,
        "status": Programme.Status.ACTIVE,
    }

    def clean(self):
        data = super().clean()
        for name, default in self.DEFAULTS.items():
            if data.get(name) in (None, ""):
                data[name] = self.initial.get(name) or default
        return data


class FunderForm(IndonesianErrorsMixin, forms.Form):
    kind = forms.ChoiceField(
        label=_("Sumber dana"), choices=[("", "–")] + list(ProgrammeFunder.Kind.choices), required=False
    )
    name = forms.CharField(label=_("Nama penyandang dana"), max_length=200, required=False)
    share_percent = forms.DecimalField(
        label=_("Porsi (%)"), required=False, max_digits=5, decimal_places=2, localize=True
    )
    amount_per_person = RupiahField(label=_("Nominal per orang per bulan (Rp)"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._indonesian_errors()


FunderFormSet = forms.formset_factory(FunderForm, extra=2, max_num=10)


class LegalBasisForm(IndonesianErrorsMixin, forms.Form):
    kind = forms.ChoiceField(label=_("Jenis"), choices=LegalBasis.Kind.choices)
    number = forms.CharField(label=_("Nomor"), max_length=120)
    date = DateField(label=_("Tanggal"))
    title = forms.CharField(label=_("Judul"), max_length=300, required=False)
    attachment = forms.FileField(label=_("Lampiran (PDF/JPG/PNG, maks. 10 MB)"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._indonesian_errors()


class QuotaForm(forms.Form):
    quota_per_village = forms.IntegerField(label=_("Kuota per desa"), min_value=1)


class VillageQuotaForm(forms.Form):
    region_code = forms.CharField(label=_("Kode desa/kelurahan"), max_length=13)
    quota = forms.IntegerField(label=_("Kuota"), min_value=0, help_text=_("0 menghapus kuota desa ini."))
