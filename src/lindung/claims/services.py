"""Writes for claims: a person's family, the claim workflow (report, documents, submit, decide, pay, hand over),
the scholarship schedule (renewals, stops, reminders) and new benefit rule versions. Each in one transaction,
audited, refusing bad input with an Indonesian message."""

from __future__ import annotations

import datetime as dt
import re

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from lindung.accounts.permissions import (
    can_decide_claim,
    can_edit_benefit_rules,
    can_edit_family,
    can_hand_over_claim,
    can_report_claim,
    is_sponsor_user,
)
from lindung.audit.models import AuditLog
from lindung.audit.services import audit_bulk, audit_created, audit_record, model_update
from lindung.billing.models import NumberSequence
from lindung.claims.benefits import FamilyIn, QuoteIn, benefit_quote, rules_on, scholarship_schedule
from lindung.claims.documents import (
    EVENT_BENEFITS,
    MAX_UPLOAD,
    UPLOAD_TYPES,
    missing_documents,
)
from lindung.claims.eligibility import Event, eligibility_bulk
from lindung.claims.models import (
    BenefitRule,
    Claim,
    ClaimDocument,
    DocumentKind,
    FamilyMember,
    Relation,
    RuleKey,
    Scholarship,
    SchoolLevel,
)
from lindung.claims.selectors import membership_wage, scholarships_due
from lindung.claims.tabular import FileRejected, read_family_file
from lindung.core.errors import ApplicationError
from lindung.core.scoping import ensure_in_area
from lindung.memberships.models import NOT_ENDED, Membership
from lindung.memberships.services import membership_end
from lindung.registry.models import Person
from lindung.registry.nik import nik_check


def _require(ok: bool, message: str, code: str = "forbidden") -> None:
    if not ok:
        raise ApplicationError(message, code=code)


# --- family ---------------------------------------------------------------------------------------------------

FAMILY_FIELDS = (
    "relation",
    "full_name",
    "nik",
    "birth_date",
    "married",
    "working",
    "school_level",
    "school_year",
    "phone",
)


def _family_clean(data: dict, *, person: Person, label: str = "") -> dict:
    """Checks one family member's data; returns the cleaned values. ``label`` prefixes messages (a file row)."""
    out = {k: data.get(k) for k in FAMILY_FIELDS}
    prefix = f"{label}: " if label else ""
    if out["relation"] not in Relation.values:
        raise ApplicationError(prefix + _("Pilih hubungan keluarga."), code="relation_invalid")
    out["full_name"] = re.sub(r"\s+", " ", str(out["full_name"] or "")).strip()
    if not out["full_name"]:
        raise ApplicationError(prefix + _("Nama anggota keluarga wajib diisi."), code="name_required")
    nik = re.sub(r"[\s.\-']", "", str(out["nik"] or ""))
    birth = out["birth_date"]
    if birth and birth > timezone.localdate():
        raise ApplicationError(prefix + _("Tanggal lahir ada di masa depan."), code="birth_date_invalid")
    if nik:
        if nik == person.nik:
            raise ApplicationError(
                prefix + _("NIK anggota keluarga sama dengan NIK peserta."), code="nik_invalid"
            )
        check = nik_check(nik, birth_date=birth)
        if not check.valid:
            raise ApplicationError(
                prefix
                + _("NIK tidak valid: %(errors)s") % {"errors": " ".join(e["message"] for e in check.errors)},
                code="nik_invalid",
            )
    out["nik"] = nik
    out["married"] = bool(out["married"])
    out["working"] = bool(out["working"])
    level = out["school_level"] or ""
    if level and level not in SchoolLevel.values:
        raise ApplicationError(
            prefix + _("Jenjang sekolah tidak dikenal; pilih TK, SD, SMP, SMA atau PT."), code="level_invalid"
        )
    if level and out["relation"] != Relation.CHILD:
        raise ApplicationError(prefix + _("Jenjang sekolah hanya diisi untuk anak."), code="level_invalid")
    out["school_level"] = level
    year = out["school_year"]
    if level:
        year = year or 1
        if not 1 <= int(year) <= 7:
            raise ApplicationError(
                prefix + _("Kelas/tahun ke- harus antara 1 dan 7."), code="school_year_invalid"
            )
        out["school_year"] = int(year)
    else:
        out["school_year"] = None
    out["phone"] = str(out["phone"] or "")[:20]
    return out


