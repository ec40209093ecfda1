import datetime as dt

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from lindung.billing import limits
from lindung.billing.models import ContributionRate, Element, Sector
from lindung.core.forms import DateField, RupiahField
from lindung.programs.models import ProgrammeFunder

MESSAGES = {
    "required": _("Wajib diisi."),
    "invalid": _("Nilai tidak valid."),
    "min_value": _("Nilai terlalu kecil (paling sedikit %(limit_value)s)."),
    "max_value": _("Nilai terlalu besar (paling banyak %(limit_value)s)."),
    "invalid_choice": _("Pilihan tidak valid."),
}


class IndonesianForm(forms.Form):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for f in self.fields.values():
            own = {"invalid"} if isinstance(f, RupiahField | DateField) else set()  # their own wording
            f.error_messages = {**f.error_messages, **{k: v for k, v in MESSAGES.items() if k not in own}}


class RunForm(IndonesianForm):
    period = forms.RegexField(
        label=_("Periode (YYYY-MM)"),
        regex=r"^\d{4}-\d{2}$",
        widget=forms.TextInput(attrs={"type": "month"}),
        error_messages={"invalid": _("Tulis periode sebagai YYYY-MM, misalnya 2026-11.")},
    )
    program = forms.ChoiceField(label=pgettext_lazy("singular", "Program"), required=False)

    def __init__(self, *args, programmes=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["program"].choices = [("", _("Semua program berjalan"))] + [
            (p.code, p.name) for p in programmes
        ]
        self.fields["period"].error_messages["invalid"] = _(
            "Tulis periode sebagai YYYY-MM, misalnya 2026-11."
        )


class PaymentForm(IndonesianForm):
    funder = forms.TypedChoiceField(label=pgettext_lazy("singular", "Penyandang dana"), coerce=int)
    amount = RupiahField(label=_("Jumlah (Rp)"), min_value=1, max_value=limits.MAX_AMOUNT)
    reference = forms.CharField(label=_("Nomor referensi bank"), max_length=60)
    paid_on = DateField(label=_("Tanggal bayar"))
    note = forms.CharField(label=_("Catatan"), max_length=300, required=False)
    allow_credit = forms.BooleanField(label=_("Simpan kelebihan sebagai saldo kredit"), required=False)

    def __init__(self, *args, funders=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["funder"].choices = [("", "–")] + [
            (f.pk, f"{f.display_name} · {f.programme.name}") for f in funders
        ]
        self.fields["paid_on"].initial = dt.date.today


class StatementForm(IndonesianForm):
    file = forms.FileField(label=_("Rekening koran (CSV: tanggal, referensi, keterangan, jumlah)"))


class BudgetForm(IndonesianForm):
    planned_members = forms.IntegerField(
        label=_("Jumlah peserta direncanakan"), min_value=1, max_value=limits.MAX_MEMBERS
    )
    months = forms.IntegerField(label=_("Jumlah bulan"), min_value=1, max_value=12, initial=12)
    monthly_amount_per_person = RupiahField(
        label=_("Iuran per orang per bulan (Rp)"),
        min_value=1,
        max_value=limits.MAX_MONTHLY_AMOUNT,
        required=False,
        help_text=_("Kosong = dihitung dari tarif yang berlaku (atau iuran tetap program)."),
    )


class AllocationForm(IndonesianForm):
    allocation = RupiahField(label=_("Pagu DPA (Rp)"), min_value=0, max_value=limits.MAX_AMOUNT)
    dpa_number = forms.CharField(label=_("Nomor DPA"), max_length=120, required=False)
    dpa_date = DateField(label=_("Tanggal DPA"), required=False)


class WhatIfForm(IndonesianForm):
    extra = RupiahField(
        label=_("Tambahan anggaran (Rp)"), min_value=0, max_value=limits.MAX_AMOUNT, required=False
    )
    target = forms.IntegerField(
        label=_("Target jumlah peserta"), min_value=1, max_value=limits.MAX_MEMBERS, required=False
    )


class RateForm(IndonesianForm):
    segment = forms.ChoiceField(label=_("Segmen"), choices=[("BPU", "BPU"), ("PU", "PU")])
    element = forms.ChoiceField(
        label=pgettext_lazy("singular", "Program jaminan"),
        choices=[c for c in Element.choices if c[0] != "PAKET"],
    )
    variant = forms.ChoiceField(label=_("Varian"), choices=ContributionRate.Variant.choices)
    risk_class = forms.IntegerField(
        label=_("Kelompok risiko (0 = semua)"), min_value=0, max_value=5, initial=0
    )
    effective_from = DateField(label=_("Berlaku mulai"))
    percent = forms.DecimalField(
        label=_("Persen"), required=False, max_digits=7, decimal_places=4, localize=True
    )
    amount = RupiahField(
        label=_("Nominal tetap (Rp)"), required=False, min_value=1, max_value=limits.MAX_MONTHLY_AMOUNT
    )
    min_base = RupiahField(
        label=_("Dasar iuran terendah (Rp)"), required=False, min_value=1, max_value=limits.MAX_AMOUNT
    )
    max_base = RupiahField(
        label=_("Batas atas dasar iuran (Rp)"), required=False, min_value=1, max_value=limits.MAX_AMOUNT
    )
    source = forms.CharField(label=_("Sumber (peraturan)"), max_length=300, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # A new rate usually starts on the first day of next month (a rate never reaches back into a
        # billed month).
        today = dt.date.today()
        self.fields["effective_from"].initial = (today.replace(day=1) + dt.timedelta(days=32)).replace(day=1)


class SponsorForm(IndonesianForm):
    niks = forms.CharField(
        label=_("NIK peserta (satu per baris)"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    village_code = forms.CharField(label=_("atau kode desa"), required=False, max_length=13)
    count = forms.IntegerField(
        label=_("jumlah peserta"), required=False, min_value=1, max_value=limits.MAX_MEMBERS
    )


class CalculatorForm(IndonesianForm):
    """The contribution calculator's question (a GET form: nothing is stored)."""

    segment = forms.ChoiceField(label=_("Segmen"), choices=[("BPU", "BPU"), ("PU", "PU")], initial="BPU")
    wage = RupiahField(
        label=_("Upah (PU) atau penghasilan yang dilaporkan (BPU), Rp per bulan"),
        required=False,
        min_value=1,
        max_value=limits.MAX_AMOUNT,
    )
    risk_class = forms.TypedChoiceField(
        label=_("Kelompok risiko JKK (PU)"),
        coerce=int,
        required=False,
        empty_value=None,
        choices=[
            (1, _("1 Sangat rendah")),
            (2, _("2 Rendah")),
            (3, _("3 Sedang")),
            (4, _("4 Tinggi")),
            (5, _("5 Sangat tinggi")),
        ],
        initial=1,
    )
    elements = forms.MultipleChoiceField(
        label=pgettext_lazy("plural", "Program jaminan"),
        choices=[(e, e) for e in ("JKK", "JKM", "JHT", "JP")],
        initial=["JKK", "JKM"],
        widget=forms.CheckboxSelectMultiple,
    )
    period = forms.RegexField(
        label=_("Bulan iuran (YYYY-MM)"),
        regex=r"^\d{4}-\d{2}$",
        widget=forms.TextInput(attrs={"type": "month"}),
        error_messages={"invalid": _("Tulis periode sebagai YYYY-MM, misalnya 2026-11.")},
    )
    jkp = forms.BooleanField(label=_("Peserta JKP (PU)"), required=False)
    funder_kind = forms.ChoiceField(label=_("Sumber dana"), required=False)
    sector = forms.ChoiceField(
        label=_("Sektor"), choices=Sector.choices, initial=Sector.NON_TRANSPORT, required=False
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["funder_kind"].choices = [("", _("Tidak disebut (bukan dana publik)"))] + list(
            ProgrammeFunder.Kind.choices
        )
