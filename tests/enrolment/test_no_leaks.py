"""Enrolment messages tell an uploader what they need, nothing about people or programmes outside their area
(issue 14: a village operator learned that a NIK exists in another regency, in which programme, and the name
behind a probable duplicate)."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import translation

from lindung.core.formatting import mask_nik
from lindung.enrolment.messages import row_message
from lindung.enrolment.models import Batch
from tests.enrolment.test_pages import upload
from tests.factories import LAHAT_DESA
from tests.helpers import enrol, make_person, make_programme

HEADER = "NIK;Nama;Tanggal Lahir;L/P;Kode Desa\n"


def page_for(client, batch) -> str:
    return client.get(reverse("enrolment:batch_detail", args=[batch.pk]), {"status": ""}).content.decode()


def messages_of(batch) -> list[str]:
    return [m["message"] for r in batch.row_set.order_by("row_no") for m in r.messages]


@pytest.fixture
def operator(world, client_for):
    return client_for(world.desa_operator)


@pytest.mark.django_db
def test_a_nik_funded_in_another_regency_is_not_traced_to_its_programme(world, lahat_programme, operator):
    saro = make_programme("saro-rentan", world.pemkab_sarolangun, "15.03", name="Pekerja Rentan Sarolangun")
    enrol(make_person("1503016512900001", "Siti Sarolangun", "15.03.01.2001"), saro)
    upload(
        operator,
        lahat_programme,
        "d.csv",
        (HEADER + f"1503016512900001;Siti;25/12/1990;P;{LAHAT_DESA}\n").encode(),
    )
    batch = Batch.objects.get()
    assert messages_of(batch)[-1] == (
        "NIK ini sudah terdaftar pada program lain yang dibiayai dana publik pada periode yang sama."
    )
    html = page_for(operator, batch)
    for secret in ("Sarolangun", "saro-rentan"):  # (the district code in the file's own NIK is not a secret)
        assert secret not in html and secret not in str(messages_of(batch))
    with translation.override("en"):
        english = row_message(messages_of(batch)[-1])
    assert (
        english == "This NIK is already registered in another publicly funded programme in the same period."
    )


@pytest.mark.django_db
def test_a_programme_in_the_uploaders_area_is_named(world, lahat_programme, operator):
    other = make_programme("lahat-rt", world.pemkab_lahat, "16.04", name="Perangkat RT Lahat")
    enrol(make_person("1604216512900001", "Siti", LAHAT_DESA), other)
    upload(operator, lahat_programme, "d.csv", (HEADER + "1604216512900001;Siti;25/12/1990;P;\n").encode())
    assert "lewat program Perangkat RT Lahat" in messages_of(Batch.objects.get())[-1]


@pytest.mark.django_db
def test_a_probable_duplicate_outside_the_area_has_no_name_and_no_nik(world, lahat_programme, operator):
    elsewhere = "16.04.01.2001"  # Lahat, but not this operator's village
    make_person("1604011203900009", "Muhammad Yusuf", elsewhere, birth_date=dt.date(1990, 3, 12))
    upload(
        operator,
        lahat_programme,
        "d.csv",
        (HEADER + f"1604011203900001;M. Yusuf;12/03/1990;L;{elsewhere}\n").encode(),
    )
    batch = Batch.objects.get()
    found = messages_of(batch)
    assert "Desa 16.04.01.2001 di luar wilayah kerja Anda." in found
    assert (
        "Kemungkinan sama dengan orang yang sudah terdaftar dengan NIK lain (tanggal lahir, desa dan nama sama)."
        in found
    )
    html = page_for(operator, batch)
    for secret in ("Muhammad Yusuf", mask_nik("1604011203900009"), "0009"):
        assert secret not in html and secret not in str(found)


@pytest.mark.django_db
def test_a_probable_duplicate_inside_the_area_is_named_with_a_masked_nik(world, lahat_programme, operator):
    make_person("1604211203900009", "Muhammad Yusuf", LAHAT_DESA, birth_date=dt.date(1990, 3, 12))
    upload(
        operator, lahat_programme, "d.csv", (HEADER + "1604211203900001;M. Yusuf;12/03/1990;L;\n").encode()
    )
    found = messages_of(Batch.objects.get())
    assert (
        f"Kemungkinan sama dengan Muhammad Yusuf yang sudah terdaftar dengan NIK lain ({mask_nik('1604211203900009')})."
        in found
    )
    assert "1604211203900009" not in str(found)