@transaction.atomic
def family_member_add(*, actor, person: Person, **data) -> FamilyMember:
    _require(can_edit_family(actor), _("Peran Anda tidak dapat mengubah data keluarga."))
    ensure_in_area(actor, person.region_code)
    clean = _family_clean(data, person=person)
    if clean["nik"] and FamilyMember.objects.filter(person=person, nik=clean["nik"]).exists():
        raise ApplicationError(
            _("NIK ini sudah tercatat sebagai anggota keluarga orang ini."), code="duplicate"
        )
    member = FamilyMember.objects.create(
        person=person, region_code=person.region_code, regency_code=person.regency_code, **clean
    )
    audit_created(actor=actor, instance=member, fields=["person_id", *FAMILY_FIELDS])
    return member


def family_member_update(*, actor, member: FamilyMember, **data) -> list[str]:
    _require(can_edit_family(actor), _("Peran Anda tidak dapat mengubah data keluarga."))
    ensure_in_area(actor, member.region_code)
    current = {k: getattr(member, k) for k in FAMILY_FIELDS}
    clean = _family_clean({**current, **data}, person=member.person)
    if (
        clean["nik"]
        and FamilyMember.objects.filter(person=member.person, nik=clean["nik"]).exclude(pk=member.pk).exists()
    ):
        raise ApplicationError(
            _("NIK ini sudah tercatat sebagai anggota keluarga orang ini."), code="duplicate"
        )
    with transaction.atomic():
        changed = model_update(instance=member, data=clean, actor=actor)
        # Scholarships stop by the rules when a child marries or starts working.
        if ("married" in changed and member.married) or ("working" in changed and member.working):
            _stop(actor, member, _("sudah menikah") if member.married else _("sudah bekerja"))
    return changed


@transaction.atomic
def family_member_remove(*, actor, member: FamilyMember) -> None:
    _require(can_edit_family(actor), _("Peran Anda tidak dapat mengubah data keluarga."))
    ensure_in_area(actor, member.region_code)
    if member.scholarships.exists():
        raise ApplicationError(
            _("Anggota keluarga ini punya jadwal beasiswa; hentikan beasiswanya, jangan hapus datanya."),
            code="in_use",
        )

    if Claim.objects.filter(paid_to=member).exists():
        raise ApplicationError(
            _("Anggota keluarga ini tercatat sebagai penerima pembayaran klaim."), code="in_use"
        )
    audit_record(actor=actor, action=AuditLog.Action.DELETE, instance=member, object_repr=member.full_name)
    member.delete()


RELATION_WORDS = {
    Relation.SPOUSE: ("suami", "istri", "isteri", "suamiistri", "pasangan", "janda", "duda", "spouse"),
    Relation.CHILD: ("anak", "anakkandung", "anakangkat", "child"),
    Relation.PARENT: ("ayah", "ibu", "orangtua", "bapak", "ayahkandung", "ibukandung", "parent"),
    Relation.GRANDCHILD: ("cucu", "grandchild"),
    Relation.GRANDPARENT: ("kakek", "nenek", "kakeknenek", "grandparent"),
    Relation.SIBLING: ("saudara", "saudarakandung", "kakak", "adik", "sibling"),
    Relation.PARENT_IN_LAW: ("mertua", "bapakmertua", "ibumertua", "parentinlaw"),
    Relation.WILL: ("wasiat", "ahliwariswasiat", "ditunjukdalamwasiat", "will"),
}
_RELATION = {w: rel for rel, words in RELATION_WORDS.items() for w in words}
_YES = {
    "ya",
    "y",
    "sudah",
    "kawin",
    "menikah",
    "sudahmenikah",
    "sudahkawin",
    "bekerja",
    "sudahbekerja",
    "1",
    "true",
}
_NO = {
    "",
    "tidak",
    "t",
    "belum",
    "belumkawin",
    "belummenikah",
    "belumbekerja",
    "tidakbekerja",
    "0",
    "false",
    "lajang",
}


