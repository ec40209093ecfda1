"""Row messages are stored in Indonesian; the batch page shows them in the reader's language."""

import pytest
from django.urls import reverse
from django.utils import translation

from lindung.enrolment.messages import row_message
from lindung.enrolment.models import Batch, BatchRow
from tests.enrolment.conftest import sample
from tests.enrolment.test_pages import upload


@pytest.mark.django_db
def test_every_message_of_the_sample_files_has_an_english_form(world, lahat_programme, client_for):
    c = client_for(world.desa_operator)
    for name in ("desa-lahat.xlsx", "desa-sarolangun.xlsx", "non-asn-musi-rawas.csv"):
        upload(c, lahat_programme, name=name, data=sample(name))
    messages = {m["message"] for r in BatchRow.objects.all() for m in r.messages}
    assert len(messages) >= 5
    with translation.override("en"):
        untranslated = [m for m in messages if row_message(m) == m]
    assert untranslated == []  # a new message shape must be added to enrolment/messages.py


@pytest.mark.django_db
def test_batch_rows_in_english_keep_their_values(world, lahat_programme, client_for):
    c = client_for(world.desa_operator)
    upload(c, lahat_programme)
    batch = Batch.objects.get()
    url = reverse("enrolment:batch_detail", args=[batch.pk])
    english = c.get(
        url, {"status": "rejected"}, HTTP_HX_REQUEST="true", HTTP_ACCEPT_LANGUAGE="en"
    ).content.decode()
    indonesian = c.get(url, {"status": "rejected"}, HTTP_HX_REQUEST="true").content.decode()
    assert "A NIK must be 16 digits." in english and "NIK harus terdiri dari 16 digit angka." not in english
    assert "NIK harus terdiri dari 16 digit angka." in indonesian
    row = BatchRow.objects.get(batch=batch, row_no=10)
    assert row.messages[0]["message"] == "NIK harus terdiri dari 16 digit angka."  # stored as written
    with translation.override("en"):
        assert row_message("Kode desa wajib diisi.") == "The village code is required."
        assert row_message("Nama wajib diisi.") == "Nama is required."
        assert row_message("Kuota desa 16.04.21.2008 (60 orang) sudah penuh.") == (
            "The quota of village 16.04.21.2008 (60 people) is full."
        )
        assert row_message("pesan lain") == "pesan lain"
