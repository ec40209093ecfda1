from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from lindung.accounts.permissions import (
    can_enter_bpjs_figures,
    can_enter_working_population,
    sees_national_overview,
)
from lindung.core.errors import ApplicationError
from lindung.coverage import selectors, services
from lindung.coverage.forms import FigureForm, TargetForm


def _year(request) -> int | None:
    try:
        y = int(request.GET.get("tahun", ""))
    except ValueError:
        return None
    return y if 2000 <= y <= 2100 else None


@login_required
def national(request):
    """The national table (provinces and regencies by activity) and its search, for the system
    administrator; others have no such page."""
    if not sees_national_overview(request.user):
        raise PermissionDenied
    q = request.GET.get("q", "")[:60]
    ctx = {"table": selectors.national_activity(user=request.user, search=q), "q": q}
    if request.htmx:
        return render(request, "coverage/_national_rows.html", ctx)
    return render(request, "coverage/national.html", ctx)


@login_required
def home(request):
    year = _year(request)
    if sees_national_overview(request.user) and not request.htmx:
        # 38 province cards, most of them empty, were the slowest page: the national table instead.
        return redirect("coverage:national")
    cards = selectors.coverage_home(user=request.user, year=year)
    for c in cards:
        c.chart = selectors.trend_svg_points(c.trend, selected=c.year)
        c.can_enter = can_enter_working_population(request.user, c.region.code) or can_enter_bpjs_figures(
            request.user, c.region.code
        )
    ctx = {
        "cards": cards,
        "year": year,
        "breakdowns": selectors.breakdowns(user=request.user),
        "rows": selectors.coverage_home_table(user=request.user, year=year),
        "years": list(range(timezone.localdate().year + 1, 2014, -1)),
    }
    template = "coverage/_cards.html" if request.htmx else "coverage/home.html"
    return render(request, template, ctx)


@login_required
def region_detail(request, code: str):
    rc = selectors.coverage_get(user=request.user, code=code, year=_year(request))
    rc.chart = selectors.trend_svg_points(rc.trend, selected=rc.year)
    return render(
        request,
        "coverage/region_detail.html",
        {
            "c": rc,
            "breakdowns": selectors.breakdowns(user=request.user, region_code=code),
            "figure_form": FigureForm(
                initial={
                    "year": rc.year,
                    "working_population": rc.working_population,
                    "working_population_source": rc.working_population_source,
                    "active_participants": rc.active_participants,
                    "active_participants_source": rc.active_participants_source,
                }
            ),
            "target_form": TargetForm(
                initial={"year": rc.year, "target_percent": rc.target, "basis": rc.target_basis}
            ),
            "can_manage": can_enter_working_population(request.user, code),
            "can_enter_active": can_enter_bpjs_figures(request.user, code),
        },
    )


@login_required
@require_POST
def figure_set(request, code: str):
    selectors.coverage_get(user=request.user, code=code)
    form = FigureForm(request.POST)
    if not form.is_valid():
        messages.error(
            request,
            _("Angka tidak disimpan: %(errors)s")
            % {"errors": "; ".join(f"{form.fields[k].label}: {' '.join(v)}" for k, v in form.errors.items())},
        )
        return redirect("coverage:region_detail", code=code)
    d = form.cleaned_data
    if d["working_population"] is not None and not can_enter_working_population(request.user, code):
        raise PermissionDenied
    if d["active_participants"] is not None and not can_enter_bpjs_figures(request.user, code):
        raise PermissionDenied
    try:
        services.coverage_figure_set(actor=request.user, region_code=code, **d)
        messages.success(request, _("Angka cakupan %(year)s disimpan.") % {"year": d["year"]})
    except ApplicationError as exc:
        messages.error(request, exc.message)
    return redirect(f"{request.path.rsplit('/angka/', 1)[0]}/?tahun={d['year']}")


@login_required
@require_POST
def target_set(request, code: str):
    selectors.coverage_get(user=request.user, code=code)
    if not can_enter_working_population(request.user, code):
        raise PermissionDenied
    form = TargetForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Target tidak disimpan: isi tahun dan target antara 0 dan 100%."))
        return redirect("coverage:region_detail", code=code)
    try:
        services.coverage_target_set(actor=request.user, region_code=code, **form.cleaned_data)
        messages.success(request, _("Target UCJ %(year)s disimpan.") % {"year": form.cleaned_data["year"]})
    except ApplicationError as exc:
        messages.error(request, exc.message)
    return redirect("coverage:region_detail", code=code)
