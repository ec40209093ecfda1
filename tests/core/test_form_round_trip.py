"""Every form with stored values, rendered and submitted unchanged as a browser would, loses nothing.

Each case stores a record, opens its page as the user who edits it, sends back exactly what the page's form
holds (``tests.helpers.rendered_form``) and compares the record before and after. A date input that renders
its value in any format but ISO shows an empty field, and the unchanged form then erases the stored date;
a Rupiah field that shows 43.320.000 must read it back as 43.320.000, not 43,32.
"""

from __future__ import annotations

import datetime as dt
import inspect
import re
from decimal import Decimal

import pytest
from django import forms as djforms
from django.utils import timezone

from lindung.audit.models import AuditLog
from lindung.billing import forms as billing_forms
from lindung.billing import services as billing
from lindung.billing.models import ContributionRate, Invoice, Payment
from lindung.core.forms import DateField, RupiahField, parse_rupiah
from lindung.coverage import forms as coverage_forms
from lindung.coverage.models import CoverageFigure, CoverageTarget
from lindung.memberships import forms as memberships_forms
from lindung.programs import forms as programs_forms
from lindung.programs.models import Programme, ProgrammeFunder
from lindung.registry import forms as registry_forms
from tests.billing.conftest import people
from tests.factories import LAHAT, LAHAT_DESA
from tests.helpers import enrol, make_person, make_programme, rendered_form

pytestmark = pytest.mark.django_db

D = dt.date
FORM_MODULES = [billing_forms, programs_forms, registry_forms, coverage_forms, memberships_forms]


def _fields(record, names):
    record.refresh_from_db()
    return {n: getattr(record, n) for n in names}


def _submit(client, url, *, form_id, change=None):
    page = client.get(url)
    assert page.status_code == 200, url
    action, data = rendered_form(page.content.decode(), form_id=form_id)
    data.update(change or {})
    return client.post(action or url, data), data


# --- the cases: (stored record, page, form, who edits it) -----------------------------------------------


def case_budget_plan(world, client_for):
    p = make_programme("lahat-bpu", world.pemkab_lahat, LAHAT, start_date=D(2026, 1, 1))
    b = billing.budget_set(
        actor=None, programme=p, year=2026, planned_members=4_332, months=12, monthly_amount_per_person=10_000
    )
    names = ["planned_members", "months", "monthly_amount_per_person", "planned_total"]
    return (
        b,
        names,
        client_for(world.lahat_manager),
        "/iuran/anggaran/lahat-bpu/?tahun=2026",
        "budget-form",
        {},
    )


def case_budget_allocation(world, client_for):
    p = make_programme("lahat-bpu", world.pemkab_lahat, LAHAT, start_date=D(2026, 1, 1))
    b = billing.budget_set(
        actor=None, programme=p, year=2026, planned_members=361, monthly_amount_per_person=10_000
    )
    billing.budget_allocation_set(
        actor=None, budget=b, allocation=43_320_000, dpa_number="DPA 900/12/2026", dpa_date=D(2026, 1, 3)
    )
    names = ["allocation", "dpa_number", "dpa_date"]
    return (
        b,
        names,
        client_for(world.lahat_finance),
        "/iuran/anggaran/lahat-bpu/?tahun=2026",
        "allocation-form",
        {},
    )


