from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from lindung.accounts.permissions import (
    can_create_person,
    can_decide_correction,
    can_edit_person,
    can_request_correction,
    can_view_contact,
    can_view_full_nik,
    can_view_people,
)
from lindung.audit.selectors import audit_history_for
from lindung.core.errors import ApplicationError
from lindung.core.exports import csv_response
from lindung.core.extensions import collect
from lindung.core.formatting import mask_nik, mask_phone
from lindung.registry import corrections, selectors, services
from lindung.registry.forms import PersonForm
from lindung.registry.models import CorrectionRequest, Person
from lindung.registry.nik import nik_check

PAGE_SIZE = 50


def _require_people(request) -> None:
    """The registry is for offices that work with people; for every other role it does not exist."""
    if not can_view_people(request.user):
        raise Http404("Tidak ditemukan.")


@login_required
def person_list(request):
    _require_people(request)
    q = request.GET.get("q", "")
    region = request.GET.get("region", "")
    qs = selectors.person_list(user=request.user, q=q, region_code=region)
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    names = selectors.village_names(p.region_code for p in page.object_list)
    ctx = {
        "page": page,
        "q": q,
        "region": region,
        "village_names": names,
        "can_write": can_create_person(request.user),
    }
    template = "registry/_person_table.html" if request.htmx else "registry/person_list.html"
    return render(request, template, ctx)


@login_required
def person_export(request):
    _require_people(request)
    contact = can_view_contact(request.user)
    qs = selectors.person_list(
        user=request.user, q=request.GET.get("q", ""), region_code=request.GET.get("region", "")
    )
    header = ["NIK (disamarkan)", "Nama", "Tanggal lahir", "L/P", "Kode desa", "Pekerjaan", "Telepon"]
    rows = (
        [
            mask_nik(p.nik),
            p.full_name,
            p.birth_date.strftime("%d-%m-%Y") if p.birth_date else "",
            p.sex,
            p.region_code,
            p.occupation,
            p.phone if contact else mask_phone(p.phone),
        ]
        for p in qs.iterator(chunk_size=2000)
    )
    return csv_response(filename="orang.csv", header=header, rows=rows)


@login_required
def person_detail(request, pk: int):
    person = selectors.person_get(user=request.user, pk=pk)
    check = nik_check(
        person.nik, birth_date=person.birth_date, sex=person.sex or None, region_code=person.region_code
    )
    user = request.user
    return render(
        request,
        "registry/person_detail.html",
        {
            "person": person,
            "check": check,
            "check_sex": Person.Sex(check.sex).label if check.sex in Person.Sex.values else "",
            "village": selectors.village_names([person.region_code]).get(person.region_code, ""),
            "history": audit_history_for(
                instance=person,
                show_contact=can_view_contact(user),
                extra_entries=[
                    e
                    for entries in collect("person_history", user=user, person=person).values()
                    for e in entries
                ],
            ),
            "may_see_nik": can_view_full_nik(user),
            "may_see_contact": can_view_contact(user),
            "may_edit": can_edit_person(user, person.region_code),
            "may_correct": can_request_correction(user, person),
        },
    )


@login_required
@require_POST
def person_nik(request, pk: int):
    person = selectors.person_get(user=request.user, pk=pk)
    if not can_view_full_nik(request.user):
        raise PermissionDenied("Peran Anda tidak dapat melihat NIK lengkap.")
    nik = selectors.person_full_nik(user=request.user, person=person)
    return render(request, "registry/_nik_full.html", {"nik": nik})


@login_required
def person_create(request):
    _require_people(request)
    if not can_create_person(request.user):
        raise PermissionDenied
    form = PersonForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            person, warnings = services.person_create(actor=request.user, **form.cleaned_data)
        except ApplicationError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("%(name)s terdaftar.") % {"name": person.full_name})
            for w in warnings:
                messages.warning(request, w)
            return redirect("registry:person_detail", pk=person.pk)
    return render(request, "registry/person_form.html", {"form": form, "person": None})


@login_required
def person_edit(request, pk: int):
    person = selectors.person_get(user=request.user, pk=pk)
    if not can_edit_person(request.user, person.region_code):
        raise PermissionDenied
    initial = {name: getattr(person, name) for name in services.EDITABLE}
    form = PersonForm(request.POST or None, initial=initial, editing=True)
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k in services.EDITABLE}
        data = {
            k: ("" if v is None and k not in {"birth_date", "monthly_income"} else v) for k, v in data.items()
        }
        try:
            changed, warnings = services.person_update(actor=request.user, person=person, data=data)
        except ApplicationError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("Data disimpan.") if changed else _("Tidak ada perubahan."))
            for w in warnings:
                messages.warning(request, w)
            return redirect("registry:person_detail", pk=person.pk)
    return render(request, "registry/person_form.html", {"form": form, "person": person})


@login_required
@require_POST
def correction_create(request, pk: int):
    person = selectors.person_get(user=request.user, pk=pk)
    try:
        corrections.correction_request(
            actor=request.user,
            person=person,
            field=request.POST.get("field", ""),
            new_value=request.POST.get("new_value", ""),
            reason=request.POST.get("reason", ""),
        )
        messages.success(request, _("Permohonan koreksi diajukan; menunggu persetujuan verifikator."))
    except ApplicationError as exc:
        messages.error(request, exc.message)
    return redirect("registry:person_detail", pk=person.pk)


@login_required
def correction_list(request):
    _require_people(request)
    qs = selectors.correction_queryset(user=request.user)
    pending = list(qs.filter(status=CorrectionRequest.Status.PENDING))
    for c in pending:
        c.may_decide = can_decide_correction(request.user, c)
    return render(
        request,
        "registry/correction_list.html",
        {
            "pending": pending,
            "decided": qs.exclude(status=CorrectionRequest.Status.PENDING)[:50],
            "may_decide": any(c.may_decide for c in pending),
        },
    )


@login_required
@require_POST
def correction_decide(request, pk: int):
    req = selectors.correction_get(user=request.user, pk=pk)
    try:
        corrections.correction_decide(
            actor=request.user,
            request=req,
            approve=request.POST.get("decision") == "approve",
            note=request.POST.get("note", ""),
        )
        messages.success(request, _("Keputusan disimpan."))
    except ApplicationError as exc:
        messages.error(request, exc.message)
    return redirect("registry:correction_list")
