"""Security headers on pages, exports and the API; no-store on everything dynamic; no inline script anywhere."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.test import override_settings
from django.urls import reverse

from tests.helpers import api_client

pytestmark = pytest.mark.django_db

SRC = Path(__file__).resolve().parents[2] / "src" / "lindung"


def csp_directives(response) -> dict[str, list[str]]:
    header = response["Content-Security-Policy"]
    return {d.split()[0]: d.split()[1:] for d in (p.strip() for p in header.split(";")) if d}


def test_page_headers(world, client_for):
    resp = client_for(world.lahat_manager).get(reverse("coverage:home"))
    assert resp.status_code == 200
    csp = csp_directives(resp)
    assert csp["script-src"] == ["'self'"]  # no 'unsafe-inline', no 'unsafe-eval', no other host
    assert csp["default-src"] == ["'self'"]
    assert csp["frame-ancestors"] == ["'none'"]
    assert csp["object-src"] == ["'none'"]
    assert resp["X-Frame-Options"] == "DENY"
    assert resp["Referrer-Policy"] == "same-origin"
    assert resp["X-Content-Type-Options"] == "nosniff"
    assert resp["Cross-Origin-Opener-Policy"] == "same-origin"
    assert "camera=()" in resp["Permissions-Policy"] and "geolocation=()" in resp["Permissions-Policy"]
    assert "no-store" in resp["Cache-Control"] and "private" in resp["Cache-Control"]


def test_login_page_and_api_are_not_cached_either(world):
    from django.test import Client

    login = Client().get(reverse("accounts:login"))
    assert "no-store" in login["Cache-Control"]
    api = api_client(world.lahat_manager).get("/api/v1/people")
    assert api.status_code == 200 and "no-store" in api["Cache-Control"]
    assert "Content-Security-Policy" in api


def test_exports_are_not_cached(world, client_for):
    resp = client_for(world.lahat_manager).get(reverse("registry:person_export"))
    assert resp.status_code == 200
    assert "no-store" in resp["Cache-Control"]


def test_static_files_keep_their_cache_headers(world, client_for):
    resp = client_for(world.lahat_manager).get("/static/lindung/lindung.js")
    assert resp.status_code == 200
    assert "no-store" not in resp.get("Cache-Control", "")


@override_settings(SECURE_HSTS_SECONDS=31_536_000, SECURE_HSTS_INCLUDE_SUBDOMAINS=True)
def test_hsts_on_https(world, client_for):
    resp = client_for(world.lahat_manager).get(reverse("coverage:home"), secure=True)
    assert resp["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains"


_INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*type=\"application/json\")[^>]*>", re.IGNORECASE)
_HANDLER = re.compile(r"""\son[a-z]+\s*=\s*["']""", re.IGNORECASE)
_JS_URL = re.compile(r"""(href|src|action)\s*=\s*["']\s*javascript:""", re.IGNORECASE)


def test_no_template_has_inline_script_or_event_handlers():
    """The CSP refuses inline script; a template that relies on one would silently break in the browser."""
    offenders = []
    for path in sorted(SRC.rglob("templates/**/*.html")):
        text = path.read_text(encoding="utf-8")
        for pattern in (_INLINE_SCRIPT, _HANDLER, _JS_URL):
            offenders += [f"{path.relative_to(SRC)}: {m.group(0)}" for m in pattern.finditer(text)]
    assert offenders == []


def test_the_scan_finds_what_it_looks_for():
    assert _INLINE_SCRIPT.search("<script>alert(1)</script>")
    assert not _INLINE_SCRIPT.search('<script src="/static/x.js"></script>')
    assert _HANDLER.search('<select name="language" onchange="this.form.submit()">')
    assert _JS_URL.search('<a href="javascript:void(0)">')


def test_nul_in_query_or_body_is_refused_before_any_view(world, client_for):
    page = client_for(world.lahat_manager).get(reverse("registry:person_list"), {"q": "bu\x00di"})
    assert page.status_code == 400
    assert "karakter NUL" in page.content.decode()
    c = api_client(world.lahat_manager)
    api = c.get("/api/v1/people", {"q": "\x00"})
    assert api.status_code == 422 and api.json()["code"] == "invalid_input"
    body = c.post("/api/v1/billing/run", data='{"period": "2026-01\\u0000"}', content_type="application/json")
    assert body.status_code == 422
    assert c.get("/api/v1/regions/16%00").status_code == 422
