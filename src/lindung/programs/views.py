from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from lindung.accounts.permissions import can_create_programme, can_edit_programme
from lindung.audit.selectors import audit_history_for
from lindung.core.errors import ApplicationError
from lindung.core.formatting import number
from lindung.programs import selectors, services
from lindung.programs.forms import (
    FunderFormSet,
    LegalBasisForm,
    ProgrammeForm,
    QuotaForm,
    VillageQuotaForm,
)
from lindung.regions.selectors import region_roots

QUOTA_ROWS = 100


@login_required
def programme_list(request):
    programmes = list(selectors.programme_list(user=request.user))
    active = selectors.programme_active_counts(user=request.user, programmes=programmes)
    for p in programmes:
        p.active_count = active.get(p.pk, 0)
    return render(
        request,
        "programs/programme_list.html",
        {"programmes": programmes, "can_create": can_create_programme(request.user)},
    )


def _editable(request, code: str):
    p = selectors.programme_get(user=request.user, code=code)  # 404 outside the area
    if not can_edit_programme(request.user, p):
        raise PermissionDenied
    return p


def _quota_context(request, p) -> dict:
    search = request.GET.get("desa", "")
    return {
        "p": p,
        "quota_rows": selectors.village_quota_rows(
            user=request.user, programme=p, limit=QUOTA_ROWS, search=search
        ),
        "quota_search": search,
    }


@login_required
def programme_detail(request, code: str):
    p = selectors.programme_get(user=request.user, code=code)
    if request.htmx and request.GET.get("bagian") == "kuota":
        return render(request, "programs/_quota_table.html", _quota_context(request, p))
    quota_total, quota_villages = selectors.village_quota_total(user=request.user, programme=p)
    return render(
        request,
        "programs/programme_detail.html",
        {
            **_quota_context(request, p),
            "funders": list(p.funders.select_related("organisation")),
            "legal_bases": list(p.legal_bases.all()),
            "quota_total": quota_total,
            "quota_villages": quota_villages,
            "all_quota_villages": selectors.village_quota_count(programme=p)
            if quota_total != p.quota_total
            else 0,
            "history": audit_history_for(instance=p),
            "may_edit": can_edit_programme(request.user, p),
            "legal_form": LegalBasisForm(),
            "quota_form": QuotaForm(initial={"quota_per_village": p.quota_per_village or 60}),
            "village_quota_form": VillageQuotaForm(),
        },
    )


def _region_choices(user):
    return [(r.code, f"{r.name} ({r.code})") for r in region_roots(user=user)]


@login_required
def programme_create(request):
    if not can_create_programme(request.user) or request.user.organisation is None:
        raise PermissionDenied
    form = ProgrammeForm(request.POST or None, region_choices=_region_choices(request.user))
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        funder_kind = d.pop("funder_kind")
        try:
            with transaction.atomic():
                p = services.programme_create(actor=request.user, owner=request.user.organisation, **d)
                services.programme_funders_set(
                    actor=request.user, programme=p, funders=[{"kind": funder_kind, "share_percent": 100}]
                )
        except ApplicationError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("Program %(name)s dibuat.") % {"name": p.name})
            return redirect("programs:programme_detail", code=p.code)
    return render(request, "programs/programme_form.html", {"form": form, "p": None})


@login_required
def programme_edit(request, code: str):
    p = _editable(request, code)
    choices = _region_choices(request.user)
    if p.region_code not in {c for c, _label in choices}:
        choices = [(p.region_code, p.region_code), *choices]
    initial = {name: getattr(p, name) for name in services.EDITABLE_FIELDS}
    form = ProgrammeForm(request.POST or None, initial=initial, region_choices=choices, editing=True)
    if request.method == "POST" and form.is_valid():
        try:
            changed = services.programme_update(actor=request.user, programme=p, data=form.cleaned_data)
        except ApplicationError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("Program disimpan.") if changed else _("Tidak ada perubahan."))
            return redirect("programs:programme_detail", code=p.code)
    return render(request, "programs/programme_form.html", {"form": form, "p": p})


@login_required
def funders_edit(request, code: str):
    p = _editable(request, code)
    initial = [
        {
            "kind": f.kind,
            "name": f.name,
            "share_percent": f.share_percent,
            "amount_per_person": f.amount_per_person,
        }
        for f in p.funders.all()
    ]
    formset = FunderFormSet(request.POST or None, initial=initial, prefix="dana")
    error = None
    if request.method == "POST" and formset.is_valid():
        existing = {(f.kind, f.name): f.organisation for f in p.funders.select_related("organisation")}
        rows = []
        for d in formset.cleaned_data:
            if not d or not d.get("kind"):
                continue
            rows.append(
                {
                    "kind": d["kind"],
                    "name": d.get("name") or "",
                    "organisation": existing.get((d["kind"], d.get("name") or "")),
                    "share_percent": d.get("share_percent"),
                    "amount_per_person": d.get("amount_per_person"),
                }
            )
        try:
            services.programme_funders_set(actor=request.user, programme=p, funders=rows)
        except ApplicationError as exc:
            error = exc.message
        else:
            messages.success(request, _("Penyandang dana disimpan."))
            return redirect("programs:programme_detail", code=p.code)
    return render(request, "programs/funders_form.html", {"p": p, "formset": formset, "error": error})


@login_required
@require_POST
def legal_basis_add(request, code: str):
    p = _editable(request, code)
    form = LegalBasisForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.legal_basis_add(actor=request.user, programme=p, **form.cleaned_data)
            messages.success(request, _("Dasar hukum ditambahkan."))
        except ApplicationError as exc:
            messages.error(request, exc.message)
    else:
        messages.error(request, _("Dasar hukum tidak disimpan: lengkapi jenis, nomor dan tanggal."))
    return redirect("programs:programme_detail", code=p.code)


@login_required
def legal_basis_file(request, code: str, pk: int):
    lb = selectors.legal_basis_get(user=request.user, code=code, pk=pk)
    if not lb.attachment:
        raise Http404("Lampiran tidak ada.")
    try:
        handle = lb.attachment.open("rb")
    except FileNotFoundError as exc:
        raise Http404("Berkas lampiran tidak ditemukan.") from exc
    return FileResponse(handle, as_attachment=False, filename=lb.attachment.name.rsplit("/", 1)[-1])


@login_required
@require_POST
def quotas_generate(request, code: str):
    p = _editable(request, code)
    form = QuotaForm(request.POST)
    if form.is_valid():
        try:
            total = services.village_quotas_generate(
                actor=request.user, programme=p, quota_per_village=form.cleaned_data["quota_per_village"]
            )
            messages.success(request, _("Kuota desa dibuat: total %(n)s orang.") % {"n": number(total)})
        except ApplicationError as exc:
            messages.error(request, exc.message)
    else:
        messages.error(request, _("Kuota per desa harus bilangan bulat lebih dari 0."))
    return redirect("programs:programme_detail", code=p.code)


@login_required
@require_POST
def village_quota_set(request, code: str):
    p = _editable(request, code)
    form = VillageQuotaForm(request.POST)
    if form.is_valid():
        d = form.cleaned_data
        try:
            services.village_quota_set(
                actor=request.user, programme=p, region_code=d["region_code"].strip(), quota=d["quota"]
            )
            messages.success(request, _("Kuota desa %(code)s disimpan.") % {"code": d["region_code"]})
        except ApplicationError as exc:
            messages.error(request, exc.message)
    else:
        messages.error(
            request, _("Kuota desa tidak disimpan: isi kode desa dan kuota (bilangan bulat 0 atau lebih).")
        )
    return redirect("programs:programme_detail", code=p.code)
