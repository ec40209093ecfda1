from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from lindung.accounts.permissions import can_view_full_nik, can_view_participants
from lindung.audit.models import AuditLog
from lindung.audit.services import audit_record
from lindung.core.errors import ApplicationError
from lindung.core.exports import csv_response
from lindung.core.parsing import ParseError, parse_date
from lindung.memberships import exports, selectors, services
from lindung.memberships.forms import MembershipWageForm
from lindung.programs.selectors import programme_get
from lindung.regions.models import Region
from lindung.regions.selectors import village_get

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _participants_programme(request, code: str):
    programme = programme_get(user=request.user, code=code)  # 404 outside the area
    if not can_view_participants(request.user, programme):
        raise Http404("Tidak ditemukan.")
    return programme


def _export_args(request, code):
    programme = _participants_programme(request, code)
    qs = selectors.participant_list(
        user=request.user,
        programme=programme,
        region_code=request.GET.get("desa", ""),
        batch_id=int(request.GET["unggahan"]) if request.GET.get("unggahan", "").isdigit() else None,
        status=request.GET.get("status", ""),
    )
    full = request.GET.get("nik") == "lengkap" and can_view_full_nik(request.user)
    if full:
        audit_record(
            actor=request.user,
            action=AuditLog.Action.VIEW_NIK,
            object_type="programs.programme",
            object_id=str(programme.pk),
            object_repr=f"ekspor peserta {programme.code}",
            region_code=programme.region_code,
            extra={"export": True, "rows": qs.count()},
        )
    return programme, qs, full


@login_required
def participants_xlsx(request, code: str):
    programme, qs, full = _export_args(request, code)
    resp = HttpResponse(exports.participants_xlsx(qs, full_nik=full), content_type=XLSX)
    resp["Content-Disposition"] = f'attachment; filename="peserta-{programme.code}.xlsx"'
    return resp


@login_required
def participants_csv(request, code: str):
    programme, qs, full = _export_args(request, code)
    return csv_response(
        filename=f"peserta-{programme.code}.csv",
        header=exports.HEADER,
        rows=exports.participant_rows(qs, full_nik=full),
    )


def _cards_response(programme, villages, filename: str) -> HttpResponse:
    if not any(members for _v, members in villages):
        raise Http404("Tidak ada kartu untuk dicetak.")
    resp = HttpResponse(
        exports.cards_pdf(programme=programme, villages=villages), content_type="application/pdf"
    )
    resp["Content-Disposition"] = f'inline; filename="{filename}"'
    return resp


@login_required
def cards_pdf(request, code: str, village: str):
    """The cards of one village (optionally only those of one uploaded list, ``?unggahan=``)."""
    programme = _participants_programme(request, code)
    region = village_get(user=request.user, code=village)  # 404 unknown or outside the area
    batch = request.GET.get("unggahan", "")
    members = list(
        selectors.card_memberships(
            user=request.user,
            programme=programme,
            region_code=village,
            batch_id=int(batch) if batch.isdigit() else None,
        )
    )
    return _cards_response(programme, [(region, members)], f"kartu-{programme.code}-{village}.pdf")


@login_required
def batch_cards_pdf(request, code: str, batch: int):
    """The cards of everyone one uploaded list brought in (inside the user's area), village by village."""
    programme = _participants_programme(request, code)
    members = list(selectors.card_memberships(user=request.user, programme=programme, batch_id=batch))
    regions = {r.code: r for r in Region.objects.filter(code__in={m.region_code for m in members})}
    villages: dict[str, list] = {}
    for m in members:
        villages.setdefault(m.region_code, []).append(m)
    return _cards_response(
        programme,
        [(regions[code], ms) for code, ms in villages.items() if code in regions],
        f"kartu-{programme.code}-unggahan-{batch}.pdf",
    )


@login_required
def cards_pick(request, code: str):
    """The village chosen on the programme page's card form (a GET form cannot build the PDF's path)."""
    programme = _participants_programme(request, code)
    village = request.GET.get("desa", "")
    if not village:
        return redirect("programs:programme_detail", code=programme.code)
    region = village_get(user=request.user, code=village)
    return redirect("memberships:cards_pdf", code=programme.code, village=region.code)


@login_required
@require_POST
def membership_end(request, pk: int):
    m = selectors.membership_get(user=request.user, pk=pk)
    end = (request.POST.get("end_date") or "").strip()
    try:
        services.membership_end(
            actor=request.user,
            membership=m,
            reason=request.POST.get("reason", ""),
            end_date=parse_date(end) if end else None,
        )
        messages.success(request, _("Kepesertaan diakhiri."))
    except ParseError as exc:
        messages.error(request, exc.message)
    except ApplicationError as exc:
        messages.error(request, exc.message)
    return redirect("registry:person_detail", pk=m.person_id)


@login_required
@require_POST
def memberships_end_bulk(request, code: str):
    programme = programme_get(user=request.user, code=code)
    if "file" not in request.FILES:
        messages.error(request, _("Unggah berkas berisi kolom NIK."))
        return redirect("programs:programme_detail", code=code)
    f = request.FILES["file"]
    try:
        r = services.memberships_end_from_file(
            actor=request.user,
            programme=programme,
            data=f.read(),
            filename=f.name,
            reason=request.POST.get("reason", ""),
        )
        messages.success(
            request,
            _(
                "%(ended)s kepesertaan diakhiri dari %(listed)s NIK; "
                "%(not_found)s tidak ditemukan di program ini."
            )
            % r,
        )
    except ApplicationError as exc:
        messages.error(request, exc.message)
    return redirect("programs:programme_detail", code=code)


@login_required
@require_POST
def membership_wage(request, pk: int):
    m = selectors.membership_get(user=request.user, pk=pk)
    form = MembershipWageForm(request.POST)
    if not form.is_valid():
        messages.error(request, " ".join(e for errs in form.errors.values() for e in errs))
        return redirect("registry:person_detail", pk=m.person_id)
    try:
        services.membership_wage_set(actor=request.user, membership=m, wage=form.cleaned_data["wage"])
        messages.success(request, _("Upah kepesertaan disimpan."))
    except ApplicationError as exc:
        messages.error(request, exc.message)
    return redirect("registry:person_detail", pk=m.person_id)
