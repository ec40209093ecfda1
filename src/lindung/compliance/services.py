"""Writes of the compliance app: cases on the sanction path (PP 86/2013, Permenaker 4/2018), their letters
and signed copies, recovered amounts, the permit-office check (logged), and the dated rule data."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import transaction
from django.db.models import OuterRef, Subquery
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from lindung.accounts.models import Organisation
from lindung.accounts.permissions import (
    can_advance_case,
    can_check_compliance,
    can_open_case,
    can_record_recovery,
    can_set_compliance_rules,
    can_upload_signed_letter,
)
from lindung.audit.models import AuditLog
from lindung.audit.services import audit_created, audit_record
from lindung.compliance.identifiers import nib_clean
from lindung.compliance.models import (
    NON_COMPLIANT,
    Case,
    CaseStep,
    Category,
    ComplianceCheck,
    Employer,
    LetterSequence,
    MinimumWage,
    SanctionRule,
)
from lindung.compliance.selectors import evidence_text
from lindung.core.errors import ApplicationError
from lindung.core.formatting import number, rupiah
from lindung.core.limits import MAX_MONTHLY_INCOME, check_amount, check_lengths
from lindung.core.workdays import add_working_days, day_off_reason, next_working_day
from lindung.regions.models import Region

Stage = Case.Stage
# The sanction path in order; a case moves one step at a time (or to resolved).
PATH = [
    Stage.FINDING,
    Stage.WARNING_1,
    Stage.WARNING_2,
    Stage.FINE,
    Stage.SERVICE_DENIAL,
    Stage.PROSECUTOR,
]
LETTER_PREFIX = {
    Stage.WARNING_1: "SP1",
    Stage.WARNING_2: "SP2",
    Stage.FINE: "DENDA",
    Stage.SERVICE_DENIAL: "REK",
    Stage.PROSECUTOR: "SKK",
    Stage.RESOLVED: "CABUT",
}
MAX_UPLOAD = 10 * 1024 * 1024


def _user(actor):
    return actor if getattr(actor, "is_authenticated", False) else None


def _forbid(message: str):
    raise ApplicationError(message, code="forbidden")


def sanction_rule_on(day: dt.date) -> SanctionRule:
    rule = SanctionRule.objects.filter(effective_from__lte=day).order_by("-effective_from").first()
    if rule is None:
        raise ApplicationError(
            _("Aturan sanksi untuk tanggal %(day)s belum ada.") % {"day": f"{day:%d-%m-%Y}"},
            code="rule_missing",
        )
    return rule


def _next_number(prefix: str, year: int, regency_code: str) -> str:
    seq, _created = LetterSequence.objects.select_for_update().get_or_create(prefix=prefix, year=year)
    seq.last += 1
    seq.save(update_fields=["last"])
    return f"{prefix}/{seq.last:05d}/{regency_code or '00.00'}/{year}"


def _working_date(day: dt.date, what: str) -> None:
    reason = day_off_reason(day)
    if reason:
        raise ApplicationError(
            _("%(what)s %(day)s bukan hari kerja (%(reason)s); pilih hari kerja, misalnya %(next)s.")
            % {
                "what": what,
                "day": f"{day:%d-%m-%Y}",
                "reason": reason,
                "next": f"{next_working_day(day):%d-%m-%Y}",
            },
            code="not_working_day",
        )


# --- cases --------------------------------------------------------------------------------------------


def case_open(*, actor, employer: Employer, finding: str = "", date: dt.date | None = None) -> Case:
    """A finding on a non-compliant employer opens a case (one open case per employer)."""
    if actor is not None and not can_open_case(actor, employer):
        _forbid(_("Peran Anda tidak dapat mencatat temuan kepatuhan."))
    if employer.category not in NON_COMPLIANT:
        raise ApplicationError(
            _("%(name)s tidak dalam kategori tidak patuh (%(category)s); tidak ada temuan untuk dicatat.")
            % {"name": employer.name, "category": employer.get_category_display()},
            code="not_non_compliant",
        )
    date = date or timezone.localdate()
    if date > timezone.localdate():
        raise ApplicationError(_("Tanggal temuan tidak boleh di masa depan."), code="date_invalid")
    with transaction.atomic():
        Employer.objects.select_for_update().filter(pk=employer.pk).first()
        if Case.objects.filter(employer=employer).exclude(stage=Stage.RESOLVED).exists():
            raise ApplicationError(
                _("%(name)s sudah punya kasus yang masih berjalan.") % {"name": employer.name},
                code="case_open",
            )

        case = Case.objects.create(
            number=_next_number("KPT", date.year, employer.regency_code),
            employer=employer,
            region_code=employer.region_code,
            regency_code=employer.regency_code,
            category=employer.category,
            finding=finding.strip() or evidence_text(employer),
            stage=Stage.FINDING,
            stage_date=date,
            opened_by=_user(actor),
        )
        CaseStep.objects.create(
            case=case, stage=Stage.FINDING, date=date, note=case.finding, actor=_user(actor)
        )
        audit_created(
            actor=actor, instance=case, fields=["number", "employer_id", "category", "stage", "stage_date"]
        )
    return case


def _kejari_for(case: Case, kejari: Organisation | None) -> Organisation:
    if kejari is None:
        kejari = (
            Organisation.objects.filter(
                kind=Organisation.Kind.KEJARI, is_active=True, areas__region_id=case.regency_code
            )
            .order_by("pk")
            .first()
        )
    if kejari is None or kejari.kind != Organisation.Kind.KEJARI:
        raise ApplicationError(
            _("Tidak ada Kejaksaan Negeri yang mencakup wilayah %(code)s.") % {"code": case.regency_code},
            code="kejari_missing",
        )
    if not kejari.areas.filter(region_id__in=[case.regency_code, case.regency_code[:2]]).exists():
        raise ApplicationError(
            _("Kejaksaan Negeri itu tidak mencakup wilayah kasus ini."), code="kejari_area"
        )
    return kejari


def case_advance(
    *,
    actor,
    case: Case,
    stage: str,
    date: dt.date | None = None,
    note: str = "",
    contributions_owed: int | None = None,
    months_owed: int | None = None,
    skk_number: str = "",
    skk_date: dt.date | None = None,
    kejari: Organisation | None = None,
    recovered_amount: int | None = None,
) -> CaseStep:
    """Moves a case one step along the sanction path (or to resolved), with its numbered letter and deadline.

    A warning gives the employer ``warning_working_days`` (10) working days, counted over weekends, public
    holidays and cuti bersama; the next step may only be taken after that deadline. The fine is
    ``fine_permille_per_month`` (0,1%) of the contributions owed per month owed."""
    today = timezone.localdate()
    date = date or today
    if stage not in Stage.values:
        raise ApplicationError(_("Tahap kasus tidak dikenal."), code="stage_invalid")
    if actor is not None and not can_advance_case(actor, case, stage):
        _forbid(_("Peran Anda tidak dapat mengambil langkah ini pada kasus kepatuhan."))
    if date > today:
        raise ApplicationError(_("Tanggal langkah tidak boleh di masa depan."), code="date_invalid")
    if date < case.stage_date:
        raise ApplicationError(
            _("Tanggal langkah tidak boleh sebelum langkah sebelumnya (%(day)s).")
            % {"day": f"{case.stage_date:%d-%m-%Y}"},
            code="date_invalid",
        )
    with transaction.atomic():
        case = Case.objects.select_for_update().select_related("employer").get(pk=case.pk)
        current = case.stage
        if current == Stage.RESOLVED:
            raise ApplicationError(_("Kasus ini sudah selesai."), code="case_closed")
        if stage == Stage.RESOLVED:
            pass
        else:
            expected = PATH[PATH.index(current) + 1] if current in PATH[:-1] else None
            if stage != expected:
                raise ApplicationError(
                    _(
                        "Langkah tidak berurutan: kasus %(number)s berada pada tahap %(current)s; langkah berikutnya "
                        "adalah %(expected)s, bukan %(stage)s."
                    )
                    % {
                        "number": case.number,
                        "current": Stage(current).label,
                        "expected": Stage(expected).label if expected else _("selesai"),
                        "stage": Stage(stage).label,
                    },
                    code="out_of_order",
                )
            if case.deadline and date <= case.deadline:
                raise ApplicationError(
                    _(
                        "%(stage)s baru dapat diambil setelah tenggat %(current)s lewat (%(deadline)s, "
                        "dihitung dalam hari kerja)."
                    )
                    % {
                        "stage": Stage(stage).label,
                        "current": Stage(current).label,
                        "deadline": f"{case.deadline:%d-%m-%Y}",
                    },
                    code="deadline_not_passed",
                )
        _working_date(date, _("Tanggal surat"))
        rule = sanction_rule_on(date)
        step = CaseStep(case=case, stage=stage, date=date, note=note.strip(), actor=_user(actor))
        changes = {"stage": [current, stage], "stage_date": [case.stage_date, date]}
        deadline = None
        if stage in (Stage.WARNING_1, Stage.WARNING_2):
            deadline = add_working_days(date, rule.warning_working_days)
        elif stage == Stage.FINE:
            owed = contributions_owed if contributions_owed is not None else case.contributions_owed
            months = months_owed if months_owed is not None else case.months_owed
            check_amount(owed, label=_("Iuran terutang"))
            if months is not None and months > 600:
                raise ApplicationError(_("Bulan terutang paling banyak 600."), code="months_invalid")
            if not owed or owed <= 0 or not months or months <= 0:
                raise ApplicationError(
                    _("Isi iuran terutang (Rupiah) dan jumlah bulan terutang untuk menghitung denda."),
                    code="owed_required",
                )
            fine = owed * rule.fine_permille_per_month * months // 1000
            deadline = next_working_day(date + dt.timedelta(days=rule.fine_payment_days))
            changes.update(
                contributions_owed=[case.contributions_owed, owed],
                months_owed=[case.months_owed, months],
                fine_amount=[case.fine_amount, fine],
            )
            case.contributions_owed, case.months_owed, case.fine_amount = owed, months, fine
            step.amount = fine
        elif stage == Stage.PROSECUTOR:
            if not skk_number.strip() or skk_date is None:
                raise ApplicationError(_("Isi nomor dan tanggal SKK."), code="skk_required")
            if skk_date > today:
                raise ApplicationError(_("Tanggal SKK tidak boleh di masa depan."), code="date_invalid")
            org = _kejari_for(case, kejari)
            changes.update(
                kejari_id=[case.kejari_id, org.pk], skk_number=[case.skk_number, skk_number.strip()]
            )
            case.kejari, case.skk_number, case.skk_date = org, skk_number.strip()[:80], skk_date
        elif stage == Stage.RESOLVED:
            if not note.strip():
                raise ApplicationError(
                    _("Tulis penyelesaiannya (mis. sudah mendaftar dan membayar iuran)."),
                    code="resolution_required",
                )
            if recovered_amount is not None:
                check_amount(recovered_amount, label=_("Jumlah dipulihkan"))
                if recovered_amount < 0:
                    raise ApplicationError(_("Jumlah dipulihkan tidak boleh negatif."), code="amount_invalid")
                case.recovered_amount = recovered_amount
                step.amount = recovered_amount
            case.resolution, case.resolved_on = note.strip()[:300], date
        step.deadline = deadline
        step.letter_number = (
            _next_number(LETTER_PREFIX[stage], date.year, case.regency_code) if stage in LETTER_PREFIX else ""
        )
        step.save()
        changes["deadline"] = [case.deadline, deadline]
        case.stage, case.stage_date, case.deadline = stage, date, deadline
        case.save()
        audit_record(
            actor=actor,
            action=AuditLog.Action.STATUS,
            instance=case,
            changes=changes,
            extra={"letter": step.letter_number, "step": step.pk},
        )
    return step


def case_signed_copy_upload(*, actor, step: CaseStep, upload) -> CaseStep:
    case = step.case
    if actor is not None and not can_upload_signed_letter(actor, case):
        _forbid(_("Peran Anda tidak dapat mengunggah salinan surat."))
    if upload is None or upload.size == 0:
        raise ApplicationError(_("Pilih berkas salinan surat bertanda tangan."), code="file_required")
    if upload.size > MAX_UPLOAD:
        raise ApplicationError(_("Berkas terlalu besar (paling besar 10 MB)."), code="too_large")
    head = upload.read(8)
    upload.seek(0)
    if not (head.startswith(b"%PDF") or head.startswith(b"\xff\xd8") or head.startswith(b"\x89PNG")):
        raise ApplicationError(_("Unggah salinan surat sebagai PDF, JPG atau PNG."), code="format")
    with transaction.atomic():
        before = step.signed_copy.name if step.signed_copy else ""
        step.signed_copy.save(
            f"{step.letter_number.replace('/', '-') or step.pk}-{upload.name[-40:]}", upload, save=False
        )
        step.signed_uploaded_at = timezone.now()
        step.save(update_fields=["signed_copy", "signed_uploaded_at"])
        audit_record(
            actor=actor,
            action=AuditLog.Action.UPDATE,
            instance=case,
            changes={"signed_copy": [before, step.signed_copy.name]},
            extra={"step": step.pk, "letter": step.letter_number},
        )
    return step


def case_recovery_record(*, actor, case: Case, amount: int) -> Case:
    """The amount recovered so far on a case in the prosecutor's hands (cumulative, in whole Rupiah)."""
    if actor is not None and not can_record_recovery(actor, case):
        _forbid(_("Peran Anda tidak dapat mencatat pemulihan pada kasus ini."))
    if amount is None or amount < 0:
        raise ApplicationError(_("Jumlah dipulihkan harus angka Rupiah 0 atau lebih."), code="amount_invalid")
    check_amount(amount, label=_("Jumlah dipulihkan"))
    with transaction.atomic():
        case = Case.objects.select_for_update().get(pk=case.pk)
        before = case.recovered_amount
        case.recovered_amount = amount
        case.save(update_fields=["recovered_amount", "updated_at"])
        audit_record(
            actor=actor,
            action=AuditLog.Action.UPDATE,
            instance=case,
            changes={"recovered_amount": [before, amount]},
        )
    return case


