"""Partial acceptance in the browser: the OPD verifier returns one row, the BPJS branch accepts the rows its
response gives KPJ numbers for and returns the others, the village sees the rows to fix and downloads them."""

import pytest
from playwright.sync_api import expect

from lindung.enrolment.models import BatchRow
from lindung.enrolment.services import batch_submit, batch_upload
from lindung.memberships.models import Membership
from tests.e2e.conftest import login
from tests.factories import PASSWORD

A, B, C = "1604216512900001", "1604211203850002", "1604214107920003"
STRANGER = "1604210101900099"
LIST = (
    "NIK;Nama;Tanggal Lahir;L/P;Kode Desa\n"
    f"{A};SITI AMINAH;25/12/1990;P;16.04.21.2008\n"
    f"{B};BUDI SANTOSO;12/03/1985;L;16.04.21.2008\n"
    f"{C};RINA MARLINA;01/07/1992;P;16.04.21.2008\n"
)


def as_user(page, username: str, url: str) -> None:
    page.context.clear_cookies()
    login(page, username, PASSWORD)
    page.wait_for_url(lambda u: "/akun/masuk/" not in u)
    page.goto(url)


@pytest.mark.e2e
def test_verifier_returns_a_row_branch_accepts_the_rest_village_fixes(page, e2e_regions, world, tmp_path):
    import datetime as dt

    from lindung.programs.models import Programme, ProgrammeFunder

    p = Programme.objects.create(
        code="lahat-rentan-2024",
        name="Pekerja rentan desa Lahat",
        owner=world.pemkab_lahat,
        region_code="16.04",
        target_group="pekerja_rentan",
        start_date=dt.date(2024, 7, 1),
    )
    ProgrammeFunder.objects.create(programme=p, kind="apbd_kab", share_percent=100)
    batch = batch_upload(actor=world.desa_operator, programme=p, filename="desa.csv", data=LIST.encode())
    batch_submit(actor=world.desa_operator, batch=batch)
    url = f"/pendaftaran/{batch.pk}/"

    # The OPD verifier returns row 3 with a reason, then verifies the other two.
    as_user(page, "lahat_manager", url)
    row = page.locator("#batch-rows tr[data-row='3']")
    row.locator("input[name=reason]").fill("Bukan warga desa ini")
    row.locator("button", has_text="Kembalikan baris").click()
    expect(page.locator("#batch-rows tr[data-row='3']")).to_contain_text("Dikembalikan: Bukan warga desa ini")
    expect(page.locator("#count-returned")).to_have_text("1")
    page.click("#verify-batch")
    page.wait_for_selector("#batch-status:has-text('Diverifikasi')")
    assert Membership.objects.filter(status="pending").count() == 2

    # The BPJS branch answers: a KPJ for row 1, none for row 2 (with its reason), and a NIK not in the list.
    as_user(page, "lahat_bpjs", url)
    response = tmp_path / "balasan.csv"
    response.write_text(
        f"NIK;KPJ;Alasan\n{A};24000000001;\n{B};;Data ganda di BPJS\n{STRANGER};24000000099;\n"
    )
    page.set_input_files("#kpj-file", str(response))
    page.click("#accept-batch")
    page.wait_for_selector("#batch-status:has-text('Diterima BPJS')")
    expect(page.locator("main")).to_contain_text("Diterima: 1 peserta aktif. 1 baris dikembalikan ke desa")
    expect(page.locator("#unknown-niks")).to_contain_text(
        "1 NIK di berkas balasan BPJS tidak ada di daftar ini"
    )
    expect(page.locator("#unknown-niks tbody tr")).to_have_count(1)
    assert list(Membership.objects.values_list("person__nik", "status", "kpj")) == [
        (A, "active", "24000000001")
    ]

    # The village sees both returned rows with their reasons and downloads them to fix.
    as_user(page, "desa_operator", url)
    expect(page.locator("#returned-rows h2")).to_have_text("2 baris dikembalikan untuk diperbaiki")
    page.select_option("#row-status", "returned")
    expect(page.locator("#batch-rows [data-status=returned]")).to_have_count(2)
    expect(page.locator("#batch-rows")).to_contain_text("Dikembalikan: Data ganda di BPJS")
    with page.expect_download() as dl:
        page.click("#download-returned")
    assert dl.value.suggested_filename == f"baris-dikembalikan-{batch.pk}.xlsx"
    page.click("#upload-fixed")
    expect(page.locator("#id_programme")).to_have_value("lahat-rentan-2024")
    assert set(BatchRow.objects.filter(batch=batch, status="returned").values_list("row_no", flat=True)) == {
        2,
        3,
    }
