from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from lindung.accounts import permissions as perm
from lindung.compliance import imports, letters, selectors, services
from lindung.compliance.forms import (
    CaseOpenForm,
    CheckListForm,
    ImportForm,
    MinimumWageForm,
    RecoveryForm,
    SignedCopyForm,
    StepForm,
)
from lindung.compliance.models import Case, CaseStep, Category, EmployerImport
from lindung.compliance.reading import FileRejected, TableSpec, read_table
from lindung.core.errors import ApplicationError
from lindung.core.scoping import user_area_codes


def _require_view(user):
    if not perm.can_view_compliance(user):
        raise PermissionDenied


def _form_errors(form) -> str:
    return "; ".join(
        f"{form.fields[k].label if k in form.fields else ''}: {' '.join(v)}" for k, v in form.errors.items()
    )


@login_required
def dashboard(request):
    _require_view(request.user)
    data = selectors.dashboard(user=request.user)
    codes = user_area_codes(request.user)
    return render(
        request,
        "compliance/dashboard.html",
        {"d": data, "area_codes": codes or [], "categories": Category.choices},
    )


@login_required
def employer_list(request):
    _require_view(request.user)
    category = request.GET.get("kategori", "")
    if category not in selectors.CATEGORY_FILTERS:
        category = ""
    qs = selectors.employer_list(
        user=request.user,
        region=request.GET.get("wilayah", "").strip(),
        category=category,
        q=request.GET.get("q", "").strip(),
    )
    page = Paginator(qs, 50).get_page(request.GET.get("hal"))
    cases = selectors.employer_open_cases([e.pk for e in page])
    return render(
        request,
        "compliance/employer_list.html",
        {"page": page, "cases": cases, "category": category, "categories": Category.choices},
    )


@login_required
def employer_detail(request, pk: int):
    employer = selectors.employer_get(user=request.user, pk=pk)
    return render(
        request,
        "compliance/employer_detail.html",
        {
            "e": employer,
            "evidence": selectors.evidence(employer),
            "cases": employer.cases.all(),
            "checks": selectors.check_log(user=request.user, employer=employer)[:20],
            "can_open": perm.can_open_case(request.user, employer),
            "form": CaseOpenForm(),
        },
    )


@login_required
@require_POST
def case_open(request, pk: int):
    employer = selectors.employer_get(user=request.user, pk=pk)
    if not perm.can_open_case(request.user, employer):
        raise PermissionDenied
    form = CaseOpenForm(request.POST)
    form.is_valid()
    try:
        case = services.case_open(
            actor=request.user, employer=employer, finding=form.cleaned_data.get("finding", "")
        )
    except ApplicationError as exc:
        messages.error(request, exc.message)
        return redirect("compliance:employer_detail", pk=pk)
    messages.success(request, _("Kasus %(number)s dibuka.") % {"number": case.number})
    return redirect("compliance:case_detail", pk=case.pk)


@login_required
def import_upload(request):
    _require_view(request.user)
    allowed = [s for s in EmployerImport.Source.values if perm.can_import_employers(request.user, s)]
    form = ImportForm(request.POST or None, request.FILES or None)
    form.fields["source"].choices = [(k, v) for k, v in EmployerImport.Source.choices if k in allowed]
    if request.method == "POST":
        if not allowed:
            raise PermissionDenied
        if not form.is_valid():
            messages.error(request, _("Impor tidak dijalankan: %(errors)s") % {"errors": _form_errors(form)})
        else:
            f = form.cleaned_data["file"]
            try:
                result = imports.employers_import(
                    actor=request.user,
                    source=form.cleaned_data["source"],
                    data=f.read(),
                    filename=f.name,
                    file_date=form.cleaned_data.get("file_date"),
                )
            except ApplicationError as exc:
                messages.error(request, exc.message)
                return render(
                    request,
                    "compliance/import.html",
                    {"form": form, "allowed": allowed, "imports": _imports(request)},
                    status=400,
                )
            imp = result.employer_import
            (messages.success if result.ok else messages.error)(request, imp.message)
            return redirect("compliance:import_detail", pk=imp.pk)
        return render(
            request,
            "compliance/import.html",
            {"form": form, "allowed": allowed, "imports": _imports(request)},
            status=400,
        )
    return render(
        request, "compliance/import.html", {"form": form, "allowed": allowed, "imports": _imports(request)}
    )


def _imports(request):
    return selectors._scoped(EmployerImport.objects.all(), request.user)[:20]


