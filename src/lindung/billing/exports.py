"""Money documents: invoice, receipt, funder statement and certificate of support as PDF (WeasyPrint);
invoice detail, arrears by village, realisation and statements as XLSX. Every text cell goes through
``safe_cell`` so nothing a spreadsheet would run as a formula gets in; NIKs are masked."""

from __future__ import annotations

import io
from collections.abc import Iterable

import xlsxwriter
from lokal import terbilang

from lindung.billing.rates import month_label
from lindung.core.exports import safe_cell
from lindung.core.formatting import mask_nik
from lindung.core.pdf import render_pdf


def amount_in_words(value: int) -> str:
    return terbilang(int(value), currency=True, case="sentence")


def certificate_number(*, funder, year: int) -> str:
    """A certificate of support's number: one per funder and year, so a reprint carries the same number
    (nothing is written when it is printed)."""
    return f"SDK/{year}/{funder.programme_id:03d}/{funder.pk:05d}"


def pdf(template: str, context: dict) -> bytes:
    return render_pdf(template, context)


def xlsx(
    *, sheets: Iterable[tuple[str, list[str], Iterable[Iterable]]], money_columns: dict | None = None
) -> bytes:
    """One workbook; each sheet is (name, header, rows). Numbers stay numbers, text is neutralised."""
    buf = io.BytesIO()
    wb = xlsxwriter.Workbook(buf, {"in_memory": True, "constant_memory": True, "strings_to_formulas": False})
    bold = wb.add_format({"bold": True})
    money = wb.add_format({"num_format": "#,##0"})
    for name, header, rows in sheets:
        ws = wb.add_worksheet(name[:31])
        for i, h in enumerate(header):
            ws.write_string(0, i, h, bold)
        for r, row in enumerate(rows, start=1):
            for c, value in enumerate(row):
                if isinstance(value, bool) or value is None:
                    ws.write_string(r, c, safe_cell("" if value is None else str(value)))
                elif isinstance(value, int):
                    ws.write_number(r, c, value, money)
                else:
                    ws.write_string(r, c, safe_cell(value))
        ws.set_column(0, max(0, len(header) - 1), 18)
    wb.close()
    return buf.getvalue()


def invoice_detail_xlsx(invoice, lines) -> bytes:
    def rows():
        for line in lines.iterator(chunk_size=5000):
            person = line.membership.person
            yield [
                mask_nik(person.nik),
                person.full_name,
                line.region_code,
                line.membership.kpj,
                line.element,
                line.amount,
            ]

    summary = [
        ["Nomor tagihan", invoice.number],
        ["Program", invoice.programme.name],
        ["Penyandang dana", invoice.funder.display_name],
        ["Periode", month_label(invoice.period)],
        ["Jatuh tempo", invoice.due_date.strftime("%d-%m-%Y")],
        ["Jumlah peserta", invoice.members],
        ["Jumlah (Rp)", invoice.total],
        ["Dibayar (Rp)", invoice.paid],
        ["Terbilang", amount_in_words(invoice.total)],
    ]
    return xlsx(
        sheets=[
            ("Ringkasan", ["Keterangan", "Nilai"], summary),
            ("Rincian", ["NIK", "Nama", "Kode desa", "KPJ", "Program jaminan", "Jumlah (Rp)"], rows()),
        ]
    )


STATEMENT_HEADER = [
    "Tanggal",
    "Jenis",
    "Nomor",
    "Uraian",
    "Tagihan (Rp)",
    "Pembayaran (Rp)",
    "Saldo terutang (Rp)",
]


def statement_rows(entries):
    for e in entries:
        yield [
            e["date"].strftime("%d-%m-%Y"),
            e["kind"],
            e["number"],
            e["description"],
            e["debit"],
            e["credit"],
            e["balance"],
        ]


ARREARS_HEADER = ["Kode desa/kelurahan", "Nama", "Peserta", "Ditagih (Rp)", "Tunggakan (Rp)"]


def arrears_rows(rows):
    for r in rows:
        yield [r["region_code"], r["name"], r["members"], r["billed"], r["outstanding"]]


REALISATION_HEADER = [
    "Bulan",
    "Ditagih (Rp)",
    "Dibayar (Rp)",
    "Realisasi kumulatif (Rp)",
    "Rencana kumulatif (Rp)",
]


def realisation_rows(view):
    for r in view.monthly:
        yield [month_label(r["period"]), r["billed"], r["paid"], r["cumulative_paid"], r["plan_cumulative"]]
