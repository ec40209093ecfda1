"""The BPJS branch's response to a verified list: one row per person with NIK and KPJ, and an optional
reason column. A row with a KPJ number is accepted; a row without one (or a person missing from the
response) goes back to the village with the reason. Read with the enrolment reader (XLSX or CSV); row numbers
are ``row_no``, the data rows counted from 1 below the header row, as in the upload report."""

from __future__ import annotations

import polars as pl
from django.utils.translation import gettext as _

from lindung.core.errors import ApplicationError
from lindung.core.tabular import FileRejected
from lindung.enrolment.models import BatchRow
from lindung.enrolment.reader import read_enrolment_file

REASON_MAX = BatchRow._meta.get_field("return_reason").max_length
# Problems are all collected; this many are carried in the error (and shown), with the count of the rest.
PROBLEMS_SHOWN = 200


def response_from_file(*, data: bytes, filename: str) -> pl.DataFrame:
    """The response as a frame (``row_no``, ``nik``, ``kpj`` — "" when none —, ``reason``); every faulty row
    is reported at once (``ApplicationError`` with ``extra["errors"]``), nothing is applied."""
    try:
        result = read_enrolment_file(data, filename=filename, required=("nik", "kpj"))
    except FileRejected as exc:
        raise ApplicationError(exc.message, code=exc.code) from exc
    frame = result.frame.select(
        pl.col("row_no").cast(pl.Int64),
        pl.col("nik").fill_null(""),
        pl.col("kpj").fill_null("").str.replace_all(r"\s", ""),
        pl.col("return_reason").fill_null("").str.strip_chars().str.slice(0, REASON_MAX).alias("reason"),
    )
    check(frame)
    return frame


def response_from_mapping(kpj: dict[str, str]) -> pl.DataFrame:
    """A response given as NIK -> KPJ (the API and scripts); rows are numbered in the mapping's order."""
    frame = pl.DataFrame(
        {
            "row_no": list(range(1, len(kpj) + 1)),
            "nik": list(kpj),
            "kpj": [v or "" for v in kpj.values()],
            "reason": [""] * len(kpj),
        },
        schema={"row_no": pl.Int64, "nik": pl.Utf8, "kpj": pl.Utf8, "reason": pl.Utf8},
    )
    check(frame)
    return frame


def problems(frame: pl.DataFrame) -> list[tuple[int, str]]:
    """(row, message) for every row of the response that cannot be applied as it is, in row order."""
    out: list[tuple[int, str]] = []
    for row, nik in frame.filter(~pl.col("nik").str.contains(r"^\d{16}$")).select("row_no", "nik").rows():
        out.append(
            (row, _("baris %(row)s: NIK %(nik)s bukan 16 digit angka.") % {"row": row, "nik": nik or "–"})
        )
    bad_kpj = frame.filter((pl.col("kpj") != "") & ~pl.col("kpj").str.contains(r"^\d{6,20}$"))
    for row, kpj in bad_kpj.select("row_no", "kpj").rows():
        out.append(
            (row, _("baris %(row)s: nomor KPJ %(kpj)s harus 6–20 digit angka.") % {"row": row, "kpj": kpj})
        )
    for column, message in (
        ("nik", _("baris %(row)s: NIK %(value)s sudah ada di baris %(first)s.")),
        ("kpj", _("baris %(row)s: nomor KPJ %(value)s sudah dipakai di baris %(first)s untuk NIK lain.")),
    ):
        filled = frame.filter(pl.col(column) != "")
        first = filled.group_by(column).agg(pl.col("row_no").min().alias("first"))
        repeated = filled.join(first, on=column).filter(pl.col("row_no") != pl.col("first"))
        for row, value, first_row in repeated.select("row_no", column, "first").rows():
            out.append((row, message % {"row": row, "value": value, "first": first_row}))
    return sorted(out)


def raise_problems(found: list[tuple[int, str]]) -> None:
    if not found:
        return
    shown = [m for _row, m in found[:PROBLEMS_SHOWN]]
    rest = len(found) - len(shown)
    if rest:
        shown.append(_("… dan %(n)s masalah lain.") % {"n": rest})
    raise ApplicationError(
        _(
            "Berkas balasan BPJS memuat %(n)s masalah; tidak ada yang diterima. Perbaiki baris berikut lalu "
            "unggah lagi (nomor baris = baris data di bawah judul kolom, seperti pada laporan hasil unggahan)."
        )
        % {"n": len(found)},
        code="kpj_invalid",
        extra={"errors": shown},
    )


def check(frame: pl.DataFrame) -> None:
    raise_problems(problems(frame))