# --- the permit-office check ---------------------------------------------------------------------------


def _since(day: dt.date | None) -> str:
    return f"{day:%d-%m-%Y}" if day else ""


def check_answer(employer: Employer | None, nib: str, case: Case | None) -> dict:
    """The answer the check gives, with the reason in one Indonesian sentence (official text: stays
    Indonesian whatever the page language, as do the stage names in it)."""
    with translation.override(settings.LANGUAGE_CODE):
        return _check_answer(employer, nib, case)


def _check_answer(employer: Employer | None, nib: str, case: Case | None) -> dict:
    if employer is None:
        return {
            "nib": nib,
            "name": None,
            "registered": False,
            "compliant": False,
            "category": None,
            "since": None,
            "open_case": None,
            "sanction": None,
            "reason": f"NIB {nib} tidak ada dalam register kepatuhan Lindung; minta pemohon menunjukkan "
            "sertifikat kepesertaan aktif BPJS Ketenagakerjaan sebelum izin diproses.",
        }
    registered = bool(employer.npp) or bool(employer.bpjs_workers)
    sanction = None
    if case and case.sanction_active:
        sanction = str(Stage(case.stage).label)
    compliant = employer.category == Category.COMPLIANT and sanction is None
    cat = Category(employer.category)
    since = _since(employer.category_since)
    if compliant:
        reason = (
            f"{employer.name} terdaftar di BPJS Ketenagakerjaan dengan {number(employer.bpjs_workers or 0)} pekerja "
            f"dan tidak ada temuan kepatuhan sejak {since}."
        )
    elif employer.category == Category.NOT_OBLIGED and not sanction:
        reason = (
            f"{employer.name} belum tercatat wajib mendaftarkan pekerja (tidak ada laporan pekerja) dan belum "
            "terdaftar di BPJS Ketenagakerjaan; minta laporan WLKP atau bukti kepesertaan sebelum izin diproses."
        )
    else:
        what = {
            Category.PWBD: "belum mendaftarkan pekerjanya ke BPJS Ketenagakerjaan",
            Category.PDS_TK: "baru mendaftarkan sebagian pekerjanya",
            Category.PDS_UPAH: "melaporkan upah di bawah upah minimum atau upah yang dilaporkan ke Disnaker",
            Category.PDS_PROGRAM: "belum mengikuti semua program wajib sesuai skala usahanya",
        }.get(employer.category, "belum patuh")
        reason = f"{employer.name} {what} ({cat.value.replace('_', ' ')}) sejak {since}"
        if sanction:
            reason += f"; sanksi {sanction.lower()} berlaku, izin jangan diterbitkan sebelum sanksi dicabut"
        elif case:
            reason += f"; kasus {case.number} pada tahap {Stage(case.stage).label.lower()}"
        reason += "."
    return {
        "nib": nib,
        "name": employer.name,
        "registered": registered,
        "compliant": compliant,
        "category": employer.category,
        "since": employer.category_since.isoformat() if employer.category_since else None,
        "open_case": case.number if case else None,
        "sanction": sanction,
        "reason": reason,
    }


