"""Each duty's home page in headless Chromium (issue 13): what a village operator, a manager, the BPJS
branch, BPKAD and the national administrator land on after logging in; screenshots are kept under
``LINDUNG_SCREENSHOTS`` when it is set (to look at them), and no page is wider than a phone."""

import datetime as dt
import os
from pathlib import Path

import pytest

from lindung.billing import services
from lindung.programs.models import VillageQuota
from tests.accounts.test_home_pages import _batch
from tests.billing.conftest import people
from tests.e2e.conftest import HOME, login
from tests.factories import LAHAT_DESA, PASSWORD
from tests.helpers import make_programme

D = dt.date


@pytest.mark.e2e
def test_each_duty_lands_on_its_work(browser, live_server, e2e_regions, world):
    lahat = make_programme(
        "lahat-bpu", world.pemkab_lahat, "16.04", start_date=D(2026, 1, 1), name="BPU Lahat"
    )
    VillageQuota.objects.create(programme=lahat, region_code=LAHAT_DESA, quota=60)
    people(lahat, 4)
    services.billing_run(actor=world.lahat_manager, programme=lahat, period=D(2026, 1, 1))
    _batch(lahat, world.desa, world.desa_operator, "draft", rejection_reason="NIK baris 3 salah", rejected=3)
    _batch(lahat, world.desa, world.desa_operator, "submitted", days=5, rows=60)
    _batch(lahat, world.desa, world.desa_operator, "verified", days=2, rows=58)
    shots = os.environ.get("LINDUNG_SCREENSHOTS")
    expected = {
        "desa_operator": "#home-to-fix",
        "lahat_manager": "#home-decisions",
        "lahat_bpjs": "#queue-accept",
        "lahat_finance": "#home-budget",
        "admin": "#national-table",
    }
    for width in (1280, 390):
        context = browser.new_context(
            base_url=live_server.url, locale="id-ID", viewport={"width": width, "height": 900}
        )
        page = context.new_page()
        page.set_default_timeout(15_000)
        for username, selector in expected.items():
            context.clear_cookies()
            login(page, username, PASSWORD)
            page.wait_for_url(HOME)
            page.wait_for_selector(selector)
            if shots:
                Path(shots).mkdir(parents=True, exist_ok=True)
                page.screenshot(path=f"{shots}/home-{username}-{width}.png", full_page=True)
            wide = page.evaluate(
                "() => Array.from(document.querySelectorAll('body *'))"
                ".filter(e => e.getBoundingClientRect().right > window.innerWidth + 1 && !e.closest('.table-scroll'))"
                ".slice(0, 5).map(e => e.tagName + '#' + e.id + '.' + e.className)"
            )
            assert page.evaluate("document.documentElement.scrollWidth") <= width, (username, width, wide)
        # the admin's search narrows the national table in place
        page.fill("#national-q", "sarolangun")
        page.wait_for_selector('#national-table tr[data-region="16.04"]', state="detached")
        assert page.locator("#national-table tbody tr").count() == 1
        assert "Sarolangun" in page.inner_text("#national-table")
        context.close()