@login_required
def import_detail(request, pk: int):
    imp = selectors.import_get(user=request.user, pk=pk)
    return render(
        request,
        "compliance/import_detail.html",
        {"imp": imp, "matches": imp.matches.select_related("employer")},
    )


@login_required
def match_list(request):
    _require_view(request.user)
    return render(
        request, "compliance/match_list.html", {"matches": selectors.match_list(user=request.user)[:200]}
    )


@login_required
@require_POST
def match_decide(request, pk: int):
    m = selectors.match_get(user=request.user, pk=pk)
    if not perm.can_decide_match(request.user, m):
        raise PermissionDenied
    try:
        employer = imports.match_decide(
            actor=request.user, match=m, merge=request.POST.get("decision") == "merge"
        )
        messages.success(request, _("Keputusan disimpan: %(name)s.") % {"name": employer.name})
    except ApplicationError as exc:
        messages.error(request, exc.message)
    return redirect("compliance:match_list")


@login_required
def case_list(request):
    _require_view(request.user)
    stage = request.GET.get("tahap", "")
    if stage not in Case.Stage.values:
        stage = ""
    qs = selectors.case_list(user=request.user, stage=stage)
    page = Paginator(qs, 50).get_page(request.GET.get("hal"))
    return render(
        request,
        "compliance/case_list.html",
        {
            "page": page,
            "rows": selectors.deadline_rows(page, timezone.localdate()),
            "stage": stage,
            "stages": Case.Stage.choices,
        },
    )


@login_required
def case_detail(request, pk: int):
    case = selectors.case_get(user=request.user, pk=pk)
    user = request.user
    next_stage = selectors.NEXT_STEP.get(case.stage)
    stages = [
        s
        for s in (next_stage, Case.Stage.RESOLVED)
        if s and case.is_open and perm.can_advance_case(user, case, s)
    ]
    form = StepForm(initial={"stage": stages[0] if stages else None, "date": timezone.localdate()})
    form.fields["stage"].choices = [(s, Case.Stage(s).label) for s in stages]
    return render(
        request,
        "compliance/case_detail.html",
        {
            "case": case,
            "steps": case.steps.select_related("actor"),
            "row": (selectors.deadline_rows([case]) or [None])[0],
            "stages": stages,
            "form": form,
            "can_upload": perm.can_upload_signed_letter(user, case),
            "can_recover": perm.can_record_recovery(user, case),
            "recovery_form": RecoveryForm(initial={"amount": case.recovered_amount}),
            "upload_form": SignedCopyForm(),
            "evidence": selectors.evidence(case.employer),
        },
    )


@login_required
@require_POST
def case_step(request, pk: int):
    case = selectors.case_get(user=request.user, pk=pk)
    form = StepForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Langkah tidak disimpan: %(errors)s") % {"errors": _form_errors(form)})
        return redirect("compliance:case_detail", pk=pk)
    d = form.cleaned_data
    if not perm.can_advance_case(request.user, case, d["stage"]):
        raise PermissionDenied
    try:
        step = services.case_advance(
            actor=request.user,
            case=case,
            stage=d["stage"],
            date=d.get("date"),
            note=d.get("note") or "",
            contributions_owed=d.get("contributions_owed"),
            months_owed=d.get("months_owed"),
            skk_number=d.get("skk_number") or "",
            skk_date=d.get("skk_date"),
            recovered_amount=d.get("recovered_amount"),
        )
    except ApplicationError as exc:
        messages.error(request, exc.message)
        return redirect("compliance:case_detail", pk=pk)
    text = _("%(stage)s dicatat.") % {"stage": Case.Stage(step.stage).label}
    if step.letter_number:
        text += " " + _("Surat %(number)s siap dicetak.") % {"number": step.letter_number}
    if step.deadline:
        text += " " + _("Tenggat: %(day)s.") % {"day": f"{step.deadline:%d-%m-%Y}"}
    messages.success(request, text)
    return redirect("compliance:case_detail", pk=pk)


@login_required
@require_POST
def case_recovery(request, pk: int):
    case = selectors.case_get(user=request.user, pk=pk)
    if not perm.can_record_recovery(request.user, case):
        raise PermissionDenied
    form = RecoveryForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Jumlah tidak disimpan: isi angka Rupiah 0 atau lebih."))
        return redirect("compliance:case_detail", pk=pk)
    try:
        services.case_recovery_record(actor=request.user, case=case, amount=form.cleaned_data["amount"])
        messages.success(request, _("Jumlah dipulihkan disimpan."))
    except ApplicationError as exc:
        messages.error(request, exc.message)
    return redirect("compliance:case_detail", pk=pk)


