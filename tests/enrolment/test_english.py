"""The enrolment, registry and audit pages are available in English; Indonesian stays the default."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from lindung.enrolment.models import Batch
from tests.enrolment.conftest import sample
from tests.helpers import make_person

VILLAGE = "16.04.21.2008"


def both(client, url, **params):
    """The page once in English and once in the default language (Indonesian)."""
    en = client.get(url, params, HTTP_ACCEPT_LANGUAGE="en")
    default = client.get(url, params)
    assert en.status_code == 200 and default.status_code == 200
    return en.content.decode(), default.content.decode()


@pytest.fixture
def batch(world, lahat_programme, client_for):
    f = SimpleUploadedFile("desa-lahat.xlsx", sample("desa-lahat.xlsx"))
    client_for(world.desa_operator).post(
        reverse("enrolment:batch_upload"), {"programme": lahat_programme.code, "file": f}
    )
    return Batch.objects.get()


@pytest.mark.django_db
def test_batch_list_and_upload_in_english(world, lahat_programme, client_for):
    c = client_for(world.desa_operator)
    en, idn = both(c, reverse("enrolment:batch_list"))
    assert (
        "Participant enrolment" in en and "Needs your action" in en and "Awaiting KPJ numbers from BPJS" in en
    )
    assert "Pendaftaran peserta" not in en and "Perlu tindakan Anda" not in en
    assert (
        "Pendaftaran peserta" in idn and "Perlu tindakan Anda" in idn and "Participant enrolment" not in idn
    )
    en, idn = both(c, reverse("enrolment:batch_upload"))
    assert "Upload participant list" in en and "Upload and check" in en
    assert "Unggah daftar peserta" in idn and "Unggah dan periksa" in idn and "Upload and check" not in idn


@pytest.mark.django_db
def test_batch_detail_in_english(world, batch, client_for):
    c = client_for(world.desa_operator)
    en, idn = both(c, reverse("enrolment:batch_detail", args=[batch.pk]))
    assert f"Upload #{batch.pk}: desa-lahat.xlsx" in en
    assert "Results per row" in en and "Download the check results (XLSX)" in en and "Change history" in en
    assert ">Row</th>" in en and "Hasil per baris" not in en
    assert f"Unggahan #{batch.pk}: desa-lahat.xlsx" in idn
    assert "Hasil per baris" in idn and "Riwayat perubahan" in idn and ">Baris</th>" in idn
    assert "Results per row" not in idn
    # The htmx fragment of the rows is translated too.
    part = c.get(
        reverse("enrolment:batch_detail", args=[batch.pk]), HTTP_HX_REQUEST="true", HTTP_ACCEPT_LANGUAGE="en"
    ).content.decode()
    assert "page 1 of" in part and "halaman 1 dari" not in part


@pytest.mark.django_db
def test_person_list_and_detail_in_english(world, client_for):
    siti = make_person("1604216512900001", "Siti Aminah", VILLAGE)
    c = client_for(world.lahat_manager)
    en, idn = both(c, reverse("registry:person_list"))
    assert "People registry" in en and "Search by name, NIK or village" in en
    assert "1 person · page 1 of 1" in en and "Siti Aminah" in en
    assert "Registri orang" in idn and "1 orang · halaman 1 dari 1" in idn and "People registry" not in idn
    en, idn = both(c, reverse("registry:person_detail", args=[siti.pk]))
    assert "NIK analysis" in en and "Regency/city" in en and "Not yet enrolled in any programme." in en
    assert "Change history" in en and "Analisis NIK" not in en
    assert (
        "Analisis NIK" in idn and "Belum terdaftar di program mana pun." in idn and "Riwayat perubahan" in idn
    )
    assert "NIK analysis" not in idn


@pytest.mark.django_db
def test_correction_list_in_english(world, client_for):
    c = client_for(world.lahat_manager)
    en, idn = both(c, reverse("registry:correction_list"))
    assert (
        "Data correction requests" in en and "Awaiting approval" in en and "Permohonan koreksi data" not in en
    )
    assert (
        "Permohonan koreksi data" in idn and "Menunggu persetujuan" in idn and "Awaiting approval" not in idn
    )
