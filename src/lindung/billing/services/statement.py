"""Bank statements (rekening koran) as CSV: decoding, the header, and each row's date, reference,
description and amount. Parsing only: nothing here reads or writes the database.

A file with any bad row is refused as a whole, every problem listed (``statement_invalid``).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from dataclasses import dataclass

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from lindung.billing import limits
from lindung.core.errors import ApplicationError
from lindung.core.formatting import number, rupiah
from lindung.core.parsing import ParseError
from lindung.core.parsing import parse_amount as core_parse_amount
from lindung.core.parsing import parse_date as core_parse_date
from lindung.core.tabular import FileRejected, decode_text, guess_delimiter

COLUMNS = {
    "date": ("tanggal", "tgl", "tanggal transaksi", "date"),
    "reference": ("referensi", "no referensi", "nomor referensi", "no. referensi", "reference", "ref"),
    "description": ("keterangan", "berita", "uraian", "deskripsi", "description"),
    "amount": ("jumlah", "kredit", "nominal", "amount", "credit"),
}


@dataclass(frozen=True)
class StatementRow:
    line: int  # the row number in the file (the header is row 1)
    paid_on: dt.date
    amount: int
    reference: str
    description: str


def normalise_reference(text: str) -> str:
    """Bank references compare without case and extra spaces: ' trf  77 ' is 'TRF 77'."""
    return re.sub(r"\s+", " ", (text or "").strip()).upper()


def parse_amount(text: str) -> int | None:
    """'1.250.000', '1250000', '1.250.000,00', 'Rp 50.400' -> whole Rupiah (core.parsing); None otherwise."""
    try:
        return core_parse_amount(text)
    except ParseError as exc:
        # Too large is still an amount: the row check then names the maximum.
        return limits.MAX_AMOUNT + 1 if exc.code == "amount_too_large" else None


def parse_date(text: str) -> dt.date | None:
    """A date as banks write it (core.parsing's one list of formats); None when it is not one."""
    try:
        return core_parse_date(text)
    except ParseError:
        return None


def _rows(data: bytes) -> list[list[str]]:
    if not data:
        raise ApplicationError(_("Berkas rekening koran kosong."), code="empty_file")
    if len(data) > limits.MAX_STATEMENT_BYTES:
        raise ApplicationError(_("Berkas rekening koran lebih dari 5 MB; pecah per bulan."), code="too_large")
    try:
        text = decode_text(data)
    except FileRejected as exc:
        raise ApplicationError(exc.message, code=exc.code) from exc
    delimiter = guess_delimiter(text[:65_536].splitlines()[:5])
    rows = list(csv.reader(io.StringIO(text), delimiter=delimiter))
    if not rows:
        raise ApplicationError(_("Berkas rekening koran kosong."), code="empty_file")
    if len(rows) - 1 > limits.MAX_STATEMENT_ROWS:
        raise ApplicationError(
            _(
                "Rekening koran berisi %(n)s baris; paling banyak %(max)s baris sekali unggah (pecah per minggu)."
            )
            % {"n": number(len(rows) - 1), "max": number(limits.MAX_STATEMENT_ROWS)},
            code="too_many_rows",
        )
    return rows


def _column_index(header_row: list[str]) -> dict[str, int]:
    header = [re.sub(r"\s+", " ", h.strip().lower().replace("_", " ")) for h in header_row]
    index = {}
    for key, names in COLUMNS.items():
        found = next((i for i, h in enumerate(header) if h in names), None)
        if found is None:
            raise ApplicationError(
                _(
                    "Kolom %(column)s tidak ditemukan. Kolom yang diperlukan: tanggal, referensi, keterangan, jumlah."
                )
                % {"column": repr(names[0])},
                code="missing_column",
            )
        index[key] = found
    return index


def _row_errors(n: int, cells: dict[str, str], day, amount, ref: str, seen: set[str], today: dt.date) -> list:
    errors = []
    if day is None:
        errors.append(
            _("Baris %(row)s: tanggal %(value)s tidak dikenali (gunakan dd/mm/yyyy).")
            % {"row": n, "value": repr(cells["date"])}
        )
    elif day > today:
        errors.append(
            _("Baris %(row)s: tanggal %(date)s di masa depan.") % {"row": n, "date": f"{day:%d-%m-%Y}"}
        )
    elif day < limits.FIRST_DATE:
        errors.append(
            _("Baris %(row)s: tanggal %(date)s tidak masuk akal; paling awal %(first)s.")
            % {"row": n, "date": limits.date_text(day), "first": limits.date_text(limits.FIRST_DATE)}
        )
    if amount is None or amount <= 0:
        errors.append(
            _("Baris %(row)s: jumlah %(value)s bukan jumlah Rupiah yang valid.")
            % {"row": n, "value": repr(cells["amount"])}
        )
    elif amount > limits.MAX_AMOUNT:
        errors.append(
            _("Baris %(row)s: jumlah %(value)s lebih dari %(max)s.")
            % {"row": n, "value": repr(cells["amount"]), "max": rupiah(limits.MAX_AMOUNT)}
        )
    if not ref:
        errors.append(_("Baris %(row)s: nomor referensi kosong.") % {"row": n})
    elif ref in seen:
        errors.append(
            _("Baris %(row)s: nomor referensi %(ref)s muncul dua kali dalam berkas.") % {"row": n, "ref": ref}
        )
    return errors


def statement_parse(data: bytes, *, today: dt.date) -> list[StatementRow]:
    """The statement's rows, or ``statement_invalid`` listing every bad row (``extra["errors"]``)."""
    rows = _rows(data)
    index = _column_index(rows[0])
    errors: list[str] = []
    parsed: list[StatementRow] = []
    seen: set[str] = set()
    for n, row in enumerate(rows[1:], start=2):
        if not any(c.strip() for c in row):
            continue
        cells = {k: (row[i] if i < len(row) else "") for k, i in index.items()}
        day, amount = parse_date(cells["date"]), parse_amount(cells["amount"])
        ref = normalise_reference(cells["reference"])
        row_errors = _row_errors(n, cells, day, amount, ref, seen, today)
        seen.add(ref)
        if row_errors:
            errors += row_errors
        else:
            parsed.append(StatementRow(n, day, amount, ref, cells["description"]))
    if errors:
        raise ApplicationError(
            ngettext(
                "Rekening koran tidak diimpor: %(n)s masalah. Perbaiki lalu unggah lagi.",
                "Rekening koran tidak diimpor: %(n)s masalah. Perbaiki lalu unggah lagi.",
                len(errors),
            )
            % {"n": len(errors)},
            code="statement_invalid",
            extra={"errors": errors},
        )
    return parsed
