"""Monthly billing runs: an invoice per funder with a line per member and element, set-based.

One ``INSERT ... SELECT ... CROSS JOIN (elements)`` per invoice writes all its lines, whatever the number
of members (decision 13).
"""

from __future__ import annotations

import copy as _copy
import datetime as dt
from dataclasses import dataclass, field

from django.db import connection, transaction
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from lindung.accounts.permissions import can_run_billing, can_start_billing_runs
from lindung.audit.models import AuditLog
from lindung.audit.services import audit_bulk, audit_record
from lindung.billing import calendar, limits
from lindung.billing.groups import FunderGroup, funder_groups
from lindung.billing.models import BillingRun, Invoice, InvoiceLine
from lindung.billing.rates import Amounts, contribution_amounts, funder_split, month_text
from lindung.billing.selectors.runs import run_plan
from lindung.billing.services.common import (
    ProgrammeOutcome,
    check_programme_in_area,
    require,
    run_one_programme,
    run_programmes,
    user_or_none,
)
from lindung.billing.services.numbering import INVOICE_PREFIX, next_number
from lindung.billing.services.payments import allocate
from lindung.core.errors import ApplicationError
from lindung.core.formatting import number
from lindung.memberships.models import Membership
from lindung.programs.models import Programme


@dataclass
class RunResult:
    period: dt.date
    invoices: int = 0
    lines: int = 0
    total: int = 0
    invoice_numbers: list[str] = field(default_factory=list)
    programmes: list[ProgrammeOutcome] = field(default_factory=list)

    def add(self, other: RunResult) -> None:
        self.invoices += other.invoices
        self.lines += other.lines
        self.total += other.total
        self.invoice_numbers += other.invoice_numbers

    def figures(self) -> dict:
        return {
            "invoices": self.invoices,
            "lines": self.lines,
            "total": self.total,
            "invoice_numbers": list(self.invoice_numbers),
        }

    def as_dict(self) -> dict:
        return {
            "period": f"{self.period:%Y-%m}",
            "invoices": self.invoices,
            "lines": self.lines,
            "total": self.total,
            "programmes": [p.as_dict() for p in self.programmes],
        }


# A membership is billed for every month in which it protects on at least one day: from the month of its
# start date to the month of its end date, whole months, no pro-rata (BPJS bills contributions per month).
# Pending memberships (not yet registered by the BPJS branch) are not billed. Parameters: programme id,
# the pending status, the month's last day, the month's first day.
_BILLABLE = "m.programme_id = %s AND m.status <> %s AND m.start_date <= %s AND (m.end_date IS NULL OR m.end_date >= %s)"
_ALREADY_BILLED = (
    " AND m.id NOT IN (SELECT l.membership_id FROM billing_invoiceline l "
    "JOIN billing_invoice i ON i.id = l.invoice_id WHERE i.programme_id = %s AND i.period = %s)"
)


def _at_base(programme: Programme, wage: int) -> Programme:
    """The programme as seen by one member with their own contribution base: a copy (never saved) whose wage
    (PU) or declared income (BPU) is the member's, so ``contribution_amounts`` applies the same dated rates,
    caps and discounts to it."""
    copy = _copy.copy(programme)
    if programme.segment == Programme.Segment.PU:
        copy.wage = wage
    else:
        copy.declared_income = wage
    return copy


def _wage_keys(cur, where: str, params: list, group: FunderGroup) -> list[int]:
    """The distinct own wages of the group's billable members (none: everyone at the programme's amount)."""
    cur.execute(
        f"SELECT DISTINCT m.wage FROM memberships_membership m WHERE {where} AND {group.sql} "
        "AND m.wage > 0 ORDER BY m.wage",
        params + group.params,
    )
    return [r[0] for r in cur.fetchall()]


def _keyed_elements_sql(parts_by_key: dict[int, dict[str, int]]) -> tuple[str, list]:
    """(wage key, element, amount) rows: key 0 is the programme's amount, any other key a member's own wage."""
    selects, params = [], []
    for key, parts in parts_by_key.items():
        for element, amount in parts.items():
            if amount > 0:
                selects.append(
                    "SELECT CAST(%s AS BIGINT) AS wage_key, %s AS element, CAST(%s AS BIGINT) AS amount"
                )
                params += [key, element, amount]
    return " UNION ALL ".join(selects), params


