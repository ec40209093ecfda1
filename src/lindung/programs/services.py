"""Writes for programmes: creation, funders and shares, legal bases, village quotas. All audited."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q, Sum
from django.utils.translation import gettext as _

from lindung.accounts.models import Organisation
from lindung.accounts.permissions import can_create_programme, can_edit_programme
from lindung.audit.models import AuditLog
from lindung.audit.services import audit_bulk, audit_created, audit_record, model_update
from lindung.core.errors import ApplicationError
from lindung.core.formatting import percent, rupiah
from lindung.core.limits import MAX_MONTHLY_INCOME, MAX_PEOPLE, check_amount
from lindung.core.parsing import ParseError, parse_amount, parse_percent
from lindung.programs.models import LegalBasis, Programme, ProgrammeFunder, VillageQuota
from lindung.regions.models import Region
from lindung.regions.selectors import region_in_area


def _check_area(*, actor, region_code: str) -> Region:
    return region_in_area(user=actor, code=region_code)


def _may_edit(actor, programme: Programme) -> None:
    """The programme's area must lie inside the actor's, and the actor's duty must allow it."""
    _check_area(actor=actor, region_code=programme.region_code)
    if actor is not None and not can_edit_programme(actor, programme):
        raise ApplicationError(_("Peran Anda tidak dapat mengubah program ini."), code="forbidden")


def _full_clean(instance) -> None:
    """Model validation, turned into the one application error with the messages joined."""
    try:
        instance.full_clean()
    except ValidationError as exc:
        parts = []
        for name, errors in exc.message_dict.items():
            label = instance._meta.get_field(name).verbose_name if name != "__all__" else ""
            parts.append((f"{label}: " if label else "") + " ".join(errors))
        raise ApplicationError("; ".join(parts) + ".", code="invalid") from exc


def _validate(p: Programme) -> None:
    if not p.name:
        raise ApplicationError(_("Nama program wajib diisi."), code="name_required")
    if p.target_group not in Programme.TargetGroup.values:
        raise ApplicationError(
            _("Kelompok sasaran %(value)s tidak dikenal.") % {"value": repr(p.target_group)},
            code="target_group",
        )
    if p.segment not in Programme.Segment.values:
        raise ApplicationError(_("Segmen harus BPU atau PU."), code="segment")
    if p.wage_basis not in Programme.WageBasis.values:
        raise ApplicationError(
            _("Dasar iuran %(value)s tidak dikenal.") % {"value": repr(p.wage_basis)}, code="wage_basis"
        )
    if p.double_funding not in Programme.DoubleFunding.values:
        raise ApplicationError(
            _("Aturan pendanaan ganda harus tolak atau peringatan."), code="double_funding"
        )
    if p.status not in Programme.Status.values:
        raise ApplicationError(
            _("Status program %(value)s tidak dikenal.") % {"value": repr(p.status)}, code="status"
        )
    for name in ("quota_total", "quota_per_village"):
        value = getattr(p, name)
        if value is not None and value <= 0:
            message = (
                _("Kuota total harus lebih dari 0.")
                if name == "quota_total"
                else _("Kuota per desa harus lebih dari 0.")
            )
            raise ApplicationError(message, code="quota_invalid")
        check_amount(value, label=_("Kuota"), maximum=MAX_PEOPLE)
    check_amount(p.fixed_amount_per_person, label=_("Iuran tetap per orang"), maximum=MAX_MONTHLY_INCOME)
    if p.fixed_amount_per_person is not None and p.fixed_amount_per_person <= 0:
        raise ApplicationError(_("Iuran tetap per orang harus lebih dari Rp0."), code="fixed_amount_invalid")
    if not (p.has_jkk or p.has_jkm):
        raise ApplicationError(
            _("Program harus mencakup sekurang-kurangnya JKK atau JKM."), code="no_elements"
        )
    if p.end_date and p.end_date < p.start_date:
        raise ApplicationError(_("Tanggal selesai tidak boleh sebelum tanggal mulai."), code="period_invalid")
    if p.target_group == Programme.TargetGroup.BADAN_ADHOC:
        if not p.end_date:
            raise ApplicationError(
                _("Program badan ad hoc pemilu/pilkada wajib punya tanggal selesai (masa tugas)."),
                code="adhoc_end_required",
            )
        valid = set(Programme.OfficerKind.values)
        if not p.officer_kinds or not set(p.officer_kinds) <= valid:
            raise ApplicationError(
                _("Pilih jenis petugas ad hoc: %(kinds)s.")
                % {"kinds": ", ".join(Programme.OfficerKind.values)},
                code="officer_kinds",
            )
    elif p.officer_kinds:
        raise ApplicationError(
            _("Jenis petugas ad hoc hanya untuk program badan ad hoc pemilu/pilkada."), code="officer_kinds"
        )
    if p.wage_basis == Programme.WageBasis.FIXED and not (
        p.fixed_amount_per_person and p.fixed_amount_per_person > 0
    ):
        raise ApplicationError(
            _("Isi nominal iuran tetap per orang per bulan (Rp)."), code="fixed_amount_required"
        )
    for name in ("declared_income", "wage"):
        value = getattr(p, name)
        if value is not None and value <= 0:
            message = (
                _("Penghasilan yang dilaporkan harus lebih dari Rp0.")
                if name == "declared_income"
                else _("Upah harus lebih dari Rp0.")
            )
            raise ApplicationError(message, code=f"{name}_invalid")
        check_amount(value, label=_("Penghasilan atau upah"), maximum=MAX_MONTHLY_INCOME)
    if p.risk_class not in (1, 2, 3, 4, 5):
        raise ApplicationError(_("Kelompok risiko JKK harus 1 sampai 5."), code="risk_class")
    if not 1 <= (p.lapse_after_months or 0) <= 24:
        raise ApplicationError(
            _("Batas tunggakan sebelum kepesertaan terhenti harus 1 sampai 24 bulan."), code="lapse_months"
        )
    if p.min_age >= p.max_age:
        raise ApplicationError(_("Usia minimum harus lebih kecil dari usia maksimum."), code="age_range")


