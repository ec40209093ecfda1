from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.utils.translation import gettext as _

from lindung.accounts.permissions import can_view_full_nik
from lindung.audit.models import AuditLog
from lindung.audit.services import audit_record
from lindung.core.exports import csv_response
from lindung.core.parsing import ParseError, parse_date
from lindung.core.scoping import code_in_area, user_area_codes
from lindung.memberships import exports, selectors
from lindung.memberships.models import HOLDING, Membership
from lindung.programs.selectors import programme_get
from lindung.regions.models import Region

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _export_args(request, code):
    programme = programme_get(user=request.user, code=code)
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


@login_required
def cards_pdf(request, code: str, village: str):
    programme = programme_get(user=request.user, code=code)
    region = Region.objects.filter(code=village, level=4).first()
    if region is None or not code_in_area(village, user_area_codes(request.user)):
        raise Http404("Desa tidak ditemukan.")
    members = list(
        selectors.participant_list(user=request.user, programme=programme, region_code=village).filter(
            status__in=HOLDING
        )
    )
    resp = HttpResponse(
        exports.cards_pdf(programme=programme, village=region, memberships=members),
        content_type="application/pdf",
    )
    resp["Content-Disposition"] = f'inline; filename="kartu-{programme.code}-{village}.pdf"'
    return resp


@login_required
def membership_end(request, pk: int):
    from django.contrib import messages
    from django.shortcuts import redirect

    from lindung.core.errors import ApplicationError
    from lindung.core.scoping import region_q
    from lindung.memberships import services

    if request.method != "POST":
        raise Http404
    m = Membership.objects.filter(region_q(user_area_codes(request.user)), pk=pk).first()
    if m is None:
        raise Http404("Kepesertaan tidak ditemukan.")
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
def memberships_end_bulk(request, code: str):
    from django.contrib import messages
    from django.shortcuts import redirect

    from lindung.core.errors import ApplicationError
    from lindung.memberships import services

    programme = programme_get(user=request.user, code=code)
    if request.method != "POST" or "file" not in request.FILES:
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