def case_programme(world, client_for):
    p = make_programme(
        "lahat-pu",
        world.pemkab_lahat,
        LAHAT,
        segment="PU",
        wage_basis="fixed",
        fixed_amount_per_person=10_000,
        declared_income=1_500_000,
        wage=3_456_789,
        start_date=D(2022, 1, 1),
        end_date=D(2026, 12, 31),
        quota_total=4_332,
        description="Pegawai non-ASN",
        bank_name="Bank Sumsel Babel",
        bank_account_number="150-30-01234-5",
        bank_account_name="BPJS Ketenagakerjaan KC Muara Enim",
        virtual_account="8888 0316 0401 2022",
        signatory_name="Drs. Hendra Saputra, M.M.",
        signatory_position="Kepala Kantor Cabang",
    )
    names = [
        "name",
        "fixed_amount_per_person",
        "declared_income",
        "wage",
        "start_date",
        "end_date",
        "quota_total",
        "segment",
        "wage_basis",
        "risk_class",
        "lapse_after_months",
        "min_age",
        "max_age",
        "double_funding",
        "status",
        "description",
        "has_jkk",
        "has_jkm",
        "has_jht",
        "bank_name",
        "bank_account_number",
        "bank_account_name",
        "virtual_account",
        "signatory_name",
        "signatory_position",
    ]
    return p, names, client_for(world.lahat_manager), "/program/lahat-pu/ubah/", "programme-form", {}


def case_funders(world, client_for):
    p = make_programme("lahat-bersama", world.pemkab_lahat, LAHAT)
    p.funders.all().delete()
    ProgrammeFunder.objects.create(programme=p, kind="apbd_kab", share_percent=Decimal("62.50"))
    ProgrammeFunder.objects.create(programme=p, kind="apbd_prov", share_percent=Decimal("37.50"))
    ProgrammeFunder.objects.create(programme=p, kind="csr", name="PT Contoh", amount_per_person=1_250_000)

    class Funders:
        pk = p.pk

        def refresh_from_db(self):
            self.rows = sorted(
                p.funders.values_list("kind", "name", "share_percent", "amount_per_person"), key=str
            )

    return (
        Funders(),
        ["rows"],
        client_for(world.lahat_manager),
        "/program/lahat-bersama/penyandang-dana/",
        "funders-form",
        {},
    )


def case_person(world, client_for):
    person = make_person(
        "1604214508900002",
        "Siti Rahmawati",
        LAHAT_DESA,
        birth_date=D(1990, 8, 5),
        birth_place="Lahat",
        sex="P",
        monthly_income=1_500_000,
        phone="081234567890",
        address="Dusun 2, RT 003",
        occupation="Petani",
    )
    names = [
        "full_name",
        "birth_date",
        "birth_place",
        "sex",
        "monthly_income",
        "phone",
        "address",
        "occupation",
    ]
    return person, names, client_for(world.desa_operator), f"/orang/{person.pk}/ubah/", "person-form", {}


def case_membership_wage(world, client_for):
    p = make_programme("lahat-pu", world.pemkab_lahat, LAHAT, segment="PU", wage_basis="wage", wage=3_000_000)
    m = enrol(make_person("1604214508900002", "Siti Rahmawati", LAHAT_DESA), p)
    m.wage = 4_250_000
    m.save()
    page = f"/orang/{m.person_id}/"
    return m, ["wage"], client_for(world.desa_operator), page, f"wage-form-{m.pk}", {}


def case_coverage_figure_manager(world, client_for):
    fig = CoverageFigure.objects.create(
        region_code=LAHAT,
        year=2026,
        working_population=239_799,
        working_population_source="BPS",
        active_participants=51_398,
        active_participants_source="BPJS KC Muara Enim",
    )
    names = [
        "working_population",
        "working_population_source",
        "active_participants",
        "active_participants_source",
    ]
    return fig, names, client_for(world.lahat_manager), f"/cakupan/{LAHAT}/?tahun=2026", "figure-form", {}


def case_coverage_figure_bpjs(world, client_for):
    fig, names, _c, url, form_id, change = case_coverage_figure_manager(world, client_for)
    return fig, names, client_for(world.lahat_bpjs), url, form_id, change


def case_coverage_target(world, client_for):
    CoverageFigure.objects.create(
        region_code=LAHAT, year=2026, working_population=239_799, working_population_source="BPS"
    )
    target = CoverageTarget.objects.create(
        region_code=LAHAT, year=2026, target_percent=Decimal("40.25"), basis="RPJMD"
    )
    return (
        target,
        ["target_percent", "basis"],
        client_for(world.lahat_manager),
        f"/cakupan/{LAHAT}/?tahun=2026",
        "target-form",
        {},
    )


