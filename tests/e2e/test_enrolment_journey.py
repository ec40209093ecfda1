import os
from pathlib import Path

import pytest
from playwright.sync_api import expect

from lindung.accounts.services import organisation_create, user_create
from lindung.memberships.models import Membership
from tests.e2e.conftest import HOME, login
from tests.enrolment.conftest import SAMPLES
from tests.factories import PASSWORD

FIXED = (
    "NIK;Nama;Tanggal Lahir;L/P;Kode Desa\n"
    "1604216512900001;SITI AMINAH;25/12/1990;P;16.04.21.2008\n"
    "1604211203850002;BUDI SANTOSO;12/03/1985;L;16.04.21.2008\n"
)


@pytest.mark.e2e
def test_village_list_from_upload_to_active_participants(page, e2e_regions, world, tmp_path):
    import datetime as dt

    from lindung.programs.models import Programme, ProgrammeFunder
    from lindung.programs.services import village_quotas_generate

    p = Programme.objects.create(
        code="lahat-rentan-2024",
        name="Pekerja rentan desa Lahat",
        owner=world.pemkab_lahat,
        region_code="16.04",
        target_group="pekerja_rentan",
        start_date=dt.date(2024, 7, 1),
    )
    ProgrammeFunder.objects.create(programme=p, kind="apbd_kab", share_percent=100)
    village_quotas_generate(actor=world.lahat_manager, programme=p, quota_per_village=60)
    kc = organisation_create(
        actor=None, code="kc-muaraenim", name="BPJS KC Muara Enim", kind="bpjs_kc", area_codes=["16.04"]
    )
    user_create(actor=None, username="kc_me", password=PASSWORD, organisation=kc, role="verifier")

    # The village operator uploads the list as the village made it, and sees every problem.
    login(page, "desa_operator", PASSWORD)
    page.wait_for_url(HOME)
    page.goto("/pendaftaran/unggah/?program=lahat-rentan-2024")
    page.set_input_files("#id_file", str(SAMPLES / "desa-lahat.xlsx"))
    page.click("main button[type=submit]")
    page.wait_for_selector("#count-rows")
    assert page.inner_text("#count-rows") == "60"
    assert "NIK tersimpan sebagai angka oleh Excel" in page.inner_text("#batch-rows")
    page.select_option("#row-status", "rejected")
    # (a locator, not wait_for_function: the Content-Security-Policy refuses script evaluated from a string)
    expect(page.locator("#batch-rows [data-status=valid]")).to_have_count(0)
    with page.expect_download() as dl:
        page.click("#download-report")
    assert dl.value.suggested_filename.endswith(".xlsx")

    # The corrected file replaces the draft, then it is submitted.
    fixed = tmp_path / "perbaikan.csv"
    fixed.write_text(FIXED)
    page.set_input_files("#replace-file", str(fixed))
    page.click("text=Periksa ulang")
    page.wait_for_selector("#count-rows:has-text('2')")
    assert page.inner_text("#count-rejected") == "0"
    page.click("#submit-batch")
    page.wait_for_selector("#batch-status:has-text('Diajukan')")
    url = page.url

    # The regency verifies (people enter the registry), BPJS accepts with its KPJ response file.
    page.context.clear_cookies()
    login(page, "lahat_manager", PASSWORD)
    page.wait_for_url(HOME)
    page.goto(url)
    page.click("#verify-batch")
    page.wait_for_selector("#batch-status:has-text('Diverifikasi')")
    assert Membership.objects.filter(status="pending").count() == 2

    page.context.clear_cookies()
    login(page, "kc_me", PASSWORD)
    page.wait_for_url(HOME)
    page.goto(url)
    kpj = tmp_path / "balasan.csv"
    kpj.write_text("NIK;KPJ\n1604216512900001;24000000001\n1604211203850002;24000000002\n")
    page.set_input_files("#kpj-file", str(kpj))
    page.click("#accept-batch")
    page.wait_for_selector("#batch-status:has-text('Diterima')")
    assert "KPJ 24000000001" in page.inner_text("#batch-rows")  # read from the membership (decision 84)
    if shots := os.environ.get("LINDUNG_SCREENSHOTS"):
        Path(shots).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=f"{shots}/batch-accepted-kc.png", full_page=True)
    assert set(Membership.objects.values_list("status", flat=True)) == {"active"}
    page.goto("/program/lahat-rentan-2024/")
    assert page.inner_text("#active-count") == "2"
    cards = page.request.get("/peserta/lahat-rentan-2024/kartu/16.04.21.2008.pdf")
    assert cards.status == 200 and cards.headers["content-type"] == "application/pdf"
    assert cards.body().startswith(b"%PDF")