def _word(text) -> str:
    return re.sub(r"[^a-z0-9]", "", str(text or "").lower())


def family_import(*, actor, person: Person, data: bytes, filename: str) -> int:
    """Adds the family members listed in a file (XLSX/CSV as it comes) to a person: all rows or none."""

    _require(can_edit_family(actor), _("Peran Anda tidak dapat mengubah data keluarga."))
    ensure_in_area(actor, person.region_code)
    try:
        frame = read_family_file(data, filename=filename)
    except FileRejected as exc:
        raise ApplicationError(exc.message, code=exc.code) from exc
    existing = set(FamilyMember.objects.filter(person=person).exclude(nik="").values_list("nik", flat=True))
    rows: list[FamilyMember] = []
    for r in frame.iter_rows(named=True):  # at most 200 rows (a family card), checked one by one
        label = _("Baris %(row)s") % {"row": r["row_no"]}
        relation = _RELATION.get(_word(r["relation"]))
        if relation is None:
            raise ApplicationError(
                _(
                    "%(label)s: hubungan %(value)s tidak dikenal (isi istri/suami, anak, orang tua, cucu, kakek/nenek, "
                    "saudara, mertua atau wasiat)."
                )
                % {"label": label, "value": repr(r["relation"] or "")},
                code="relation_invalid",
            )
        flags = {}
        for name in ("married", "working"):
            w = _word(r[name])
            if w.startswith("belum") or w.startswith("tidak"):
                w = "belum"
            if w not in _YES and w not in _NO:
                raise ApplicationError(
                    _("%(label)s: isi kolom %(column)s dengan ya atau tidak.")
                    % {"label": label, "column": _("kawin") if name == "married" else _("bekerja")},
                    code="flag_invalid",
                )
            flags[name] = w in _YES
        if r["birth_date"] and r["birth_date_parsed"] is None:
            raise ApplicationError(
                _("%(label)s: tanggal lahir %(value)s tidak dapat dibaca; pakai dd/mm/yyyy.")
                % {"label": label, "value": repr(r["birth_date"])},
                code="date_invalid",
            )
        year = r["school_year"]
        if year and not str(year).strip().isdigit():
            year = re.sub(r"\D", "", str(year)) or None
        clean = _family_clean(
            {
                "relation": relation,
                "full_name": r["full_name"],
                "nik": r["nik"],
                "birth_date": r["birth_date_parsed"],
                "school_level": (r["school_level"] or "")
                .upper()
                .replace("S1", "PT")
                .replace("SLTA", "SMA")
                .replace("SLTP", "SMP")
                .replace("SMK", "SMA")
                .replace("PAUD", "TK"),
                "school_year": int(year) if year else None,
                "phone": r["phone"],
                **flags,
            },
            person=person,
            label=label,
        )
        if clean["nik"]:
            if clean["nik"] in existing:
                raise ApplicationError(
                    _("%(label)s: NIK sudah tercatat dalam keluarga ini.") % {"label": label},
                    code="duplicate",
                )
            existing.add(clean["nik"])
        rows.append(
            FamilyMember(
                person=person, region_code=person.region_code, regency_code=person.regency_code, **clean
            )
        )
    with transaction.atomic():
        created = FamilyMember.objects.bulk_create(rows)
        audit_bulk(
            actor=actor,
            action=AuditLog.Action.BULK_CREATE,
            model=FamilyMember,
            count=len(created),
            region_code=person.region_code,
            object_ids=[m.pk for m in created if m.pk],
            extra={"person": person.pk, "file": filename},
        )
    return len(created)


# --- claims ---------------------------------------------------------------------------------------------------


def _next_number(year: int) -> str:
    NumberSequence.objects.get_or_create(prefix="KLM", year=year)
    seq = NumberSequence.objects.select_for_update().get(prefix="KLM", year=year)
    seq.last += 1
    seq.save(update_fields=["last"])
    return f"KLM-{year}-{seq.last:05d}"


