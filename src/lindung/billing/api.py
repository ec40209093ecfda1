"""API for money: budgets, invoices, payments and billing runs; scoped like the pages."""

from __future__ import annotations

import datetime as dt

from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema, Status

from lindung.accounts.permissions import can_use_calculator, can_view_budget, can_view_money
from lindung.billing import calculator, calendar, limits, selectors, services
from lindung.billing.models import Invoice, Payment
from lindung.core.errors import ApplicationError
from lindung.core.schemas import (
    MAX_OFFSET,
    MAX_RUPIAH,
    MAX_YEAR,
    MIN_YEAR,
    PERIOD_OR_EMPTY_PATTERN,
    PERIOD_PATTERN,
    ErrorOut,
    InputSchema,
)
from lindung.programs import selectors as programme_selectors

router = Router(tags=["Iuran"])


class BudgetOut(Schema):
    year: int
    members: int
    months: int
    monthly_amount_per_person: int
    planned_total: int
    allocation: int | None
    realised: int
    remainder: int


class BudgetQuery(InputSchema):
    year: int = Field(ge=MIN_YEAR, le=MAX_YEAR)


@router.get("/programs/{code}/budget", response=BudgetOut, summary="Anggaran program setahun")
def programme_budget(request, code: str, q: Query[BudgetQuery]):
    limits.check_budget_year(q.year)
    if selectors.is_sponsor_user(request.auth):
        raise Http404("Tidak ditemukan.")
    p = programme_selectors.programme_get(user=request.auth, code=code)
    if not can_view_budget(request.auth, p):
        raise Http404("Tidak ditemukan.")
    return selectors.budget_view(user=request.auth, programme=p, year=q.year).as_api()


class InvoiceOut(Schema):
    number: str
    programme: str
    funder: str
    funder_kind: str
    period: str
    issued_on: dt.date
    due_date: dt.date
    members: int
    amounts: dict[str, int]
    total: int
    paid: int
    outstanding: int
    status: str
    kind: str = Field(description="iuran (contribution) or denda (late fee)")
    late_fee_for: str | None = Field(None, description="for a late fee: the number of the late invoice")


def _invoice(inv) -> dict:
    return {
        "number": inv.number,
        "programme": inv.programme.code,
        "funder": inv.funder.display_name,
        "funder_kind": inv.funder.kind,
        "period": f"{inv.period:%Y-%m}",
        "issued_on": inv.issued_on,
        "due_date": inv.due_date,
        "members": inv.members,
        "amounts": inv.amounts,
        "total": inv.total,
        "paid": inv.paid,
        "outstanding": inv.outstanding,
        "status": inv.status,
        "kind": inv.kind,
        "late_fee_for": inv.fee_for.number if inv.fee_for_id else None,
    }


class InvoiceQuery(InputSchema):
    program: str = ""
    period: str = Field("", pattern=PERIOD_OR_EMPTY_PATTERN, description="YYYY-MM; kosong = semua")
    status: str = ""
    limit: int = Field(100, ge=1, le=500)
    offset: int = Field(0, ge=0, le=MAX_OFFSET)


INVOICE_STATUSES = ("unpaid", *Invoice.Status.values)


@router.get(
    "/invoices",
    response=list[InvoiceOut],
    summary="Tagihan di wilayah kerja (terbaru dulu); status open, partial, paid atau unpaid; limit/offset",
)
def invoice_list(request, q: Query[InvoiceQuery]):
    if not (can_view_money(request.auth) or selectors.is_sponsor_user(request.auth)):
        raise Http404("Tidak ditemukan.")
    period = calendar.period_parse(q.period) if q.period else None
    if q.status and q.status not in INVOICE_STATUSES:
        raise ApplicationError(
            _("Status %(status)s tidak dikenal; gunakan %(choices)s.")
            % {"status": repr(q.status), "choices": ", ".join(INVOICE_STATUSES)},
            code="status_invalid",
        )
    qs = selectors.invoice_list(user=request.auth, programme=q.program, period=period, status=q.status)
    return [_invoice(i) for i in qs[q.offset : q.offset + q.limit]]


@router.get("/invoices/{number}", response=InvoiceOut, summary="Satu tagihan")
def invoice_detail(request, number: str):
    return _invoice(selectors.invoice_get(user=request.auth, number=number))


