import pytest

from lindung.compliance import imports
from lindung.compliance.models import CaseStep, Employer
from tests.compliance.conftest import NIB_SAWIT, OSS, V1, WLKP, csv, team, umk  # noqa: F401 - fixtures
from tests.e2e.conftest import HOME, login
from tests.factories import PASSWORD


@pytest.mark.e2e
def test_bpjs_list_to_warning_letter_to_permit_check_turning_green(page, e2e_regions, team, umk, tmp_path):  # noqa: F811
    """The permit office and Disnaker have loaded their lists; the BPJS branch uploads its employer list, finds
    the palm-oil company not registered, sends warning 1 (PDF letter); the permit office's check is red; the
    company registers, the branch uploads the next list, and the check turns green."""
    assert imports.employers_import(actor=team.dpmptsp_op, source="oss", data=OSS, filename="oss.csv").ok
    assert imports.employers_import(actor=team.disnaker, source="wlkp", data=WLKP, filename="wlkp.csv").ok
    first = tmp_path / "peserta-kc.csv"
    first.write_bytes(
        csv(
            [
                [
                    "NPP",
                    "NIB",
                    "Nama Perusahaan",
                    "Kode Desa",
                    "Tenaga Kerja Terdaftar",
                    "Program",
                    "Total Upah",
                ],
                ["NPP0002", "9120301000002", "Toko Sinar Jaya", V1, 12, "JKK,JKM,JHT", 12 * 4_000_000],
            ]
        )
    )

    login(page, "bpjs_lahat", PASSWORD)
    page.wait_for_url(HOME)
    page.goto("/kepatuhan/impor/")
    page.select_option("#id_source", "bpjs")
    page.set_input_files("#id_file", str(first))
    page.click("main form button[type=submit]")
    page.wait_for_selector("#import-status")
    assert "0 pemberi kerja baru, 1 diperbarui" in page.inner_text("#import-status")

    page.goto("/kepatuhan/pemberi-kerja/?kategori=PWBD")
    page.click("text=PT Sawit Makmur Lahat")
    assert "120 pekerja dilaporkan ke Disnaker" in page.inner_text("#evidence")
    page.click("text=Catat temuan dan buka kasus")
    page.wait_for_selector("#stage")
    assert page.inner_text("#stage") == "Temuan"
    page.select_option("#id_stage", "warning_1")
    page.click("main form button.primary")
    page.wait_for_selector(".alert.success")
    assert "Surat SP1/00001/16.04/" in page.inner_text(".messages")
    step = CaseStep.objects.get(stage="warning_1")
    assert page.inner_text("#deadline") == f"{step.deadline:%d-%m-%Y}"
    pdf = page.request.get(page.get_attribute(f"a[href$='/surat/{step.pk}.pdf']", "href"))
    assert pdf.status == 200 and pdf.body().startswith(b"%PDF")

    page.context.clear_cookies()
    login(page, "dpmptsp_lahat", PASSWORD)
    page.wait_for_url(HOME)
    page.goto("/kepatuhan/cek/")
    page.fill("#nib", NIB_SAWIT)
    page.click("main form button.primary")
    page.wait_for_selector("#check-answer")
    assert page.get_attribute("#check-answer", "data-compliant") == "false"
    assert "TIDAK PATUH" in page.inner_text("#check-answer")

    # The company registers all 120 workers; the branch loads its next list.
    second = tmp_path / "peserta-kc-2.csv"
    second.write_bytes(
        csv(
            [
                [
                    "NPP",
                    "NIB",
                    "Nama Perusahaan",
                    "Kode Desa",
                    "Tenaga Kerja Terdaftar",
                    "Program",
                    "Total Upah",
                ],
                ["NPP0002", "9120301000002", "Toko Sinar Jaya", V1, 12, "JKK,JKM,JHT", 12 * 4_000_000],
                ["NPP0001", NIB_SAWIT, "PT Sawit Makmur Lahat", V1, 120, "JKK,JKM,JHT,JP", 120 * 4_000_000],
            ]
        )
    )
    page.context.clear_cookies()
    login(page, "bpjs_lahat", PASSWORD)
    page.wait_for_url(HOME)
    page.goto("/kepatuhan/impor/")
    page.select_option("#id_source", "bpjs")
    page.set_input_files("#id_file", str(second))
    page.click("main form button[type=submit]")
    page.wait_for_selector("#import-status")
    assert Employer.objects.get(nib=NIB_SAWIT).category == "COMPLIANT"

    page.context.clear_cookies()
    login(page, "dpmptsp_lahat", PASSWORD)
    page.wait_for_url(HOME)
    page.goto("/kepatuhan/cek/")
    page.fill("#nib", NIB_SAWIT)
    page.click("main form button.primary")
    page.wait_for_selector("#check-answer[data-compliant=true]")
    assert "PATUH" in page.inner_text("#check-answer")
