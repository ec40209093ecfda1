"""Form labels, choices and flash messages defined in Python (billing and programs) follow the language."""

import datetime as dt

import pytest
from django.urls import reverse

from lindung.billing import services
from tests.billing.conftest import people, post_confirmed

pytestmark = pytest.mark.django_db


def both(client, url, **extra):
    default = client.get(url, **extra)
    english = client.get(url, HTTP_ACCEPT_LANGUAGE="en", **extra)
    assert default.status_code == english.status_code == 200, url
    return default.content.decode(), english.content.decode()


def test_billing_home_status_choices_and_run_form(world, client_for, lahat_bpu):
    people(lahat_bpu, 2)
    services.billing_run(actor=world.lahat_manager, programme=lahat_bpu, period=dt.date(2026, 1, 1))
    idn, eng = both(client_for(world.lahat_manager), reverse("billing:home"))
    for indonesian, english in [
        ("Belum dibayar", "Unpaid"),
        ("Dibayar sebagian", "Partly paid"),
        ("Periode (YYYY-MM)", "Period (YYYY-MM)"),
        ("Semua program berjalan", "All running programmes"),
    ]:
        assert indonesian in idn and english not in idn
        assert english in eng and indonesian not in eng


def test_payment_and_rate_forms(world, client_for, lahat_bpu):
    idn, eng = both(client_for(world.lahat_finance), reverse("billing:payments"))
    assert "Nomor referensi bank" in idn and "Simpan kelebihan sebagai saldo kredit" in idn
    assert "Bank reference number" in eng and "Keep any overpayment as credit balance" in eng
    assert "Nomor referensi bank" not in eng and ">Funder<" in eng

    idn, eng = both(client_for(world.admin), reverse("billing:rates"))
    assert "Rekomposisi peserta JKP" in idn and "JKK (kecelakaan kerja)" in idn
    assert "JKP participant recomposition" in eng and "JKK (work accident)" in eng
    assert "Risk class (0 = all)" in eng and "Kelompok risiko (0 = semua)" not in eng


def test_programme_form_labels_choices_and_help(world, client_for):
    idn, eng = both(client_for(world.lahat_manager), reverse("programs:programme_create"))
    for indonesian, english in [
        ("Kode program", "Programme code"),
        ("Pekerja rentan desa/kelurahan", "Vulnerable workers in villages"),
        ("BPU (Bukan Penerima Upah)", "BPU (non-wage earners)"),
        ("Sangat rendah", "Very low"),
        ("Jika orang sudah didanai program lain", "If a person is already funded by another programme"),
        ("Huruf kecil, angka dan tanda hubung", "Lowercase letters, digits and hyphens"),
    ]:
        assert indonesian in idn and english not in idn
        assert english in eng and indonesian not in eng


def test_flash_messages_follow_language(world, client_for, lahat_bpu):
    people(lahat_bpu, 2)
    c = client_for(world.lahat_manager)
    url = reverse("billing:run")
    data = {"period": "2026-01", "program": "lahat-bpu"}
    eng = post_confirmed(c, url, data, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Billing for January 2026: 1 invoice, 4 lines, total Rp33.600." in eng
    idn = post_confirmed(c, url, data).content.decode()
    assert "Tidak ada yang perlu ditagih untuk Januari 2026 (sudah ditagih)." in idn
    eng = post_confirmed(c, url, data, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Nothing to bill for January 2026 (already billed)." in eng

    quota = reverse("programs:quotas_generate", args=["lahat-bpu"])
    eng = c.post(quota, {"quota_per_village": "0"}, HTTP_ACCEPT_LANGUAGE="en", follow=True).content.decode()
    assert "The quota per village must be a whole number greater than 0." in eng
    idn = c.post(quota, {"quota_per_village": "0"}, follow=True).content.decode()
    assert "Kuota per desa harus bilangan bulat lebih dari 0." in idn
