from __future__ import annotations

from django.db.models import OuterRef, Q, QuerySet, Subquery, Sum, Value
from django.db.models.functions import Coalesce, NullIf
from django.http import Http404

from lindung.accounts.permissions import (
    can_accept_batch,
    can_edit_batch,
    can_upload_batch,
    can_verify_batch,
    can_view_batch_niks,
    can_view_people,
)
from lindung.audit.models import AuditLog
from lindung.audit.services import audit_record
from lindung.core import queues
from lindung.core.scoping import region_q, user_area_codes
from lindung.enrolment.models import Batch, BatchRow
from lindung.memberships.models import Membership
from lindung.memberships.selectors import village_places
from lindung.programs.selectors import programme_list


def batch_list(*, user) -> QuerySet[Batch]:
    """Batches the user may see: uploaded inside their area, or for a programme they oversee.

    Offices that do not work with the registry (an election body, BPKAD...) see only their own
    organisation's lists; sponsors, companies and prosecutors see none."""
    codes = user_area_codes(user)
    qs = Batch.objects.select_related("programme", "organisation", "created_by")
    if not can_view_people(user):
        if not (can_upload_batch(user) and user.organisation_id):
            return qs.none()
        org = user.organisation_id
        return qs.filter(Q(organisation_id=org) | Q(programme__owner_id=org))
    if codes is None:
        return qs
    return qs.filter(region_q(codes) | Q(programme__in=programme_list(user=user).filter(region_q(codes))))


def batch_get(*, user, pk: int) -> Batch:
    batch = batch_list(user=user).filter(pk=pk).first()
    if batch is None:
        raise Http404("Unggahan tidak ditemukan.")
    return batch


def batch_nik_view(*, user, batch: Batch, what: str) -> bool:
    """Whether the rows are shown with whole NIKs to this user; each such view leaves an audit record."""
    if not can_view_batch_niks(user, batch):
        return False
    audit_record(
        actor=user,
        action=AuditLog.Action.VIEW_NIK,
        instance=batch,
        object_repr=f"NIK baris unggahan #{batch.pk} ({what})",
        region_code=batch.region_code,
    )
    return True


def batch_rows(*, batch: Batch, status: str = "") -> QuerySet[BatchRow]:
    """The batch's rows, each with ``kpj_shown``: the KPJ number BPJS gave its membership at acceptance (written
    once, on the membership), else the one the list itself carried."""
    given = Membership.objects.filter(batch_id=OuterRef("batch_id"), person__nik=OuterRef("nik")).exclude(
        kpj=""
    )
    qs = batch.row_set.annotate(
        kpj_shown=Coalesce(Subquery(given.values("kpj")[:1]), NullIf("kpj", Value("")), Value(""))
    )
    if status in BatchRow.Status.values:
        qs = qs.filter(status=status)
    return qs.order_by("row_no")


def work_queue(*, user) -> dict[str, QuerySet[Batch]]:
    qs = batch_list(user=user)
    return {
        "draft": qs.filter(status=Batch.Status.DRAFT),
        "submitted": qs.filter(status=Batch.Status.SUBMITTED),
        "verified": qs.filter(status=Batch.Status.VERIFIED),
        "accepted": qs.filter(status=Batch.Status.ACCEPTED)[:20],
    }


def batches_for_action(*, user, limit: int = 100) -> list[Batch]:
    """The batches waiting for this user's role: drafts of their organisation (operators), submitted lists
    for the programme's OPD, verified lists for the BPJS branch."""
    qs = (
        batch_list(user=user)
        .filter(status__in=[Batch.Status.DRAFT, Batch.Status.SUBMITTED, Batch.Status.VERIFIED])
        .order_by("updated_at")[: limit * 3]
    )
    mine = []
    for b in qs:
        if (
            (b.status == Batch.Status.DRAFT and can_edit_batch(user, b))
            or (b.status == Batch.Status.SUBMITTED and can_verify_batch(user, b))
            or (b.status == Batch.Status.VERIFIED and can_accept_batch(user, b))
        ):
            mine.append(b)
    return mine[:limit]


def batches_with_returned_rows(*, user, limit: int = 50) -> QuerySet[Batch]:
    """The lists of the user's organisation that have rows returned to fix (by the OPD verifier or the BPJS
    branch), newest first: the village's work after a partial acceptance."""
    if not user.organisation_id:
        return Batch.objects.none()
    return (
        batch_list(user=user)
        .filter(organisation_id=user.organisation_id, returned__gt=0)
        .order_by("-updated_at", "-id")[:limit]
    )


# --- the home page (issue 13) ---------------------------------------------------------------------------


def my_lists(*, user, limit: int = 8) -> list[Batch]:
    """The user's organisation's latest lists, newest first, with their status (a village's own work)."""
    if not user.organisation_id:
        return []
    return list(batch_list(user=user).filter(organisation_id=user.organisation_id).order_by("-id")[:limit])


def lists_to_fix(*, user, limit: int = 8) -> list[Batch]:
    """Lists of the user's organisation with work to fix, oldest first: drafts returned with a reason or still
    holding rejected rows, and lists whose single rows the verifier or the BPJS branch returned."""
    if not user.organisation_id:
        return []
    draft = Q(status=Batch.Status.DRAFT) & (~Q(rejection_reason="") | Q(rejected__gt=0))
    return list(
        batch_list(user=user)
        .filter(organisation_id=user.organisation_id)
        .filter(draft | Q(returned__gt=0))
        .order_by("updated_at")[:limit]
    )


def queue_summary(*, user, status: str) -> dict:
    """A work queue at a glance: how many lists wait in ``status`` (submitted: for the programme side's
    check; verified: for the BPJS branch) inside the user's area, their rows and the oldest one."""
    since = {Batch.Status.SUBMITTED: "submitted_at", Batch.Status.VERIFIED: "verified_at"}[status]
    return queues.queue_summary(batch_list(user=user).filter(status=status), since=since, rows=Sum("rows"))


def default_programme(*, user, programmes) -> str:
    """The programme the upload form preselects (issue 13: not the alphabetically first one): the one
    whose villages inside the user's area still have free places; else the programme the user's
    organisation runs; else the one it uploaded to last; else none (the user chooses)."""
    running = [p for p in programmes if p.status != p.Status.DRAFT]
    by_pk = {p.pk: p for p in running}
    if not by_pk:
        return ""
    places = [r for r in village_places(user=user) if r["programme"].pk in by_pk]
    free = [r for r in places if r["left"]]
    if free:
        return max(free, key=lambda r: r["left"])["programme"].code
    owned = [p for p in running if user.organisation_id and p.owner_id == user.organisation_id]
    if len(owned) == 1:
        return owned[0].code
    last = (
        Batch.objects.filter(organisation_id=user.organisation_id, programme_id__in=by_pk)
        .order_by("-id")
        .values_list("programme_id", flat=True)
        .first()
        if user.organisation_id
        else None
    )
    if last:
        return by_pk[last].code
    return owned[0].code if owned else ""
