"""Errors raised by the enrolment, registry and reader services are shown in English on English pages;
Indonesian stays the default."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from lindung.enrolment.models import Batch
from tests.enrolment.conftest import sample
from tests.helpers import make_person

VILLAGE = "16.04.21.2008"


def upload(client, programme, name, data, **extra):
    f = SimpleUploadedFile(name, data)
    return client.post(
        reverse("enrolment:batch_upload"), {"programme": programme.code, "file": f}, **extra
    ).content.decode()


@pytest.mark.django_db
def test_unreadable_upload_errors_in_english(world, lahat_programme, client_for):
    c = client_for(world.desa_operator)
    broken = b"PK\x03\x04rusak"
    en = upload(c, lahat_programme, "rusak.xlsx", broken, HTTP_ACCEPT_LANGUAGE="en")
    idn = upload(c, lahat_programme, "rusak.xlsx", broken)
    assert "The XLSX file is damaged and cannot be opened. Save it again from Excel." in en
    assert "Berkas XLSX rusak" not in en
    assert "Berkas XLSX rusak dan tidak dapat dibuka. Simpan ulang dari Excel." in idn
    assert "The XLSX file is damaged" not in idn

    headless = b"kolom1;kolom2\n1;2\n"
    en = upload(c, lahat_programme, "daftar.csv", headless, HTTP_ACCEPT_LANGUAGE="en")
    idn = upload(c, lahat_programme, "daftar.csv", headless)
    assert "Column heading row not found: the file must have columns for NIK and Name." in en
    assert "Columns read: kolom1, kolom2." in en
    assert "Baris judul kolom tidak ditemukan: kolom NIK dan Nama wajib ada." in idn
    assert "Kolom yang terbaca: kolom1, kolom2." in idn
    assert not Batch.objects.exists()


@pytest.mark.django_db
def test_batch_errors_in_english(world, lahat_programme, client_for):
    c = client_for(world.desa_operator)
    upload(c, lahat_programme, "desa-lahat.xlsx", sample("desa-lahat.xlsx"))
    batch = Batch.objects.get()
    data = sample("desa-lahat.xlsx")
    en = upload(c, lahat_programme, "lagi.xlsx", data, HTTP_ACCEPT_LANGUAGE="en")
    idn = upload(c, lahat_programme, "lagi.xlsx", data)
    assert f"The same file has already been uploaded for this programme (upload #{batch.pk})." in en
    assert f"Berkas yang sama sudah pernah diunggah untuk program ini (unggahan #{batch.pk})." in idn
    assert "The same file" not in idn

    submit = reverse("enrolment:batch_submit", args=[batch.pk])
    c.post(submit)
    batch.refresh_from_db()
    assert batch.status == Batch.Status.SUBMITTED
    en = c.post(submit, follow=True, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    idn = c.post(submit, follow=True).content.decode()
    assert "Only draft uploads can be submitted." in en and "Hanya unggahan draf" not in en
    assert "Hanya unggahan draf yang dapat diajukan." in idn and "Only draft uploads" not in idn


@pytest.mark.django_db
def test_correction_errors_in_english(world, client_for):
    siti = make_person("1604216512900001", "Siti Aminh", VILLAGE)
    c = client_for(world.desa_operator)
    url = reverse("registry:correction_create", args=[siti.pk])
    body = {"field": "full_name", "new_value": "Siti Aminah", "reason": " "}
    en = c.post(url, body, follow=True, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    idn = c.post(url, body, follow=True).content.decode()
    assert "Write the reason for the correction or the supporting document." in en
    assert "Tuliskan alasan atau dokumen pendukung koreksi." in idn
    body["reason"] = "Salah ketik"
    body["new_value"] = "Siti Aminh"
    en = c.post(url, body, follow=True, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    idn = c.post(url, body, follow=True).content.decode()
    assert "The new value is the same as the current value." in en
    assert "Nilai baru sama dengan nilai sekarang." in idn and "The new value" not in idn
