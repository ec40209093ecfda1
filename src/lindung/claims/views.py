"""Pages for claims: list, report, detail with timeline and the workflow steps, documents and PDFs, family on the
person page, scholarships, reports and the benefit rules."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from lindung.accounts.permissions import (
    can_decide_claim,
    can_edit_benefit_rules,
    can_edit_family,
    can_hand_over_claim,
    can_report_claim,
    can_view_claim_reports,
    can_view_claims,
    can_view_people,
    is_sponsor_user,
)
from lindung.audit.selectors import audit_history_for
from lindung.claims import reports, selectors, services
from lindung.claims.exports import cover_letter, handover_record
from lindung.claims.forms import (
    ClaimReportForm,
    DecisionForm,
    DocumentForm,
    FamilyForm,
    FamilyImportForm,
    HandoverForm,
    PaymentForm,
)
from lindung.claims.models import BenefitRule, Claim, ClaimDocument, DocumentKind, RuleKey, ScholarshipRate
from lindung.core.errors import ApplicationError
from lindung.core.formatting import rupiah
from lindung.registry.selectors import person_get, village_names

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _file(content: bytes, *, filename: str, content_type: str, inline: bool = False) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'{"inline" if inline else "attachment"}; filename="{filename}"'
    return response


def _int(value) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


# --- claims ---------------------------------------------------------------------------------------------------


@login_required
def claim_list(request):
    if not can_view_claims(request.user):
        raise Http404("Tidak ditemukan.")
    f = {k: request.GET.get(k, "") for k in ("status", "region", "benefit", "program", "tahun")}
    qs = selectors.claim_list(
        user=request.user,
        status=f["status"],
        region=f["region"],
        benefit=f["benefit"],
        programme=f["program"],
        year=_int(f["tahun"]),
    )
    page = Paginator(qs, 50).get_page(request.GET.get("page"))
    ctx = {
        "page": page,
        "filters": f,
        "statuses": Claim.Status.choices,
        "benefits": Claim.Benefit.choices,
        "villages": village_names(c.region_code for c in page.object_list),
        "may_report": can_report_claim(request.user),
        "may_report_view": can_view_claim_reports(request.user),
    }
    template = "claims/_claim_table.html" if request.htmx else "claims/claim_list.html"
    return render(request, template, ctx)


@login_required
def claim_report(request, person_id: int):
    if is_sponsor_user(request.user):
        raise Http404("Tidak ditemukan.")
    person = person_get(user=request.user, pk=person_id)
    if not can_report_claim(request.user):
        raise PermissionDenied
    initial = {"event_date": timezone.localdate()}
    form = ClaimReportForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            claim = services.claim_report(
                actor=request.user,
                person=person,
                event_kind=data["event_kind"],
                benefit=data["benefit"],
                event_date=data["event_date"],
                place=data["place"],
                cause=data["cause"],
                at_work=data["at_work"],
                months_off=data["months_off"],
            )
        except ApplicationError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("Klaim %(number)s dilaporkan.") % {"number": claim.number})
            return redirect("claims:claim_detail", pk=claim.pk)
    return render(
        request,
        "claims/claim_report.html",
        {"form": form, "person": person, "family": selectors.family_of(person=person)},
    )


@login_required
def claim_detail(request, pk: int):
    claim = selectors.claim_get(user=request.user, pk=pk)
    heirs = [(h["member_id"], f"{h['name']}") for h in claim.estimate.get("heirs", [])]
    family = list(selectors.family_of(person=claim.person))
    if not heirs:
        heirs = [(m.pk, m.full_name) for m in family]
    ctx = {
        "claim": claim,
        "family": family,
        "documents": claim.documents.select_related("uploaded_by"),
        "checklist": selectors.checklist(claim),
        "scholarships": claim.scholarships.select_related("child").order_by("child_id", "school_year"),
        "history": audit_history_for(instance=claim),
        "document_form": DocumentForm(),
        "decision_form": DecisionForm(initial={"amount": claim.estimated_cash or None}),
        "payment_form": PaymentForm(
            heirs=heirs,
            initial={"amount": claim.approved_amount, "paid_on": timezone.localdate()},
        ),
        "handover_form": HandoverForm(initial={"handed_over_on": timezone.localdate()}),
        "may_report": can_report_claim(request.user) and not is_sponsor_user(request.user),
        "may_upload": (can_report_claim(request.user) or can_decide_claim(request.user))
        and claim.status in (Claim.Status.REPORTED, Claim.Status.SUBMITTED),
        "may_decide": can_decide_claim(request.user),
        "may_hand_over": can_hand_over_claim(request.user),
        "village": village_names([claim.region_code]).get(claim.region_code, ""),
    }
    return render(request, "claims/claim_detail.html", ctx)


def _step(request, pk: int, action) -> HttpResponse:
    claim = selectors.claim_get(user=request.user, pk=pk)
    try:
        message = action(claim)
    except ApplicationError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, message)
    return redirect("claims:claim_detail", pk=claim.pk)


@login_required
@require_POST
def document_upload(request, pk: int):
    form = DocumentForm(request.POST, request.FILES)

    def act(claim):
        if not form.is_valid():
            raise ApplicationError(_("Pilih jenis dokumen dan berkasnya."))
        services.claim_document_add(
            actor=request.user,
            claim=claim,
            kind=form.cleaned_data["kind"],
            file=form.cleaned_data["file"],
            note=form.cleaned_data["note"],
        )
        return _("Dokumen %(kind)s diunggah.") % {"kind": DocumentKind(form.cleaned_data["kind"]).label}

    return _step(request, pk, act)


@login_required
def document_file(request, pk: int):
    doc = ClaimDocument.objects.filter(pk=pk).first()
    if doc is None:
        raise Http404("Dokumen tidak ditemukan.")
    selectors.claim_get(user=request.user, pk=doc.claim_id)  # 404 outside the area
    return FileResponse(doc.file.open("rb"), filename=doc.original_name or doc.file.name.rsplit("/", 1)[-1])


@login_required
@require_POST
def claim_submit(request, pk: int):
    return _step(
        request,
        pk,
        lambda c: (
            services.claim_submit(actor=request.user, claim=c) and _("Klaim diajukan ke kantor cabang BPJS.")
        ),
    )


@login_required
@require_POST
def claim_decide(request, pk: int):
    form = DecisionForm(request.POST)

    def act(claim):
        if not form.is_valid():
            raise ApplicationError(_("Pilih keputusan."))
        approve = form.cleaned_data["decision"] == "approve"
        c = services.claim_decide(
            actor=request.user,
            claim=claim,
            approve=approve,
            amount=form.cleaned_data["amount"],
            note=form.cleaned_data["note"],
        )
        if approve:
            return _("Klaim disetujui: %(amount)s.") % {"amount": rupiah(c.approved_amount)}
        return _("Klaim ditolak; alasan dikirim ke pelapor.")

    return _step(request, pk, act)


@login_required
@require_POST
def claim_pay(request, pk: int):
    def act(claim):
        family = {m.pk: m for m in selectors.family_of(person=claim.person)}
        form = PaymentForm(request.POST, heirs=[(k, m.full_name) for k, m in family.items()])
        if not form.is_valid():
            raise ApplicationError(
                " ".join(str(e) for errors in form.errors.values() for e in errors) or _("Periksa isian.")
            )
        d = form.cleaned_data
        c = services.claim_pay(
            actor=request.user,
            claim=claim,
            amount=d["amount"],
            paid_on=d["paid_on"],
            reference=d["reference"],
            paid_to=family.get(d["paid_to"]) if d["paid_to"] else None,
            paid_to_name=d["paid_to_name"],
        )
        return _("Pembayaran %(amount)s kepada %(name)s dicatat.") % {
            "amount": rupiah(c.paid_amount),
            "name": c.paid_to_name,
        }

    return _step(request, pk, act)


@login_required
@require_POST
def claim_hand_over(request, pk: int):
    form = HandoverForm(request.POST)

    def act(claim):
        if not form.is_valid():
            raise ApplicationError(_("Isi tanggal, tempat dan yang menyerahkan."))
        d = form.cleaned_data
        services.claim_hand_over(
            actor=request.user,
            claim=claim,
            handed_over_on=d["handed_over_on"],
            place=d["handover_place"],
            by=d["handover_by"],
        )
        return _("Penyerahan santunan dicatat; berita acara dapat dicetak.")

    return _step(request, pk, act)


@login_required
def cover_letter_pdf(request, pk: int):
    claim = selectors.claim_get(user=request.user, pk=pk)
    if claim.status == Claim.Status.REPORTED:
        raise Http404("Klaim belum diajukan.")

    return _file(
        cover_letter(claim),
        filename=f"surat-pengantar-{claim.number}.pdf",
        content_type="application/pdf",
        inline=True,
    )


@login_required
def handover_pdf(request, pk: int):
    claim = selectors.claim_get(user=request.user, pk=pk)
    if claim.status != Claim.Status.HANDED_OVER:
        raise Http404("Santunan belum diserahkan.")

    return _file(
        handover_record(claim),
        filename=f"berita-acara-{claim.number}.pdf",
        content_type="application/pdf",
        inline=True,
    )


@login_required
def protection_check(request, person_id: int):
    """Was this person protected on a date, and what would the family be owed? Nothing is saved."""
    if is_sponsor_user(request.user):
        raise Http404("Tidak ditemukan.")
    person = person_get(user=request.user, pk=person_id)
    benefit = request.GET.get("manfaat", "JKM")
    ctx = {"person": person}
    try:
        day = dt.date.fromisoformat(request.GET.get("tanggal", ""))
    except ValueError:
        ctx["error"] = _("Isi tanggal peristiwa.")
    else:
        if benefit not in Claim.Benefit.values:
            benefit = Claim.Benefit.JKM
        if day > timezone.localdate():
            ctx["error"] = _("Tanggal peristiwa ada di masa depan.")
        else:
            try:
                _elig, membership, estimate = services.claim_assess(
                    person=person,
                    benefit=benefit,
                    event_date=day,
                    months_off=_int(request.GET.get("bulan")) or 0,
                    claim_date=timezone.localdate(),
                )
            except ApplicationError as exc:
                ctx["error"] = exc.message
            else:
                ctx.update(
                    estimate=estimate, membership=membership, day=day, benefit=Claim.Benefit(benefit).label
                )
    return render(request, "claims/_protection_check.html", ctx)


# --- family (forms shown in the person page panel) ----------------------------------------------------------


def _person_for_family(request, person_id: int):
    if is_sponsor_user(request.user):
        raise Http404("Tidak ditemukan.")
    person = person_get(user=request.user, pk=person_id)
    if not can_edit_family(request.user):
        raise PermissionDenied
    return person


@login_required
@require_POST
def family_add(request, person_id: int):
    person = _person_for_family(request, person_id)
    form = FamilyForm(request.POST)
    if not form.is_valid():
        for field, errors in form.errors.items():
            label = form.fields[field].label if field in form.fields else ""
            for e in errors:
                messages.error(request, f"{label}: {e}" if label else e)
    else:
        try:
            m = services.family_member_add(actor=request.user, person=person, **form.cleaned_data)
        except ApplicationError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _("%(name)s dicatat sebagai anggota keluarga.") % {"name": m.full_name})
    return redirect("registry:person_detail", pk=person.pk)


@login_required
@require_POST
def family_import(request, person_id: int):
    person = _person_for_family(request, person_id)
    form = FamilyImportForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, _("Pilih berkas daftar keluarga."))
    else:
        f = form.cleaned_data["file"]
        try:
            n = services.family_import(actor=request.user, person=person, data=f.read(), filename=f.name)
        except ApplicationError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _("%(n)s anggota keluarga diimpor.") % {"n": n})
    return redirect("registry:person_detail", pk=person.pk)


@login_required
def family_edit(request, pk: int):
    member = selectors.family_member_get(user=request.user, pk=pk)
    if not can_edit_family(request.user):
        raise PermissionDenied
    # The NIK is never put back in the form (it stays masked): an empty field keeps it.
    initial = {k: getattr(member, k) for k in services.FAMILY_FIELDS if k not in ("phone", "nik")}
    form = FamilyForm(request.POST or None, initial=initial)
    form.fields["nik"].label = _("NIK baru (kosongkan bila tidak diubah)")
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k != "nik" or v}
        try:
            services.family_member_update(actor=request.user, member=member, **data)
        except ApplicationError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("Data keluarga disimpan."))
            return redirect("registry:person_detail", pk=member.person_id)
    return render(request, "claims/family_form.html", {"form": form, "member": member})


@login_required
@require_POST
def family_remove(request, pk: int):
    member = selectors.family_member_get(user=request.user, pk=pk)
    try:
        services.family_member_remove(actor=request.user, member=member)
    except ApplicationError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("%(name)s dihapus dari data keluarga.") % {"name": member.full_name})
    return redirect("registry:person_detail", pk=member.person_id)


# --- scholarships ---------------------------------------------------------------------------------------------


@login_required
def scholarships(request):
    if not can_view_people(
        request.user
    ):  # children's names and schools: the offices that pay and follow them
        raise Http404("Tidak ditemukan.")
    today = timezone.localdate()
    regency = request.GET.get("kabupaten", "")
    ctx = {
        "due": selectors.scholarships_due(user=request.user, as_of=today, days=90)[:500],
        "forecast": selectors.scholarship_forecast(user=request.user, regency=regency),
        "regency": regency,
        "today": today,
        "may_record": can_hand_over_claim(request.user),
    }
    return render(request, "claims/scholarships.html", ctx)


@login_required
@require_POST
def scholarship_pay(request, pk: int):
    s = selectors.scholarship_scope(request.user).filter(pk=pk).first()
    if s is None:
        raise Http404("Beasiswa tidak ditemukan.")
    try:
        paid_on = dt.date.fromisoformat(request.POST.get("paid_on", ""))
        services.scholarship_pay(
            actor=request.user,
            scholarship=s,
            proof=request.POST.get("proof", ""),
            paid_on=paid_on,
            reference=request.POST.get("reference", ""),
        )
    except ValueError:
        messages.error(request, _("Tanggal bayar tidak valid."))
    except ApplicationError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Beasiswa %(name)s dicatat.") % {"name": s.child.full_name})
    return redirect(request.POST.get("next") or "claims:scholarships")


@login_required
@require_POST
def scholarship_stop(request, pk: int):
    member = selectors.family_member_get(user=request.user, pk=pk)
    try:
        n = services.scholarship_stop(actor=request.user, child=member, reason=request.POST.get("reason", ""))
    except ApplicationError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("%(n)s tahun beasiswa dihentikan.") % {"n": n})
    return redirect(request.POST.get("next") or "claims:scholarships")


# --- reports --------------------------------------------------------------------------------------------------


def _report(request):
    if not can_view_claim_reports(request.user):
        raise Http404("Tidak ditemukan.")
    return reports.claims_report(
        user=request.user, regency=request.GET.get("kabupaten", ""), year=_int(request.GET.get("tahun"))
    )


@login_required
def report(request):
    r = _report(request)
    return render(
        request,
        "claims/report.html",
        {
            "r": r,
            "sections": reports.sections(r),
            "query": request.GET.urlencode(),
            "years": range(timezone.localdate().year, 2019, -1),
        },
    )


@login_required
def report_xlsx(request):
    return _file(reports.report_xlsx(_report(request)), filename="laporan-klaim.xlsx", content_type=XLSX)


@login_required
def report_pdf(request):
    return _file(
        reports.report_pdf(_report(request)),
        filename="laporan-klaim.pdf",
        content_type="application/pdf",
        inline=True,
    )


# --- rules ----------------------------------------------------------------------------------------------------


@login_required
def rules(request):
    may_add = can_edit_benefit_rules(request.user)
    if request.method == "POST":
        if not may_add:
            raise PermissionDenied
        try:
            services.benefit_rule_add(
                actor=request.user,
                key=request.POST.get("key", ""),
                effective_from=dt.date.fromisoformat(request.POST.get("effective_from", "")),
                value=int(request.POST.get("value", "")),
                source=request.POST.get("source", ""),
                verified=request.POST.get("verified") == "on",
            )
        except ValueError:
            messages.error(request, _("Isi tanggal berlaku dan nilai dengan benar."))
        except ApplicationError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _("Versi aturan baru ditambahkan."))
        return redirect("claims:rules")
    return render(
        request,
        "claims/rules.html",
        {
            "rules": BenefitRule.objects.all(),
            "labels": dict(RuleKey.choices),
            "keys": RuleKey.choices,
            "scholarship": ScholarshipRate.objects.all(),
            "may_add": may_add,
        },
    )
