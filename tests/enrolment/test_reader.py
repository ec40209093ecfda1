import io
import zipfile

import polars as pl
import pytest

from lindung.enrolment.messages import MSG_NIK_NUMBER
from lindung.enrolment.reader import FileRejected, read_enrolment_file
from tests.enrolment.conftest import sample


@pytest.mark.parametrize("name", ["desa-lahat.xlsx", "desa-sarolangun.xlsx"])
def test_village_lists_read_as_they_are(name):
    r = read_enrolment_file(sample(name), filename=name)
    assert r.rows == 60  # title above, signature block below: neither is data
    assert r.columns_found["nik"] == "NIK" and r.columns_found["birth_date"] == "TGL LAHIR"
    msgs = {(row["row_no"], row["code"]): row["message"] for row in r.messages.to_dicts()}
    assert msgs[(6, "nik_excel_number")] == MSG_NIK_NUMBER
    assert (  # the date has the right shape but no such day: said so, not "use dd/mm/yyyy"
        msgs[(34, "date_not_a_day")]
        == 'Tanggal lahir "31-02-1990" tidak ada di kalender; periksa tanggal dan bulannya.'
    )
    assert len(r.frame.filter(pl.col("row_no") == 10)["nik"][0]) == 15  # short NIK kept for the NIK rules
    assert r.frame["birth_date"].null_count() == 1  # Excel dates and dd/mm/yyyy text both read


def test_semicolon_cp1252_csv_with_rupiah_text():
    r = read_enrolment_file(sample("non-asn-musi-rawas.csv"), filename="non-asn-musi-rawas.csv")
    assert r.rows == 200 and r.messages.height == 0
    assert r.columns_found["nik"] == "No. KTP"
    assert r.frame["monthly_income"].head(3).to_list() == [1_500_000, 1_850_000, 2_000_000]
    assert "Ma\u2019ruf Amin Saputra" in r.frame["full_name"].to_list()


def test_header_variants_and_scientific_nik_in_utf8_comma_csv():
    text = (
        "Nomor Induk Kependudukan , NAMA PESERTA,Tgl. Lahir,Jenis Kelamin,Kode Wilayah\n"
        "1604216512900001,Siti,1990-12-25,Perempuan,1604212008\n"
        "1.60421E+15,Budi,25/12/1990,laki-laki,16.04.21.2008\n"
    )
    r = read_enrolment_file(text.encode(), filename="x.csv")
    assert r.frame["sex"].to_list() == ["P", "L"]
    assert r.frame["region_code"].to_list() == ["16.04.21.2008", "16.04.21.2008"]
    assert r.messages["code"].to_list() == ["nik_scientific"]
    assert "notasi ilmiah" in r.messages["message"][0]


@pytest.mark.parametrize(
    ("data", "filename", "message"),
    [
        (b"", "a.csv", "Berkas kosong."),
        (b"hello", "a.pdf", "Format berkas tidak dikenal: unggah .xlsx atau .csv."),
        (
            b"PK\x03\x04garbage",
            "a.xlsx",
            "Berkas XLSX rusak dan tidak dapat dibuka. Simpan ulang dari Excel.",
        ),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100, "a.xlsx", "terkunci dengan kata sandi"),
        (
            b"Nama;Alamat\nSiti;Lahat\n",
            "a.csv",
            "Baris judul kolom tidak ditemukan: kolom NIK dan Nama wajib ada.",
        ),
        (b"NIK;Nama\n\x81\x8d\x8f;\xff\n", "a.csv", "pengodean karakternya rusak"),
        (b"NIK;Nama\n", "a.csv", "Tidak ada baris data di bawah judul kolom."),
    ],
)
def test_bad_files_are_refused_with_a_clear_message(data, filename, message):
    with pytest.raises(FileRejected) as exc:
        read_enrolment_file(data, filename=filename)
    assert message in exc.value.message


def test_zip_bomb_and_limits():
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("xl/workbook.xml", "<workbook/>")
        z.writestr("xl/worksheets/sheet1.xml", b"0" * (50 * 1024 * 1024))
    with pytest.raises(FileRejected, match="bom zip"):
        read_enrolment_file(buf.getvalue(), filename="bom.xlsx")
    with pytest.raises(FileRejected, match="Berkas terlalu besar"):
        read_enrolment_file(b"x" * 2000, filename="a.csv", max_bytes=1000)
    rows = "NIK;Nama\n" + "".join(f"16042165129{i:05d};Orang {i}\n" for i in range(50))
    with pytest.raises(FileRejected, match="paling banyak 10 baris"):
        read_enrolment_file(rows.encode(), filename="a.csv", max_rows=10)


def test_large_csv_reads_vectorised():
    rows = "NIK;Nama;Tanggal Lahir\n" + "".join(
        f"16042165129{i:05d};Orang {i};25/12/1990\n" for i in range(50_000)
    )
    r = read_enrolment_file(rows.encode(), filename="besar.csv")
    assert r.rows == 50_000 and r.messages.height == 0
