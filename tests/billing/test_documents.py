"""Official documents as a BPKAD officer reads them: the rendered PDFs' text (pdftotext), page by page."""

import datetime as dt
import subprocess
import tempfile

import pytest

from lindung.billing import calendar, services
from lindung.billing.models import Invoice
from lindung.regions.models import Region
from tests.billing.conftest import people, pu_staff
from tests.helpers import make_programme

D = dt.date
DAY = dt.timedelta(days=1)
pytestmark = pytest.mark.django_db

ISSUER = "BPJS Ketenagakerjaan KC Muara Enim"
DOCUMENT_SETTINGS = {
    "bank_name": "Bank Sumsel Babel",
    "bank_account_number": "150-30-01234-5",
    "bank_account_name": "BPJS Ketenagakerjaan KC Muara Enim",
    "virtual_account": "8888031604012026",
    "signatory_name": "Drs. Hendra Saputra, M.M.",
    "signatory_position": "Kepala Kantor Cabang",
}


def pdf_pages(body: bytes) -> list[str]:
    assert body.startswith(b"%PDF")
    with tempfile.NamedTemporaryFile(suffix=".pdf") as f:
        f.write(body)
        f.flush()
        text = subprocess.run(
            ["/usr/bin/pdftotext", f.name, "-"], capture_output=True, text=True, check=True
        ).stdout
    return [" ".join(page.split()) for page in text.split("\f")[:-1]]


@pytest.fixture
def lahat_nine_villages(world):
    """A Lahat BPU programme (Rp16.800 a person) with its document settings: 2 people in each of nine villages
    (more than page 1 holds beside the letter, so the per-village summary starts on page 2)."""
    p = make_programme(
        "lahat-bpu", world.pemkab_lahat, "16.04", start_date=D(2026, 1, 1), **DOCUMENT_SETTINGS
    )
    villages = list(
        Region.objects.filter(code__startswith="16.04.", level=4)
        .order_by("code")[:9]
        .values_list("code", "name")
    )
    for i, (code, _name) in enumerate(villages):
        people(p, 2, village=code, start=2 * i)
    services.billing_run(actor=world.lahat_manager, programme=p, period=D(2026, 3, 1))
    return p, villages, Invoice.objects.get(programme=p)


def test_invoice_page_one_has_issuer_recipient_total_payment_and_signatory(
    world, client_for, lahat_nine_villages
):
    p, villages, inv = lahat_nine_villages
    assert inv.total == 18 * 16_800
    pages = pdf_pages(client_for(world.lahat_finance).get(f"/iuran/tagihan/{inv.number}/pdf/").content)
    first = pages[0]
    assert "TAGIHAN IURAN" in first and inv.number in first
    assert "DITERBITKAN OLEH" in first and f"{ISSUER} BPJS Ketenagakerjaan Kantor Cabang" in first
    assert "KEPADA YTH." in first
    assert "Pemerintah Kabupaten Lahat Sumber dana: APBD Kabupaten/Kota, porsi 100%" in first
    assert "JUMLAH TAGIHAN" in first and "Rp302.400" in first
    assert "Terbilang: Tiga ratus dua ribu empat ratus rupiah" in first
    assert "18 orang di 9 desa/kelurahan" in first
    assert "virtual account 8888031604012026 (Bank Sumsel Babel)" in first
    assert (
        "rekening Bank Sumsel Babel nomor 150-30-01234-5 atas nama BPJS Ketenagakerjaan KC Muara Enim"
        in first
    )
    assert f"Bayar paling lambat {inv.due_date:%d} Maret 2026 sebesar Rp302.400" in first
    assert f"Kepala Kantor Cabang {ISSUER} Drs. Hendra Saputra, M.M." in first
    assert "Halaman 1 dari 2" in first
    # The per-village summary follows, by name (the code only beside it), with people and amounts.
    annex = pages[1]
    assert "Rincian per desa/kelurahan" in annex
    for code, name in villages:
        assert f"{name} {code}" in annex
    assert "Kecamatan Peserta Jumlah" in annex and "2 Rp33.600" in annex
    assert "Jumlah tagihan" in annex and "18 Rp302.400" in annex


def test_invoice_without_payment_settings_says_what_is_missing(world, client_for, lahat_bpu):
    people(lahat_bpu, 2)
    services.billing_run(actor=world.lahat_manager, programme=lahat_bpu, period=D(2026, 3, 1))
    inv = Invoice.objects.get()
    (page,) = pdf_pages(client_for(world.lahat_manager).get(f"/iuran/tagihan/{inv.number}/pdf/").content)
    assert "Rekening/virtual account pembayaran belum diatur pada program; hubungi " + ISSUER in page
    assert "(nama penandatangan belum diatur pada program)" in page
    assert "Rincian per desa/kelurahan" in page  # one village: on the same page