def _elements_sql(parts: dict[str, int]) -> tuple[str, list]:
    selects, params = [], []
    for element, amount in parts.items():
        if amount > 0:
            selects.append("SELECT %s AS element, %s AS amount")
            params += [element, amount]
    return " UNION ALL ".join(selects), params


def _check_period(programme: Programme, period: dt.date) -> None:
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


def _group_split(group: FunderGroup, amounts: Amounts, members: int, programme: Programme) -> dict:
    """Per funder of the group: element -> amount per person."""
    if not group.funders:
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
    if group.is_named_sponsor:
        return {group.funders[0].pk: dict(amounts.per_element)}
    return funder_split(group.funders, amounts)


def _bill(*, actor, programme: Programme, period: dt.date, issued_on: dt.date) -> tuple[RunResult, dict]:
    """Writes the month's invoices and lines of one programme; returns the result and what the audit needs."""
    amounts = contribution_amounts(programme, period)
    due, _known = calendar.due_date(segment=programme.segment, period=period)  # every year is known now
    rerun = BillingRun.objects.filter(programme=programme, period=period).exists()
    where = _BILLABLE
    base_params: list = [programme.pk, Membership.Status.PENDING, calendar.month_end(period), period]
    if rerun:
        where += _ALREADY_BILLED
        base_params += [programme.pk, period]
    result = RunResult(period=period)
    run = None
    with connection.cursor() as cur:
        for group in funder_groups(programme):
            cur.execute(
                f"SELECT COUNT(*) FROM memberships_membership m WHERE {where} AND {group.sql}",
                base_params + group.params,
            )
            members = cur.fetchone()[0]
            if not members:
                continue
            split = _group_split(group, amounts, members, programme)
            # Members with their own wage (declared income, BPU; wage, PU) are billed on it when the programme's
            # base is income or wage; a fixed amount per person (agreement) is the same for everyone.
            wages = (
                _wage_keys(cur, where, base_params, group)
                if programme.wage_basis != Programme.WageBasis.FIXED
                else []
            )
            splits = {0: split} | {
                w: _group_split(
                    group, contribution_amounts(_at_base(programme, w), period), members, programme
                )
                for w in wages
            }
            for f in group.funders:
                parts = split[f.pk]
                per_person = sum(parts.values())
                if wages:
                    by_key = {w: sp[f.pk] for w, sp in splits.items()}
                    if max(sum(p.values()) for p in by_key.values()) <= 0:
                        continue
                elif per_person <= 0:
                    continue
                if run is None:
                    run = BillingRun.objects.create(
                        programme=programme,
                        period=period,
                        region_code=programme.region_code,
                        run_by=user_or_none(actor),
                    )
                invoice = Invoice.objects.create(
                    number=next_number(INVOICE_PREFIX, period.year),
                    programme=programme,
                    funder=f,
                    run=run,
                    period=period,
                    region_code=programme.region_code,
                    issued_on=issued_on,
                    due_date=due,
                    amounts={k: v for k, v in parts.items() if v > 0},
                )
                if wages:
                    elements_sql, element_params = _keyed_elements_sql(by_key)
                    cur.execute(
                        "INSERT INTO billing_invoiceline (invoice_id, membership_id, region_code, element, amount) "
                        f"SELECT %s, m.id, m.region_code, e.element, e.amount FROM memberships_membership m "
                        f"JOIN ({elements_sql}) e ON e.wage_key = COALESCE(m.wage, 0) WHERE {where} AND {group.sql}"
                        f"{LINE_ORDER}",
                        [invoice.pk, *element_params, *base_params, *group.params],
                    )
                    lines = cur.rowcount
                    _summarise_villages(cur, invoice.pk)
                    cur.execute(
                        "SELECT COALESCE(SUM(members), 0), COALESCE(SUM(amount), 0) FROM billing_invoicevillage "
                        "WHERE invoice_id = %s",
                        [invoice.pk],
                    )
                    billed_members, billed_total = cur.fetchone()
                    invoice.members, invoice.total = billed_members, int(billed_total)
                else:
                    elements_sql, element_params = _elements_sql(parts)
                    cur.execute(
                        "INSERT INTO billing_invoiceline (invoice_id, membership_id, region_code, element, amount) "
                        f"SELECT %s, m.id, m.region_code, e.element, e.amount FROM memberships_membership m "
                        f"CROSS JOIN ({elements_sql}) e WHERE {where} AND {group.sql}{LINE_ORDER}",
                        [invoice.pk, *element_params, *base_params, *group.params],
                    )
                    lines = cur.rowcount
                    _summarise_villages(cur, invoice.pk)
                    billed_members = lines // max(1, len([v for v in parts.values() if v > 0]))
                    invoice.members = billed_members
                    invoice.total = billed_members * per_person
                invoice.save(update_fields=["members", "total"])
                result.invoices += 1
                result.lines += lines
                result.total += invoice.total
                result.invoice_numbers.append(invoice.number)
    audit = {"run": run, "amounts": amounts, "due": due, "rerun": rerun}
    return result, audit


