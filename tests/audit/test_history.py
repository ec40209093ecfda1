"""The history panel reads as words: field labels, Indonesian dates and amounts, named actors, choice labels,
no internal keys; people a verified list brought in show where they came from."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.urls import reverse

from lindung.audit.services import audit_record, system_actor
from lindung.billing import services as billing
from lindung.enrolment.services import batch_submit, batch_upload, batch_verify
from lindung.programs.services import programme_update
from lindung.registry.models import Person
from lindung.registry.services import person_create
from tests.enrolment.conftest import lahat_programme  # noqa: F401 - fixture
from tests.factories import LAHAT
from tests.helpers import make_programme

pytestmark = pytest.mark.django_db
D = dt.date


def _history(html: str) -> str:
    """The text of the history panel only."""
    part = html.split('class="card history"', 1)[1].split("</section>", 1)[0]
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", part))


def test_budget_history_shows_labels_rupiah_dates_and_the_system_by_its_work(world, client_for):
    p = make_programme("lahat-bpu", world.pemkab_lahat, LAHAT, start_date=D(2022, 1, 1))
    with system_actor("demo"):
        b = billing.budget_set(
            actor=None, programme=p, year=2022, planned_members=4_332, monthly_amount_per_person=10_000
        )
    billing.budget_allocation_set(
        actor=world.lahat_finance,
        budget=b,
        allocation=519_840_000,
        dpa_number="DPA 1",
        dpa_date=D(2022, 1, 3),
    )
    text = _history(
        client_for(world.lahat_manager).get("/iuran/anggaran/lahat-bpu/?tahun=2022").content.decode()
    )
    assert "Pagu DPA: Rp519.840.000" in text
    assert "03-01-2022" in text and "2022-01-03" not in text
    assert "Tahun: 2022" in text  # a year is not a number with a thousands dot
    assert "Demo (data contoh)" in text
    assert "Bendahara BPKAD Lahat" in text  # the user's name, not their login
    assert "Iuran per orang per bulan: Rp10.000" in text
    for internal in (
        "allocation",
        "dpa_date",
        "monthly_amount_per_person",
        "planned_members",
        "sistem",
        "T0",
    ):
        assert internal not in text, internal


def test_batch_history_uses_field_labels_and_status_labels(world, client_for, lahat_programme):  # noqa: F811
    data = b"NIK;Nama;Tanggal Lahir;L/P;Kode Desa\n1604216512900001;Siti Aminah;25/12/1990;P;16.04.21.2008\n"
    batch = batch_upload(actor=world.desa_operator, programme=lahat_programme, filename="d.csv", data=data)
    text = _history(
        client_for(world.desa_operator)
        .get(reverse("enrolment:batch_detail", args=[batch.pk]))
        .content.decode()
    )
    assert "Draf" in text and "Operator Desa" in text
    for internal in ("duplicates_in_file", "already_registered", "status", "draft", "processing"):
        assert internal not in text, internal


def test_choice_fields_show_their_labels(world, client_for):
    p = make_programme("lahat-pu", world.pemkab_lahat, LAHAT)
    programme_update(
        actor=world.lahat_manager, programme=p, data={"segment": "PU", "end_date": D(2026, 12, 31)}
    )
    text = _history(
        client_for(world.lahat_manager)
        .get(reverse("programs:programme_detail", args=["lahat-pu"]))
        .content.decode()
    )
    assert "Segmen" in text and "PU (Penerima Upah)" in text and "31-12-2026" in text
    assert "end_date" not in text and "Manajer Lahat" in text


def test_system_rows_written_before_the_work_was_named_are_told_apart(world, client_for):
    p = make_programme("lahat-bpu", world.pemkab_lahat, LAHAT, start_date=D(2026, 1, 1))
    audit_record(actor=None, action="update", instance=p, changes={"status": ["draft", "active"]})
    text = _history(
        client_for(world.lahat_manager)
        .get(reverse("programs:programme_detail", args=["lahat-bpu"]))
        .content.decode()
    )
    assert "Sistem" in text and "sistem" not in text
    assert "Draf" in text or "draft" not in text


def test_person_history_keeps_nik_masked_and_shows_the_user_by_name(world, client_for):
    person, _warnings = person_create(
        actor=world.desa_operator,
        nik="1604216512900001",
        full_name="Siti Aminah",
        region_code="16.04.21.2008",
        birth_date=D(1990, 12, 25),
        sex="P",
    )
    text = _history(
        client_for(world.lahat_viewer)
        .get(reverse("registry:person_detail", args=[person.pk]))
        .content.decode()
    )
    assert "160421**********" in text and "1604216512900001" not in text
    assert "Tanggal lahir" in text and "25-12-1990" in text and "Perempuan" in text
    assert "Operator Desa" in text and "birth_date" not in text


def test_a_person_brought_in_by_a_verified_list_links_the_list(world, client_for, lahat_programme):  # noqa: F811
    data = b"NIK;Nama;Tanggal Lahir;L/P;Kode Desa\n1604216512900001;Siti Aminah;25/12/1990;P;16.04.21.2008\n"
    batch = batch_upload(
        actor=world.desa_operator, programme=lahat_programme, filename="daftar.csv", data=data
    )
    batch_submit(actor=world.desa_operator, batch=batch)
    batch_verify(actor=world.lahat_manager, batch=batch)
    person = Person.objects.get(nik="1604216512900001")
    html = (
        client_for(world.desa_operator)
        .get(reverse("registry:person_detail", args=[person.pk]))
        .content.decode()
    )
    text = _history(html)
    assert f"Masuk registri dari unggahan #{batch.pk} (daftar.csv" in text
    assert "Manajer Lahat" in text
    assert (
        f'href="{reverse("enrolment:batch_detail", args=[batch.pk])}"'
        in html.split('class="card history"', 1)[1]
    )
