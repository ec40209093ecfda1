"""API docs and schema behind login, served from installed packages; no page refers to another host."""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter, deque
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit

import pytest
from django.test import Client

from lindung.billing import services as billing
from tests.billing.conftest import people
from tests.helpers import api_client, make_programme

pytestmark = pytest.mark.django_db


def test_docs_and_schema_refuse_anonymous_visitors():
    c = Client()
    docs = c.get("/api/v1/docs")
    assert docs.status_code == 302 and docs["Location"].startswith("/akun/masuk/?next=/api/v1/docs")
    schema = c.get("/api/v1/openapi.json")
    assert schema.status_code == 401
    assert schema.json()["code"] == "unauthorized"
    bad_token = Client(HTTP_AUTHORIZATION="Bearer bukan-token").get("/api/v1/openapi.json")
    assert bad_token.status_code == 401


def test_docs_and_schema_for_a_session_or_a_token(world, client_for):
    c = client_for(world.desa_operator)
    docs = c.get("/api/v1/docs")
    assert docs.status_code == 200
    html = docs.content.decode()
    assert "/static/ninja/swagger-ui-bundle.js" in html and "/static/ninja/swagger-ui.css" in html
    assert "cdn" not in html.lower()
    assert c.get("/api/v1/openapi.json").json()["info"]["title"] == "Lindung API"
    assert api_client(world.desa_operator).get("/api/v1/openapi.json").status_code == 200
    # The assets come from the installed django-ninja package through the static files.
    for asset in ("/static/ninja/swagger-ui-bundle.js", "/static/ninja/swagger-ui-init.js"):
        resp = c.get(asset)
        assert resp.status_code == 200
        assert b"".join(resp.streaming_content if resp.streaming else [resp.content])


class Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.urls: list[tuple[str, str, str]] = []  # (tag, attribute, value)
        self.inline_scripts = 0
        self.handlers: list[str] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        for name in ("src", "href", "action", "formaction", "poster", "data"):
            if attrs.get(name):
                self.urls.append((tag, name, attrs[name]))
        if tag == "script" and not attrs.get("src") and attrs.get("type") != "application/json":
            self.inline_scripts += 1
        self.handlers += [f"<{tag} {k}>" for k in attrs if k.startswith("on")]


def external(url: str) -> bool:
    parts = urlsplit(url)
    if parts.scheme in {"mailto", "tel"}:
        return False
    return bool(parts.scheme in {"http", "https"} or url.startswith("//")) and parts.hostname != "testserver"


@pytest.fixture
def some_data(world):
    programme = make_programme("lahat-bpu", world.pemkab_lahat, "16.04", start_date=dt.date(2026, 1, 1))
    people(programme, 3)
    billing.billing_run(actor=world.lahat_manager, programme=programme, period=dt.date(2026, 3, 1))
    return programme


def shape(path: str) -> str:
    """/wilayah/16.04/ and /wilayah/11.01/ have one shape: the crawl visits two pages of each."""
    return re.sub(r"/[0-9][0-9.]*(?=/)", "/N", path)


def crawl(client: Client, start: list[str], limit: int = 120) -> dict[str, Links]:
    seen: dict[str, Links] = {}
    queue = deque(start)
    visited_paths: set[str] = set()
    shapes: Counter[str] = Counter()
    while queue and len(seen) < limit:
        url = queue.popleft()
        path = urlsplit(url).path
        if path in visited_paths or shapes[shape(path)] >= 2 or path.startswith(("/i18n/", "/static/")):
            continue
        visited_paths.add(path)
        shapes[shape(path)] += 1
        resp = client.get(url)
        if resp.status_code == 302:
            queue.append(urljoin(url, resp["Location"]))
            continue
        if resp.status_code != 200 or not resp["Content-Type"].startswith("text/html"):
            continue
        parser = Links()
        parser.feed(resp.content.decode())
        seen[url] = parser
        for _tag, attr, value in parser.urls:
            if attr == "href" and not external(value) and not value.startswith(("#", "mailto:")):
                queue.append(urljoin(url, value))
    return seen


def test_no_page_refers_to_another_host_or_runs_inline_script(world, some_data, client_for):
    pages = crawl(client_for(world.admin), ["/", "/api/v1/docs", "/audit/ekspor/"])
    pages.update({f"operator {k}": v for k, v in crawl(client_for(world.desa_operator), ["/"]).items()})
    assert len(pages) >= 50  # the crawl really went through the application
    found = [
        f"{page}: <{tag} {attr}={value}>"
        for page, links in pages.items()
        for tag, attr, value in links.urls
        if external(value)
    ]
    assert found == []
    assert [page for page, links in pages.items() if links.inline_scripts] == []
    assert [f"{page}: {links.handlers}" for page, links in pages.items() if links.handlers] == []


def test_the_external_url_check_recognises_other_hosts():
    assert external("https://cdn.jsdelivr.net/npm/swagger-ui-dist/swagger-ui.css")
    assert external("//unpkg.com/htmx.org")
    assert not external("/static/ninja/swagger-ui.css")
    assert not external("http://testserver/orang/")