# The lines of an invoice are written in village order: their (invoice, region_code) index then grows at its
# end instead of at random pages (decision 85).
LINE_ORDER = " ORDER BY m.region_code"


def _summarise_villages(cur, invoice_id: int) -> None:
    """The invoice's lines summed per village (``InvoiceVillage``), read through the lines' index right after
    they were written: the arrears and invoice pages read these instead of the lines."""
    cur.execute(
        "INSERT INTO billing_invoicevillage (invoice_id, region_code, members, lines, amount) "
        "SELECT invoice_id, region_code, COUNT(DISTINCT membership_id), COUNT(*), SUM(amount) "
        "FROM billing_invoiceline WHERE invoice_id = %s GROUP BY invoice_id, region_code",
        [invoice_id],
    )


def billing_run(
    *, actor, programme: Programme, period: dt.date, issued_on: dt.date | None = None
) -> RunResult:
    """Bills one programme for one month: an invoice per funder with a line per member and element.

    Running a billed month again bills only memberships that have no line in that month yet (for instance
    a late acceptance or a reinstatement); when there are none it changes nothing.
    """
    check_programme_in_area(actor, programme)
    require(
        actor is None or can_run_billing(actor, programme), _("Hanya manajer yang menjalankan penagihan.")
    )
    period = limits.check_month_begun(
        calendar.month_start(period), month_text=month_text(calendar.month_start(period))
    )
    _check_period(programme, period)
    with transaction.atomic():
        # One run per programme at a time: the programme row is the lock.
        Programme.objects.select_for_update().filter(pk=programme.pk).first()
        result, audit = _bill(
            actor=actor, programme=programme, period=period, issued_on=issued_on or limits.today()
        )
        run = audit["run"]
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
                "amounts": audit["amounts"].per_element,
                "due_date": audit["due"].isoformat(),
                "rerun": audit["rerun"],
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
        for funder_id in sorted({f.pk for g in funder_groups(programme) for f in g.funders}):
            allocate(funder_id=funder_id, actor=actor)
    return result


def billing_run_all(*, actor, period: dt.date, programme: Programme | None = None) -> RunResult:
    """Bills the month for the one programme given, or for every programme the actor runs
    (``selectors.run_plan``: inside the actor's area and running that month). Each programme is billed in
    its own transaction; the result reports per programme what was billed, what failed and why, and what
    was skipped and why."""
    require(actor is None or can_start_billing_runs(actor), _("Hanya manajer yang menjalankan penagihan."))
    period = limits.check_month_begun(
        calendar.month_start(period), month_text=month_text(calendar.month_start(period))
    )
    total = RunResult(period=period)

    def bill(p: Programme) -> tuple[dict, bool]:
        result = billing_run(actor=actor, programme=p, period=period)
        total.add(result)
        return result.figures(), bool(result.invoices)

    if programme is not None:
        total.programmes = run_one_programme(programme, bill)
        return total
    plan = run_plan(user=actor, period=period)
    total.programmes = run_programmes(plan, bill, empty=RunResult(period=period).figures())
    return total
