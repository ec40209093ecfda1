"""Labels, choices and flash messages defined in Python show in English; Indonesian stays the default."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from lindung.enrolment.models import Batch
from tests.enrolment.conftest import sample

EN = {"HTTP_ACCEPT_LANGUAGE": "en"}


def both(client, url, **params):
    """The page once in English and once in the default language (Indonesian)."""
    en = client.get(url, params, **EN)
    default = client.get(url, params)
    assert en.status_code == 200 and default.status_code == 200
    return en.content.decode(), default.content.decode()


@pytest.mark.django_db
def test_upload_form_labels_errors_and_batch_status(world, lahat_programme, client_for):
    c = client_for(world.desa_operator)
    en, idn = both(c, reverse("enrolment:batch_upload"))
    assert "List file (.xlsx or .csv)" in en and ">Programme</label>" in en
    assert "Berkas daftar (.xlsx atau .csv)" not in en
    assert "Berkas daftar (.xlsx atau .csv)" in idn and ">Program</label>" in idn
    assert "List file (.xlsx or .csv)" not in idn
    # Form validation messages.
    url = reverse("enrolment:batch_upload")
    en = c.post(url, {"programme": lahat_programme.code}, **EN).content.decode()
    assert "Choose the file to upload." in en and "Pilih berkas yang akan diunggah." not in en
    idn = c.post(url, {"programme": lahat_programme.code}).content.decode()
    assert "Pilih berkas yang akan diunggah." in idn
    # The batch status (TextChoices label) and a flash message from the view.
    f = SimpleUploadedFile("desa-lahat.xlsx", sample("desa-lahat.xlsx"))
    c.post(url, {"programme": lahat_programme.code, "file": f})
    batch = Batch.objects.get()
    assert batch.status == Batch.Status.DRAFT
    en, idn = both(c, reverse("enrolment:batch_detail", args=[batch.pk]))
    assert 'id="batch-status">Draft<' in en and 'id="batch-status">Draf<' in idn
    resp = c.post(reverse("enrolment:batch_submit", args=[batch.pk]), follow=True, **EN)
    assert "Upload submitted for verification." in resp.content.decode()
    assert 'id="batch-status">Submitted<' in resp.content.decode()


@pytest.mark.django_db
def test_person_form_labels_and_sex_choices(world, client_for):
    c = client_for(world.lahat_manager)
    en, idn = both(c, reverse("registry:person_create"))
    assert "Place of birth" in en and "Mother&#x27;s maiden name" in en and ">Male</option>" in en
    assert "Tempat lahir" not in en and "Laki-laki" not in en
    assert "Tempat lahir" in idn and "Nama ibu kandung" in idn and ">Laki-laki</option>" in idn
    assert "Place of birth" not in idn


@pytest.mark.django_db
def test_organisation_kind_role_and_region_kind(world, client_for):
    c = client_for(world.lahat_manager)
    en, idn = both(c, reverse("accounts:organisation_detail", args=[world.pemkab_lahat.code]))
    assert "<dd>Regency government</dd>" in en and "<td>Manager</td>" in en and "<td>Viewer</td>" in en
    assert "<td>Pemantau</td>" not in en
    assert "<dd>Pemerintah Kabupaten</dd>" in idn and "<td>Manajer</td>" in idn and "<td>Pemantau</td>" in idn
    assert "Regency government" not in idn
    en, idn = both(c, reverse("regions:region_detail", args=["16.04"]))
    assert "<dd>Regency</dd>" in en and "<dd>Kabupaten</dd>" in idn


@pytest.mark.django_db
def test_coverage_form_labels_and_messages(world, client_for):
    c = client_for(world.lahat_manager)
    en, idn = both(c, reverse("coverage:region_detail", args=["16.04"]))
    assert "Working population source" in en and "UCJ target (%)" in en
    assert "Sumber penduduk bekerja" not in en
    assert "Sumber penduduk bekerja" in idn and "Target UCJ (%)" in idn
    assert "Working population source" not in idn
    url = reverse("coverage:target_set", args=["16.04"])
    en = c.post(url, {"year": "2025", "target_percent": "40"}, follow=True, **EN).content.decode()
    assert "UCJ target for 2025 saved." in en
    idn = c.post(url, {"year": "2025", "target_percent": "41"}, follow=True).content.decode()
    assert "Target UCJ 2025 disimpan." in idn