def claim_assess(
    *, person: Person, benefit: str, event_date: dt.date, months_off: int | None, claim_date: dt.date
):
    """Eligibility from Lindung's data and the benefit estimate for one event (nothing written)."""

    rules = rules_on(event_date)
    elig = eligibility_bulk([Event(0, person.pk, event_date, benefit)], rules=rules)[0]
    membership = (
        Membership.objects.select_related("programme", "person", "funder").get(pk=elig.membership_id)
        if elig.membership_id
        else None
    )
    family = list(FamilyMember.objects.filter(person=person).order_by("id"))
    q = QuoteIn(
        kind=benefit,
        segment=elig.segment or (membership.programme.segment if membership else "BPU"),
        wage=membership_wage(membership, on=event_date) if membership else int(person.monthly_income or 0),
        event_date=event_date,
        claim_date=max(claim_date, event_date),
        membership_start=elig.membership_start or event_date,
        contribution_months=elig.contribution_months,
        months_off=months_off,
        family=[
            FamilyIn(
                relation=f.relation,
                birth_date=f.birth_date,
                married=f.married,
                working=f.working,
                school_level=f.school_level,
                school_year=f.school_year,
                name=f.full_name,
            )
            for f in family
        ],
    )
    quote = benefit_quote(q, rules)
    estimate = quote.as_dict()
    estimate["reasons"] = [{"code": r.code, "message": r.message} for r in elig.reasons] + estimate["reasons"]
    estimate["eligible"] = elig.eligible and quote.eligible
    estimate["contribution_months"] = elig.contribution_months
    estimate["membership_start"] = elig.membership_start.isoformat() if elig.membership_start else None
    for h in estimate["heirs"]:
        h["member_id"] = family[h["index"]].pk
        h["name"] = family[h["index"]].full_name
        h["relation_label"] = str(Relation(h["relation"]).label)
    for s in estimate["scholarships"]:
        s["member_id"] = family[s["index"]].pk
        s["name"] = family[s["index"]].full_name
    if not elig.eligible:  # not protected that day: nothing is owed, only the reason counts
        estimate.update(
            total_cash=0,
            items=[],
            scholarships=[],
            scholarship_eligible=False,
            scholarship_children=0,
            scholarship_total=0,
            reasons=[{"code": r.code, "message": r.message} for r in elig.reasons],
        )
    return elig, membership, estimate


