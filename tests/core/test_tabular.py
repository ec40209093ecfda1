"""core.tabular: tables read as people send them, for any caller's columns, and the guards that keep one
upload within memory and time."""

import csv
import io
import struct
import time
import zipfile

import pytest
import xlsxwriter
from hypothesis import assume, given
from hypothesis import strategies as st

from lindung.core import tabular
from lindung.core.tabular import FileRejected, TableSpec, decode_text, guess_delimiter, read_table

# A caller with its own columns (a bank statement), to show nothing here is enrolment's.
STATEMENT = TableSpec(
    headers={
        "date": ("tanggal", "tgl"),
        "reference": ("referensi", "no referensi"),
        "amount": ("jumlah", "kredit"),
        "account": ("no rekening",),
    },
    required=("date", "amount"),
    labels={"date": "Tanggal", "amount": "Jumlah"},
    text=("account",),
)


def xlsx(rows: list[list], *, start_row: int = 0, start_col: int = 0, numbers: dict | None = None) -> bytes:
    buf = io.BytesIO()
    wb = xlsxwriter.Workbook(buf, {"in_memory": True})
    ws = wb.add_worksheet()
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            if value is None:
                continue
            if isinstance(value, (int, float)):
                ws.write_number(start_row + r, start_col + c, value)
            else:
                ws.write_string(start_row + r, start_col + c, value)
    wb.close()
    return buf.getvalue()


def test_a_csv_with_a_title_without_separators_and_a_signature_block():
    text = (
        "REKENING KORAN BANK SUMSEL BABEL\n"
        "\n"
        "Tanggal;No Referensi;Kredit;No Rekening\n"
        "01/02/2026;REF-1;1.500.000;0012345678\n"
        "02/02/2026;REF-2;Rp 2.000.000;0012345679\n"
        ";;;\n"
        "Lahat, 3 Februari 2026;;;\n"
    )
    table = read_table(text.encode(), filename="koran.csv", spec=STATEMENT)
    assert table.kind == "csv" and table.rows == 3  # the place-and-date line has a date cell: it is a row
    assert table.frame["reference"].to_list()[:2] == ["REF-1", "REF-2"]
    assert table.frame["row_no"].to_list() == [1, 2, 4]  # numbered as the user counts rows under the header
    assert table.frame["sheet_row"].to_list()[:2] == [4, 5]
    assert table.columns_found == {
        "date": "Tanggal",
        "reference": "No Referensi",
        "amount": "Kredit",
        "account": "No Rekening",
    }
    assert table.frame["account_as_number"].to_list() == [False, False, False]


def test_a_workbook_starting_further_right_and_down_flags_numbers_in_text_columns():
    rows = [
        ["REKENING KORAN"],
        [None],
        ["Tanggal", "Referensi", "Jumlah", "No Rekening"],
        ["01/02/2026", "REF-1", "1500000", "0012345678"],
        ["02/02/2026", "REF-2", 2000000, 12345679],  # the account typed as a number lost its zeros
    ]
    table = read_table(xlsx(rows, start_row=3, start_col=2), filename="koran.xlsx", spec=STATEMENT)
    assert table.rows == 2
    assert table.frame["account"].to_list() == ["0012345678", "12345679"]
    assert table.frame["account_as_number"].to_list() == [False, True]
    assert table.frame["sheet_row"].to_list() == [7, 8]


def test_missing_required_columns_are_named_with_the_callers_labels():
    with pytest.raises(FileRejected) as exc:
        read_table(b"Tanggal;Referensi\n01/02/2026;X\n", filename="a.csv", spec=STATEMENT)
    assert exc.value.code == "columns"
    assert "kolom Tanggal dan Jumlah wajib ada" in exc.value.message
    assert "Kolom yang terbaca: Tanggal, Referensi" in exc.value.message


def test_utf16_tab_separated_text_as_excel_saves_unicode_text():
    data = "Tanggal\tJumlah\n01/02/2026\t1.500.000\n".encode("utf-16")
    table = read_table(data, filename="koran.txt", spec=STATEMENT)
    assert table.frame["amount"].to_list() == ["1.500.000"]