class PaymentIn(InputSchema):
    invoice: str = Field(min_length=1, max_length=30)
    amount: int = Field(ge=1, le=MAX_RUPIAH, description="Rupiah utuh")
    reference: str = Field(min_length=1, max_length=60)
    paid_on: dt.date = Field(ge=dt.date(MIN_YEAR, 1, 1), le=dt.date(MAX_YEAR, 12, 31))
    allow_credit: bool = False
    note: str = Field("", max_length=300)


class PaymentOut(Schema):
    receipt_number: str
    reference: str
    amount: int
    allocated: int
    credit: int
    funder: str


@router.post(
    "/payments", response={201: PaymentOut}, summary="Catat pembayaran untuk penyandang dana sebuah tagihan"
)
def payment_create(request, body: PaymentIn):
    if selectors.is_sponsor_user(request.auth):
        raise Http404("Tidak ditemukan.")
    inv = selectors.invoice_get(user=request.auth, number=body.invoice.strip().upper())
    payment = services.payment_record(
        actor=request.auth,
        funder=inv.funder,
        amount=body.amount,
        reference=body.reference,
        paid_on=body.paid_on,
        method=Payment.Method.API,
        note=body.note,
        allow_credit=body.allow_credit,
    )
    return Status(
        201,
        {
            "receipt_number": payment.receipt_number,
            "reference": payment.reference,
            "amount": payment.amount,
            "allocated": payment.amount - payment.unallocated,
            "credit": payment.unallocated,
            "funder": inv.funder.display_name,
        },
    )


PREVIEW = "only show what the run would write (nothing is written); the answer carries a confirmation"
CONFIRMATION = (
    "the confirmation of a preview: the run writes only if it would write what the preview showed "
    "(else 422, nothing written)"
)


class RunIn(InputSchema):
    period: str = Field(pattern=PERIOD_PATTERN, description="YYYY-MM")
    program: str | None = None
    preview: bool = Field(False, description=PREVIEW)
    confirmation: str | None = Field(None, max_length=64, description=CONFIRMATION)


OUTCOME = "done (something written), nothing (run, nothing to do), failed (refused by a rule: see reason; nothing written for it) or skipped (not yours to run, or not running that month: see reason)"


class ProgrammeRunOut(Schema):
    program: str
    outcome: str = Field(description=OUTCOME)
    reason: str = Field("", description="why it failed or was skipped")
    invoices: int
    lines: int
    total: int
    invoice_numbers: list[str]


class RunOut(Schema):
    period: str
    invoices: int
    lines: int
    total: int
    programmes: list[ProgrammeRunOut] = Field(description="per programme: what was billed, failed or skipped")
    preview: bool = Field(False, description="true: nothing was written, this is what the run would write")
    overdue_on_issue: int = Field(
        0, description="(preview) of the invoices, those already past their due date when issued"
    )
    confirmation: str = Field("", description="for a preview: send it back as `confirmation` to write it")


def _preview_dict(preview, head: dict, numbers_key: str) -> dict:
    """A preview in the shape of the run's answer (no invoice numbers: they are given when written)."""
    return {
        **head,
        "invoices": len(preview.invoices),
        "total": preview.total,
        "programmes": [{**p.as_dict(), numbers_key: []} for p in preview.programmes],
        "preview": True,
        "overdue_on_issue": len(preview.overdue),
        "confirmation": preview.token,
    }


@router.post("/billing/run", response=RunOut, summary="Jalankan penagihan bulanan")
def billing_run(request, body: RunIn):
    period = calendar.period_parse(body.period)
    programme = (
        programme_selectors.programme_get(user=request.auth, code=body.program) if body.program else None
    )
    if body.preview:
        pv = services.billing_run_preview(actor=request.auth, period=period, programme=programme)
        return _preview_dict(pv, {"period": f"{period:%Y-%m}", "lines": pv.lines}, "invoice_numbers")
    if body.confirmation:
        return services.billing_run_confirm(
            actor=request.auth, period=period, programme=programme, token=body.confirmation
        ).as_dict()
    return services.billing_run_all(actor=request.auth, period=period, programme=programme).as_dict()


class LateFeesIn(InputSchema):
    as_of: dt.date | None = Field(
        None,
        ge=dt.date(MIN_YEAR, 1, 1),
        le=dt.date(MAX_YEAR, 12, 31),
        description="reference date (default: today, Asia/Jakarta)",
    )
    program: str | None = None
    preview: bool = Field(False, description=PREVIEW)
    confirmation: str | None = Field(None, max_length=64, description=CONFIRMATION)


