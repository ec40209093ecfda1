"""Writes for programmes: creation, funders and shares, legal bases, village quotas. All audited."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Sum

from lindung.accounts.models import Organisation
from lindung.audit.models import AuditLog
from lindung.audit.services import audit_bulk, audit_created, audit_record
from lindung.core.errors import ApplicationError
from lindung.core.scoping import code_in_area, user_area_codes
from lindung.programs.models import LegalBasis, Programme, ProgrammeFunder, VillageQuota
from lindung.regions.models import Region


def _check_area(*, actor, region_code: str) -> Region:
    region = Region.objects.filter(code=region_code).first()
    if region is None:
        raise ApplicationError(f"Kode wilayah {region_code!r} tidak dikenal.", code="unknown_region")
    if not code_in_area(region.code, user_area_codes(actor)):
        raise ApplicationError(
            f"{region.name} ({region.code}) di luar wilayah kerja Anda.", code="outside_area"
        )
    return region


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
        raise ApplicationError("Nama program wajib diisi.", code="name_required")
    if p.target_group not in Programme.TargetGroup.values:
        raise ApplicationError(f"Kelompok sasaran {p.target_group!r} tidak dikenal.", code="target_group")
    if p.segment not in Programme.Segment.values:
        raise ApplicationError("Segmen harus BPU atau PU.", code="segment")
    if p.wage_basis not in Programme.WageBasis.values:
        raise ApplicationError(f"Dasar iuran {p.wage_basis!r} tidak dikenal.", code="wage_basis")
    if p.double_funding not in Programme.DoubleFunding.values:
        raise ApplicationError("Aturan pendanaan ganda harus tolak atau peringatan.", code="double_funding")
    if p.status not in Programme.Status.values:
        raise ApplicationError(f"Status program {p.status!r} tidak dikenal.", code="status")
    for name, label in (("quota_total", "Kuota total"), ("quota_per_village", "Kuota per desa")):
        value = getattr(p, name)
        if value is not None and value <= 0:
            raise ApplicationError(f"{label} harus lebih dari 0.", code="quota_invalid")
    if p.fixed_amount_per_person is not None and p.fixed_amount_per_person <= 0:
        raise ApplicationError("Iuran tetap per orang harus lebih dari Rp0.", code="fixed_amount_invalid")
    if not (p.has_jkk or p.has_jkm):
        raise ApplicationError("Program harus mencakup sekurang-kurangnya JKK atau JKM.", code="no_elements")
    if p.end_date and p.end_date < p.start_date:
        raise ApplicationError("Tanggal selesai tidak boleh sebelum tanggal mulai.", code="period_invalid")
    if p.target_group == Programme.TargetGroup.BADAN_ADHOC:
        if not p.end_date:
            raise ApplicationError(
                "Program badan ad hoc pemilu/pilkada wajib punya tanggal selesai (masa tugas).",
                code="adhoc_end_required",
            )
        valid = set(Programme.OfficerKind.values)
        if not p.officer_kinds or not set(p.officer_kinds) <= valid:
            raise ApplicationError(
                "Pilih jenis petugas ad hoc: " + ", ".join(Programme.OfficerKind.values) + ".",
                code="officer_kinds",
            )
    if p.wage_basis == Programme.WageBasis.FIXED and not (
        p.fixed_amount_per_person and p.fixed_amount_per_person > 0
    ):
        raise ApplicationError(
            "Isi nominal iuran tetap per orang per bulan (Rp).", code="fixed_amount_required"
        )
    elif p.officer_kinds:
        raise ApplicationError(
            "Jenis petugas ad hoc hanya untuk program badan ad hoc pemilu/pilkada.", code="officer_kinds"
        )
    if p.min_age >= p.max_age:
        raise ApplicationError("Usia minimum harus lebih kecil dari usia maksimum.", code="age_range")


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
    quota_total: int | None = None,
    quota_per_village: int | None = None,
    officer_kinds: list[str] | tuple[str, ...] = (),
    min_age: int = 15,
    max_age: int = 65,
    double_funding: str = Programme.DoubleFunding.REJECT,
    description: str = "",
) -> Programme:
    _check_area(actor=actor, region_code=region_code)
    if Programme.objects.filter(code=code).exists():
        raise ApplicationError(f"Kode program {code!r} sudah dipakai.", code="code_taken")
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
        quota_total=quota_total,
        quota_per_village=quota_per_village,
        officer_kinds=list(officer_kinds),
        min_age=min_age,
        max_age=max_age,
        double_funding=double_funding,
        description=description,
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
        ],
    )
    return p


@transaction.atomic
def programme_funders_set(*, actor, programme: Programme, funders: list[dict]) -> list[ProgrammeFunder]:
    """Replaces the funders of a programme. Shares in percent must add up to exactly 100%."""
    if not funders:
        raise ApplicationError(
            "Program harus punya sekurang-kurangnya satu penyandang dana.", code="no_funders"
        )
    kinds = set(ProgrammeFunder.Kind.values)
    total = Decimal(0)
    any_percent = False
    for f in funders:
        if f.get("kind") not in kinds:
            raise ApplicationError(f"Sumber dana {f.get('kind')!r} tidak dikenal.", code="funder_kind")
        share, amount = f.get("share_percent"), f.get("amount_per_person")
        if (share is None) == (amount is None):
            raise ApplicationError(
                "Isi porsi (%) atau nominal per orang untuk setiap penyandang dana, tidak keduanya.",
                code="funder_share",
            )
        if share is not None:
            share = Decimal(str(share))
            if share <= 0:
                raise ApplicationError("Porsi penyandang dana harus lebih dari 0%.", code="funder_share")
            total += share
            any_percent = True
        elif int(amount) <= 0:
            raise ApplicationError("Nominal per orang harus lebih dari Rp0.", code="funder_share")
    if any_percent and total != 100:
        shown = f"{total.normalize():f}".replace(".", ",")
        raise ApplicationError(
            f"Porsi penyandang dana harus berjumlah 100% (sekarang {shown}%).", code="shares_not_100"
        )
    before = [str(f) for f in programme.funders.all()]
    if programme.memberships.filter(funder__isnull=False).exists():
        raise ApplicationError(
            "Penyandang dana tidak dapat diganti karena sudah ada peserta yang tercatat pada penyandang dana ini.",
            code="funders_in_use",
        )
    programme.funders.all().delete()
    objs = ProgrammeFunder.objects.bulk_create(
        [
            ProgrammeFunder(
                programme=programme,
                kind=f["kind"],
                organisation=f.get("organisation"),
                name=f.get("name", ""),
                share_percent=Decimal(str(f["share_percent"]))
                if f.get("share_percent") is not None
                else None,
                amount_per_person=f.get("amount_per_person"),
            )
            for f in funders
        ]
    )
    audit_record(
        actor=actor,
        action=AuditLog.Action.UPDATE,
        instance=programme,
        changes={
            "funders": [
                before,
                [f"{f.get_kind_display()} {f.share_percent or f.amount_per_person}" for f in objs],
            ]
        },
    )
    return objs


@transaction.atomic
def legal_basis_add(
    *, actor, programme: Programme, kind: str, number: str, date: dt.date, title: str = "", attachment=None
) -> LegalBasis:
    if not number.strip():
        raise ApplicationError("Nomor dokumen dasar hukum wajib diisi.", code="number_required")
    lb = LegalBasis(programme=programme, kind=kind, number=number.strip(), date=date, title=title.strip())
    if attachment is not None:
        if attachment.size > 10 * 1024 * 1024:
            raise ApplicationError("Lampiran terlalu besar (maksimal 10 MB).", code="attachment_too_large")
        lb.attachment = attachment
    lb.full_clean()
    lb.save()
    audit_created(actor=actor, instance=lb, fields=["programme_id", "kind", "number", "date", "title"])
    return lb


@transaction.atomic
def village_quotas_generate(*, actor, programme: Programme, quota_per_village: int) -> int:
    """One quota per desa (not kelurahan) inside the programme's area; quota_total becomes their sum."""
    if quota_per_village <= 0:
        raise ApplicationError("Kuota per desa harus lebih dari 0.", code="quota_invalid")
    desa = list(
        Region.objects.filter(
            level=4,
            code__startswith=programme.region_code + ".",
            kind__in=[Region.Kind.DESA, Region.Kind.DESA_ADAT],
        ).values_list("code", flat=True)
    )
    if not desa:
        raise ApplicationError("Tidak ada desa di wilayah program ini.", code="no_villages")
    VillageQuota.objects.filter(programme=programme).delete()
    VillageQuota.objects.bulk_create(
        [VillageQuota(programme=programme, region_code=c, quota=quota_per_village) for c in desa],
        batch_size=2000,
    )
    total = VillageQuota.objects.filter(programme=programme).aggregate(s=Sum("quota"))["s"]
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