CASES = [
    case_budget_plan,
    case_budget_allocation,
    case_programme,
    case_funders,
    case_person,
    case_membership_wage,
    case_coverage_figure_manager,
    case_coverage_figure_bpjs,
    case_coverage_target,
]


@pytest.mark.parametrize("case", CASES, ids=[c.__name__.removeprefix("case_") for c in CASES])
def test_saving_a_form_unchanged_keeps_every_stored_value(world, client_for, case):
    record, names, client, url, form_id, change = case(world, client_for)
    before = _fields(record, names)
    last_audit = AuditLog.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    response, sent = _submit(client, url, form_id=form_id, change=change)
    assert response.status_code in (200, 302), (response.status_code, sent)
    if response.status_code == 200:  # re-rendered with an error: nothing may have been refused
        assert "alert error" not in response.content.decode(), sent
    assert _fields(record, names) == before, sent
    # Nothing changed, so nothing was written to the audit trail either.
    assert not AuditLog.objects.filter(pk__gt=last_audit, action=AuditLog.Action.UPDATE).exists()


def test_stored_dates_and_amounts_are_shown_as_people_read_them(world, client_for):
    record, _names, client, url, form_id, _change = case_budget_allocation(world, client_for)
    _action, data = rendered_form(client.get(url).content.decode(), form_id=form_id)
    assert data["dpa_date"] == ["2026-01-03"]  # ISO: what a date input can show
    assert data["allocation"] == ["43.320.000"]
    html = client.get(url).content.decode()
    assert re.search(r'<input type="text" name="allocation" value="43.320.000" inputmode="numeric"', html)


def test_payment_form_prefilled_from_the_invoice_records_what_it_shows(world, client_for):
    p = make_programme("lahat-bpu", world.pemkab_lahat, LAHAT, start_date=D(2026, 1, 1))
    people(p, 3)
    billing.billing_run(actor=world.lahat_manager, programme=p, period=D(2026, 3, 1))
    inv = Invoice.objects.get()
    c = client_for(world.lahat_finance)
    url = f"/iuran/tagihan/{inv.number}/"
    _action, data = rendered_form(c.get(url).content.decode(), form_id="pay-form")
    assert data["amount"] == [f"{inv.total:,}".replace(",", ".")]
    assert data["paid_on"] == [timezone.localdate().isoformat()]  # the required date is filled, not blank
    response, _sent = _submit(c, url, form_id="pay-form", change={"reference": ["TRF-0001"]})
    assert response.status_code == 302
    payment = Payment.objects.get()
    assert (payment.amount, payment.paid_on) == (inv.total, timezone.localdate())


def test_rate_form_keeps_its_start_date_and_reads_rupiah(world, client_for):
    c = client_for(world.admin)
    _action, data = rendered_form(c.get("/iuran/tarif/").content.decode(), form_id="rate-form")
    start = data["effective_from"][0]
    assert dt.date.fromisoformat(start) > timezone.localdate()  # filled with next month, in ISO
    refused = c.post("/iuran/tarif/", data)  # neither a percentage nor an amount: refused, typed values kept
    _action, again = rendered_form(refused.content.decode(), form_id="rate-form")
    assert again["effective_from"] == [start]
    data.update({"amount": ["Rp 20.000"], "source": ["uji"]})
    assert c.post("/iuran/tarif/", data).status_code == 302
    rate = ContributionRate.objects.get(source="uji")
    assert (rate.amount, rate.effective_from.isoformat()) == (20_000, start)


@pytest.mark.parametrize(
    "typed", ["43.320.000", "Rp 43.320.000", "Rp43.320.000,-", "43320000", " 43.320.000,00 "]
)
def test_rupiah_is_read_as_indonesians_write_it(typed):
    class F(djforms.Form):
        amount = RupiahField(min_value=0)

    form = F({"amount": typed})
    assert form.is_valid(), form.errors
    assert form.cleaned_data["amount"] == 43_320_000
    assert 'value="43.320.000"' in str(F(initial={"amount": 43_320_000})["amount"])


