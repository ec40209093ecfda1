"""Payments: money received from a funder, allocated to its open invoices oldest first; bank-statement
imports; and the reinstatement a payment may cause (decisions 16 and 17)."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from django.db import IntegrityError, transaction
from django.db.models import F, Max
from django.utils.translation import gettext as _

from lindung.accounts.permissions import can_import_bank_statement, can_record_payment
from lindung.audit.models import AuditLog
from lindung.audit.services import audit_bulk, audit_created, audit_record
from lindung.billing import limits
from lindung.billing.models import Invoice, Payment, PaymentAllocation
from lindung.billing.selectors import funder_credit, funder_outstanding
from lindung.billing.services.common import check_programme_in_area, require, user_or_none
from lindung.billing.services.lapse import programme_lapse
from lindung.billing.services.late_fee_charge import charge_invoices, pending
from lindung.billing.services.numbering import INVOICE_NUMBER_PATTERN, RECEIPT_PREFIX, next_number
from lindung.billing.services.statement import StatementRow, normalise_reference, statement_parse
from lindung.core.errors import ApplicationError
from lindung.core.formatting import rupiah
from lindung.core.scoping import code_in_area, user_area_codes
from lindung.programs.models import ProgrammeFunder

_INVOICE_NO = re.compile(INVOICE_NUMBER_PATTERN, re.IGNORECASE)


def allocate(*, funder_id: int, actor) -> list[PaymentAllocation]:
    """Spends the funder's unallocated money on its open invoices, oldest month first."""
    payments = list(
        Payment.objects.select_for_update()
        .filter(funder_id=funder_id, unallocated__gt=0)
        .order_by("paid_on", "id")
    )
    if not payments:
        return []
    invoices = list(
        Invoice.objects.select_for_update()
        .filter(funder_id=funder_id, paid__lt=F("total"))
        .order_by("period", "id")
    )
    made = []
    before = {inv.pk: (inv.paid, inv.status) for inv in invoices}
    unallocated_before = {pay.pk: pay.unallocated for pay in payments}
    for inv in invoices:
        last_paid_on = None
        for pay in payments:
            if not pay.unallocated or inv.paid >= inv.total:
                continue
            part = min(pay.unallocated, inv.total - inv.paid)
            made.append(PaymentAllocation(payment=pay, invoice=inv, amount=part))
            pay.unallocated -= part
            inv.paid += part
            last_paid_on = max(last_paid_on or pay.paid_on, pay.paid_on)
        inv.status = (
            Invoice.Status.PAID
            if inv.paid >= inv.total
            else (Invoice.Status.PARTIAL if inv.paid else Invoice.Status.OPEN)
        )
        if inv.status == Invoice.Status.PAID and last_paid_on is not None:
            # Paid in full on the date of the latest payment in it (late fees run to that day).
            earlier = (
                before[inv.pk][0]
                and PaymentAllocation.objects.filter(invoice=inv).aggregate(d=Max("payment__paid_on"))["d"]
            )
            inv.paid_in_full_on = max(last_paid_on, earlier or last_paid_on)
    if not made:
        return []
    PaymentAllocation.objects.bulk_create(made)
    changed = [inv for inv in invoices if inv.paid != before[inv.pk][0]]
    Invoice.objects.bulk_update(changed, ["paid", "status", "paid_in_full_on"])
    Payment.objects.bulk_update(
        [pay for pay in payments if pay.unallocated != unallocated_before[pay.pk]], ["unallocated"]
    )
    for inv in changed:
        paid_before, status_before = before[inv.pk]
        audit_record(
            actor=actor,
            action=AuditLog.Action.UPDATE,
            instance=inv,
            changes={"paid": [paid_before, inv.paid], "status": [status_before, inv.status]},
            extra={"payments": sorted({a.payment.reference for a in made if a.invoice is inv})},
        )
    return made


def funder_late_fees(*, actor, funder: ProgrammeFunder, cause: dict | None = None) -> int:
    """The late fees on a funder's contribution invoices that are now paid in full (each month of delay up
    to the payment date), charged once each, audited, and paid from its credit where it has some; invoices
    still open are the scheduled run's. Returns the fees' total. Runs inside the caller's transaction."""
    as_of = limits.today()
    paid = Invoice.objects.filter(funder=funder, status=Invoice.Status.PAID, paid_in_full_on__isnull=False)
    charged = charge_invoices(pending(paid, as_of=as_of), as_of=as_of)
    if charged.invoices:
        audit_bulk(
            actor=actor,
            action=AuditLog.Action.BULK_CREATE,
            model=Invoice,
            count=charged.invoices,
            region_code=funder.programme.region_code,
            extra={
                "programme": funder.programme.code,
                "late_fees": charged.numbers[:1000],
                "total": charged.total,
                "as_of": as_of.isoformat(),
                **(cause or {}),
            },
        )
        allocate(funder_id=funder.pk, actor=actor)
    return charged.total