def test_a_csv_with_a_million_columns_is_refused_at_once():
    data = ("Tanggal;Jumlah;" + ";" * 1_000_000 + "\n01/02/2026;1\n").encode()
    start = time.perf_counter()
    with pytest.raises(FileRejected) as exc:
        read_table(data, filename="lebar.csv", spec=STATEMENT)
    assert exc.value.code == "too_many_columns"
    assert "paling banyak 200 kolom" in exc.value.message
    assert time.perf_counter() - start < 2


def test_a_workbook_with_too_many_columns_is_refused():
    with pytest.raises(FileRejected) as exc:
        read_table(xlsx([["Tanggal", "Jumlah", *["x"] * 250]]), filename="lebar.xlsx", spec=STATEMENT)
    assert exc.value.code == "too_many_columns"


def test_lines_beyond_the_row_limit_are_not_read():
    data = ("Tanggal;Jumlah\n" + "01/02/2026;1\n" * 5_000).encode()
    with pytest.raises(FileRejected) as exc:
        read_table(data, filename="a.csv", spec=STATEMENT, max_rows=1_000)
    assert exc.value.code == "too_many_rows"
    with pytest.raises(FileRejected, match="paling banyak 1.000 baris"):
        read_table(
            ("Tanggal;Jumlah\n" + "01/02/2026;1\n" * 1_500).encode(),
            filename="a.csv",
            spec=STATEMENT,
            max_rows=1_000,
        )