def compliance_check(*, actor, nib: str, channel: str = "api") -> dict:
    """Is the business with this NIB compliant? Answers at once and logs who asked, when and the answer.
    A malformed NIB raises ApplicationError (code ``nib_invalid``; the API answers 422)."""
    if actor is not None and not can_check_compliance(actor):
        _forbid(_("Peran Anda tidak dapat memeriksa kepatuhan."))
    nib = nib_clean(nib)
    # One query: the employer and its open case (number and stage), if any.
    open_case = Case.objects.filter(employer=OuterRef("pk")).exclude(stage=Stage.RESOLVED)
    employer = (
        Employer.objects.filter(nib=nib)
        .annotate(
            open_case_number=Subquery(open_case.values("number")[:1]),
            open_case_stage=Subquery(open_case.values("stage")[:1]),
        )
        .first()
    )
    case = None
    if employer is not None and employer.open_case_number:
        case = Case(number=employer.open_case_number, stage=employer.open_case_stage, employer=employer)
    answer = check_answer(employer, nib, case)
    now = timezone.now()
    answer["checked_at"] = now.isoformat()
    ComplianceCheck.objects.create(
        nib=nib,
        employer=employer,
        checked_by=_user(actor),
        checker_name=(f"{actor.get_username()} ({actor.organisation})" if _user(actor) else "sistem")[:200],
        channel=channel[:10],
        compliant=answer["compliant"],
        answer=answer,
        checked_at=now,
    )
    return answer