@pytest.mark.parametrize("typed", ["43,32", "43.32", "Rp 4.3", "empat juta", "1.000.000,50"])
def test_amounts_that_are_not_whole_rupiah_are_refused_with_an_example(typed):
    class F(djforms.Form):
        amount = RupiahField()

    form = F({"amount": typed})
    assert not form.is_valid()
    assert form.errors["amount"] == ["Tulis jumlah Rupiah tanpa sen, misalnya 43.320.000."]
    form = F({"amount": typed})
    assert f'value="{typed}"' in str(form["amount"])  # what was typed is shown again, as typed
    assert parse_rupiah("") is None


def _project_forms():
    for module in FORM_MODULES:
        for _name, cls in inspect.getmembers(module, inspect.isclass):
            if issubclass(cls, djforms.BaseForm) and cls.__module__ == module.__name__:
                yield cls


@pytest.mark.parametrize("form_class", list(_project_forms()), ids=lambda c: c.__name__)
def test_every_date_and_money_field_uses_the_shared_fields(form_class):
    for name, field in form_class.base_fields.items():
        if isinstance(field, djforms.DateField):
            assert isinstance(field, DateField), f"{form_class.__name__}.{name}"
            assert field.widget.format == "%Y-%m-%d"
        if isinstance(field, djforms.IntegerField) and "Rp" in str(field.label):
            assert isinstance(field, RupiahField), f"{form_class.__name__}.{name}"


def test_programme_dates_survive_an_unchanged_save(world, client_for):
    """The end date too (an optional date is the easiest to lose)."""
    record, names, client, url, form_id, change = case_programme(world, client_for)
    _submit(client, url, form_id=form_id)
    p = Programme.objects.get(code="lahat-pu")
    assert (p.start_date, p.end_date) == (D(2022, 1, 1), D(2026, 12, 31))


@pytest.mark.parametrize(
    "typed, message",
    [
        ("31-02-1990", 'Tanggal "31-02-1990" tidak ada di kalender; periksa tanggal dan bulannya.'),
        ("1990-02-30", 'Tanggal "1990-02-30" tidak ada di kalender; periksa tanggal dan bulannya.'),
        ("kemarin", "Tulis tanggal sebagai dd/mm/yyyy, misalnya 17/08/1991."),
        ("17/13/1991", "Tulis tanggal sebagai dd/mm/yyyy, misalnya 17/08/1991."),
    ],
)
def test_a_date_that_does_not_exist_is_told_apart_from_an_unreadable_one(typed, message):
    class F(djforms.Form):
        day = DateField()

    form = F({"day": typed})
    assert not form.is_valid() and form.errors["day"] == [message]
    assert F({"day": "29/02/2024"}).is_valid() and F({"day": "2024-02-29"}).is_valid()


def test_calculator_form_keeps_what_it_shows(world, client_for):
    """The calculator stores nothing: its GET form, sent back as rendered, asks the same question (the wage
    shown as 12.000.000 is read back as twelve million, the month and the boxes kept)."""
    c = client_for(world.lahat_viewer)
    url = "/iuran/kalkulator/"
    first = c.get(
        url,
        {
            "segment": "PU",
            "wage": "12000000",
            "risk_class": "5",
            "elements": ["JKK", "JP"],
            "period": "2024-06",
        },
    ).content.decode()
    assert 'value="12.000.000"' in first and 'id="calculator-total">Rp510.069<' in first
    _action, data = rendered_form(first, form_id="calculator-form")
    assert (data["wage"], data["period"], data["segment"]) == (["12.000.000"], ["2024-06"], ["PU"])
    again = c.get(url, data).content.decode()
    assert 'id="calculator-total">Rp510.069<' in again