class ProgrammeLateFeesOut(Schema):
    program: str
    outcome: str = Field(description=OUTCOME)
    reason: str = Field("", description="why it failed or was skipped")
    invoices: int
    total: int
    numbers: list[str]


class LateFeesOut(Schema):
    as_of: dt.date
    invoices: int
    total: int
    programmes: list[ProgrammeLateFeesOut] = Field(
        description="per programme: what was charged, failed or skipped"
    )
    preview: bool = Field(False, description="true: nothing was written, this is what the run would charge")
    confirmation: str = Field("", description="for a preview: send it back as `confirmation` to charge it")


@router.post("/billing/late-fees", response=LateFeesOut, summary="Tagih denda keterlambatan (PU)")
def late_fees(request, body: LateFeesIn):
    programme = (
        programme_selectors.programme_get(user=request.auth, code=body.program) if body.program else None
    )
    if body.preview:
        pv = services.late_fee_preview(actor=request.auth, as_of=body.as_of, programme=programme)
        as_of = pv.invoices[0].issued_on if pv.invoices else (body.as_of or timezone.localdate())
        return _preview_dict(pv, {"as_of": as_of}, "numbers")
    if body.confirmation:
        return services.late_fee_confirm(
            actor=request.auth, as_of=body.as_of, programme=programme, token=body.confirmation
        ).as_dict()
    return services.late_fee_run(actor=request.auth, as_of=body.as_of, programme=programme).as_dict()


class ContributionQuery(InputSchema):
    segment: str = Field(description="BPU atau PU")
    wage: str | None = Field(None, description="upah (PU) atau penghasilan (BPU) sebulan, Rupiah utuh")
    risk_class: str | None = Field(
        None, description="kelompok risiko JKK 1..5 (sangat rendah..sangat tinggi)"
    )
    elements: str = Field(description="daftar dipisah koma: JKK,JKM,JHT,JP")
    period: str = Field(description="YYYY-MM")
    jkp: str | None = Field(None, description="true|false: peserta JKP (rekomposisi JKK/JKM, PU)")
    funder_kind: str | None = Field(None, description="kode jenis penyandang dana, mis. apbd_kab, csr")
    sector: str | None = Field(None, description="transport atau non_transport (bawaan), untuk diskon")


class RuleItemOut(Schema):
    element: str
    rate: str | None = Field(description="persen dari dasar iuran (teks desimal), null untuk iuran tetap")
    base: int | None = Field(description="dasar iuran setelah batas terendah/atas, null untuk iuran tetap")
    amount: int = Field(description="iuran sebelum diskon (Rp)")


class RuleDiscountOut(Schema):
    amount: int
    names: list[str]
    percent: str
    verified: bool


class ContributionOut(Schema):
    period: str
    items: list[RuleItemOut]
    discount: RuleDiscountOut | None = Field(description="diskon yang berlaku (null: tidak ada)")
    total: int = Field(description="jumlah sebulan setelah diskon (Rp)")
    due_date: dt.date


def _unprocessable(exc: ApplicationError):
    return Status(422, {"code": exc.code, "message": exc.message})


@router.get(
    "/rules/contribution",
    response={200: ContributionOut, 422: ErrorOut},
    summary="Kalkulator iuran: iuran per program jaminan, diskon dan jatuh tempo",
)
def rules_contribution(request, q: Query[ContributionQuery]):
    if not can_use_calculator(request.auth):
        raise Http404("Tidak ditemukan.")
    try:
        return calculator.contribution_quote(**q.dict()).as_dict()
    except ApplicationError as exc:
        return _unprocessable(exc)


class DueDateQuery(InputSchema):
    segment: str = Field(description="BPU atau PU")
    period: str = Field(description="YYYY-MM")


class DueDateOut(Schema):
    due_date: dt.date
    moved_from: dt.date | None = Field(description="tanggal 15 semula bila bergeser, null bila tidak")
    reason: str | None = Field(description="mengapa bergeser (Sabtu, Minggu, nama hari libur)")


@router.get(
    "/rules/due-date",
    response={200: DueDateOut, 422: ErrorOut},
    summary="Jatuh tempo iuran satu bulan (hari kerja berikutnya bila libur)",
)
def rules_due_date(request, q: Query[DueDateQuery]):
    if not can_use_calculator(request.auth):
        raise Http404("Tidak ditemukan.")
    try:
        return calculator.due_date_of(segment=q.segment, period=q.period).as_dict()
    except ApplicationError as exc:
        return _unprocessable(exc)