def claim_report(
    *,
    actor,
    person: Person,
    event_kind: str,
    benefit: str,
    event_date: dt.date,
    place: str,
    cause: str,
    at_work: bool = False,
    months_off: int | None = None,
) -> Claim:
    """A village or OPD reports a death, a work accident or an occupational disease of a person in its area.
    Lindung decides at once whether the person was protected that day and what the family is owed. A death ends
    the person's memberships with reason death."""
    from django.conf import settings
    from django.utils import translation

    _require(
        can_report_claim(actor) and not is_sponsor_user(actor), _("Peran Anda tidak dapat melaporkan klaim.")
    )
    ensure_in_area(actor, person.region_code)
    today = timezone.localdate()
    if event_kind not in Claim.EventKind.values:
        raise ApplicationError(
            _("Pilih peristiwa: meninggal dunia, kecelakaan kerja atau penyakit akibat kerja."),
            code="event_invalid",
        )
    if benefit not in EVENT_BENEFITS[event_kind]:
        raise ApplicationError(
            _("Manfaat %(benefit)s tidak sesuai dengan peristiwa %(event)s.")
            % {
                "benefit": Claim.Benefit(benefit).label if benefit in Claim.Benefit.values else repr(benefit),
                "event": Claim.EventKind(event_kind).label,
            },
            code="benefit_invalid",
        )
    if benefit == Claim.Benefit.JKK_DEATH and event_kind == Claim.EventKind.DEATH and not at_work:
        raise ApplicationError(
            _(
                "Meninggal bukan saat bekerja dibayar dari JKM; JKK hanya bila meninggal karena kecelakaan kerja."
            ),
            code="benefit_invalid",
        )
    if event_date > today:
        raise ApplicationError(_("Tanggal peristiwa ada di masa depan."), code="event_in_future")
    if event_date.year < 2000:
        raise ApplicationError(_("Tanggal peristiwa tidak mungkin."), code="date_invalid")
    place, cause = (place or "").strip(), (cause or "").strip()
    if not place or not cause:
        raise ApplicationError(_("Tempat dan penyebab peristiwa wajib diisi."), code="required")
    if benefit == Claim.Benefit.JKK_STMB and months_off is None:
        raise ApplicationError(
            _("Isi berapa bulan peserta tidak mampu bekerja (STMB)."), code="months_off_required"
        )
    if (
        Claim.objects.filter(person=person, benefit=benefit, event_date=event_date)
        .exclude(status=Claim.Status.REJECTED)
        .exists()
    ):
        raise ApplicationError(
            _("Klaim %(benefit)s untuk orang ini dan peristiwa %(date)s sudah dilaporkan.")
            % {"benefit": benefit, "date": f"{event_date:%d-%m-%Y}"},
            code="duplicate",
        )
    with translation.override(settings.LANGUAGE_CODE):  # stored messages stay Indonesian
        elig, membership, estimate = claim_assess(
            person=person, benefit=benefit, event_date=event_date, months_off=months_off, claim_date=today
        )
    try:
        with transaction.atomic():
            claim = Claim.objects.create(
                number=_next_number(today.year),
                person=person,
                membership=membership,
                programme=membership.programme if membership else None,
                funder=membership.funder if membership else None,
                event_kind=event_kind,
                benefit=benefit,
                event_date=event_date,
                place=place[:200],
                cause=cause[:300],
                at_work=bool(at_work),
                months_off=months_off,
                eligible=estimate["eligible"],
                employer_pays_first=elig.employer_pays_first,
                wage=estimate["wage"],
                estimate=estimate,
                estimated_cash=estimate["total_cash"],
                region_code=person.region_code,
                regency_code=person.regency_code,
                reported_by=actor,
                reporter_org=getattr(actor, "organisation", None),
            )
            audit_created(
                actor=actor,
                instance=claim,
                fields=[
                    "number",
                    "person_id",
                    "benefit",
                    "event_date",
                    "place",
                    "cause",
                    "at_work",
                    "eligible",
                    "estimated_cash",
                ],
            )
            if claim.is_death:
                for m in Membership.objects.filter(
                    person=person, status__in=NOT_ENDED, start_date__lte=event_date
                ):
                    end = event_date if m.end_date is None else min(m.end_date, event_date)
                    membership_end(actor=actor, membership=m, reason=Membership.EndReason.DEATH, end_date=end)
    except IntegrityError as exc:  # a concurrent report of the same event
        raise ApplicationError(_("Klaim untuk peristiwa ini sudah dilaporkan."), code="duplicate") from exc
    return claim


def _locked(claim: Claim) -> Claim:
    return Claim.objects.select_for_update().get(pk=claim.pk)


def _status(claim: Claim, *allowed: str) -> None:
    if claim.status not in allowed:
        raise ApplicationError(
            _("Klaim berstatus %(status)s; langkah ini tidak dapat dilakukan.")
            % {"status": claim.get_status_display()},
            code="status",
        )


def _set(actor, claim: Claim, values: dict) -> Claim:
    changes = {k: [getattr(claim, k), v] for k, v in values.items() if getattr(claim, k) != v}
    for k, v in values.items():
        setattr(claim, k, v)
    claim.save(update_fields=[*values, "updated_at"])
    audit_record(actor=actor, action=AuditLog.Action.STATUS, instance=claim, changes=changes)
    return claim


