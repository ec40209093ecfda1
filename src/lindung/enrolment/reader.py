"""Reads enrolment lists as villages and OPDs send them, on top of ``core.tabular`` (XLSX or CSV, a title
above the header, a signature block below the data, NIKs that Excel stored as numbers) and ``core.parsing``
(dates, Rupiah). What is enrolment's own: the header variants of its columns, and turning the text cells
into typed columns with a row message for each cell that cannot be read.

The result is one polars frame with canonical names, plus row numbers as the user sees them (``row_no``:
1-based data rows below the header; ``sheet_row``: the spreadsheet row). Vectorised throughout.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import polars as pl
from django.utils.translation import gettext_lazy

from lindung.core import parsing
from lindung.core.tabular import MAX_BYTES, MAX_ROWS, FileRejected, TableSpec, read_table
from lindung.enrolment import messages as M
from lindung.registry.nik import NIK_HEADERS

__all__ = ["FileRejected", "ReadResult", "read_enrolment_file", "HEADERS", "MAX_BYTES", "MAX_ROWS"]

# canonical name -> header variants (compared after normalising: lower case, letters and digits only)
HEADERS: dict[str, tuple[str, ...]] = {
    "nik": NIK_HEADERS,
    "full_name": ("nama", "namalengkap", "namapeserta", "namapekerja", "namasesuaiktp"),
    "birth_place": ("tempatlahir", "tmplahir", "tmptlahir"),
    "birth_date": ("tanggallahir", "tgllahir", "tgllhr", "tanggallhr", "tgllahirddmmyyyy"),
    "sex": ("jeniskelamin", "jk", "lp", "jeniskelaminlp", "kelamin", "sex"),
    "region_code": ("kodedesa", "kodewilayah", "kodekelurahan", "kodedesakelurahan", "kodedesakel"),
    "address": ("alamat", "alamatlengkap", "alamatdomisili"),
    "phone": ("nohp", "telepon", "notelp", "nohandphone", "nomorhp", "notelepon", "hp"),
    "occupation": ("pekerjaan", "jabatan", "profesi", "jenispekerjaan"),
    "monthly_income": (
        "penghasilan",
        "honorperbulan",
        "upah",
        "gaji",
        "penghasilanperbulan",
        "honor",
        "upahperbulan",
    ),
    "kk_number": ("nokk", "nomorkk", "nomorkartukeluarga"),
    "mother_maiden_name": ("namaibukandung", "ibukandung", "namaibu"),
    "officer_kind": ("jenispetugas", "petugas", "jabatanadhoc"),
    "unit": ("unitkerja", "opd", "satuankerja"),
    "kpj": ("kpj", "nokpj", "nomorkpj", "nomorkepesertaan"),
    # The BPJS response's reason for a row it gives no KPJ; also the column of the returned rows' file.
    "return_reason": (
        "alasan",
        "alasanpengembalian",
        "alasandikembalikan",
        "alasanditolak",
        "keteranganbpjs",
    ),
}
REQUIRED = ("nik", "full_name")
LABELS = {
    "nik": "NIK",
    "full_name": gettext_lazy("Nama"),
    "birth_date": gettext_lazy("Tanggal lahir"),
    "sex": gettext_lazy("Jenis kelamin"),
    "region_code": gettext_lazy("Kode desa"),
    "monthly_income": gettext_lazy("Penghasilan"),
    "kpj": "KPJ",
}
# A row is data when it has a NIK or a name (the signature block below the table has neither).
ROW_KEYS = ("nik", "full_name")


@dataclass
class ReadResult:
    frame: pl.DataFrame
    columns_found: dict[str, str]
    messages: pl.DataFrame
    kind: str
    sheet: str = ""
    extra: dict = field(default_factory=dict)

    @property
    def rows(self) -> int:
        return self.frame.height


def read_enrolment_file(
    data: bytes,
    *,
    filename: str,
    max_rows: int = MAX_ROWS,
    max_bytes: int = MAX_BYTES,
    required: tuple[str, ...] = REQUIRED,
) -> ReadResult:
    spec = TableSpec(headers=HEADERS, required=required, labels=LABELS, text=("nik",), row_keys=ROW_KEYS)
    table = read_table(data, filename=filename, spec=spec, max_rows=max_rows, max_bytes=max_bytes)
    frame, messages = _clean(table.frame, required, excel=table.kind == "xlsx")
    return ReadResult(
        frame=frame, columns_found=table.columns_found, messages=messages, kind=table.kind, sheet=table.sheet
    )


def _region_code(expr: pl.Expr) -> pl.Expr:
    """A 10-digit village code written without dots gets them (1604212008 -> 16.04.21.2008)."""
    digits = expr.str.replace_all(r"\D", "")
    return (
        pl.when(digits.str.len_chars() == 10)
        .then(
            pl.concat_str(
                [
                    digits.str.slice(0, 2),
                    digits.str.slice(2, 2),
                    digits.str.slice(4, 2),
                    digits.str.slice(6, 4),
                ],
                separator=".",
            )
        )
        .otherwise(expr)
    )


def _sex(expr: pl.Expr) -> pl.Expr:
    s = expr.str.to_uppercase().str.replace_all(r"[^A-Z]", "")
    return (
        pl.when(s.is_in(["L", "LAKILAKI", "PRIA", "LK", "M"]))
        .then(pl.lit("L"))
        .when(s.is_in(["P", "PEREMPUAN", "WANITA", "PR", "F", "W"]))
        .then(pl.lit("P"))
    )


def _clean(
    frame: pl.DataFrame, required: tuple[str, ...] = REQUIRED, *, excel: bool = False
) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Typed columns (birth_date, sex, monthly_income, normalised NIK and village code) and one message per
    cell that cannot be read."""
    nik_raw = pl.col("nik").fill_null("")
    frame = frame.with_columns(
        pl.col("nik").alias("nik_raw"),
        nik_raw.str.replace_all(r"[\s.\-']", "").alias("nik"),
        nik_raw.str.contains(r"^\d(?:[.,]\d+)?[eE]\+?\d+$").alias("_nik_sci"),
        pl.col("full_name").str.replace_all(r"\s+", " ").alias("full_name"),
        parsing.dates_expr(pl.col("birth_date"), excel_serial=excel).alias("_date"),
        _sex(pl.col("sex")).alias("_sex"),
        _region_code(pl.col("region_code")).alias("region_code"),
        parsing.amounts_expr(pl.col("monthly_income")).alias("_income"),
    )
    date_problem = pl.col("_date").struct.field("problem")
    income_problem = pl.col("_income").struct.field("problem")
    checks: list[tuple[str, str, pl.Expr, pl.Expr]] = [
        ("nik", "nik_excel_number", pl.col("nik_as_number") & ~pl.col("_nik_sci"), pl.lit(M.MSG_NIK_NUMBER)),
        ("nik", "nik_scientific", pl.col("_nik_sci"), pl.format(M.MSG_NIK_SCIENTIFIC, pl.col("nik_raw"))),
        ("nik", "required", pl.col("nik_raw").is_null(), pl.lit(M.MSG_REQUIRED.format("NIK"))),
        (
            "full_name",
            "required",
            pl.col("full_name").is_null() & pl.lit("full_name" in required),
            pl.lit(M.MSG_REQUIRED.format("Nama")),
        ),
        (
            "birth_date",
            "date_invalid",
            date_problem == parsing.DATE_UNREADABLE,
            pl.format(M.MSG_DATE, pl.col("birth_date")),
        ),
        (
            "birth_date",
            "date_not_a_day",
            date_problem == parsing.DATE_NOT_A_DAY,
            pl.format(M.MSG_DATE_NOT_A_DAY, pl.col("birth_date")),
        ),
        (
            "sex",
            "sex_invalid",
            pl.col("sex").is_not_null() & pl.col("_sex").is_null(),
            pl.format(M.MSG_SEX, pl.col("sex")),
        ),
        (
            "monthly_income",
            "income_invalid",
            income_problem.is_not_null(),
            pl.when(income_problem == parsing.AMOUNT_NOT_WHOLE)
            .then(pl.format(M.MSG_INCOME_NOT_WHOLE, pl.col("monthly_income")))
            .when(income_problem == parsing.AMOUNT_TOO_LARGE)
            .then(pl.format(M.MSG_INCOME_TOO_LARGE, pl.col("monthly_income")))
            .otherwise(pl.format(M.MSG_INCOME, pl.col("monthly_income"))),
        ),
    ]
    parts = [
        frame.filter(cond.fill_null(False)).select(
            "row_no",
            pl.lit(column).alias("column"),
            pl.lit("error").alias("level"),
            pl.lit(code).alias("code"),
            msg.alias("message"),
        )
        for column, code, cond, msg in checks
    ]
    messages = pl.concat(parts).sort("row_no", maintain_order=True)
    # Typed columns replace the text ones.
    frame = frame.with_columns(
        pl.col("_date").struct.field("date").alias("birth_date"),
        pl.col("_sex").alias("sex"),
        pl.col("_income").struct.field("amount").alias("monthly_income"),
    ).drop("_date", "_sex", "_income", "_nik_sci")
    return frame.rename({"nik_as_number": "nik_was_number"}), messages