@transaction.atomic
def programme_create(
    *,
    actor,
    code: str,
    name: str,
    owner: Organisation,
    region_code: str,
    target_group: str,
    start_date: dt.date,
    end_date: dt.date | None = None,
    segment: str = Programme.Segment.BPU,
    has_jkk: bool = True,
    has_jkm: bool = True,
    has_jht: bool = False,
    wage_basis: str = Programme.WageBasis.DECLARED_INCOME,
    fixed_amount_per_person: int | None = None,
    declared_income: int | None = None,
    wage: int | None = None,
    risk_class: int = 1,
    has_jp: bool = False,
    has_jkp: bool = False,
    lapse_after_months: int = 3,
    backdate_start: bool = False,
    quota_total: int | None = None,
    quota_per_village: int | None = None,
    officer_kinds: list[str] | tuple[str, ...] = (),
    min_age: int = 15,
    max_age: int = 65,
    double_funding: str = Programme.DoubleFunding.REJECT,
    status: str = Programme.Status.ACTIVE,
    description: str = "",
    bank_name: str = "",
    bank_account_number: str = "",
    bank_account_name: str = "",
    virtual_account: str = "",
    signatory_name: str = "",
    signatory_position: str = "",
) -> Programme:
    _check_area(actor=actor, region_code=region_code)
    if actor is not None and not can_create_programme(actor):
        raise ApplicationError(_("Peran Anda tidak dapat membuat program."), code="forbidden")
    if Programme.objects.filter(code=code).exists():
        raise ApplicationError(
            _("Kode program %(code)s sudah dipakai.") % {"code": repr(code)}, code="code_taken"
        )
    p = Programme(
        code=code,
        name=name.strip(),
        owner=owner,
        region_code=region_code,
        target_group=target_group,
        start_date=start_date,
        end_date=end_date,
        segment=segment,
        has_jkk=has_jkk,
        has_jkm=has_jkm,
        has_jht=has_jht,
        wage_basis=wage_basis,
        fixed_amount_per_person=fixed_amount_per_person,
        declared_income=declared_income,
        wage=wage,
        risk_class=risk_class,
        has_jp=has_jp,
        has_jkp=has_jkp,
        lapse_after_months=lapse_after_months,
        backdate_start=backdate_start,
        quota_total=quota_total,
        quota_per_village=quota_per_village,
        officer_kinds=list(officer_kinds),
        min_age=min_age,
        max_age=max_age,
        double_funding=double_funding,
        status=status,
        description=description,
        bank_name=bank_name.strip(),
        bank_account_number=bank_account_number.strip(),
        bank_account_name=bank_account_name.strip(),
        virtual_account=virtual_account.strip(),
        signatory_name=signatory_name.strip(),
        signatory_position=signatory_position.strip(),
    )
    _validate(p)
    _full_clean(p)
    p.save()
    audit_created(
        actor=actor,
        instance=p,
        fields=[
            "code",
            "name",
            "owner_id",
            "target_group",
            "segment",
            "start_date",
            "end_date",
            "quota_total",
            "status",
        ],
    )
    return p