def _reference(text: str) -> str:
    ref = normalise_reference(text)
    if not ref:
        raise ApplicationError(_("Nomor referensi pembayaran wajib diisi."), code="reference_required")
    if len(ref) > 60:
        raise ApplicationError(_("Nomor referensi paling panjang 60 karakter."), code="reference_too_long")
    return ref


def _duplicate_reference(funder: ProgrammeFunder, ref: str) -> ApplicationError:
    """The funder's own earlier payment with the reference (its date and amount are the user's to see:
    references are unique per funder, never compared across funders or regions)."""
    other = Payment.objects.filter(funder=funder, reference=ref).first()
    if other:
        message = _(
            "Nomor referensi %(ref)s sudah tercatat pada %(date)s sebesar %(amount)s; pembayaran yang sama "
            "tidak dicatat dua kali."
        ) % {"ref": ref, "date": f"{other.paid_on:%d-%m-%Y}", "amount": rupiah(other.amount)}
    else:
        message = _(
            "Nomor referensi %(ref)s sudah tercatat; pembayaran yang sama tidak dicatat dua kali."
        ) % {"ref": ref}
    return ApplicationError(message, code="duplicate_reference")


def _amount(amount) -> int:
    try:
        amount = int(amount)
    except (TypeError, ValueError) as exc:
        raise ApplicationError(
            _("Jumlah pembayaran harus berupa bilangan bulat Rupiah."), code="amount"
        ) from exc
    if amount <= 0:
        raise ApplicationError(_("Jumlah pembayaran harus lebih dari Rp0."), code="amount")
    return limits.check_amount(amount, what=_("Jumlah pembayaran"), code="amount_too_large")


def _check_not_over(*, funder: ProgrammeFunder, amount: int, allow_credit: bool) -> None:
    owed = funder_outstanding(funder.pk) - funder_credit(funder.pk)
    if amount > max(owed, 0) and not allow_credit:
        raise ApplicationError(
            _(
                "Pembayaran %(amount)s melebihi tagihan terutang %(funder)s (%(owed)s). Kelebihan "
                "%(excess)s hanya dapat disimpan sebagai saldo kredit bila Anda memilih 'simpan kelebihan "
                "sebagai kredit'."
            )
            % {
                "amount": rupiah(amount),
                "funder": funder.display_name,
                "owed": rupiah(max(owed, 0)),
                "excess": rupiah(amount - max(owed, 0)),
            },
            code="overpayment",
            extra={"owed": max(owed, 0)},
        )


def payment_record(
    *,
    actor,
    funder: ProgrammeFunder,
    amount: int,
    reference: str,
    paid_on: dt.date,
    method: str = Payment.Method.MANUAL,
    note: str = "",
    allow_credit: bool = False,
) -> Payment:
    """Records money received from a funder and allocates it to its open invoices, oldest first.

    A payment larger than everything owed is refused unless ``allow_credit``: then the excess is kept as
    the funder's credit and used for its next invoices. Never lost, never silently.
    """
    check_programme_in_area(actor, funder.programme)
    require(
        actor is None or can_record_payment(actor, funder),
        _("Pembayaran dicatat oleh bagian keuangan (BPKAD) atau kantor cabang BPJS Ketenagakerjaan."),
    )
    amount = _amount(amount)
    if paid_on > limits.today():
        raise ApplicationError(_("Tanggal bayar tidak boleh di masa depan."), code="paid_on_future")
    limits.check_past_date(paid_on, what=_("Tanggal bayar"), code="paid_on")
    ref = _reference(reference)
    with transaction.atomic():
        ProgrammeFunder.objects.select_for_update().filter(pk=funder.pk).first()
        if Payment.objects.filter(funder=funder, reference=ref).exists():
            raise _duplicate_reference(funder, ref)
        _check_not_over(funder=funder, amount=amount, allow_credit=allow_credit)
        try:
            with transaction.atomic():
                payment = Payment.objects.create(
                    funder=funder,
                    reference=ref,
                    paid_on=paid_on,
                    amount=amount,
                    unallocated=amount,
                    method=method,
                    note=(note or "")[:300],
                    region_code=funder.programme.region_code,
                    receipt_number=next_number(RECEIPT_PREFIX, paid_on.year),
                    recorded_by=user_or_none(actor),
                )
        except IntegrityError as exc:  # a concurrent payment with the same reference won
            raise _duplicate_reference(funder, ref) from exc
        audit_created(
            actor=actor,
            instance=payment,
            fields=["funder_id", "reference", "paid_on", "amount", "method", "receipt_number"],
        )
        allocate(funder_id=funder.pk, actor=actor)
        funder_late_fees(actor=actor, funder=funder, cause={"payment": payment.receipt_number})
        payment.refresh_from_db()
        # The payment may pay off arrears: reinstating is the paying user's act, audited as theirs.
        programme_lapse(
            actor=actor,
            programme=funder.programme,
            as_of=paid_on,
            lapse=False,
            cause={"payment": payment.receipt_number},
        )
    return payment