def _bomb(expanded: int) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as z:
        z.writestr("xl/workbook.xml", "<workbook/>")
        z.writestr("xl/worksheets/sheet1.xml", b"<row/>" * (expanded // 6))
    return buf.getvalue()


def test_a_small_workbook_expanding_hundreds_of_times_is_refused_quickly():
    data = _bomb(64 * 1024 * 1024)  # ~100 KB expanding to 64 MB: the shape of the 1,67 MB -> 572 MB one
    assert len(data) < 1024 * 1024
    start = time.perf_counter()
    with pytest.raises(FileRejected) as exc:
        read_table(data, filename="bom.xlsx", spec=STATEMENT)
    assert exc.value.code == "zip_bomb"
    assert time.perf_counter() - start < 0.5  # from the sizes the zip declares, nothing inflated


def test_the_total_expanded_size_is_bounded_not_only_the_ratio(monkeypatch):
    monkeypatch.setattr(tabular, "MAX_EXPANDED", 4 * 1024 * 1024)
    monkeypatch.setattr(tabular, "EXPANDED_FLOOR", 1024 * 1024)
    rows = [["Tanggal", "Jumlah"]] + [[f"0{i % 9 + 1}/02/2026", str(i * 7919)] for i in range(60_000)]
    data = xlsx(rows)  # an ordinary ratio, but more than the limit once unzipped
    assert zipfile.ZipFile(io.BytesIO(data)).getinfo("xl/worksheets/sheet1.xml").file_size > 4 * 1024 * 1024
    with pytest.raises(FileRejected) as exc:
        read_table(data, filename="besar.xlsx", spec=STATEMENT)
    assert exc.value.code == "zip_bomb"


def _lie_about_size(data: bytes, name: bytes, size: int) -> bytes:
    out = bytearray(data)
    for magic, name_len_at, name_at, size_at in ((b"PK\x03\x04", 26, 30, 22), (b"PK\x01\x02", 28, 46, 24)):
        i = out.find(magic)
        while i >= 0:
            n = struct.unpack("<H", out[i + name_len_at : i + name_len_at + 2])[0]
            if out[i + name_at : i + name_at + n] == name:
                out[i + size_at : i + size_at + 4] = struct.pack("<I", size)
            i = out.find(magic, i + 4)
    return bytes(out)


def test_a_workbook_lying_about_its_sizes_is_refused_before_it_is_parsed(monkeypatch):
    rows = [["Tanggal", "Jumlah"]] + [["01/02/2026", "1"]] * 2_000
    data = _lie_about_size(xlsx(rows), b"xl/worksheets/sheet1.xml", 100)
    parsed = []
    monkeypatch.setattr("fastexcel.read_excel", lambda *a, **k: parsed.append(1))
    with pytest.raises(FileRejected) as exc:
        read_table(data, filename="bohong.xlsx", spec=STATEMENT)
    assert exc.value.code in {"corrupt", "zip_bomb"} and parsed == []


@pytest.mark.parametrize(
    ("data", "code"),
    [
        (b"", "empty"),
        (b"%PDF-1.4", "format"),
        (b"PK\x03\x04rusak", "corrupt"),
        (tabular.OLE_MAGIC + b"\0" * 100, "encrypted"),
        (b"Tanggal;Jumlah\n\x81\x8d\x8f;\xff\n", "encoding"),
        (b"Tanggal;Jumlah\x00\x01\x02\n", "format"),
    ],
)
def test_hostile_files_get_one_clear_refusal(data, code):
    with pytest.raises(FileRejected) as exc:
        read_table(
            data, filename="a.pdf" if code == "format" and data.startswith(b"%") else "a.csv", spec=STATEMENT
        )
    assert exc.value.code == code


# --- decoding and delimiters (property tests) ---

TEXT = st.text(st.characters(blacklist_characters="\x00", blacklist_categories=("Cs",)), max_size=200)


@given(TEXT, st.booleans())
def test_utf8_text_decodes_to_itself_with_or_without_a_bom(text, bom):
    data = (b"\xef\xbb\xbf" if bom else b"") + text.encode("utf-8")
    assert decode_text(data) == text


@given(TEXT)
def test_utf16_text_with_a_bom_decodes_to_itself(text):
    assert decode_text(text.encode("utf-16")) == text


@given(st.text(st.characters(codec="cp1252", blacklist_characters="\x00"), max_size=200))
def test_windows_1252_text_decodes_to_itself(text):
    data = text.encode("cp1252")
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    else:
        assume(False)  # also valid UTF-8 (plain ASCII): read as UTF-8, covered above
    assert decode_text(data) == text


@given(st.binary(max_size=300))
def test_any_bytes_decode_or_are_refused_cleanly(data):
    try:
        assert isinstance(decode_text(data), str)
    except FileRejected as exc:
        assert exc.code in {"encoding", "format"}


CELL = st.text(
    st.characters(whitelist_categories=("L", "N"), whitelist_characters=" .-/'"), min_size=1, max_size=12
)


@given(
    st.sampled_from(tabular.DELIMITERS),
    st.integers(2, 8).flatmap(
        lambda n: st.lists(st.lists(CELL, min_size=n, max_size=n), min_size=1, max_size=6)
    ),
)
def test_the_delimiter_a_table_was_written_with_is_found(delimiter, rows):
    buf = io.StringIO()
    csv.writer(buf, delimiter=delimiter, lineterminator="\n").writerows(rows)
    assert guess_delimiter(buf.getvalue().splitlines()) == delimiter


@given(
    st.sampled_from(tabular.DELIMITERS),
    st.lists(
        st.lists(
            st.text(st.characters(blacklist_categories=("Cs", "Cc"), whitelist_characters="\t"), max_size=8),
            min_size=2,
            max_size=4,
        ),
        min_size=1,
        max_size=5,
    ),
)
def test_any_written_table_reads_back_cell_for_cell(delimiter, rows):
    width = len(rows[0])
    rows = [(r + [""] * width)[:width] for r in rows]
    spec = TableSpec(
        headers={f"k{i}": (f"kolom{i}",) for i in range(width)},
        required=("k0",),
        row_keys=[f"k{i}" for i in range(width)],
    )
    buf = io.StringIO()
    csv.writer(buf, delimiter=delimiter, lineterminator="\n", quoting=csv.QUOTE_ALL).writerows(
        [[f"kolom{i}" for i in range(width)], *rows]
    )
    try:
        table = read_table(buf.getvalue().encode(), filename="t.csv", spec=spec)
    except FileRejected as exc:
        assert exc.code == "no_rows"
        assert all(not "".join(c.strip() for c in r) for r in rows)
        return
    expected = [[c.strip() or None for c in r] for r in rows if any(c.strip() for c in r)]
    got = table.frame.select([f"k{i}" for i in range(width)]).rows()
    assert [list(r) for r in got] == expected