# Payment instructions and the signatory printed on the programme's official documents.
DOCUMENT_FIELDS = (
    "bank_name",
    "bank_account_number",
    "bank_account_name",
    "virtual_account",
    "signatory_name",
    "signatory_position",
)

EDITABLE_FIELDS = (
    "name",
    "region_code",
    "target_group",
    "start_date",
    "end_date",
    "segment",
    "has_jkk",
    "has_jkm",
    "has_jht",
    "wage_basis",
    "fixed_amount_per_person",
    "declared_income",
    "wage",
    "risk_class",
    "has_jp",
    "has_jkp",
    "lapse_after_months",
    "backdate_start",
    "quota_total",
    "quota_per_village",
    "officer_kinds",
    "min_age",
    "max_age",
    "double_funding",
    "status",
    "description",
    *DOCUMENT_FIELDS,
)


@transaction.atomic
def programme_update(*, actor, programme: Programme, data: dict) -> list[str]:
    """Changes the given fields (see EDITABLE_FIELDS; the code and owner stay). Returns the changed names."""
    unknown = set(data) - set(EDITABLE_FIELDS)
    if unknown:
        raise ApplicationError(
            _("Kolom ini tidak dapat diubah: %(fields)s.") % {"fields": ", ".join(sorted(unknown))},
            code="field_not_editable",
        )
    _may_edit(actor, programme)
    data = dict(data)
    if "name" in data:
        data["name"] = (data["name"] or "").strip()
    if "officer_kinds" in data:
        data["officer_kinds"] = list(data["officer_kinds"] or [])
    if "region_code" in data and data["region_code"] != programme.region_code:
        _check_area(actor=actor, region_code=data["region_code"])
        if programme.village_quotas.exclude(Q(region_code__startswith=data["region_code"] + ".")).exists():
            raise ApplicationError(
                _(
                    "Wilayah program tidak dapat diubah: ada kuota desa di luar wilayah baru. "
                    "Buat ulang kuota desa setelah mengubah wilayah."
                ),
                code="quotas_outside_region",
            )
        if programme.memberships.exclude(Q(region_code__startswith=data["region_code"] + ".")).exists():
            raise ApplicationError(
                _("Wilayah program tidak dapat diubah: ada peserta di luar wilayah baru."),
                code="members_outside_region",
            )
    # Validate on a copy so a rejected change leaves the caller's instance as it was.
    candidate = Programme.objects.get(pk=programme.pk)
    for name, value in data.items():
        setattr(candidate, name, value)
    _validate(candidate)
    _full_clean(candidate)
    changed = model_update(instance=programme, data=data, actor=actor)
    return changed


def _funder_key(kind: str, organisation_id, name: str) -> tuple:
    return (kind, organisation_id, (name or "").strip().lower())


