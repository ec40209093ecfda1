"""The API docs page works offline in Chromium: every asset comes from this server and loads (200), Swagger UI
renders the operations, and the Content-Security-Policy blocks nothing on it or on the language switch."""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest

from tests.e2e.conftest import HOME, login
from tests.factories import PASSWORD


@pytest.mark.e2e
def test_api_docs_render_from_our_own_assets(page, e2e_regions, world, live_server):
    responses, failed, violations = [], [], []
    page.on("response", lambda r: responses.append((r.url, r.status)))
    page.on("requestfailed", lambda r: failed.append(r.url))
    page.on("console", lambda m: violations.append(m.text) if "Content Security Policy" in m.text else None)

    login(page, "lahat_manager", PASSWORD)
    page.wait_for_url(HOME)
    page.goto("/api/v1/docs")
    page.wait_for_selector(".opblock-summary-path", timeout=20_000)  # Swagger UI drew the operations
    assert "/api/v1/people" in page.locator("#swagger-ui").inner_text()

    host = urlsplit(live_server.url).netloc
    assert [url for url, _ in responses if urlsplit(url).netloc not in {host, ""}] == []
    assets = {url: status for url, status in responses if "/static/ninja/" in url or "openapi.json" in url}
    assert {urlsplit(u).path for u in assets} >= {
        "/static/ninja/swagger-ui.css",
        "/static/ninja/swagger-ui-bundle.js",
        "/static/ninja/swagger-ui-init.js",
        "/api/v1/openapi.json",
    }
    assert set(assets.values()) == {200}
    assert failed == [] and violations == []


@pytest.mark.e2e
def test_language_switch_works_without_inline_script(page, e2e_regions, world):
    violations = []
    page.on("console", lambda m: violations.append(m.text) if "Content Security Policy" in m.text else None)
    login(page, "lahat_manager", PASSWORD)
    page.wait_for_url(HOME)
    with page.expect_navigation():  # the script of our own submits the form when the choice changes
        page.select_option("select[name=language]", "en")
    assert "Log out" in page.locator("header").inner_text()
    with page.expect_navigation():
        page.select_option("select[name=language]", "id")
    assert "Keluar" in page.locator("header").inner_text()
    assert violations == []