# --- bank statements -------------------------------------------------------------------------------------
#
# An import is four steps, each a function: parse (statement.py: the file into rows, or every problem),
# match (each row to the invoice named in its description), check (whose the row is: in the area, the
# user's duty, not already recorded), record (payment_record for each row kept, in one transaction).


@dataclass
class ImportResult:
    recorded: list[Payment] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    credit: int = 0


@dataclass(frozen=True)
class _Row:
    """A statement row, with its invoice (None: no known number) and, once checked, why it is skipped."""

    row: StatementRow
    invoice: Invoice | None = None
    skip: str = ""


def _match(rows: list[StatementRow]) -> list[_Row]:
    """Each row's invoice, from the first invoice number (TGH-YYYY-NNNNNN) in its description; one query."""
    numbers = {}
    for r in rows:
        m = _INVOICE_NO.search(r.description or "")
        if m:
            numbers[r.line] = m.group(0).upper()
    invoices = Invoice.objects.select_related("funder__programme", "funder__organisation").filter(
        number__in=set(numbers.values())
    )
    by_number = {inv.number: inv for inv in invoices}
    return [_Row(r, by_number.get(numbers.get(r.line, ""))) for r in rows]


def _check(actor, rows: list[_Row]) -> list[_Row]:
    """Marks the rows that are not the user's to record, and those already recorded for their funder. An
    invoice outside the user's area reads like an unknown number: nothing about it is revealed."""
    codes = user_area_codes(actor) if actor is not None else None
    recorded = set(
        Payment.objects.filter(
            funder_id__in={r.invoice.funder_id for r in rows if r.invoice},
            reference__in={r.row.reference for r in rows},
        ).values_list("funder_id", "reference")
    )
    checked = []
    for r in rows:
        n, inv = r.row.line, r.invoice
        if inv is None or not code_in_area(inv.region_code, codes):
            skip = _("Baris %(row)s: tidak ada nomor tagihan yang dikenal di keterangan, dilewati.") % {
                "row": n
            }
        elif actor is not None and not can_record_payment(actor, inv.funder):
            skip = _("Baris %(row)s: pembayaran %(funder)s tidak dicatat oleh kantor Anda, dilewati.") % {
                "row": n,
                "funder": inv.funder.display_name,
            }
        elif (inv.funder_id, r.row.reference) in recorded:
            skip = _("Baris %(row)s: referensi %(ref)s sudah tercatat, dilewati.") % {
                "row": n,
                "ref": r.row.reference,
            }
        else:
            skip = ""
        checked.append(_Row(r.row, inv, skip))
    return checked


def _record(actor, rows: list[_Row], filename: str) -> ImportResult:
    """Records the rows kept (the money has arrived: any excess is kept as credit and reported)."""
    result = ImportResult()
    for r in rows:
        if r.skip:
            result.skipped.append(r.skip)
            continue
        row, funder = r.row, r.invoice.funder
        owed = max(funder_outstanding(funder.pk) - funder_credit(funder.pk), 0)
        payment = payment_record(
            actor=actor,
            funder=funder,
            amount=row.amount,
            reference=row.reference,
            paid_on=row.paid_on,
            method=Payment.Method.BANK,
            note=f"Rekening koran {filename} baris {row.line}"[:300],
            allow_credit=True,
        )
        if row.amount > owed:
            result.credit += row.amount - owed
            result.skipped.append(
                _("Baris %(row)s: kelebihan %(amount)s disimpan sebagai kredit %(funder)s.")
                % {"row": row.line, "amount": rupiah(row.amount - owed), "funder": funder.display_name}
            )
        result.recorded.append(payment)
    return result


def payments_import(*, actor, data: bytes, filename: str = "") -> ImportResult:
    """Imports a bank statement (CSV with tanggal, referensi, keterangan, jumlah). A row is matched to a
    funder by the invoice number (TGH-YYYY-NNNNNN) in its description. All-or-nothing: a row with a bad
    date or amount refuses the whole file with every problem listed; rows already recorded for their funder
    (same reference), rows without an invoice number in the user's area and rows of funders whose money
    the user does not record are skipped and listed."""
    require(
        actor is None or can_import_bank_statement(actor),
        _("Rekening koran diimpor oleh bagian keuangan (BPKAD) atau kantor cabang BPJS Ketenagakerjaan."),
    )
    rows = _match(statement_parse(data, today=limits.today()))
    with transaction.atomic():
        return _record(actor, _check(actor, rows), filename)