@transaction.atomic
def programme_funders_set(*, actor, programme: Programme, funders: list[dict]) -> list[ProgrammeFunder]:
    """Sets the funders of a programme. Shares in percent must add up to exactly 100%.

    A funder is matched on kind, organisation and name; funders that members are already recorded on are
    updated in place and cannot be removed.
    """
    if not funders:
        raise ApplicationError(
            _("Program harus punya sekurang-kurangnya satu penyandang dana."), code="no_funders"
        )
    _may_edit(actor, programme)
    kinds = set(ProgrammeFunder.Kind.values)
    total = Decimal(0)
    any_percent = False
    cleaned = []
    for f in funders:
        if f.get("kind") not in kinds:
            raise ApplicationError(
                _("Sumber dana %(kind)s tidak dikenal.") % {"kind": repr(f.get("kind"))}, code="funder_kind"
            )
        share, amount = f.get("share_percent"), f.get("amount_per_person")
        if share == "":
            share = None
        if amount == "":
            amount = None
        named_sponsor = share is None and amount is None and f["kind"] in ProgrammeFunder.SPONSOR_KINDS
        if (share is None) == (amount is None) and not named_sponsor:
            raise ApplicationError(
                _(
                    "Isi porsi (%) atau nominal per orang untuk setiap penyandang dana, tidak keduanya "
                    "(hanya CSR, SERTAKAN dan pemberi kerja boleh tanpa porsi: mereka menanggung penuh "
                    "peserta yang disponsori namanya)."
                ),
                code="funder_share",
            )
        if named_sponsor:
            pass
        elif share is not None:
            try:
                share = parse_percent(share, label=_("Porsi penyandang dana"))
            except ParseError as exc:
                raise ApplicationError(exc.message, code="funder_share") from exc
            total += share
            any_percent = True
        else:
            try:
                amount = parse_amount(amount)
            except ParseError as exc:
                raise ApplicationError(exc.message, code="funder_share") from exc
            if amount <= 0:
                raise ApplicationError(_("Nominal per orang harus lebih dari Rp0."), code="funder_share")
        org = f.get("organisation")
        cleaned.append(
            {
                "kind": f["kind"],
                "organisation": org,
                "name": (f.get("name") or "").strip(),
                "share_percent": share,
                "amount_per_person": amount,
            }
        )
    if any_percent and total != 100:
        shown = f"{total.normalize():f}".replace(".", ",")
        raise ApplicationError(
            _("Porsi penyandang dana harus berjumlah 100%% (sekarang %(shown)s%%).") % {"shown": shown},
            code="shares_not_100",
        )
    keys = [
        _funder_key(c["kind"], c["organisation"].pk if c["organisation"] else None, c["name"])
        for c in cleaned
    ]
    if len(set(keys)) != len(keys):
        raise ApplicationError(_("Penyandang dana yang sama tercantum dua kali."), code="funder_duplicate")

    existing = {
        _funder_key(f.kind, f.organisation_id, f.name): f
        for f in ProgrammeFunder.objects.select_for_update().filter(programme=programme)
    }
    before = [_funder_label(f) for f in existing.values()]
    removed = [f for k, f in existing.items() if k not in keys]
    in_use = [f for f in removed if f.memberships.exists()]
    if in_use:
        raise ApplicationError(
            _("Penyandang dana %(funder)s tidak dapat dihapus karena sudah ada peserta yang didanai olehnya.")
            % {"funder": _funder_name(in_use[0])},
            code="funders_in_use",
        )
    billed = [f for f in removed if f.invoices.exists() or f.payments.exists()]
    if billed:
        raise ApplicationError(
            _(
                "Penyandang dana %(funder)s tidak dapat dihapus karena sudah punya tagihan atau "
                "pembayaran; ubah porsinya menjadi penyandang dana lain untuk bulan berikutnya."
            )
            % {"funder": _funder_name(billed[0])},
            code="funders_billed",
        )
    ProgrammeFunder.objects.filter(pk__in=[f.pk for f in removed]).delete()
    result = []
    for key, c in zip(keys, cleaned, strict=True):
        obj = existing.get(key)
        if obj is None:
            obj = ProgrammeFunder(programme=programme, **c)
        else:
            obj.share_percent, obj.amount_per_person = c["share_percent"], c["amount_per_person"]
        obj.save()
        result.append(obj)
    after = [_funder_label(f) for f in result]
    if before != after:
        audit_record(
            actor=actor,
            action=AuditLog.Action.UPDATE,
            instance=programme,
            changes={"funders": [before, after]},
        )
    return result


def _funder_name(f: ProgrammeFunder) -> str:
    if f.organisation_id:
        return f"{f.get_kind_display()} ({f.organisation.name})"
    return f"{f.get_kind_display()} ({f.name})" if f.name else f.get_kind_display()


def _funder_label(f: ProgrammeFunder) -> str:
    if f.share_percent is not None:
        share = percent(f.share_percent)
    elif f.amount_per_person is not None:
        share = f"{rupiah(f.amount_per_person)}/orang"
    else:
        share = "sponsor peserta bernama"
    return f"{_funder_name(f)} {share}"


ATTACHMENT_EXTENSIONS = {".pdf", ".jpg", ".jpeg", ".png"}
ATTACHMENT_MAX_BYTES = 10 * 1024 * 1024


@transaction.atomic
def legal_basis_add(
    *, actor, programme: Programme, kind: str, number: str, date: dt.date, title: str = "", attachment=None
) -> LegalBasis:
    _may_edit(actor, programme)
    if kind not in LegalBasis.Kind.values:
        raise ApplicationError(
            _("Jenis dasar hukum %(kind)s tidak dikenal.") % {"kind": repr(kind)}, code="legal_kind"
        )
    if not (number or "").strip():
        raise ApplicationError(_("Nomor dokumen dasar hukum wajib diisi."), code="number_required")
    if date is None:
        raise ApplicationError(_("Tanggal dokumen dasar hukum wajib diisi."), code="date_required")
    lb = LegalBasis(
        programme=programme, kind=kind, number=number.strip(), date=date, title=(title or "").strip()
    )
    if attachment is not None:
        ext = Path(attachment.name or "").suffix.lower()
        if ext not in ATTACHMENT_EXTENSIONS:
            raise ApplicationError(_("Lampiran harus berkas PDF, JPG atau PNG."), code="attachment_type")
        if attachment.size > ATTACHMENT_MAX_BYTES:
            raise ApplicationError(_("Lampiran terlalu besar (maksimal 10 MB)."), code="attachment_too_large")
        lb.attachment = attachment
    _full_clean(lb)
    lb.save()
    fields = ["programme_id", "kind", "number", "date", "title"]
    audit_created(actor=actor, instance=lb, fields=[*fields, "attachment"] if lb.attachment else fields)
    return lb


