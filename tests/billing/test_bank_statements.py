"""Bank statements: parsing the CSV as banks write it, then matching, checking and recording each row."""

import datetime as dt

import pytest

from lindung.billing import services
from lindung.billing.models import Invoice, Payment
from lindung.billing.services import payments
from lindung.billing.services.statement import parse_amount, parse_date, statement_parse
from lindung.core.errors import ApplicationError
from tests.billing.conftest import people, two_months

D = dt.date
TODAY = D(2026, 11, 30)


# --- parse (no database) ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "amount"),
    [
        ("1.250.000", 1_250_000),
        ("1250000", 1_250_000),
        ("1.250.000,00", 1_250_000),
        ("Rp 50.400", 50_400),
        ("50400.00", 50_400),
        ("12,5", None),
        ("1.250.000,50", None),
        ("12abc", None),
        ("", None),
    ],
)
def test_amounts_as_banks_write_them(text, amount):
    assert parse_amount(text) == amount


@pytest.mark.parametrize("text", ["20/02/2026", "20-02-2026", "2026-02-20", "20/02/26"])
def test_dates_as_banks_write_them(text):
    assert parse_date(text) == D(2026, 2, 20)


def test_a_windows_file_with_semicolons_is_read():
    data = "Tanggal;No. Referensi;Uraian;Kredit\n20/02/2026;café-1;Bayar TGH-2026-000001;33.600\n".encode(
        "cp1252"
    )
    [row] = statement_parse(data, today=TODAY)
    assert (row.line, row.paid_on, row.reference, row.amount) == (2, D(2026, 2, 20), "CAFÉ-1", 33_600)


def test_every_bad_row_is_listed_and_nothing_is_returned():
    data = b"tanggal,referensi,keterangan,jumlah\n31/02/2026,A,x,1\n01/12/2026,,x,0\n01/01/2026,A,x,5\n"
    with pytest.raises(ApplicationError) as exc:
        statement_parse(data, today=TODAY)
    assert exc.value.code == "statement_invalid"
    assert exc.value.extra["errors"] == [
        "Baris 2: tanggal '31/02/2026' tidak dikenali (gunakan dd/mm/yyyy).",
        "Baris 3: tanggal 01-12-2026 di masa depan.",
        "Baris 3: jumlah '0' bukan jumlah Rupiah yang valid.",
        "Baris 3: nomor referensi kosong.",
        "Baris 4: nomor referensi A muncul dua kali dalam berkas.",
    ]


@pytest.mark.parametrize(
    ("data", "code"),
    [
        (b"", "empty_file"),
        (b"tanggal,referensi,jumlah\n", "missing_column"),
        (b"\x81\x8d\x8f\x90\x9d", "encoding"),
    ],
)
def test_unreadable_files_are_refused(data, code):
    with pytest.raises(ApplicationError) as exc:
        statement_parse(data, today=TODAY)
    assert exc.value.code == code


# --- match, check, record --------------------------------------------------------------------------------


@pytest.mark.django_db
def test_matching_is_one_query_whatever_the_number_of_rows(world, lahat_bpu, django_assert_num_queries):
    people(lahat_bpu, 1)
    for m in (1, 2, 3):
        services.billing_run(actor=world.lahat_manager, programme=lahat_bpu, period=D(2026, m, 1))
    numbers = list(Invoice.objects.order_by("number").values_list("number", flat=True))
    csv = "tanggal,referensi,keterangan,jumlah\n" + "".join(
        f"20/03/2026,R-{i},bayar {numbers[i % 3]},1\n" for i in range(30)
    )
    rows = statement_parse(csv.encode(), today=TODAY)
    with django_assert_num_queries(1):
        matched = payments._match(rows)
    assert [r.invoice.number for r in matched[:3]] == numbers


@pytest.mark.django_db
def test_rows_of_a_funder_the_office_does_not_record_are_skipped_by_name(world, csr_bpu):
    people(csr_bpu, 1)
    services.billing_run(actor=world.lahat_manager, programme=csr_bpu, period=D(2026, 3, 1))
    csr = Invoice.objects.get(funder__name="PT Contoh")
    csv = f"tanggal,referensi,keterangan,jumlah\n20/03/2026,CSR-1,{csr.number},5.880\n".encode()
    # BPKAD records the treasury's money (public and employer funders), not a company's CSR.
    result = services.payments_import(actor=world.lahat_finance, data=csv)
    assert not result.recorded
    assert result.skipped == ["Baris 2: pembayaran PT Contoh tidak dicatat oleh kantor Anda, dilewati."]
    # The BPJS branch receives it.
    assert [p.reference for p in services.payments_import(actor=world.lahat_bpjs, data=csv).recorded] == [
        "CSR-1"
    ]
    assert Payment.objects.get().recorded_by == world.lahat_bpjs


@pytest.mark.django_db
def test_matched_rows_are_recorded_others_listed_and_a_second_import_records_nothing(world, lahat_bpu):
    two_months(world, lahat_bpu)
    csv = (
        b"Tanggal;Referensi;Keterangan;Jumlah\n"
        b"20/02/2026;BNK-1;Bayar TGH-2026-000001 iuran;33.600\n"
        b"21/02/2026;BNK-2;transfer lain;50.000\n"
    )
    result = services.payments_import(actor=world.lahat_finance, data=csv, filename="rk.csv")
    assert [p.reference for p in result.recorded] == ["BNK-1"]
    assert any("BNK-2" not in s and "Baris 3" in s for s in result.skipped)
    assert Invoice.objects.get(number="TGH-2026-000001").status == "paid"
    again = services.payments_import(actor=world.lahat_finance, data=csv, filename="rk.csv")
    assert not again.recorded and "sudah tercatat" in again.skipped[0]
    bad = b"Tanggal;Referensi;Keterangan;Jumlah\n31/02/2026;X;TGH-2026-000002;12,5abc\n"
    with pytest.raises(ApplicationError) as exc:
        services.payments_import(actor=world.lahat_finance, data=bad)
    assert exc.value.code == "statement_invalid" and len(exc.value.extra["errors"]) == 2
    assert Payment.objects.count() == 1
