from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from lindung.accounts.permissions import (
    can_accept_batch,
    can_edit_batch,
    can_reject_batch,
    can_upload_batch,
    can_verify_batch,
    can_view_participants,
    can_view_people,
)
from lindung.audit.selectors import audit_history_for
from lindung.core.errors import ApplicationError
from lindung.core.exports import csv_response
from lindung.enrolment import exports, selectors, services
from lindung.enrolment.forms import AcceptForm, RejectForm, ReplaceForm, UploadForm
from lindung.enrolment.models import BatchRow
from lindung.programs.selectors import programme_get, programme_list

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@login_required
def batch_list(request):
    if not (can_view_people(request.user) or can_upload_batch(request.user)):
        raise Http404("Tidak ditemukan.")
    return render(
        request,
        "enrolment/batch_list.html",
        {
            "queue": selectors.work_queue(user=request.user),
            "mine": selectors.batches_for_action(user=request.user),
            "to_fix": selectors.batches_with_returned_rows(user=request.user),
            "can_upload": can_upload_batch(request.user, None),
        },
    )


@login_required
def batch_upload(request):
    if not can_upload_batch(request.user):
        raise PermissionDenied
    programmes = list(programme_list(user=request.user))
    form = UploadForm(
        request.POST or None,
        request.FILES or None,
        programmes=programmes,
        initial={
            "programme": request.GET.get("program", "")
            or selectors.default_programme(user=request.user, programmes=programmes)
        },
    )
    if request.method == "POST" and form.is_valid():
        programme = next(p for p in programmes if p.code == form.cleaned_data["programme"])
        f = form.cleaned_data["file"]
        try:
            batch = services.batch_upload(
                actor=request.user, programme=programme, filename=f.name, data=f.read()
            )
        except ApplicationError as exc:
            form.add_error("file", exc.message)
        else:
            return redirect("enrolment:batch_detail", pk=batch.pk)
    return render(request, "enrolment/upload.html", {"form": form})


@login_required
def batch_detail(request, pk: int):
    batch = selectors.batch_get(user=request.user, pk=pk)
    status = request.GET.get("status", "")
    page = Paginator(selectors.batch_rows(batch=batch, status=status), 100).get_page(request.GET.get("page"))
    ctx = {
        "batch": batch,
        "page": page,
        "status": status,
        "may_verify": can_verify_batch(request.user, batch),
        "may_return_rows": batch.status == batch.Status.SUBMITTED
        and not batch.job
        and can_verify_batch(request.user, batch),
        "may_accept": can_accept_batch(request.user, batch),
        "may_reject": can_reject_batch(request.user, batch),
        "can_write": can_edit_batch(request.user, batch),
        "may_upload": can_upload_batch(request.user, batch.programme),
        "history": audit_history_for(instance=batch),
        **_progress_context(request, batch),
        "replace_form": ReplaceForm(),
        "reject_form": RejectForm(),
        "accept_form": AcceptForm(),
        # What acceptance today would give (the BPJS response's date may move it): shown before acceptance.
        "start_preview": services.acceptance_start(batch=batch)
        if batch.status in (batch.Status.SUBMITTED, batch.Status.VERIFIED)
        else None,
        "show_full_nik": selectors.batch_nik_view(user=request.user, batch=batch, what="halaman"),
        "report_is_csv": batch.rows > exports.REPORT_XLSX_MAX_ROWS,
        # Cards exist once the verification wrote the memberships (pending, then active with a KPJ).
        "may_print_cards": batch.status in (batch.Status.VERIFIED, batch.Status.ACCEPTED)
        and can_view_participants(request.user, batch.programme),
    }
    template = "enrolment/_rows.html" if request.htmx else "enrolment/batch_detail.html"
    return render(request, template, ctx)


def _progress_context(request, batch) -> dict:
    return {
        "batch": batch,
        "job_stale": services.job_is_stale(batch),
        "processing_stale": services.processing_is_stale(batch),
        "may_retry": can_edit_batch(request.user, batch),
    }


@login_required
def batch_progress(request, pk: int):
    batch = selectors.batch_get(user=request.user, pk=pk)
    resp = render(request, "enrolment/_progress.html", _progress_context(request, batch))
    if batch.status != batch.Status.PROCESSING and not batch.job:
        resp["HX-Refresh"] = "true"
    return resp


@login_required
def batch_report(request, pk: int):
    batch = selectors.batch_get(user=request.user, pk=pk)
    # ?status=returned: the rows returned to the village, to fix and upload again (with the reason column).
    status = request.GET.get("status", "")
    status = status if status in BatchRow.Status.values else ""
    name = (
        f"baris-dikembalikan-{batch.pk}"
        if status == BatchRow.Status.RETURNED
        else f"hasil-unggahan-{batch.pk}"
    )
    mask = not selectors.batch_nik_view(user=request.user, batch=batch, what="laporan")
    if batch.rows > exports.REPORT_XLSX_MAX_ROWS:
        return csv_response(
            filename=f"{name}.csv",
            header=exports.REPORT_COLUMNS,
            rows=exports.report_rows(batch, mask=mask, status=status),
        )
    return FileResponse(
        exports.report_xlsx(batch, mask=mask, status=status),
        as_attachment=True,
        filename=f"{name}.xlsx",
        content_type=XLSX,
    )