@transaction.atomic
def claim_document_add(*, actor, claim: Claim, kind: str, file, note: str = "") -> ClaimDocument:
    _require(
        can_report_claim(actor) or can_decide_claim(actor),
        _("Peran Anda tidak dapat mengunggah dokumen klaim."),
    )
    ensure_in_area(actor, claim.region_code)
    claim = _locked(claim)
    _status(claim, Claim.Status.REPORTED, Claim.Status.SUBMITTED)
    if kind not in DocumentKind.values:
        raise ApplicationError(_("Pilih jenis dokumen."), code="kind_invalid")
    name = getattr(file, "name", "") or ""
    ext = ("." + name.rsplit(".", 1)[-1].lower()) if "." in name else ""
    if file is None or not getattr(file, "size", 0):
        raise ApplicationError(_("Berkas kosong."), code="empty")
    if file.size > MAX_UPLOAD:
        raise ApplicationError(_("Berkas terlalu besar (paling besar 5 MB)."), code="too_large")
    head = file.read(8)
    file.seek(0)
    if ext not in UPLOAD_TYPES or not head.startswith(UPLOAD_TYPES[ext]):
        raise ApplicationError(_("Unggah dokumen sebagai PDF, JPG atau PNG."), code="format")
    doc = ClaimDocument.objects.create(
        claim=claim,
        kind=kind,
        file=file,
        original_name=name[:200],
        note=(note or "")[:200],
        uploaded_by=actor,
    )
    audit_record(
        actor=actor,
        action=AuditLog.Action.UPDATE,
        instance=claim,
        changes={"document": [None, f"{doc.get_kind_display()}: {doc.original_name}"]},
    )
    return doc


@transaction.atomic
def claim_submit(*, actor, claim: Claim) -> Claim:
    _require(can_report_claim(actor), _("Peran Anda tidak dapat mengajukan klaim."))
    ensure_in_area(actor, claim.region_code)
    claim = _locked(claim)
    _status(claim, Claim.Status.REPORTED)
    missing = missing_documents(claim)
    if missing:
        labels = ", ".join(str(DocumentKind(k).label) for k in missing)
        raise ApplicationError(
            _("Dokumen belum lengkap: %(documents)s.") % {"documents": labels}, code="documents_missing"
        )
    return _set(actor, claim, {"status": Claim.Status.SUBMITTED, "submitted_at": timezone.now()})


@transaction.atomic
def claim_decide(*, actor, claim: Claim, approve: bool, amount: int | None = None, note: str = "") -> Claim:
    """The BPJS branch approves the claim with the amount, or rejects it with a reason; the reporter sees both."""
    _require(can_decide_claim(actor), _("Hanya kantor BPJS Ketenagakerjaan yang memutuskan klaim."))
    ensure_in_area(actor, claim.region_code)
    claim = _locked(claim)
    _status(claim, Claim.Status.SUBMITTED)
    note = (note or "").strip()
    if approve:
        amount = claim.estimated_cash if amount is None else amount
        if amount is None or amount <= 0:
            raise ApplicationError(_("Isi jumlah yang disetujui."), code="amount_required")
        values = {"status": Claim.Status.APPROVED, "approved_amount": int(amount)}
    else:
        if not note:
            raise ApplicationError(_("Tulis alasan penolakan untuk pelapor."), code="reason_required")
        values = {"status": Claim.Status.REJECTED}
    values.update({"decision_note": note, "decided_by": actor, "decided_at": timezone.now()})
    return _set(actor, claim, values)


@transaction.atomic
def claim_pay(
    *,
    actor,
    claim: Claim,
    amount: int,
    paid_on: dt.date,
    reference: str,
    paid_to: FamilyMember | None = None,
    paid_to_name: str = "",
) -> Claim:
    _require(can_decide_claim(actor), _("Hanya kantor BPJS Ketenagakerjaan yang mencatat pembayaran klaim."))
    ensure_in_area(actor, claim.region_code)
    claim = _locked(claim)
    _status(claim, Claim.Status.APPROVED)
    reference = (reference or "").strip()
    if not reference:
        raise ApplicationError(_("Isi nomor referensi pembayaran BPJS."), code="reference_required")
    if amount is None or amount <= 0:
        raise ApplicationError(_("Isi jumlah yang dibayar."), code="amount_required")
    if paid_on > timezone.localdate() or paid_on < claim.event_date:
        raise ApplicationError(
            _("Tanggal bayar harus antara tanggal peristiwa dan hari ini."), code="paid_on_invalid"
        )
    if paid_to is not None and paid_to.person_id != claim.person_id:
        raise ApplicationError(_("Penerima bukan anggota keluarga peserta ini."), code="paid_to_invalid")
    name = paid_to.full_name if paid_to is not None else (paid_to_name or "").strip()
    if not name:
        raise ApplicationError(
            _("Pilih ahli waris penerima, atau tulis nama penerima."), code="paid_to_required"
        )
    if claim.is_death and paid_to is not None:
        heirs = {h["member_id"] for h in claim.estimate.get("heirs", [])}
        if heirs and paid_to.pk not in heirs:
            raise ApplicationError(
                _("%(name)s bukan ahli waris menurut urutan yang sah untuk klaim ini.")
                % {"name": paid_to.full_name},
                code="not_an_heir",
            )
    claim = _set(
        actor,
        claim,
        {
            "status": Claim.Status.PAID,
            "paid_amount": int(amount),
            "paid_on": paid_on,
            "bpjs_reference": reference[:60],
            "paid_to": paid_to,
            "paid_to_name": name[:200],
        },
    )
    scholarship_schedule_create(actor=actor, claim=claim, start=paid_on)
    return claim


