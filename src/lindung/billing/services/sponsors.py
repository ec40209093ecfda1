"""Named sponsors (CSR, SERTAKAN, an employer without a share) take over members' contributions."""

from __future__ import annotations

import re

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from lindung.accounts.permissions import can_assign_sponsor
from lindung.audit.models import AuditLog
from lindung.audit.services import audit_bulk
from lindung.billing import limits
from lindung.billing.services.common import check_programme_in_area, require
from lindung.core.errors import ApplicationError
from lindung.memberships.models import Membership
from lindung.programs.models import ProgrammeFunder

# Memberships a sponsor can take over: pending or active (a lapsed or ended one is not given a sponsor).
SPONSORABLE = (Membership.Status.PENDING, Membership.Status.ACTIVE)


def _by_nik(holding, niks: list[str]) -> list[int]:
    clean = sorted({re.sub(r"\D", "", n) for n in niks if n.strip()})
    found = dict(holding.filter(person__nik__in=clean).values_list("person__nik", "id"))
    missing = [n for n in clean if n not in found]
    if missing:
        raise ApplicationError(
            ngettext(
                "%(n)s NIK bukan peserta aktif program ini: %(niks)s.",
                "%(n)s NIK bukan peserta aktif program ini: %(niks)s.",
                len(missing),
            )
            % {"n": len(missing), "niks": ", ".join(missing[:5])},
            code="not_members",
        )
    return list(found.values())


def _by_village(holding, sponsor_ids: list[int], village_code: str, count: int) -> list[int]:
    if count <= 0:
        raise ApplicationError(_("Jumlah peserta harus lebih dari 0."), code="count")
    limits.check_count(count, what=_("Jumlah peserta"), code="count")
    free = holding.filter(region_code=village_code).exclude(funder_id__in=sponsor_ids)
    ids = list(free.order_by("id").values_list("id", flat=True)[:count])
    if len(ids) < count:
        raise ApplicationError(
            ngettext(
                "Hanya %(n)s peserta di desa %(village)s yang belum disponsori; diminta %(count)s.",
                "Hanya %(n)s peserta di desa %(village)s yang belum disponsori; diminta %(count)s.",
                len(ids),
            )
            % {"n": len(ids), "village": village_code, "count": count},
            code="not_enough",
        )
    return ids


@transaction.atomic
def sponsor_assign(
    *,
    actor,
    funder: ProgrammeFunder,
    niks: list[str] | None = None,
    village_code: str = "",
    count: int = 0,
) -> int:
    """Puts members under a named sponsor (CSR, SERTAKAN, employer): by NIK, or a number of members of a
    village not yet sponsored (oldest membership first). Returns how many memberships changed."""
    programme = funder.programme
    check_programme_in_area(actor, programme)
    require(
        actor is None or can_assign_sponsor(actor, programme),
        _("Hanya manajer yang mengatur sponsor peserta."),
    )
    if not funder.is_named_sponsor:
        raise ApplicationError(
            _(
                "Penyandang dana ini berporsi; sponsor peserta bernama adalah CSR, SERTAKAN atau pemberi kerja "
                "tanpa porsi."
            ),
            code="not_named_sponsor",
        )
    holding = Membership.objects.filter(programme=programme, status__in=SPONSORABLE)
    if niks:
        limits.check_count(
            len(niks),
            what=_("Jumlah NIK sekali isi"),
            code="too_many",
            maximum=limits.MAX_NIKS_PER_ASSIGNMENT,
        )
        ids = _by_nik(holding, niks)
    elif village_code and count:
        sponsor_ids = [f.pk for f in programme.funders.all() if f.is_named_sponsor]
        ids = _by_village(holding, sponsor_ids, village_code, int(count))
    else:
        raise ApplicationError(_("Sebutkan NIK peserta, atau desa dan jumlah peserta."), code="nothing")
    n = Membership.objects.filter(pk__in=ids).update(funder=funder, updated_at=timezone.now())
    audit_bulk(
        actor=actor,
        action=AuditLog.Action.UPDATE,
        model=Membership,
        count=n,
        region_code=programme.region_code,
        object_ids=ids[:1000],
        extra={"programme": programme.code, "sponsor": funder.display_name},
    )
    return n