def compliance_check_many(*, actor, nibs: list[str], channel: str = "web") -> list[dict]:
    """A list of NIBs (an uploaded list): one answer per line; a malformed NIB gets its message, not a stop."""
    out = []
    for raw in nibs[:500]:
        try:
            out.append(compliance_check(actor=actor, nib=raw, channel=channel))
        except ApplicationError as exc:
            if exc.code != "nib_invalid":
                raise
            out.append({"nib": raw, "error": exc.message})
    return out


# --- dated rule data ----------------------------------------------------------------------------------


def minimum_wage_set(
    *, actor, region_code: str, year: int, amount: int, source: str, verified: bool = False
) -> MinimumWage:
    """UMK for a regency (or UMP for a province) and year; a later entry for the same year replaces it."""
    if actor is not None and not can_set_compliance_rules(actor):
        _forbid(_("Hanya pengelola sistem yang mengisi upah minimum."))

    if not Region.objects.filter(code=region_code, level__in=(1, 2)).exists():
        raise ApplicationError(
            _("Kode %(code)s bukan kode provinsi atau kabupaten/kota.") % {"code": region_code},
            code="region_invalid",
        )
    if not 2000 <= year <= 2100:
        raise ApplicationError(_("Tahun tidak valid."), code="year_invalid")
    if amount is None or amount <= 0:
        raise ApplicationError(_("Upah minimum harus lebih dari Rp0."), code="amount_invalid")
    check_amount(amount, label=_("Upah minimum"), maximum=MAX_MONTHLY_INCOME)
    check_lengths(MinimumWage, {"source": source.strip()})
    if not source.strip():
        raise ApplicationError(_("Isi dasar hukumnya (mis. Keputusan Gubernur)."), code="source_required")
    with transaction.atomic():
        row, created = MinimumWage.objects.update_or_create(
            region_code=region_code,
            year=year,
            defaults={"amount": amount, "source": source.strip()[:300], "verified": verified},
        )
        audit_record(
            actor=actor,
            action=AuditLog.Action.CREATE if created else AuditLog.Action.UPDATE,
            instance=row,
            region_code=region_code,
            extra={"amount": amount, "source": row.source, "year": year, "display": rupiah(amount)},
        )
    return row
