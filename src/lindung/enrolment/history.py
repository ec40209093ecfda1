"""What enrolment adds to a person's history: the lists that brought the person into the registry or into a
programme (registered in EnrolmentConfig.ready). A verified list inserts its people set-based with one
audit row for the whole list, so the person's own history would otherwise say nothing about where they
came from."""

from __future__ import annotations

import datetime as dt

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from lindung.audit.selectors import HistoryEntry, user_display
from lindung.core import extensions
from lindung.enrolment.models import Batch
from lindung.enrolment.selectors import batch_list
from lindung.memberships.models import Membership

# The people a verification inserts carry its verifier and a creation time inside its transaction.
SAME_COMMIT = dt.timedelta(minutes=10)


def person_batch_history(*, user, person) -> dict[str, list[HistoryEntry]]:
    batch_ids = set(
        Membership.objects.filter(person=person, batch_id__isnull=False).values_list("batch_id", flat=True)
    )
    if not batch_ids:
        return {}
    batches = Batch.objects.filter(
        pk__in=batch_ids, verified_at__isnull=False, status__in=[Batch.Status.VERIFIED, Batch.Status.ACCEPTED]
    ).select_related("programme", "organisation", "verified_by")
    visible = set(batch_list(user=user).filter(pk__in=batch_ids).values_list("pk", flat=True))
    entries = []
    for b in batches.order_by("verified_at"):
        created_here = (
            person.created_at is not None
            and abs(person.created_at - b.verified_at) <= SAME_COMMIT
            and person.created_by_id in (None, b.verified_by_id)
        )
        what = (
            _("Masuk registri dari unggahan #%(pk)s (%(file)s, %(org)s), diverifikasi untuk %(programme)s.")
            if created_here
            else _("Didaftarkan ke %(programme)s dari unggahan #%(pk)s (%(file)s, %(org)s).")
        ) % {"pk": b.pk, "file": b.filename, "org": b.organisation.name, "programme": b.programme.name}
        entries.append(
            HistoryEntry(
                at=b.verified_at,
                actor=user_display(b.verified_by) if b.verified_by else _("Sistem"),
                actor_username=b.verified_by.get_username() if b.verified_by else "",
                action=pgettext("aksi audit", "Dibuat") if created_here else pgettext("aksi audit", "Diubah"),
                note="",
                link=reverse("enrolment:batch_detail", args=[b.pk]) if b.pk in visible else "",
                link_text=what,
                changes=[],
            )
        )
        if b.pk not in visible:
            entries[-1].note = what
    return {"enrolment": entries}


def register() -> None:
    extensions.register_provider("person_history", name="enrolment", provide=person_batch_history)
