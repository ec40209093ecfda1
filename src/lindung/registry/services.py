"""Writes to the people registry. Every write is validated, audited, and stays inside the actor's area."""

from __future__ import annotations

import datetime as dt
import re

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from lindung.accounts.permissions import can_edit_person
from lindung.audit.services import audit_created, model_update
from lindung.core.errors import ApplicationError
from lindung.core.limits import MAX_MONTHLY_INCOME, MIN_BIRTH_DATE, check_amount, check_lengths
from lindung.regions.models import Region
from lindung.regions.selectors import region_in_area
from lindung.registry.models import Person
from lindung.registry.nik import nik_check

_NON_ALNUM = re.compile(r"[^a-z0-9]+")


def name_key(full_name: str) -> str:
    """Lower-case letters and digits separated by single spaces: the key for search and duplicate checks."""
    return _NON_ALNUM.sub(" ", full_name.lower()).strip()


def _check_region(*, actor, region_code: str) -> Region:
    region = region_in_area(user=actor, code=region_code, village=True)
    if not can_edit_person(actor, region.code):
        raise ApplicationError(_("Peran Anda tidak dapat mengubah data orang."), code="forbidden")
    return region


def _check_fields(*, full_name: str, birth_date: dt.date | None, monthly_income: int | None) -> None:
    if not full_name.strip():
        raise ApplicationError(_("Nama lengkap wajib diisi."), code="name_required")
    if birth_date and birth_date > dt.date.today():
        raise ApplicationError(_("Tanggal lahir tidak boleh di masa depan."), code="birth_date_future")
    if birth_date and birth_date < MIN_BIRTH_DATE:
        raise ApplicationError(
            _("Tanggal lahir sebelum tahun 1900 tidak masuk akal."), code="birth_date_past"
        )
    if monthly_income is not None and monthly_income < 0:
        raise ApplicationError(_("Penghasilan per bulan tidak boleh negatif."), code="income_negative")
    check_amount(monthly_income, label=_("Penghasilan per bulan"), maximum=MAX_MONTHLY_INCOME)


def person_create(
    *,
    actor,
    nik: str,
    full_name: str,
    region_code: str,
    birth_date: dt.date | None = None,
    sex: str = "",
    birth_place: str = "",
    kk_number: str = "",
    mother_maiden_name: str = "",
    address: str = "",
    phone: str = "",
    occupation: str = "",
    monthly_income: int | None = None,
) -> tuple[Person, list[str]]:
    """Registers a person. Returns the person and the NIK warnings (shown to the user, not blocking)."""
    check = nik_check(
        nik,
        birth_date=birth_date,
        sex=sex or None,
        region_code=region_code,
        reference_date=timezone.localdate(),
    )
    if not check.valid:
        raise ApplicationError(
            " ".join(check.error_messages), code="nik_invalid", extra={"errors": check.errors}
        )
    _check_fields(full_name=full_name, birth_date=birth_date, monthly_income=monthly_income)
    region = _check_region(actor=actor, region_code=region_code)
    if Person.objects.filter(nik=check.nik).exists():
        raise ApplicationError(_("NIK ini sudah terdaftar di registri."), code="nik_taken")
    person = Person(
        nik=check.nik,
        full_name=" ".join(full_name.split()),
        name_key=name_key(full_name),
        region_code=region.code,
        regency_code=region.code[:5],
        birth_date=birth_date or check.birth_date,
        sex=sex or (check.sex or ""),
        birth_place=birth_place.strip(),
        kk_number=kk_number.strip(),
        mother_maiden_name=mother_maiden_name.strip(),
        address=address.strip(),
        phone=phone.strip(),
        occupation=occupation.strip(),
        monthly_income=monthly_income,
        created_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    check_lengths(Person, {f.name: getattr(person, f.name) for f in Person._meta.concrete_fields})
    person.full_clean(exclude=["name_key", "regency_code"])
    try:
        with transaction.atomic():
            person.save()
            audit_created(
                actor=actor,
                instance=person,
                fields=[
                    "nik",
                    "full_name",
                    "birth_date",
                    "sex",
                    "region_code",
                    "occupation",
                    "monthly_income",
                ],
            )
    except IntegrityError as exc:
        raise ApplicationError(_("NIK ini sudah terdaftar di registri."), code="nik_taken") from exc
    return person, check.warning_messages


EDITABLE = (
    "full_name",
    "birth_place",
    "birth_date",
    "sex",
    "kk_number",
    "mother_maiden_name",
    "address",
    "region_code",
    "phone",
    "occupation",
    "monthly_income",
)


def person_update(*, actor, person: Person, data: dict) -> tuple[list[str], list[str]]:
    """Changes a person's details (not the NIK: that goes through a data-correction request).

    Returns (changed field names, NIK warnings for the new details).
    """
    if not can_edit_person(actor, person.region_code):
        raise ApplicationError(_("Peran Anda tidak dapat mengubah data orang."), code="forbidden")
    unknown = set(data) - set(EDITABLE)
    if unknown:
        raise ApplicationError(
            _("Kolom tidak dapat diubah di sini: %(fields)s.") % {"fields": ", ".join(sorted(unknown))},
            code="not_editable",
        )
    merged = {name: data.get(name, getattr(person, name)) for name in EDITABLE}
    _check_fields(
        full_name=merged["full_name"],
        birth_date=merged["birth_date"],
        monthly_income=merged["monthly_income"],
    )
    if "region_code" in data and data["region_code"] != person.region_code:
        region = _check_region(actor=actor, region_code=data["region_code"])
        data = {**data, "regency_code": region.code[:5]}
    if "full_name" in data:
        data = {
            **data,
            "full_name": " ".join(data["full_name"].split()),
            "name_key": name_key(data["full_name"]),
        }
    check = nik_check(
        person.nik,
        birth_date=merged["birth_date"],
        sex=merged["sex"] or None,
        region_code=merged["region_code"],
        reference_date=timezone.localdate(),
    )
    check_lengths(Person, data)
    with transaction.atomic():
        changed = model_update(instance=person, data=data, actor=actor)
    return changed, check.warning_messages
