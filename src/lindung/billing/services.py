"""Writes for money: rates, monthly billing, payments and their allocation, lapses, budgets, sponsorships.

Every function runs in one transaction and leaves an audit record. The billing run is set-based: one
``INSERT ... SELECT`` per invoice writes all its lines, whatever the number of members.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.db import IntegrityError, connection, transaction
from django.db.models import F, Q, Sum
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from lindung.accounts.permissions import (
    can_add_rate,
    can_assign_sponsor,
    can_import_bank_statement,
    can_manage,
    can_plan_budget,
    can_record_payment,
    can_run_billing,
    can_set_budget_allocation,
)
from lindung.audit.models import AuditLog
from lindung.audit.services import audit_bulk, audit_created, audit_record
from lindung.billing import calendar
from lindung.billing.models import (
    BillingRun,
    Budget,
    ContributionRate,
    Element,
    Invoice,
    InvoiceLine,
    LateFeeRule,
    NumberSequence,
    Payment,
    PaymentAllocation,
)
from lindung.billing.rates import Amounts, contribution_amounts, funder_split, month_text
from lindung.core.errors import ApplicationError
from lindung.core.formatting import number, rupiah
from lindung.core.scoping import code_in_area, user_area_codes
from lindung.memberships.models import Membership
from lindung.programs.models import Programme, ProgrammeFunder

INVOICE_PREFIX = "TGH"
RECEIPT_PREFIX = "KWT"
LATE_FEE_PREFIX = "DND"


def _today() -> dt.date:
    return timezone.localdate()


def _require(ok: bool, message: str | None = None) -> None:
    if not ok:
        raise ApplicationError(message or _("Anda tidak berwenang melakukan ini."), code="forbidden")


def _check_programme(actor, programme: Programme) -> None:
    if actor is not None and not code_in_area(programme.region_code, user_area_codes(actor)):
        raise ApplicationError(
            _("Program %(code)s di luar wilayah kerja Anda.") % {"code": programme.code}, code="outside_area"
        )


def _next_number(prefix: str, year: int) -> str:
    NumberSequence.objects.get_or_create(prefix=prefix, year=year)
    seq = NumberSequence.objects.select_for_update().get(prefix=prefix, year=year)
    seq.last += 1
    seq.save(update_fields=["last"])
    return f"{prefix}-{year}-{seq.last:06d}"


# --- rates -----------------------------------------------------------------------------------------------


@transaction.atomic
def rate_add(
    *,
    actor,
    segment: str,
    element: str,
    effective_from: dt.date,
    percent: Decimal | None = None,
    amount: int | None = None,
    variant: str = ContributionRate.Variant.STANDARD,
    risk_class: int = 0,
    min_base: int | None = None,
    max_base: int | None = None,
    source: str = "",
    verified: bool = True,
) -> ContributionRate:
    """Adds a rate from a date on. Rates are never changed or removed, and a new rate cannot reach back
    into a month that has already been billed (history is not rewritten)."""
    _require(actor is None or can_add_rate(actor), _("Hanya admin sistem yang menambah tarif."))
    if segment not in ("BPU", "PU"):
        raise ApplicationError(_("Segmen harus BPU atau PU."), code="segment")
    if element not in Element.values or element == Element.PAKET:
        raise ApplicationError(
            _("Program jaminan %(element)s tidak dikenal.") % {"element": repr(element)}, code="element"
        )
    if variant not in ContributionRate.Variant.values:
        raise ApplicationError(
            _("Varian %(variant)s tidak dikenal.") % {"variant": repr(variant)}, code="variant"
        )
    if not 0 <= int(risk_class) <= 5:
        raise ApplicationError(_("Kelompok risiko harus 0 (semua) sampai 5."), code="risk_class")
    if (percent is None) == (amount is None):
        raise ApplicationError(_("Isi persen atau nominal tetap, salah satu saja."), code="rate_value")
    if percent is not None:
        try:
            percent = Decimal(str(percent).replace(",", "."))
        except InvalidOperation as exc:
            raise ApplicationError(_("Persen harus berupa angka."), code="rate_value") from exc
        if not 0 < percent <= 100:
            raise ApplicationError(_("Persen harus lebih dari 0 dan paling banyak 100."), code="rate_value")
    if amount is not None and int(amount) <= 0:
        raise ApplicationError(_("Nominal tetap harus lebih dari Rp0."), code="rate_value")
    billed = (
        Invoice.objects.filter(programme__segment=segment, period__gte=calendar.month_start(effective_from))
        .order_by("-period")
        .values_list("period", flat=True)
        .first()
    )
    if billed is not None:
        raise ApplicationError(
            _(
                "Periode %(month)s sudah ditagih untuk segmen %(segment)s; tarif baru hanya boleh berlaku "
                "mulai bulan sesudahnya (riwayat tarif tidak ditulis ulang)."
            )
            % {"month": month_text(billed), "segment": segment},
            code="rate_retroactive",
        )
    if ContributionRate.objects.filter(
        segment=segment,
        element=element,
        variant=variant,
        risk_class=risk_class,
        effective_from=effective_from,
    ).exists():
        raise ApplicationError(
            _("Sudah ada tarif untuk program jaminan ini dengan tanggal berlaku yang sama."),
            code="rate_exists",
        )
    rate = ContributionRate.objects.create(
        segment=segment,
        element=element,
        variant=variant,
        risk_class=risk_class,
        effective_from=effective_from,
        percent=percent,
        amount=amount,
        min_base=min_base,
        max_base=max_base,
        source=source,
        verified=verified,
        created_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    audit_created(actor=actor, instance=rate)
    return rate


# --- billing ---------------------------------------------------------------------------------------------


@dataclass
class RunResult:
    period: dt.date
    invoices: int = 0
    lines: int = 0
    total: int = 0
    invoice_numbers: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)

    def add(self, other: RunResult) -> None:
        self.invoices += other.invoices
        self.lines += other.lines
        self.total += other.total
        self.invoice_numbers += other.invoice_numbers
        self.skipped += other.skipped

    def as_dict(self) -> dict:
        return {
            "period": f"{self.period:%Y-%m}",
            "invoices": self.invoices,
            "lines": self.lines,
            "total": self.total,
        }


# A membership is billed for every month in which it protects on at least one day: from the month of its
# start date to the month of its end date, whole months, no pro-rata (BPJS bills contributions per month).
# Pending memberships (not yet registered by the BPJS branch) are not billed.
_BILLABLE = (
    "m.programme_id = %s AND m.status <> 'pending' AND m.start_date <= %s "
    "AND (m.end_date IS NULL OR m.end_date >= %s)"
)


def _elements_sql(parts: dict[str, int]) -> tuple[str, list]:
    selects, params = [], []
    for element, amount in parts.items():
        if amount > 0:
            selects.append("SELECT %s AS element, %s AS amount")
            params += [element, amount]
    return " UNION ALL ".join(selects), params


def _billing_groups(programme: Programme) -> list[tuple[list[ProgrammeFunder], str, list]]:
    """(funders sharing the group, SQL condition on the membership's funder, params). The shared group is
    every member not recorded on a named sponsor; each named sponsor is a group of its own."""
    funders = list(programme.funders.select_related("organisation").order_by("id"))
    sponsors = [f for f in funders if f.is_named_sponsor]
    shared = [f for f in funders if not f.is_named_sponsor]
    groups = []
    if sponsors:
        ids = [f.pk for f in sponsors]
        marks = ", ".join(["%s"] * len(ids))
        groups.append((shared, f"(m.funder_id IS NULL OR m.funder_id NOT IN ({marks}))", ids))
    else:
        groups.append((shared, "1 = 1", []))
    for s in sponsors:
        groups.append(([s], "m.funder_id = %s", [s.pk]))
    return groups


def billing_run(
    *, actor, programme: Programme, period: dt.date, issued_on: dt.date | None = None
) -> RunResult:
    """Bills one programme for one month: an invoice per funder with a line per member and element.

    Running a billed month again bills only memberships that have no line in that month yet (for instance
    a late acceptance or a reinstatement); when there are none it changes nothing.
    """
    _check_programme(actor, programme)
    _require(
        actor is None or can_run_billing(actor, programme), _("Hanya manajer yang menjalankan penagihan.")
    )
    period = calendar.month_start(period)
    if period < calendar.month_start(programme.start_date) or (
        programme.end_date and period > calendar.month_start(programme.end_date)
    ):
        raise ApplicationError(
            _("%(month)s di luar masa program %(code)s (%(start)s sampai %(end)s).")
            % {
                "month": month_text(period),
                "code": programme.code,
                "start": f"{programme.start_date:%m-%Y}",
                "end": f"{programme.end_date:%m-%Y}",
            }
            if programme.end_date
            else _("%(month)s sebelum program %(code)s mulai (%(start)s).")
            % {"month": month_text(period), "code": programme.code, "start": f"{programme.start_date:%m-%Y}"},
            code="period_outside_programme",
        )
    with transaction.atomic():
        # One run per programme at a time: the programme row is the lock.
        Programme.objects.select_for_update().filter(pk=programme.pk).first()
        amounts = contribution_amounts(programme, period)
        issued_on = issued_on or _today()
        due, holidays_known = calendar.due_date(segment=programme.segment, period=period)
        rerun = BillingRun.objects.filter(programme=programme, period=period).exists()
        where = _BILLABLE
        base_params: list = [programme.pk, calendar.month_end(period), period]
        if rerun:
            where += (
                " AND m.id NOT IN (SELECT l.membership_id FROM billing_invoiceline l "
                "JOIN billing_invoice i ON i.id = l.invoice_id WHERE i.programme_id = %s AND i.period = %s)"
            )
            base_params += [programme.pk, period]
        result = RunResult(period=period)
        run = None
        with connection.cursor() as cur:
            for funders, cond, cond_params in _billing_groups(programme):
                cur.execute(
                    f"SELECT COUNT(*) FROM memberships_membership m WHERE {where} AND {cond}",
                    base_params + cond_params,
                )
                members = cur.fetchone()[0]
                if not members:
                    continue
                if not funders:
                    raise ApplicationError(
                        ngettext(
                            "%(n)s peserta program %(code)s tidak disponsori nama tertentu, "
                            "tetapi program tidak punya penyandang dana berporsi untuk mereka.",
                            "%(n)s peserta program %(code)s tidak disponsori nama tertentu, "
                            "tetapi program tidak punya penyandang dana berporsi untuk mereka.",
                            members,
                        )
                        % {"n": number(members), "code": programme.code},
                        code="no_shared_funder",
                    )
                split = (
                    {funders[0].pk: dict(amounts.per_element)}
                    if funders[0].is_named_sponsor
                    else funder_split(funders, amounts)
                )
                for f in funders:
                    parts = split[f.pk]
                    per_person = sum(parts.values())
                    if per_person <= 0:
                        continue
                    if run is None:
                        run = BillingRun.objects.create(
                            programme=programme,
                            period=period,
                            region_code=programme.region_code,
                            run_by=actor if getattr(actor, "is_authenticated", False) else None,
                        )
                    invoice = Invoice.objects.create(
                        number=_next_number(INVOICE_PREFIX, period.year),
                        programme=programme,
                        funder=f,
                        run=run,
                        period=period,
                        region_code=programme.region_code,
                        issued_on=issued_on,
                        due_date=due,
                        amounts={k: v for k, v in parts.items() if v > 0},
                    )
                    elements_sql, element_params = _elements_sql(parts)
                    cur.execute(
                        "INSERT INTO billing_invoiceline (invoice_id, membership_id, region_code, element, amount) "
                        f"SELECT %s, m.id, m.region_code, e.element, e.amount FROM memberships_membership m "
                        f"CROSS JOIN ({elements_sql}) e WHERE {where} AND {cond}",
                        [invoice.pk, *element_params, *base_params, *cond_params],
                    )
                    lines = cur.rowcount
                    billed_members = lines // max(1, len([v for v in parts.values() if v > 0]))
                    invoice.members = billed_members
                    invoice.total = billed_members * per_person
                    invoice.save(update_fields=["members", "total"])
                    result.invoices += 1
                    result.lines += lines
                    result.total += invoice.total
                    result.invoice_numbers.append(invoice.number)
        if run is None:
            return result
        run.invoices, run.lines, run.total = result.invoices, result.lines, result.total
        run.save(update_fields=["invoices", "lines", "total"])
        audit_record(
            actor=actor,
            action=AuditLog.Action.CREATE,
            instance=run,
            object_repr=f"Penagihan {programme.code} {period:%Y-%m}",
            extra={
                "invoices": result.invoice_numbers,
                "lines": result.lines,
                "total": result.total,
                "amounts": amounts.per_element,
                "due_date": due.isoformat(),
                "holiday_list_known": holidays_known,
                "rerun": rerun,
            },
        )
        audit_bulk(
            actor=actor,
            action=AuditLog.Action.BULK_CREATE,
            model=InvoiceLine,
            count=result.lines,
            region_code=programme.region_code,
            extra={"programme": programme.code, "period": f"{period:%Y-%m}"},
        )
        for f in {f.pk: f for g in _billing_groups(programme) for f in g[0]}.values():
            _allocate(funder_id=f.pk, actor=actor)
    return result


def billing_run_all(*, actor, period: dt.date, programme: Programme | None = None) -> RunResult:
    """Bills every running programme in the actor's area for the month (or the one given)."""
    _require(actor is None or can_manage(actor), _("Hanya manajer yang menjalankan penagihan."))
    from lindung.programs.selectors import programme_list

    programmes = (
        [programme] if programme else list(programme_list(user=actor) if actor else Programme.objects.all())
    )
    total = RunResult(period=calendar.month_start(period))
    for p in programmes:
        if programme is None and (
            p.status == Programme.Status.DRAFT
            or calendar.month_start(p.start_date) > total.period
            or (p.end_date and calendar.month_start(p.end_date) < total.period)
        ):
            continue
        total.add(billing_run(actor=actor, programme=p, period=period))
    return total


def programme_amounts(programme: Programme, period: dt.date) -> Amounts:
    return contribution_amounts(programme, calendar.month_start(period))


# --- payments --------------------------------------------------------------------------------------------


def _allocate(*, funder_id: int, actor) -> list[PaymentAllocation]:
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
    before = {inv.pk: inv.paid for inv in invoices}
    for inv in invoices:
        for pay in payments:
            if not pay.unallocated or inv.paid >= inv.total:
                continue
            part = min(pay.unallocated, inv.total - inv.paid)
            made.append(PaymentAllocation(payment=pay, invoice=inv, amount=part))
            pay.unallocated -= part
            inv.paid += part
        inv.status = (
            Invoice.Status.PAID
            if inv.paid >= inv.total
            else (Invoice.Status.PARTIAL if inv.paid else Invoice.Status.OPEN)
        )
    if not made:
        return []
    PaymentAllocation.objects.bulk_create(made)
    changed = [inv for inv in invoices if inv.paid != before[inv.pk]]
    Invoice.objects.bulk_update(changed, ["paid", "status"])
    Payment.objects.bulk_update(payments, ["unallocated"])
    for inv in changed:
        audit_record(
            actor=actor,
            action=AuditLog.Action.UPDATE,
            instance=inv,
            changes={"paid": [before[inv.pk], inv.paid], "status": ["", inv.status]},
            extra={"payments": sorted({a.payment.reference for a in made if a.invoice is inv})},
        )
    return made


def funder_outstanding(funder_id: int) -> int:
    return Invoice.objects.filter(funder_id=funder_id).aggregate(s=Sum(F("total") - F("paid")))["s"] or 0


def funder_credit(funder_id: int) -> int:
    return Payment.objects.filter(funder_id=funder_id).aggregate(s=Sum("unallocated"))["s"] or 0


def _reference(text: str) -> str:
    ref = re.sub(r"\s+", " ", (text or "").strip()).upper()
    if not ref:
        raise ApplicationError(_("Nomor referensi pembayaran wajib diisi."), code="reference_required")
    if len(ref) > 60:
        raise ApplicationError(_("Nomor referensi paling panjang 60 karakter."), code="reference_too_long")
    return ref


def _duplicate_reference(ref: str) -> ApplicationError:
    other = Payment.objects.filter(reference=ref).first()
    if other:
        message = _(
            "Nomor referensi %(ref)s sudah tercatat pada %(date)s sebesar %(amount)s; pembayaran yang sama "
            "tidak dicatat dua kali."
        ) % {"ref": ref, "date": f"{other.paid_on:%d-%m-%Y}", "amount": rupiah(other.amount)}
    else:
        message = _(
            "Nomor referensi %(ref)s sudah tercatat; pembayaran yang sama tidak dicatat dua kali."
        ) % {"ref": ref}
    return ApplicationError(
        message,
        code="duplicate_reference",
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
    _check_programme(actor, funder.programme)
    _require(
        actor is None or can_record_payment(actor, funder),
        _("Pembayaran dicatat oleh bagian keuangan (BPKAD) atau kantor cabang BPJS Ketenagakerjaan."),
    )
    try:
        amount = int(amount)
    except (TypeError, ValueError) as exc:
        raise ApplicationError(
            _("Jumlah pembayaran harus berupa bilangan bulat Rupiah."), code="amount"
        ) from exc
    if amount <= 0:
        raise ApplicationError(_("Jumlah pembayaran harus lebih dari Rp0."), code="amount")
    if paid_on > _today():
        raise ApplicationError(_("Tanggal bayar tidak boleh di masa depan."), code="paid_on_future")
    ref = _reference(reference)
    with transaction.atomic():
        ProgrammeFunder.objects.select_for_update().filter(pk=funder.pk).first()
        if Payment.objects.filter(reference=ref).exists():
            raise _duplicate_reference(ref)
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
                    receipt_number=_next_number(RECEIPT_PREFIX, paid_on.year),
                    recorded_by=actor if getattr(actor, "is_authenticated", False) else None,
                )
        except IntegrityError as exc:  # a concurrent payment with the same reference won
            raise _duplicate_reference(ref) from exc
        audit_created(
            actor=actor,
            instance=payment,
            fields=["funder_id", "reference", "paid_on", "amount", "method", "receipt_number"],
        )
        _allocate(funder_id=funder.pk, actor=actor)
        payment.refresh_from_db()
        lapse_run(actor=None, programme=funder.programme, as_of=paid_on, lapse=False)
    return payment


_AMOUNT = re.compile(r"^\d{1,3}(\.\d{3})+(,\d{1,2})?$|^\d+(,\d{1,2})?$|^\d+(\.\d{1,2})?$")
_INVOICE_NO = re.compile(rf"{INVOICE_PREFIX}-\d{{4}}-\d{{6}}", re.IGNORECASE)


def _parse_amount(text: str) -> int | None:
    t = (text or "").strip().replace("Rp", "").replace(" ", "")
    if not t or not _AMOUNT.match(t):
        return None
    if "," in t:
        whole, _sep, cents = t.replace(".", "").partition(",")
        if int(cents or 0):
            return None
        return int(whole)
    if t.count(".") == 1 and len(t.split(".")[1]) <= 2:
        whole, _sep, cents = t.partition(".")
        return None if int(cents or 0) else int(whole)
    return int(t.replace(".", ""))


def _parse_date(text: str) -> dt.date | None:
    t = (text or "").strip()
    for fmt in ("%d/%m/%Y", "%d-%m-%Y", "%Y-%m-%d", "%d/%m/%y"):
        try:
            return dt.datetime.strptime(t, fmt).date()
        except ValueError:
            continue
    return None


@dataclass
class ImportResult:
    recorded: list[Payment] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    credit: int = 0


STATEMENT_COLUMNS = {
    "date": ("tanggal", "tgl", "tanggal transaksi", "date"),
    "reference": ("referensi", "no referensi", "nomor referensi", "no. referensi", "reference", "ref"),
    "description": ("keterangan", "berita", "uraian", "deskripsi", "description"),
    "amount": ("jumlah", "kredit", "nominal", "amount", "credit"),
}


def payments_import(*, actor, data: bytes, filename: str = "") -> ImportResult:
    """Imports a bank statement (CSV with tanggal, referensi, keterangan, jumlah). A row is matched to a
    funder by the invoice number (TGH-YYYY-NNNNNN) in its description. All-or-nothing: a row with a bad
    date or amount refuses the whole file with every problem listed; rows already recorded (same
    reference) and rows without an invoice number in the user's area are skipped and listed."""
    import csv
    import io

    _require(
        actor is None or can_import_bank_statement(actor),
        _("Rekening koran diimpor oleh bagian keuangan (BPKAD) atau kantor cabang BPJS Ketenagakerjaan."),
    )
    if not data:
        raise ApplicationError(_("Berkas rekening koran kosong."), code="empty_file")
    if len(data) > 5 * 1024 * 1024:
        raise ApplicationError(_("Berkas rekening koran lebih dari 5 MB; pecah per bulan."), code="too_large")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = data.decode("cp1252", errors="strict") if _is_cp1252(data) else None
        if text is None:
            raise ApplicationError(
                _("Berkas tidak dapat dibaca: simpan sebagai CSV UTF-8."), code="encoding"
            ) from None
    first = text.splitlines()[0] if text.strip() else ""
    delimiter = ";" if first.count(";") > first.count(",") else ","
    rows = list(csv.reader(io.StringIO(text), delimiter=delimiter))
    if not rows:
        raise ApplicationError(_("Berkas rekening koran kosong."), code="empty_file")
    header = [re.sub(r"\s+", " ", h.strip().lower().replace("_", " ")) for h in rows[0]]
    index = {}
    for key, names in STATEMENT_COLUMNS.items():
        found = next((i for i, h in enumerate(header) if h in names), None)
        if found is None:
            raise ApplicationError(
                _(
                    "Kolom %(column)s tidak ditemukan. Kolom yang diperlukan: tanggal, referensi, keterangan, "
                    "jumlah."
                )
                % {"column": repr(names[0])},
                code="missing_column",
            )
        index[key] = found
    errors: list[str] = []
    parsed = []
    seen_refs = set()
    codes = user_area_codes(actor) if actor else None
    for n, row in enumerate(rows[1:], start=2):
        if not any(c.strip() for c in row):
            continue
        cells = {k: (row[i] if i < len(row) else "") for k, i in index.items()}
        cell = cells.__getitem__
        day, amount = _parse_date(cell("date")), _parse_amount(cell("amount"))
        ref = re.sub(r"\s+", " ", cell("reference").strip()).upper()
        if day is None:
            errors.append(
                _("Baris %(row)s: tanggal %(value)s tidak dikenali (gunakan dd/mm/yyyy).")
                % {"row": n, "value": repr(cell("date"))}
            )
        elif day > _today():
            errors.append(
                _("Baris %(row)s: tanggal %(date)s di masa depan.") % {"row": n, "date": f"{day:%d-%m-%Y}"}
            )
        if amount is None or amount <= 0:
            errors.append(
                _("Baris %(row)s: jumlah %(value)s bukan jumlah Rupiah yang valid.")
                % {"row": n, "value": repr(cell("amount"))}
            )
        if not ref:
            errors.append(_("Baris %(row)s: nomor referensi kosong.") % {"row": n})
        elif ref in seen_refs:
            errors.append(
                _("Baris %(row)s: nomor referensi %(ref)s muncul dua kali dalam berkas.")
                % {"row": n, "ref": ref}
            )
        seen_refs.add(ref)
        parsed.append((n, day, amount, ref, cell("description")))
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
    result = ImportResult()
    with transaction.atomic():
        for n, day, amount, ref, desc in parsed:
            if Payment.objects.filter(reference=ref).exists():
                result.skipped.append(
                    _("Baris %(row)s: referensi %(ref)s sudah tercatat, dilewati.") % {"row": n, "ref": ref}
                )
                continue
            m = _INVOICE_NO.search(desc or "")
            invoice = (
                Invoice.objects.select_related("funder__programme").filter(number=m.group(0).upper()).first()
                if m
                else None
            )
            if (
                invoice is None
                or not code_in_area(invoice.region_code, codes)
                or (actor is not None and not can_record_payment(actor, invoice.funder))
            ):
                result.skipped.append(
                    _("Baris %(row)s: tidak ada nomor tagihan yang dikenal di keterangan, dilewati.")
                    % {"row": n}
                )
                continue
            funder = invoice.funder
            owed = max(funder_outstanding(funder.pk) - funder_credit(funder.pk), 0)
            payment = payment_record(
                actor=actor,
                funder=funder,
                amount=amount,
                reference=ref,
                paid_on=day,
                method=Payment.Method.BANK,
                note=f"Rekening koran {filename} baris {n}"[:300],
                allow_credit=True,
            )
            if amount > owed:
                result.credit += amount - owed
                result.skipped.append(
                    _("Baris %(row)s: kelebihan %(amount)s disimpan sebagai kredit %(funder)s.")
                    % {"row": n, "amount": rupiah(amount - owed), "funder": funder.display_name}
                )
            result.recorded.append(payment)
    return result


def _is_cp1252(data: bytes) -> bool:
    try:
        data.decode("cp1252")
    except UnicodeDecodeError:
        return False
    return True


# --- late fees ------------------------------------------------------------------------------------------


@dataclass
class LateFeeResult:
    as_of: dt.date
    invoices: int = 0
    total: int = 0
    numbers: list[str] = field(default_factory=list)

    def as_dict(self) -> dict:
        return {"as_of": self.as_of.isoformat(), "invoices": self.invoices, "total": self.total}


def late_fee_percent(segment: str, on: dt.date) -> Decimal:
    """The late fee per month for a segment on a date (dated data; 0 when none applies)."""
    rule = (
        LateFeeRule.objects.filter(segment=segment, effective_from__lte=on)
        .order_by("-effective_from")
        .first()
    )
    return rule.percent_per_month if rule else Decimal(0)


def months_late(due: dt.date, as_of: dt.date) -> int:
    """Months of lateness begun by ``as_of``: the first begins the day after the due date, the next one month
    after that, and so on (paid on the due date: 0; a day late: 1; a month and a day late: 2)."""
    n = 0
    while calendar.shift_months(due, n) < as_of:
        n += 1
    return n


def late_fee_run(*, actor, as_of: dt.date | None = None, programme: Programme | None = None) -> LateFeeResult:
    """Charges the late fee on overdue contribution invoices: for each month of lateness begun and not yet
    charged, a late-fee invoice of the segment's percentage (PU 2%, BPU none) of what is still unpaid, to the
    same funder. Running it again on the same day charges nothing new. Credit the funder holds pays it."""
    _require(actor is None or can_manage(actor), _("Hanya manajer yang menghitung denda keterlambatan."))
    as_of = as_of or _today()
    if programme is not None:
        _check_programme(actor, programme)
        _require(
            actor is None or can_run_billing(actor, programme),
            _("Hanya manajer yang menghitung denda keterlambatan."),
        )
        programmes = [programme]
    else:
        from lindung.programs.selectors import programme_list

        programmes = list(programme_list(user=actor) if actor else Programme.objects.all())
    result = LateFeeResult(as_of=as_of)
    funders: set[int] = set()
    with transaction.atomic():
        for p in programmes:
            pct = late_fee_percent(p.segment, as_of)
            if pct <= 0:
                continue
            overdue = (
                Invoice.objects.select_for_update()
                .filter(programme=p, kind=Invoice.Kind.CONTRIBUTION, due_date__lt=as_of, paid__lt=F("total"))
                .order_by("period", "id")
            )
            for inv in overdue:
                charged = set(inv.late_fees.values_list("fee_month", flat=True))
                basis = inv.total - inv.paid
                fee = int((Decimal(basis) * pct / 100).quantize(Decimal(1), rounding="ROUND_HALF_UP"))
                if fee <= 0:
                    continue
                for month in range(1, months_late(inv.due_date, as_of) + 1):
                    if month in charged:
                        continue
                    created = Invoice.objects.create(
                        number=_next_number(LATE_FEE_PREFIX, as_of.year),
                        programme=p,
                        funder_id=inv.funder_id,
                        period=inv.period,
                        region_code=inv.region_code,
                        issued_on=as_of,
                        due_date=as_of,
                        total=fee,
                        amounts={"DENDA": fee},
                        kind=Invoice.Kind.LATE_FEE,
                        fee_for=inv,
                        fee_month=month,
                        fee_basis=basis,
                        fee_percent=pct,
                    )
                    result.invoices += 1
                    result.total += fee
                    result.numbers.append(created.number)
                    funders.add(inv.funder_id)
        if result.invoices:
            audit_bulk(
                actor=actor,
                action=AuditLog.Action.BULK_CREATE,
                model=Invoice,
                count=result.invoices,
                extra={"late_fees": result.numbers[:1000], "total": result.total, "as_of": as_of.isoformat()},
            )
            for funder_id in sorted(funders):
                _allocate(funder_id=funder_id, actor=actor)
    return result


# --- lapse and reinstatement -----------------------------------------------------------------------------


@dataclass
class LapseResult:
    lapsed: int = 0
    reinstated: int = 0
    warned: dict[int, int] = field(default_factory=dict)  # months in arrears -> members

    def as_dict(self) -> dict:
        return {
            "lapsed": self.lapsed,
            "reinstated": self.reinstated,
            "warnings": {str(k): v for k, v in sorted(self.warned.items())},
        }


def group_streak(*, funder_ids: list[int], as_of: dt.date) -> tuple[int, dt.date | None]:
    """Consecutive overdue unpaid months at the end of the funders' billed months: (streak, first month)."""
    rows = (
        Invoice.objects.filter(funder_id__in=funder_ids, due_date__lt=as_of, kind=Invoice.Kind.CONTRIBUTION)
        .values_list("period", "status")
        .order_by("period")
    )
    unpaid: dict[dt.date, bool] = {}
    for period, status in rows:
        unpaid[period] = unpaid.get(period, False) or status != Invoice.Status.PAID
    streak, first = 0, None
    expected = None
    for period in sorted(unpaid, reverse=True):
        if not unpaid[period] or (expected is not None and period != expected):
            break
        streak, first = streak + 1, period
        expected = calendar.add_months(period, -1)
    return streak, first


def lapse_run(
    *, actor, as_of: dt.date | None = None, programme: Programme | None = None, lapse: bool = True
) -> LapseResult:
    """Lapses memberships whose funder has left ``lapse_after_months`` consecutive months unpaid past their
    due dates, counts the warnings (1 .. n-1 months in arrears), and reinstates lapsed memberships whose
    arrears were paid within the same number of months after the lapse. ``lapse=False`` only reinstates
    (after a payment, with ``as_of`` the payment date)."""
    _require(actor is None or can_manage(actor), _("Hanya manajer yang memproses status tunggakan."))
    as_of = as_of or _today()
    if programme is not None:
        _check_programme(actor, programme)
        _require(
            actor is None or can_run_billing(actor, programme),
            _("Hanya manajer yang memproses status tunggakan."),
        )
        programmes = [programme]
    else:
        from lindung.programs.selectors import programme_list

        programmes = list(programme_list(user=actor) if actor else Programme.objects.all())
    result = LapseResult()
    with transaction.atomic():
        for p in programmes:
            limit = p.lapse_after_months
            for funders, cond, cond_params in _billing_groups(p):
                if not funders:
                    continue
                streak, first = group_streak(funder_ids=[f.pk for f in funders], as_of=as_of)
                qs_cond = _group_q(cond, cond_params)
                members = Membership.objects.filter(qs_cond, programme=p)
                if lapse and streak >= limit and first is not None:
                    result.lapsed += _set_status(
                        members.filter(
                            status=Membership.Status.ACTIVE, start_date__lte=calendar.month_end(first)
                        ),
                        actor=actor,
                        programme=p,
                        values={
                            "status": Membership.Status.LAPSED,
                            "lapsed_on": as_of,
                            "end_date": first - dt.timedelta(days=1),
                        },
                        extra={"months_unpaid": streak, "since": f"{first:%Y-%m}"},
                    )
                elif lapse and streak:
                    count = members.filter(status=Membership.Status.ACTIVE).count()
                    if count:
                        result.warned[streak] = result.warned.get(streak, 0) + count
                if streak == 0:
                    window = calendar.add_months(calendar.month_start(as_of), -limit)
                    result.reinstated += _set_status(
                        members.filter(status=Membership.Status.LAPSED, lapsed_on__gte=window),
                        actor=actor,
                        programme=p,
                        values={"status": Membership.Status.ACTIVE, "lapsed_on": None, "end_date": None},
                        extra={"reinstated": True},
                    )
    return result


def _set_status(qs, *, actor, programme: Programme, values: dict, extra: dict) -> int:
    """One UPDATE for a set of memberships, with one audit record carrying the count."""
    n = qs.update(**values, updated_at=timezone.now())
    if n:
        audit_bulk(
            actor=actor,
            action=AuditLog.Action.BULK_UPDATE,
            model=Membership,
            count=n,
            region_code=programme.region_code,
            extra={"programme": programme.code, "status": values["status"], **extra},
        )
    return n


def _group_q(cond: str, params: list) -> Q:
    if cond == "1 = 1":
        return Q()
    if cond == "m.funder_id = %s":
        return Q(funder_id=params[0])
    return Q(funder_id__isnull=True) | ~Q(funder_id__in=params)


# --- budgets ---------------------------------------------------------------------------------------------


def budget_monthly_amount(programme: Programme, year: int) -> int:
    first = max(dt.date(year, 1, 1), calendar.month_start(programme.start_date))
    return contribution_amounts(programme, first).total


@transaction.atomic
def budget_set(
    *,
    actor,
    programme: Programme,
    year: int,
    planned_members: int,
    months: int = 12,
    monthly_amount_per_person: int | None = None,
    note: str = "",
) -> Budget:
    """Plans a programme's year: members x months x monthly amount per person = budget needed."""
    _check_programme(actor, programme)
    _require(actor is None or can_plan_budget(actor, programme), _("Hanya manajer yang menyusun anggaran."))
    if not 2000 <= int(year) <= 2100:
        raise ApplicationError(_("Tahun anggaran tidak valid."), code="year")
    if int(planned_members) <= 0:
        raise ApplicationError(_("Jumlah peserta direncanakan harus lebih dari 0."), code="members")
    if not 1 <= int(months) <= 12:
        raise ApplicationError(_("Jumlah bulan harus 1 sampai 12."), code="months")
    monthly = int(monthly_amount_per_person or budget_monthly_amount(programme, int(year)))
    if monthly <= 0:
        raise ApplicationError(_("Iuran per orang per bulan harus lebih dari Rp0."), code="monthly")
    planned_total = int(planned_members) * int(months) * monthly
    budget = Budget.objects.filter(programme=programme, year=year).first()
    values = {
        "planned_members": int(planned_members),
        "months": int(months),
        "monthly_amount_per_person": monthly,
        "planned_total": planned_total,
        "note": note[:300],
    }
    if budget is None:
        budget = Budget.objects.create(
            programme=programme, year=year, region_code=programme.region_code, **values
        )
        audit_created(actor=actor, instance=budget)
    else:
        from lindung.audit.services import model_update

        model_update(instance=budget, data=values, actor=actor)
    return budget


@transaction.atomic
def budget_allocation_set(
    *, actor, budget: Budget, allocation: int, dpa_number: str = "", dpa_date: dt.date | None = None
) -> Budget:
    """The allocation in the budget document (DPA), entered by the finance office (BPKAD)."""
    _check_programme(actor, budget.programme)
    _require(
        actor is None or can_set_budget_allocation(actor, budget.programme),
        _("Pagu DPA diisi oleh BPKAD (manajer) atau admin."),
    )
    if int(allocation) < 0:
        raise ApplicationError(_("Pagu DPA tidak boleh negatif."), code="allocation")
    from lindung.audit.services import model_update

    model_update(
        instance=budget,
        data={"allocation": int(allocation), "dpa_number": dpa_number.strip()[:120], "dpa_date": dpa_date},
        actor=actor,
    )
    return budget


# --- sponsorship -----------------------------------------------------------------------------------------


@transaction.atomic
def sponsor_assign(
    *,
    actor,
    funder: ProgrammeFunder,
    niks: list[str] | None = None,
    village_code: str = "",
    count: int = 0,
) -> int:
    """Puts members under a named sponsor (CSR, SERTAKAN, employer): by NIK, or a number of members of a
    village not yet sponsored (oldest membership first). Returns how many memberships changed."""
    programme = funder.programme
    _check_programme(actor, programme)
    _require(
        actor is None or can_assign_sponsor(actor, programme),
        _("Hanya manajer yang mengatur sponsor peserta."),
    )
    if not funder.is_named_sponsor:
        raise ApplicationError(
            _(
                "Penyandang dana ini berporsi; sponsor peserta bernama adalah CSR, SERTAKAN atau pemberi kerja "
                "tanpa porsi."
            ),
            code="not_named_sponsor",
        )
    holding = Membership.objects.filter(
        programme=programme, status__in=[Membership.Status.PENDING, Membership.Status.ACTIVE]
    )
    sponsor_ids = [f.pk for f in programme.funders.all() if f.is_named_sponsor]
    if niks:
        clean = sorted({re.sub(r"\D", "", n) for n in niks if n.strip()})
        found = dict(holding.filter(person__nik__in=clean).values_list("person__nik", "id"))
        missing = [n for n in clean if n not in found]
        if missing:
            raise ApplicationError(
                ngettext(
                    "%(n)s NIK bukan peserta aktif program ini: %(niks)s.",
                    "%(n)s NIK bukan peserta aktif program ini: %(niks)s.",
                    len(missing),
                )
                % {"n": len(missing), "niks": ", ".join(missing[:5])},
                code="not_members",
            )
        ids = list(found.values())
    elif village_code and count:
        if int(count) <= 0:
            raise ApplicationError(_("Jumlah peserta harus lebih dari 0."), code="count")
        free = holding.filter(region_code=village_code).exclude(funder_id__in=sponsor_ids)
        ids = list(free.order_by("id").values_list("id", flat=True)[: int(count)])
        if len(ids) < int(count):
            raise ApplicationError(
                ngettext(
                    "Hanya %(n)s peserta di desa %(village)s yang belum disponsori; diminta %(count)s.",
                    "Hanya %(n)s peserta di desa %(village)s yang belum disponsori; diminta %(count)s.",
                    len(ids),
                )
                % {"n": len(ids), "village": village_code, "count": count},
                code="not_enough",
            )
    else:
        raise ApplicationError(_("Sebutkan NIK peserta, atau desa dan jumlah peserta."), code="nothing")
    n = Membership.objects.filter(pk__in=ids).update(funder=funder, updated_at=timezone.now())
    audit_bulk(
        actor=actor,
        action=AuditLog.Action.UPDATE,
        model=Membership,
        count=n,
        region_code=programme.region_code,
        object_ids=ids[:1000],
        extra={"programme": programme.code, "sponsor": funder.display_name},
    )
    return n
