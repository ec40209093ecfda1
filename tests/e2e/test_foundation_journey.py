import pytest

from lindung.audit.models import AuditLog
from lindung.coverage.models import CoverageFigure
from tests.e2e.conftest import HOME, login
from tests.factories import PASSWORD
from tests.helpers import enrol, make_person, make_programme


@pytest.mark.e2e
def test_manager_sees_coverage_and_a_persons_detail(page, e2e_regions, world):
    CoverageFigure.objects.create(
        region_code="16.04",
        year=2024,
        working_population=239_799,
        working_population_source="BPJS KC Muara Enim",
        active_participants=51_398,
        active_participants_source="BPJS KC Muara Enim",
    )
    siti = make_person("1604216512900001", "Siti Aminah", "16.04.21.2008")
    make_person("1503031203850003", "Ahmad Sarolangun", "15.03.03.1001")
    enrol(siti, make_programme("lahat-rentan-2024", world.pemkab_lahat, "16.04", quota_total=21_600))

    login(page, "lahat_manager", PASSWORD)
    page.wait_for_url(HOME)
    page.click("header nav >> text=Cakupan")
    card = page.locator('.coverage-card[data-region="16.04"]')
    assert card.locator(".ucj").inner_text() == "21,43%"
    assert "Sangat rendah" in card.inner_text()
    assert page.locator(".chart svg").count() == 1

    page.click("text=Orang")
    page.fill("#person-q", "aminah")
    page.wait_for_selector("#person-table >> text=Siti Aminah")
    assert "Ahmad Sarolangun" not in page.locator("#person-table").inner_text()
    assert "160421**********" in page.locator("#person-table").inner_text()
    page.click("#person-table >> text=Siti Aminah")
    page.wait_for_selector("h1:has-text('Siti Aminah')")
    assert page.locator("#nik-value").inner_text() == "160421**********"
    assert "Kabupaten Lahat" in page.inner_text("main")
    page.click("#reveal-nik")
    page.wait_for_selector("#nik-value >> text=1604216512900001")
    assert (
        AuditLog.objects.filter(
            action="view_nik", object_type="registry.person", object_id=str(siti.pk)
        ).count()
        == 1
    )

    # Another regency's person is not reachable by URL.
    other = page.goto(f"/orang/{siti.pk + 1}/")
    assert other.status == 404