@transaction.atomic
def claim_hand_over(*, actor, claim: Claim, handed_over_on: dt.date, place: str, by: str) -> Claim:
    _require(can_hand_over_claim(actor), _("Peran Anda tidak dapat mencatat penyerahan santunan."))
    ensure_in_area(actor, claim.region_code)
    claim = _locked(claim)
    _status(claim, Claim.Status.PAID)
    if handed_over_on < claim.paid_on or handed_over_on > timezone.localdate():
        raise ApplicationError(
            _("Tanggal penyerahan harus antara tanggal bayar dan hari ini."), code="date_invalid"
        )
    if not (place or "").strip() or not (by or "").strip():
        raise ApplicationError(_("Isi tempat penyerahan dan nama yang menyerahkan."), code="required")
    return _set(
        actor,
        claim,
        {
            "status": Claim.Status.HANDED_OVER,
            "handed_over_on": handed_over_on,
            "handover_place": place.strip()[:200],
            "handover_by": by.strip()[:200],
        },
    )


# --- scholarships ---------------------------------------------------------------------------------------------


def scholarship_schedule_create(*, actor, claim: Claim, start: dt.date) -> int:
    """The paid claim's scholarships as yearly rows per entitled child, from the payment date on (set-based)."""

    years = claim.estimate.get("scholarships") or []
    if not years:
        return 0
    rules = rules_on(claim.event_date)
    members = {m.pk: m for m in FamilyMember.objects.filter(pk__in={s["member_id"] for s in years})}
    rows = []
    for member in members.values():
        if member.married or member.working or not member.school_level:
            continue
        child = FamilyIn(
            relation=member.relation,
            birth_date=member.birth_date,
            school_level=member.school_level,
            school_year=member.school_year,
        )
        for s in scholarship_schedule(child, 0, rules=rules, start=start):
            rows.append(
                Scholarship(
                    claim=claim,
                    child=member,
                    level=s.level,
                    grade=s.grade,
                    school_year=s.year,
                    due_on=s.due_on,
                    amount=s.amount,
                    region_code=claim.region_code,
                    regency_code=claim.regency_code,
                )
            )
    Scholarship.objects.bulk_create(rows)
    audit_bulk(
        actor=actor,
        action=AuditLog.Action.BULK_CREATE,
        model=Scholarship,
        count=len(rows),
        region_code=claim.region_code,
        extra={"claim": claim.number},
    )
    return len(rows)


@transaction.atomic
def scholarship_pay(
    *, actor, scholarship: Scholarship, proof: str, paid_on: dt.date, reference: str
) -> Scholarship:
    """A year's scholarship renewed: proof of enrolment seen, payment recorded."""
    _require(can_hand_over_claim(actor), _("Peran Anda tidak dapat mencatat beasiswa."))
    ensure_in_area(actor, scholarship.region_code)
    s = Scholarship.objects.select_for_update().get(pk=scholarship.pk)
    if s.status != Scholarship.Status.SCHEDULED:
        raise ApplicationError(_("Beasiswa tahun ini sudah dibayar atau dihentikan."), code="status")
    if not (proof or "").strip():
        raise ApplicationError(
            _("Isi bukti anak terdaftar di sekolah (nomor surat keterangan)."), code="proof_required"
        )
    if not (reference or "").strip():
        raise ApplicationError(_("Isi nomor referensi pembayaran BPJS."), code="reference_required")
    if paid_on > timezone.localdate():
        raise ApplicationError(_("Tanggal bayar ada di masa depan."), code="paid_on_invalid")
    earlier = Scholarship.objects.filter(
        child=s.child, claim=s.claim, status=Scholarship.Status.SCHEDULED, school_year__lt=s.school_year
    )
    if earlier.exists():
        raise ApplicationError(_("Catat dulu beasiswa tahun ajaran sebelumnya."), code="order")
    changes = {"status": [s.status, "paid"], "paid_on": [None, paid_on], "proof": ["", proof.strip()]}
    s.status, s.paid_on, s.proof, s.bpjs_reference = (
        Scholarship.Status.PAID,
        paid_on,
        proof.strip()[:200],
        reference.strip()[:60],
    )
    s.save(update_fields=["status", "paid_on", "proof", "bpjs_reference", "updated_at"])
    audit_record(actor=actor, action=AuditLog.Action.STATUS, instance=s, changes=changes)
    return s


