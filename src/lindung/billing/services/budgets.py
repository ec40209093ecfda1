"""Budgets: the yearly plan (members x each month's own amount) and the DPA allocation."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils.translation import gettext as _

from lindung.accounts.permissions import can_plan_budget, can_set_budget_allocation
from lindung.audit.services import audit_created, model_update
from lindung.billing import limits
from lindung.billing.models import Budget
from lindung.billing.selectors import budget_monthly_amount, planned_total
from lindung.billing.services.common import check_programme_in_area, require
from lindung.core.errors import ApplicationError
from lindung.programs.models import Programme


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
    """Plans a programme's year: the members times each planned month's own amount per person (or the
    amount given, for every month) = budget needed; ``monthly_amount_per_person`` keeps the first month's."""
    check_programme_in_area(actor, programme)
    require(actor is None or can_plan_budget(actor, programme), _("Hanya manajer yang menyusun anggaran."))
    year = limits.check_budget_year(year)
    if int(planned_members) <= 0:
        raise ApplicationError(_("Jumlah peserta direncanakan harus lebih dari 0."), code="members")
    limits.check_count(int(planned_members), what=_("Jumlah peserta direncanakan"), code="members")
    if not 1 <= int(months) <= 12:
        raise ApplicationError(_("Jumlah bulan harus 1 sampai 12."), code="months")
    monthly = int(monthly_amount_per_person or budget_monthly_amount(programme, year))
    # Each planned month at its own amount (a rate or discount changing within the year counts); an amount
    # per person given by the planner is used for every month.
    total = (
        int(planned_members) * int(months) * monthly
        if monthly_amount_per_person
        else planned_total(programme, year, members=int(planned_members), months=int(months))
    )
    if monthly <= 0:
        raise ApplicationError(_("Iuran per orang per bulan harus lebih dari Rp0."), code="monthly")
    limits.check_amount(
        monthly, what=_("Iuran per orang per bulan"), code="monthly", maximum=limits.MAX_MONTHLY_AMOUNT
    )
    values = {
        "planned_members": int(planned_members),
        "months": int(months),
        "monthly_amount_per_person": monthly,
        "planned_total": total,
        "note": note[:300],
    }
    budget = Budget.objects.filter(programme=programme, year=year).first()
    if budget is None:
        budget = Budget.objects.create(
            programme=programme, year=year, region_code=programme.region_code, **values
        )
        audit_created(actor=actor, instance=budget)
    else:
        model_update(instance=budget, data=values, actor=actor)
    return budget


@transaction.atomic
def budget_allocation_set(
    *, actor, budget: Budget, allocation: int, dpa_number: str = "", dpa_date: dt.date | None = None
) -> Budget:
    """The allocation in the budget document (DPA), entered by the finance office (BPKAD)."""
    check_programme_in_area(actor, budget.programme)
    require(
        actor is None or can_set_budget_allocation(actor, budget.programme),
        _("Pagu DPA diisi oleh BPKAD (manajer) atau admin."),
    )
    if int(allocation) < 0:
        raise ApplicationError(_("Pagu DPA tidak boleh negatif."), code="allocation")
    limits.check_amount(int(allocation), what=_("Pagu DPA"), code="allocation")
    model_update(
        instance=budget,
        data={"allocation": int(allocation), "dpa_number": dpa_number.strip()[:120], "dpa_date": dpa_date},
        actor=actor,
    )
    return budget