def _recount_quota_total(programme: Programme) -> int:
    return VillageQuota.objects.filter(programme=programme).aggregate(s=Sum("quota"))["s"] or 0


@transaction.atomic
def village_quota_set(*, actor, programme: Programme, region_code: str, quota: int) -> VillageQuota | None:
    """Sets (or with 0 removes) the quota of one desa/kelurahan; the programme's quota_total follows."""
    _may_edit(actor, programme)
    region = Region.objects.filter(code=region_code, level=4).first()
    if region is None or not region.code.startswith(programme.region_code + "."):
        raise ApplicationError(
            _("Desa/kelurahan %(code)s tidak ada di wilayah program ini.") % {"code": repr(region_code)},
            code="village_outside",
        )
    if quota is None or int(quota) < 0:
        raise ApplicationError(_("Kuota desa tidak boleh negatif."), code="quota_invalid")
    quota = int(quota)
    check_amount(quota, label=_("Kuota desa"), maximum=MAX_PEOPLE)
    existing = (
        VillageQuota.objects.select_for_update().filter(programme=programme, region_code=region.code).first()
    )
    before = existing.quota if existing else None
    if quota == 0:
        if existing is not None:
            existing.delete()
        obj = None
    elif existing is None:
        obj = VillageQuota.objects.create(programme=programme, region_code=region.code, quota=quota)
    else:
        existing.quota = quota
        existing.save(update_fields=["quota"])
        obj = existing
    if before == (quota or None):
        return obj
    total = _recount_quota_total(programme)
    audit_record(
        actor=actor,
        action=AuditLog.Action.UPDATE,
        instance=programme,
        changes={
            f"kuota {region.code} {region.name}": [before, quota or None],
            "quota_total": [programme.quota_total, total or None],
        },
    )
    programme.quota_total = total or None
    programme.save(update_fields=["quota_total", "updated_at"])
    return obj


@transaction.atomic
def village_quotas_generate(*, actor, programme: Programme, quota_per_village: int) -> int:
    """One quota per desa (not kelurahan) inside the programme's area; quota_total becomes their sum."""
    _may_edit(actor, programme)
    if quota_per_village is None or int(quota_per_village) <= 0:
        raise ApplicationError(_("Kuota per desa harus lebih dari 0."), code="quota_invalid")
    check_amount(int(quota_per_village), label=_("Kuota per desa"), maximum=MAX_PEOPLE)
    if programme.region_code.count(".") != 1:
        raise ApplicationError(
            _("Kuota per desa hanya dapat dibuat untuk program tingkat kabupaten/kota."), code="quota_level"
        )
    desa = list(
        Region.objects.filter(
            level=4,
            code__startswith=programme.region_code + ".",
            kind__in=[Region.Kind.DESA, Region.Kind.DESA_ADAT],
        ).values_list("code", flat=True)
    )
    if not desa:
        raise ApplicationError(_("Tidak ada desa di wilayah program ini."), code="no_villages")
    VillageQuota.objects.filter(programme=programme).delete()
    VillageQuota.objects.bulk_create(
        [VillageQuota(programme=programme, region_code=c, quota=quota_per_village) for c in desa],
        batch_size=2000,
    )
    total = _recount_quota_total(programme)
    before = (programme.quota_total, programme.quota_per_village)
    programme.quota_total = total
    programme.quota_per_village = quota_per_village
    programme.save(update_fields=["quota_total", "quota_per_village", "updated_at"])
    audit_bulk(
        actor=actor,
        action=AuditLog.Action.BULK_CREATE,
        model=VillageQuota,
        count=len(desa),
        region_code=programme.region_code,
        extra={"programme": programme.code, "quota_per_village": quota_per_village},
    )
    audit_record(
        actor=actor,
        action=AuditLog.Action.UPDATE,
        instance=programme,
        changes={"quota_total": [before[0], total], "quota_per_village": [before[1], quota_per_village]},
    )
    return total
