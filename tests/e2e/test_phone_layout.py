"""Pages fit a 390 px phone (tables scroll in their own box, never the page) and the language switch sits
on the header's first row, at phone and desktop widths."""

import datetime as dt
from pathlib import Path

import pytest

from tests.e2e.conftest import HOME, login
from tests.factories import PASSWORD

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


@pytest.mark.e2e
def test_batch_programme_and_people_pages_fit_a_phone(browser, live_server, e2e_regions, world):
    from lindung.enrolment.services import batch_upload
    from lindung.programs.models import Programme, ProgrammeFunder
    from lindung.programs.services import village_quotas_generate

    p = Programme.objects.create(
        code="lahat-rentan-2024",
        name="Pekerja rentan desa Kabupaten Lahat",
        owner=world.pemkab_lahat,
        region_code="16.04",
        target_group="pekerja_rentan",
        start_date=dt.date(2024, 7, 1),
    )
    ProgrammeFunder.objects.create(programme=p, kind="apbd_kab", share_percent=100)
    village_quotas_generate(actor=world.lahat_manager, programme=p, quota_per_village=60)
    batch = batch_upload(
        actor=world.desa_operator,
        programme=p,
        filename="desa-lahat.xlsx",
        data=(EXAMPLES / "desa-lahat.xlsx").read_bytes(),
    )
    for width in (390, 1280):
        context = browser.new_context(
            base_url=live_server.url, locale="id-ID", viewport={"width": width, "height": 844}
        )
        page = context.new_page()
        page.set_default_timeout(15_000)
        login(page, "desa_operator", PASSWORD)
        page.wait_for_url(HOME)
        for url in ("/", f"/pendaftaran/{batch.pk}/", "/program/lahat-rentan-2024/", "/orang/"):
            page.goto(url)
            assert page.evaluate("document.documentElement.scrollWidth") <= width, (width, url)
            lang = page.locator("header select[name=language]").bounding_box()
            nav = page.locator("header nav").bounding_box()
            assert lang["y"] + lang["height"] <= nav["y"] + 1, (width, url)  # first row, above the menu
        # The rows table is wider than a phone: it scrolls inside its card.
        if width == 390:
            page.goto(f"/pendaftaran/{batch.pk}/")
            assert page.evaluate("document.querySelector('#batch-rows table').scrollWidth") > 390
        context.close()