@login_required
def programme_template(request, code: str):
    programme = programme_get(user=request.user, code=code)
    resp = HttpResponse(exports.template_xlsx(programme), content_type=XLSX)
    resp["Content-Disposition"] = f'attachment; filename="templat-{programme.code}.xlsx"'
    return resp


def _act(request, pk, fn, ok_message):
    batch = selectors.batch_get(user=request.user, pk=pk)
    try:
        result = fn(batch)
    except ApplicationError as exc:
        messages.error(request, exc.message)
        for line in exc.extra.get("errors", []):  # every faulty row, each with its row number
            messages.error(request, line)
    else:
        messages.success(request, ok_message(result) if callable(ok_message) else ok_message)
    return redirect("enrolment:batch_detail", pk=batch.pk)


def _accepted_message(result) -> str:
    if result is None:
        return _("Penerimaan berjalan di latar belakang; halaman ini diperbarui sendiri bila selesai.")
    text = ngettext("Diterima: %(n)s peserta aktif.", "Diterima: %(n)s peserta aktif.", result.accepted) % {
        "n": result.accepted
    }
    if result.returned:
        text += " " + ngettext(
            "%(n)s baris dikembalikan ke desa dengan alasannya.",
            "%(n)s baris dikembalikan ke desa dengan alasannya.",
            result.returned,
        ) % {"n": result.returned}
    if result.unknown:
        text += " " + ngettext(
            "%(n)s NIK di berkas balasan tidak ada di daftar ini (lihat daftarnya di bawah).",
            "%(n)s NIK di berkas balasan tidak ada di daftar ini (lihat daftarnya di bawah).",
            len(result.unknown),
        ) % {"n": len(result.unknown)}
    return text


@login_required
@require_POST
def batch_replace(request, pk: int):
    selectors.batch_get(user=request.user, pk=pk)  # 404 outside the area, before anything else
    form = ReplaceForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, _("Pilih berkas perbaikan."))
        return redirect("enrolment:batch_detail", pk=pk)
    f = form.cleaned_data["file"]
    return _act(
        request,
        pk,
        lambda b: services.batch_replace_file(actor=request.user, batch=b, filename=f.name, data=f.read()),
        _("Berkas perbaikan diperiksa ulang."),
    )


@login_required
@require_POST
def batch_submit(request, pk: int):
    return _act(
        request,
        pk,
        lambda b: services.batch_submit(actor=request.user, batch=b),
        _("Unggahan diajukan untuk verifikasi."),
    )


@login_required
@require_POST
def batch_verify(request, pk: int):
    return _act(
        request,
        pk,
        lambda b: services.batch_verify_start(actor=request.user, batch=b),
        lambda n: (
            _("Verifikasi berjalan di latar belakang; halaman ini diperbarui sendiri bila selesai.")
            if n is None
            else ngettext(
                "Diverifikasi: %(n)s peserta masuk registri dan menunggu nomor KPJ dari BPJS.",
                "Diverifikasi: %(n)s peserta masuk registri dan menunggu nomor KPJ dari BPJS.",
                n,
            )
            % {"n": n}
        ),
    )


@login_required
@require_POST
def batch_accept(request, pk: int):
    selectors.batch_get(user=request.user, pk=pk)  # 404 outside the area, before anything else
    form = AcceptForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(
            request,
            " ".join(form.errors["start_on"])
            if "start_on" in form.errors
            else _("Unggah berkas balasan BPJS berisi kolom NIK dan KPJ."),
        )
        return redirect("enrolment:batch_detail", pk=pk)
    f = form.cleaned_data["kpj_file"]
    start_on = form.cleaned_data["start_on"]

    def accept(b):
        return services.batch_accept_start(
            actor=request.user, batch=b, data=f.read(), filename=f.name, start_on=start_on
        )

    return _act(request, pk, accept, _accepted_message)


@login_required
@require_POST
def batch_row_return(request, pk: int, row_no: int):
    """The OPD verifier returns one row of a submitted list to the village, with a reason."""
    reason = request.POST.get("reason", "")
    return _act(
        request,
        pk,
        lambda b: services.batch_row_return(actor=request.user, batch=b, row_no=row_no, reason=reason),
        _("Baris %(row)s dikembalikan ke operator desa untuk diperbaiki.") % {"row": row_no},
    )


@login_required
@require_POST
def batch_job_cancel(request, pk: int):
    return _act(
        request,
        pk,
        lambda b: services.batch_job_cancel(actor=request.user, batch=b),
        _("Proses yang terhenti dibatalkan; langkah ini dapat dijalankan lagi."),
    )


@login_required
@require_POST
def batch_retry(request, pk: int):
    return _act(
        request,
        pk,
        lambda b: services.batch_retry(actor=request.user, batch=b),
        _("Berkas diperiksa ulang di latar belakang."),
    )


@login_required
@require_POST
def batch_discard(request, pk: int):
    batch = selectors.batch_get(user=request.user, pk=pk)
    try:
        services.batch_discard(actor=request.user, batch=batch)
    except ApplicationError as exc:
        messages.error(request, exc.message)
        return redirect("enrolment:batch_detail", pk=batch.pk)
    messages.success(request, _("Unggahan yang gagal dibuang; berkasnya dapat diunggah lagi."))
    return redirect("enrolment:batch_list")


@login_required
@require_POST
def batch_reject(request, pk: int):
    reason = request.POST.get("reason", "")
    return _act(
        request,
        pk,
        lambda b: services.batch_reject(actor=request.user, batch=b, reason=reason),
        _("Unggahan dikembalikan ke operator."),
    )
