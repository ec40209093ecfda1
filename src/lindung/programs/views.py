from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from lindung.accounts.permissions import can_manage
from lindung.audit.selectors import audit_history_for
from lindung.core.errors import ApplicationError
from lindung.core.scoping import code_in_area, user_area_codes
from lindung.programs import selectors, services
from lindung.programs.forms import LegalBasisForm, ProgrammeForm, QuotaForm
from lindung.regions.selectors import region_roots


@login_required
def programme_list(request):
    programmes = list(selectors.programme_list(user=request.user))
    active = selectors.programme_active_counts(user=request.user, programmes=programmes)
    for p in programmes:
        p.active_count = active.get(p.pk, 0)
    return render(
        request,
        "programs/programme_list.html",
        {"programmes": programmes, "can_create": can_manage(request.user)},
    )


def _may_edit(user, programme) -> bool:
    return can_manage(user) and code_in_area(programme.region_code, user_area_codes(user))


@login_required
def programme_detail(request, code: str):
    p = selectors.programme_get(user=request.user, code=code)
    quota_total, quota_villages = selectors.village_quota_total(user=request.user, programme=p)
    return render(
        request,
        "programs/programme_detail.html",
        {
            "p": p,
            "counts": selectors.programme_counts(user=request.user, programme=p),
            "quota_rows": selectors.village_quota_rows(user=request.user, programme=p, limit=100),
            "quota_total": quota_total,
            "quota_villages": quota_villages,
            "history": audit_history_for(instance=p),
            "may_edit": _may_edit(request.user, p),
            "legal_form": LegalBasisForm(),
            "quota_form": QuotaForm(initial={"quota_per_village": p.quota_per_village}),
        },
    )


@login_required
def programme_create(request):
    if not can_manage(request.user) or request.user.organisation is None:
        raise PermissionDenied
    choices = [(r.code, f"{r.name} ({r.code})") for r in region_roots(user=request.user)]
    form = ProgrammeForm(request.POST or None, region_choices=choices)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        funder_kind = d.pop("funder_kind")
        try:
            from django.db import transaction

            with transaction.atomic():
                p = services.programme_create(actor=request.user, owner=request.user.organisation, **d)
                services.programme_funders_set(
                    actor=request.user, programme=p, funders=[{"kind": funder_kind, "share_percent": 100}]
                )
        except ApplicationError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, f"Program {p.name} dibuat.")
            return redirect("programs:programme_detail", code=p.code)
    return render(request, "programs/programme_form.html", {"form": form})


@login_required
@require_POST
def legal_basis_add(request, code: str):
    p = selectors.programme_get(user=request.user, code=code)
    if not _may_edit(request.user, p):
        raise PermissionDenied
    form = LegalBasisForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.legal_basis_add(actor=request.user, programme=p, **form.cleaned_data)
            messages.success(request, "Dasar hukum ditambahkan.")
        except ApplicationError as exc:
            messages.error(request, exc.message)
    else:
        messages.error(request, "Dasar hukum tidak disimpan: lengkapi jenis, nomor dan tanggal.")
    return redirect("programs:programme_detail", code=p.code)


@login_required
@require_POST
def quotas_generate(request, code: str):
    p = selectors.programme_get(user=request.user, code=code)
    if not _may_edit(request.user, p):
        raise PermissionDenied
    form = QuotaForm(request.POST)
    if form.is_valid():
        try:
            total = services.village_quotas_generate(
                actor=request.user, programme=p, quota_per_village=form.cleaned_data["quota_per_village"]
            )
            messages.success(request, f"Kuota desa dibuat: total {total:,} orang.".replace(",", "."))
        except ApplicationError as exc:
            messages.error(request, exc.message)
    else:
        messages.error(request, "Kuota per desa harus bilangan bulat lebih dari 0.")
    return redirect("programs:programme_detail", code=p.code)