def _step(request, pk: int) -> CaseStep:
    step = CaseStep.objects.select_related("case").filter(pk=pk).first()
    if step is None:
        raise Http404
    selectors.case_get(user=request.user, pk=step.case_id)  # 404 outside the area
    return step


@login_required
def letter_pdf(request, pk: int):
    step = _step(request, pk)
    if step.stage not in letters.TEMPLATES:
        raise Http404
    response = HttpResponse(letters.letter_pdf(step), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{step.letter_number.replace("/", "-")}.pdf"'
    return response


@login_required
@require_POST
def signed_upload(request, pk: int):
    step = _step(request, pk)
    if not perm.can_upload_signed_letter(request.user, step.case):
        raise PermissionDenied
    form = SignedCopyForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, _("Pilih berkas salinan surat bertanda tangan."))
        return redirect("compliance:case_detail", pk=step.case_id)
    try:
        services.case_signed_copy_upload(actor=request.user, step=step, upload=form.cleaned_data["file"])
        messages.success(request, _("Salinan bertanda tangan disimpan."))
    except ApplicationError as exc:
        messages.error(request, exc.message)
    return redirect("compliance:case_detail", pk=step.case_id)


@login_required
def signed_download(request, pk: int):
    step = _step(request, pk)
    if not step.signed_copy:
        raise Http404
    return FileResponse(
        step.signed_copy.open("rb"), as_attachment=True, filename=step.signed_copy.name.rsplit("/", 1)[-1]
    )


NIB_LIST = TableSpec(
    headers={"nib": ("NIB", "Nomor Induk Berusaha", "No NIB")}, required=("nib",), labels={"nib": "NIB"}
)


@login_required
def check(request):
    if not perm.can_check_compliance(request.user):
        raise PermissionDenied
    ctx = {"form": CheckListForm(), "nib": request.GET.get("nib", "").strip()}
    status = 200
    if ctx["nib"]:
        try:
            ctx["answer"] = services.compliance_check(actor=request.user, nib=ctx["nib"], channel="web")
        except ApplicationError as exc:
            ctx["error"], status = exc.message, 422
    if request.method == "POST":
        form = CheckListForm(request.POST, request.FILES)
        ctx["form"] = form
        if form.is_valid():
            f = form.cleaned_data["file"]
            try:
                table = read_table(f.read(), filename=f.name, spec=NIB_LIST, max_rows=500)
                ctx["answers"] = services.compliance_check_many(
                    actor=request.user, nibs=[n or "" for n in table.frame["nib"].to_list()]
                )
            except FileRejected as exc:
                ctx["error"], status = exc.message, 400
        else:
            ctx["error"], status = _("Pilih berkas daftar NIB."), 400
    template = "compliance/_check_result.html" if request.htmx and ctx["nib"] else "compliance/check.html"
    return render(request, template, ctx, status=status)


@login_required
def check_log(request):
    qs = selectors.check_log(user=request.user, nib=request.GET.get("nib", "").strip())
    page = Paginator(qs, 50).get_page(request.GET.get("hal"))
    return render(request, "compliance/check_log.html", {"page": page})


@login_required
def rules(request):
    _require_view(request.user)
    can_set = perm.can_set_compliance_rules(request.user)
    form = MinimumWageForm(request.POST or None)
    if request.method == "POST":
        if not can_set:
            raise PermissionDenied
        if form.is_valid():
            try:
                services.minimum_wage_set(actor=request.user, **form.cleaned_data)
                messages.success(request, _("Upah minimum disimpan."))
                return redirect("compliance:rules")
            except ApplicationError as exc:
                messages.error(request, exc.message)
        else:
            messages.error(
                request, _("Upah minimum tidak disimpan: %(errors)s") % {"errors": _form_errors(form)}
            )
    return render(
        request, "compliance/rules.html", {**selectors.rules_page(), "form": form, "can_set": can_set}
    )


def _year(request):
    try:
        y = int(request.GET.get("tahun", ""))
    except ValueError:
        return None
    return y if 2000 <= y <= 2100 else None


@login_required
def scorecard(request, code: str):
    card = selectors.scorecard(user=request.user, code=code, year=_year(request))
    return render(request, "compliance/scorecard.html", {"c": card})


@login_required
def scorecard_pdf(request, code: str):
    card = selectors.scorecard(user=request.user, code=code, year=_year(request))
    response = HttpResponse(letters.scorecard_pdf(card), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="rapor-kepatuhan-{code}-{card.year}.pdf"'
    return response
