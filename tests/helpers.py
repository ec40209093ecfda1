from __future__ import annotations

import datetime as dt
from html.parser import HTMLParser

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


class _FormParser(HTMLParser):
    """The fields a browser would send from one <form> of a page, as rendered (values, checked boxes,
    selected options, textarea text)."""

    def __init__(self, form_id: str | None, action: str | None):
        super().__init__(convert_charrefs=True)
        self.form_id, self.action = form_id, action
        self.inside = False
        self.found = False
        self.form_action = ""
        self.fields: list[tuple[str, str]] = []
        self._select: str | None = None
        self._select_first: str | None = None
        self._select_chosen = False
        self._textarea: str | None = None
        self._text: list[str] = []
        self._option: dict | None = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form" and not self.found:
            if (self.form_id and a.get("id") == self.form_id) or (
                self.action and (a.get("action") or "").split("?")[0] == self.action
            ):
                self.inside = self.found = True
                self.form_action = a.get("action") or ""
            return
        if not self.inside:
            return
        name = a.get("name")
        if tag == "input" and name and "disabled" not in a:
            kind = (a.get("type") or "text").lower()
            if kind in {"checkbox", "radio"}:
                if "checked" in a:
                    self.fields.append((name, a.get("value", "on")))
            elif kind not in {"submit", "button", "file", "image", "reset"}:
                self.fields.append((name, a.get("value") or ""))
        elif tag == "select" and name:
            self._select, self._select_first, self._select_chosen = name, None, False
        elif tag == "option" and self._select:
            self._option = a
            self._text = []
        elif tag == "textarea" and name:
            self._textarea, self._text = name, []

    def handle_data(self, data):
        if self._textarea is not None or self._option is not None:
            self._text.append(data)

    def handle_endtag(self, tag):
        if tag == "form" and self.inside:
            self.inside = False
        elif tag == "option" and self._option is not None:
            value = self._option.get("value", "".join(self._text).strip())
            if self._select_first is None:
                self._select_first = value
            if "selected" in self._option:
                self.fields.append((self._select, value))
                self._select_chosen = True
            self._option = None
        elif tag == "select" and self._select:
            if not self._select_chosen and self._select_first is not None:
                self.fields.append((self._select, self._select_first))
            self._select = None
        elif tag == "textarea" and self._textarea is not None:
            self.fields.append((self._textarea, "".join(self._text).lstrip("\n")))
            self._textarea = None


def rendered_form(
    html: str, *, form_id: str | None = None, action: str | None = None
) -> tuple[str, dict[str, list[str]]]:
    """The form's action and what submitting it unchanged would send (a dict of lists, for Client.post)."""
    parser = _FormParser(form_id, action)
    parser.feed(html)
    assert parser.found, f"form {form_id or action} not on the page"
    data: dict[str, list[str]] = {}
    for name, value in parser.fields:
        data.setdefault(name, []).append(value)
    return parser.form_action, data
