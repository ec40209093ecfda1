"""A second look before money moves (issue 13): what a billing run or a late-fee run would write, then the
run itself only if nothing changed since, and the cancellation of a run nothing has been paid on.

The preview is the real run inside a transaction that is rolled back (``_dry_run``): the same code computes
what would be written, so the preview cannot drift from the run (and a change in how late fees are computed
needs no change here). The planned rows are summed up in a *fingerprint* (a hash of what the invoices would
say: programme, funder, month, members, amounts, due date; never their numbers). The confirmation sends the
fingerprint back; the run writes, computes the fingerprint of what it wrote and, when it differs (a payment,
a new member or another run came in between), rolls everything back and refuses (decision in
docs/decisions.md: "Preview, confirmation and cancellation of money runs").
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from dataclasses import dataclass, field

from django.db import transaction
from django.utils.translation import gettext as _

from lindung.accounts.permissions import can_run_billing
from lindung.audit.models import AuditLog
from lindung.audit.services import audit_record
from lindung.billing.models import BillingRun, Invoice, InvoiceLine, PaymentAllocation
from lindung.billing.services.common import check_programme_in_area, require
from lindung.billing.services.late_fees import LateFeeResult, late_fee_run
from lindung.billing.services.runs import RunResult, billing_run_all
from lindung.core.errors import ApplicationError
from lindung.programs.models import Programme


@dataclass
class PlannedInvoice:
    """One invoice a run would write (or wrote)."""

    programme: str
    programme_name: str
    funder: str
    period: dt.date
    members: int
    total: int
    issued_on: dt.date
    due_date: dt.date
    fee_for: str = ""
    fee_month: int | None = None

    @property
    def overdue_on_issue(self) -> bool:
        """Due before the day it is issued: a past month billed today is already late when it arrives."""
        return self.due_date < self.issued_on


@dataclass
class Preview:
    kind: str  # "billing" or "late_fees"
    invoices: list[PlannedInvoice] = field(default_factory=list)
    lines: int = 0
    programmes: list = field(default_factory=list)  # the run's per-programme report (ProgrammeOutcome)
    token: str = ""

    @property
    def total(self) -> int:
        return sum(i.total for i in self.invoices)

    @property
    def overdue(self) -> list[PlannedInvoice]:
        return [i for i in self.invoices if i.overdue_on_issue]

    @property
    def overdue_total(self) -> int:
        return sum(i.total for i in self.overdue)


class _Rollback(Exception):  # noqa: N818 - a control-flow signal, not an error
    def __init__(self, payload):
        super().__init__("dry run")
        self.payload = payload


def _planned(numbers: list[str]) -> list[PlannedInvoice]:
    rows = (
        Invoice.objects.filter(number__in=numbers)
        .select_related("programme", "funder", "fee_for")
        .order_by("programme__code", "funder_id", "period", "fee_for_id", "fee_month")
    )
    return [
        PlannedInvoice(
            programme=i.programme.code,
            programme_name=i.programme.name,
            funder=i.funder.display_name,
            period=i.period,
            members=i.members,
            total=i.total,
            issued_on=i.issued_on,
            due_date=i.due_date,
            fee_for=i.fee_for.number if i.fee_for_id else "",
            fee_month=i.fee_month,
        )
        for i in rows
    ]


def _fingerprint(kind: str, invoices: list[PlannedInvoice], lines: int) -> str:
    """What the invoices would say, without their numbers (the sequence moves on between two looks)."""
    payload = [kind, lines] + [
        [i.programme, i.funder, f"{i.period:%Y-%m}", i.members, i.total, i.due_date.isoformat(), i.fee_for]
        + [i.fee_month]
        for i in invoices
    ]
    return hashlib.sha256(json.dumps(payload, default=str).encode()).hexdigest()[:32]


def _billing_preview(result: RunResult) -> Preview:
    invoices = _planned(result.invoice_numbers)
    return Preview(
        kind="billing",
        invoices=invoices,
        lines=result.lines,
        programmes=result.programmes,
        token=_fingerprint("billing", invoices, result.lines),
    )


def _late_fee_preview(result: LateFeeResult) -> Preview:
    invoices = _planned(result.numbers)
    return Preview(
        kind="late_fees",
        invoices=invoices,
        programmes=result.programmes,
        token=_fingerprint("late_fees", invoices, 0),
    )


def _dry_run(write, summarise) -> Preview:
    """Runs ``write`` and summarises what it wrote, then rolls it all back (audit rows, numbers, credit)."""
    try:
        with transaction.atomic():
            raise _Rollback(summarise(write()))
    except _Rollback as done:
        return done.payload


def _confirmed(write, summarise, token: str):
    """Runs ``write`` for real, keeps it only if it wrote what the preview showed."""
    with transaction.atomic():
        result = write()
        if summarise(result).token != token:
            raise ApplicationError(
                _(
                    "Data berubah sejak pratinjau (pembayaran, peserta atau penagihan lain masuk di antaranya). "
                    "Tidak ada yang ditulis; lihat pratinjau yang baru lalu konfirmasi lagi."
                ),
                code="preview_changed",
            )
    return result


def billing_run_preview(*, actor, period: dt.date, programme: Programme | None = None) -> Preview:
    """What ``billing_run_all`` would write for the month: nothing is written."""
    return _dry_run(
        lambda: billing_run_all(actor=actor, period=period, programme=programme), _billing_preview
    )


def billing_run_confirm(
    *, actor, period: dt.date, programme: Programme | None = None, token: str
) -> RunResult:
    """``billing_run_all`` after a preview: refused (nothing written) when the run would now write anything
    other than what the preview with this ``token`` showed."""
    return _confirmed(
        lambda: billing_run_all(actor=actor, period=period, programme=programme), _billing_preview, token
    )


def late_fee_preview(*, actor, as_of: dt.date | None = None, programme: Programme | None = None) -> Preview:
    """What ``late_fee_run`` would charge: nothing is written."""
    return _dry_run(lambda: late_fee_run(actor=actor, as_of=as_of, programme=programme), _late_fee_preview)


def late_fee_confirm(
    *, actor, token: str, as_of: dt.date | None = None, programme: Programme | None = None
) -> LateFeeResult:
    """``late_fee_run`` after a preview, refused when it would now charge anything else."""
    return _confirmed(
        lambda: late_fee_run(actor=actor, as_of=as_of, programme=programme), _late_fee_preview, token
    )


def billing_run_cancel(*, actor, run: BillingRun, reason: str) -> dict:
    """Cancels a mistaken billing run while nothing has been paid on it: its invoices, their lines and any
    late fee charged on them are removed (their numbers are not reused), and one audit record keeps what was
    cancelled, by whom and why. Refused once any of its invoices (or their late fees) received money."""
    check_programme_in_area(actor, run.programme)
    require(
        actor is None or can_run_billing(actor, run.programme),
        _("Hanya manajer yang membatalkan penagihan."),
    )
    reason = (reason or "").strip()
    if not reason:
        raise ApplicationError(_("Tulis alasan pembatalan."), code="reason_required")
    with transaction.atomic():
        run = BillingRun.objects.select_for_update().get(pk=run.pk)
        invoices = list(Invoice.objects.select_for_update().filter(run=run).order_by("id"))
        fees = list(Invoice.objects.select_for_update().filter(fee_for__run=run).order_by("id"))
        every = invoices + fees
        if any(i.paid for i in every) or PaymentAllocation.objects.filter(invoice__in=every).exists():
            raise ApplicationError(
                _(
                    "Penagihan ini tidak dapat dibatalkan: sudah ada pembayaran atas tagihannya. "
                    "Koreksi lewat pembayaran atau saldo kredit."
                ),
                code="run_paid",
            )
        record = {
            "programme": run.programme.code,
            "period": f"{run.period:%Y-%m}",
            "invoices": [i.number for i in invoices],
            "late_fees": [i.number for i in fees],
            "lines": InvoiceLine.objects.filter(invoice__in=invoices).count(),
            "total": sum(i.total for i in invoices),
            "reason": reason[:300],
        }
        audit_record(
            actor=actor,
            action=AuditLog.Action.DELETE,
            instance=run,
            object_repr=f"Penagihan {run.programme.code} {run.period:%Y-%m} dibatalkan",
            extra=record,
        )
        Invoice.objects.filter(pk__in=[i.pk for i in fees]).delete()
        InvoiceLine.objects.filter(invoice__in=invoices).delete()
        Invoice.objects.filter(pk__in=[i.pk for i in invoices]).delete()
        run.delete()
    return record