def scholarship_stop(*, actor, child: FamilyMember, reason: str) -> int:
    """Stops a child's remaining scheduled years (married, working, left school, died)."""
    _require(can_hand_over_claim(actor), _("Peran Anda tidak dapat menghentikan beasiswa."))
    ensure_in_area(actor, child.region_code)
    reason = (reason or "").strip()
    if not reason:
        raise ApplicationError(_("Tulis alasan beasiswa dihentikan."), code="reason_required")
    return _stop(actor, child, reason)


def _stop(actor, child: FamilyMember, reason: str) -> int:
    with transaction.atomic():
        qs = Scholarship.objects.filter(child=child, status=Scholarship.Status.SCHEDULED)
        ids = list(qs.values_list("id", flat=True))
        n = qs.update(status=Scholarship.Status.STOPPED, stop_reason=reason[:200], updated_at=timezone.now())
        if n:
            audit_bulk(
                actor=actor,
                action=AuditLog.Action.BULK_UPDATE,
                model=Scholarship,
                count=n,
                region_code=child.region_code,
                object_ids=ids,
                extra={"child": child.pk, "stopped": reason},
            )
    return n


def scholarship_reminders_run(*, as_of: str | dt.date | None = None, days: int = 60) -> dict:
    """The daily job: scholarships due in the coming weeks (before the school year starts), per village."""

    if isinstance(as_of, str):
        as_of = dt.date.fromisoformat(as_of)
    rows = scholarships_due(user=None, as_of=as_of or timezone.localdate(), days=days)
    by_village: dict[str, int] = {}
    for s in rows:
        by_village[s.region_code] = by_village.get(s.region_code, 0) + 1
    return {"due": len(rows), "villages": by_village}


# --- benefit rules --------------------------------------------------------------------------------------------


@transaction.atomic
def benefit_rule_add(
    *, actor, key: str, effective_from: dt.date, value: int, source: str, verified: bool = False
):
    """A new version of one benefit parameter from a date on. Versions are never changed or back-dated before the
    latest one, so a past event is always computed with the rules that applied then."""

    _require(can_edit_benefit_rules(actor), _("Hanya admin yang menambah aturan manfaat."))
    if key not in RuleKey.values:
        raise ApplicationError(_("Pilih aturan."), code="key_invalid")
    if value is None or value < 0:
        raise ApplicationError(_("Nilai aturan tidak boleh negatif."), code="negative")
    if not (source or "").strip():
        raise ApplicationError(_("Tulis sumber aturan (peraturan, tahun)."), code="source_required")
    latest = BenefitRule.objects.filter(key=key).order_by("-effective_from").first()
    if latest is not None and effective_from <= latest.effective_from:
        raise ApplicationError(
            _("Versi baru harus berlaku sesudah versi terakhir (%(date)s); riwayat aturan tidak diubah.")
            % {"date": f"{latest.effective_from:%d-%m-%Y}"},
            code="effective_from_invalid",
        )
    rule = BenefitRule.objects.create(
        key=key,
        effective_from=effective_from,
        value=int(value),
        source=source.strip()[:300],
        verified=verified,
        created_by=actor,
    )
    audit_created(actor=actor, instance=rule, fields=["key", "effective_from", "value", "source", "verified"])
    return rule
