"""Reads for money, scoped: a user sees invoices and payments of programmes in their area; a company or
SERTAKAN sponsor sees only what concerns its own funding. Anything else answers 404.

One module per subject; this package re-exports the public reads, so callers write
``from lindung.billing import selectors`` and ``selectors.arrears(...)``.
"""

from lindung.accounts.permissions import is_sponsor_user
from lindung.billing.selectors.arrears import (
    Arrears,
    EmployerArrears,
    arrears,
    arrears_by_village,
    employer_arrears,
    group_streak,
    lapse_outlook,
)
from lindung.billing.selectors.budgets import (
    BudgetView,
    budget_monthly_amount,
    budget_view,
    members_in_month,
    plan_months,
    planned_total,
)
from lindung.billing.selectors.home import (
    BudgetLine,
    budget_overview,
    budget_years,
    next_unbilled_month,
    unbilled_months,
)
from lindung.billing.selectors.invoices import (
    funder_balances,
    funder_credit,
    funder_outstanding,
    funder_statement,
    invoice_lines,
    invoice_list,
    invoice_villages,
    late_fee_basis,
    payment_list,
    programme_billing_summary,
    sponsored_active_count,
    sponsored_memberships,
)
from lindung.billing.selectors.rates import discount_list, late_fee_percent, late_fee_rules, rate_list
from lindung.billing.selectors.runs import NotRun, RunPlan, programmes_to_run, run_plan
from lindung.billing.selectors.scope import (
    billing_run_get,
    funder_get,
    funder_scope,
    invoice_get,
    invoice_scope,
    payment_get,
    payment_scope,
)

__all__ = [
    "NotRun",
    "RunPlan",
    "Arrears",
    "EmployerArrears",
    "employer_arrears",
    "BudgetView",
    "BudgetLine",
    "arrears",
    "budget_overview",
    "budget_years",
    "next_unbilled_month",
    "unbilled_months",
    "billing_run_get",
    "arrears_by_village",
    "budget_monthly_amount",
    "budget_view",
    "discount_list",
    "members_in_month",
    "plan_months",
    "planned_total",
    "funder_balances",
    "funder_credit",
    "funder_get",
    "funder_outstanding",
    "funder_scope",
    "funder_statement",
    "group_streak",
    "invoice_get",
    "invoice_lines",
    "invoice_list",
    "invoice_scope",
    "invoice_villages",
    "late_fee_basis",
    "is_sponsor_user",
    "lapse_outlook",
    "late_fee_percent",
    "late_fee_rules",
    "payment_get",
    "payment_list",
    "payment_scope",
    "programme_billing_summary",
    "programmes_to_run",
    "rate_list",
    "run_plan",
    "sponsored_active_count",
    "sponsored_memberships",
]
