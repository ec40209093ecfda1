"""What billing adds to lower apps' pages through ``core.extensions`` (registered in BillingConfig.ready):
the note on PU memberships whose employer is in arrears, and the home page panel (issue 13): for managers,
the months waiting for a billing run and the arrears; for managers and BPKAD, the year's budget of each
programme (DPA allocation, realisation)."""

from __future__ import annotations

from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import ngettext

from lindung.accounts.permissions import sees_budget_overview, sees_programme_overview
from lindung.billing import selectors
from lindung.core import extensions


def membership_notes(*, memberships) -> dict[int, str]:
    """A note per membership whose PU employer is in arrears: protected, the employer pays benefits first."""
    return {
        pk: ngettext(
            "Pemberi kerja menunggak iuran %(months)s bulan sejak %(since)s: peserta tetap dilindungi, pemberi "
            "kerja membayar manfaat lebih dulu (PP 44/2015).",
            "Pemberi kerja menunggak iuran %(months)s bulan sejak %(since)s: peserta tetap dilindungi, pemberi "
            "kerja membayar manfaat lebih dulu (PP 44/2015).",
            fact.months,
        )
        % {"months": fact.months, "since": f"{fact.since:%m-%Y}"}
        for pk, fact in selectors.employer_arrears(memberships=memberships).items()
    }


def home_panel(request, **_objects) -> str | None:
    user = request.user if request is not None else None
    if user is None or not user.is_authenticated or not sees_budget_overview(user):
        return None
    manager = sees_programme_overview(user)
    year = timezone.localdate().year
    context = {
        "year": year,
        "budgets": selectors.budget_overview(user=user, year=year),
        "manager": manager,
    }
    if manager:
        context["unbilled"] = selectors.unbilled_months(user=user)
        context["arrears"] = selectors.arrears(user=user)
    return render_to_string("billing/_home_panel.html", context, request=request)


def register() -> None:
    extensions.register_provider("membership_notes", name="billing", provide=membership_notes)
    extensions.register_panel("home", name="billing", order=40, render=home_panel)