def test_receipt_names_the_receiver_and_who_recorded_it(world, client_for, lahat_nine_villages):
    p, _villages, inv = lahat_nine_villages
    pay = services.payment_record(
        actor=world.lahat_finance,
        funder=inv.funder,
        amount=inv.total,
        reference="TRF-0316",
        paid_on=D(2026, 3, 20),
    )
    (page,) = pdf_pages(
        client_for(world.lahat_finance).get(f"/iuran/pembayaran/{pay.receipt_number}/kuitansi/").content
    )
    assert "KUITANSI" in page and pay.receipt_number in page
    assert f"Diterima oleh {ISSUER}" in page
    assert "Dicatat oleh Bendahara BPKAD Lahat, BPKAD Kabupaten Lahat" in page
    assert "SEJUMLAH Rp302.400" in page and inv.number in page
    assert "Telah diterima dari Pemerintah Kabupaten Lahat (APBD Kabupaten/Kota)" in page
    assert "Penerima," not in page  # recorded by the payer's treasury: the issuer's signatory signs
    assert f"Kepala Kantor Cabang {ISSUER} Drs. Hendra Saputra, M.M." in page
    # Recorded by the branch itself: its officer received it and signs as the receiver.
    branch_pay = services.payment_record(
        actor=world.lahat_bpjs,
        funder=inv.funder,
        amount=1_000,
        reference="TRF-0317",
        allow_credit=True,
        paid_on=D(2026, 3, 21),
    )
    (page,) = pdf_pages(
        client_for(world.lahat_finance)
        .get(f"/iuran/pembayaran/{branch_pay.receipt_number}/kuitansi/")
        .content
    )
    assert f"Diterima oleh {ISSUER}, Verifikator KC Muara Enim" in page
    assert f"Penerima, {ISSUER} Verifikator KC Muara Enim" in page


def test_certificate_has_issuer_number_and_signatory(world, client_for, lahat_nine_villages):
    p, _villages, inv = lahat_nine_villages
    funder = inv.funder
    (page,) = pdf_pages(
        client_for(world.lahat_manager).get(f"/iuran/penyandang-dana/{funder.pk}/sertifikat.pdf").content
    )
    year = dt.date.today().year
    assert page.startswith(ISSUER)
    assert f"Nomor: SDK/{year}/{p.pk:03d}/{funder.pk:05d}" in page
    assert f"Kepala Kantor Cabang {ISSUER} Drs. Hendra Saputra, M.M." in page
    assert "diberikan kepada Pemerintah Kabupaten Lahat" in page


def test_late_fee_invoice_states_its_own_basis(world, client_for):
    pu = pu_staff(world, **DOCUMENT_SETTINGS)
    services.billing_run(actor=world.lahat_manager, programme=pu, period=D(2026, 1, 1))
    base = Invoice.objects.get(programme=pu, kind="iuran")
    as_of = calendar.shift_months(base.due_date, 1) + DAY  # two months of lateness begun
    services.late_fee_run(actor=world.lahat_manager, as_of=as_of, programme=pu)
    second = Invoice.objects.get(fee_for=base, fee_month=2)
    (page,) = pdf_pages(client_for(world.lahat_manager).get(f"/iuran/tagihan/{second.number}/pdf/").content)
    assert "TAGIHAN DENDA" in page
    assert (
        f"Atas tagihan iuran {base.number}, periode Januari 2026, jatuh tempo {base.due_date:%d-%m-%Y}"
        in page
    )
    start = calendar.shift_months(base.due_date, 1) + DAY
    end = calendar.shift_months(base.due_date, 2)
    assert f"Bulan keterlambatan ke-2: {start:%d-%m-%Y} s.d. {end:%d-%m-%Y}" in page
    assert f"Dasar denda Iuran terutang pada tagihan {base.number}" in page and "Rp48.600" in page
    assert "Tarif denda 2% per bulan keterlambatan (PP 44/2015" in page
    assert "2% × Rp48.600 = Rp972" in page
    first = Invoice.objects.get(fee_for=base, fee_month=1)
    assert f"Denda bulan sebelumnya {first.number}" in page
    assert "JUMLAH DENDA" in page and "Rp972" in page
    assert "per peserta" not in page and "desa/kelurahan" not in page  # no detail it does not have
