from __future__ import annotations

import datetime as dt

from django.test import Client

from lindung.accounts.services import api_token_create
from lindung.memberships.models import Membership
from lindung.programs.models import Programme, ProgrammeFunder
from lindung.registry.models import Person
from lindung.registry.services import name_key


def api_client(user) -> Client:
    _token, secret = api_token_create(actor=None, user=user)
    return Client(HTTP_AUTHORIZATION=f"Bearer {secret}")


def make_person(nik: str, name: str, region_code: str, **kw) -> Person:
    return Person.objects.create(
        nik=nik,
        full_name=name,
        name_key=name_key(name),
        region_code=region_code,
        regency_code=region_code[:5],
        **kw,
    )


def make_programme(code: str, owner, region_code: str, **kw) -> Programme:
    defaults = dict(name=f"Program {code}", target_group="pekerja_rentan", start_date=dt.date(2024, 7, 1))
    defaults.update(kw)
    p = Programme.objects.create(code=code, owner=owner, region_code=region_code, **defaults)
    ProgrammeFunder.objects.create(programme=p, kind="apbd_kab", share_percent=100)
    return p


def enrol(person: Person, programme: Programme, status: str = "active") -> Membership:
    return Membership.objects.create(
        person=person,
        programme=programme,
        funder=programme.funders.first(),
        region_code=person.region_code,
        regency_code=person.regency_code,
        status=status,
        start_date=programme.start_date,
    )
