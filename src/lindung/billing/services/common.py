"""What every money service checks first: the actor's duty and the programme's area."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone
from django.utils.translation import gettext as _

from lindung.core.errors import ApplicationError
from lindung.core.scoping import code_in_area, user_area_codes
from lindung.programs.models import Programme


def today() -> dt.date:
    return timezone.localdate()


def require(ok: bool, message: str | None = None) -> None:
    """Refuses with ``forbidden`` unless ``ok`` (the answer of a predicate in accounts.permissions)."""
    if not ok:
        raise ApplicationError(message or _("Anda tidak berwenang melakukan ini."), code="forbidden")


def check_programme_in_area(actor, programme: Programme) -> None:
    """The programme's region must lie inside the actor's area (``actor=None``: the system itself)."""
    if actor is not None and not code_in_area(programme.region_code, user_area_codes(actor)):
        raise ApplicationError(
            _("Program %(code)s di luar wilayah kerja Anda.") % {"code": programme.code}, code="outside_area"
        )


def user_or_none(actor):
    """The user to store on a record (``run_by``, ``recorded_by``): None for the system or a token-less call."""
    return actor if getattr(actor, "is_authenticated", False) else None
