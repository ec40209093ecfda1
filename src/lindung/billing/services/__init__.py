"""Writes for money, one module per subdomain (as Zulip's ``zerver/actions/``):

- ``rates``: contribution rates, added from a date on, never rewritten;
- ``runs``: monthly billing runs (one programme, or every programme the actor runs);
- ``payments``: payments, their allocation to invoices oldest first, bank-statement imports;
- ``statement``: the bank-statement CSV parser (no database);
- ``late_fees``: PU late-fee invoices;
- ``previews``: what a billing or late-fee run would write, its confirmation, cancelling a run;
- ``lapse``: lapse and reinstatement of memberships whose funder does not pay;
- ``budgets``: yearly plans and DPA allocations;
- ``sponsors``: members taken over by a named sponsor;
- ``numbering``: invoice, receipt and late-fee numbers;
- ``common``: the duty and area checks every service starts with.

Every function runs in one transaction and leaves an audit record. This package re-exports the public
services, so callers write ``from lindung.billing import services`` and ``services.billing_run(...)``.
Reads (balances, streaks, budget figures) are in ``lindung.billing.selectors``.
"""

from lindung.billing.services.budgets import budget_allocation_set, budget_set
from lindung.billing.services.lapse import LapseResult, lapse_run
from lindung.billing.services.late_fees import LateFeeResult, late_fee_run
from lindung.billing.services.payments import ImportResult, payment_record, payments_import
from lindung.billing.services.previews import (
    Preview,
    billing_run_cancel,
    billing_run_confirm,
    billing_run_preview,
    late_fee_confirm,
    late_fee_preview,
)
from lindung.billing.services.rates import rate_add
from lindung.billing.services.runs import RunResult, billing_run, billing_run_all
from lindung.billing.services.sponsors import sponsor_assign

__all__ = [
    "ImportResult",
    "LapseResult",
    "LateFeeResult",
    "Preview",
    "RunResult",
    "billing_run",
    "billing_run_cancel",
    "billing_run_confirm",
    "billing_run_preview",
    "billing_run_all",
    "budget_allocation_set",
    "budget_set",
    "lapse_run",
    "late_fee_confirm",
    "late_fee_preview",
    "late_fee_run",
    "payment_record",
    "payments_import",
    "rate_add",
    "sponsor_assign",
]
