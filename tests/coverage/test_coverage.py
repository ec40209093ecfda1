import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse

from lindung.audit.models import AuditLog
from lindung.core.errors import ApplicationError
from lindung.coverage.models import CoverageBand, CoverageFigure, CoverageTarget
from lindung.coverage.selectors import band_for, ucj_percent
from lindung.coverage.services import coverage_figure_set, coverage_target_set
from tests.helpers import api_client, enrol, make_person, make_programme


@pytest.fixture
def figures(world):
    CoverageFigure.objects.create(
        region_code="16.04",
        year=2024,
        working_population=239_799,
        working_population_source="BPJS KC Muara Enim",
        active_participants=51_398,
        active_participants_source="BPJS KC Muara Enim",
    )
    CoverageFigure.objects.create(
        region_code="15.03",
        year=2023,
        working_population=135_000,
        working_population_source="x",
        active_participants=55_134,
        active_participants_source="x",
    )
    CoverageTarget.objects.create(region_code="15.03", year=2024, target_percent=65)
    CoverageTarget.objects.create(region_code="15.03", year=2025, target_percent=100)


def test_ucj_math_and_bands(db):
    bands = list(CoverageBand.objects.order_by("min_percent"))
    lahat = ucj_percent(51_398, 239_799)
    assert lahat == Decimal("21.4338")
    assert band_for(lahat, bands).name == "Sangat rendah"
    saro = ucj_percent(55_134, 135_000)
    assert saro == Decimal("40.8400")
    assert band_for(saro, bands).name == "Rendah"
    assert ucj_percent(10, 0) is None and ucj_percent(None, 10) is None


@pytest.mark.django_db
def test_home_shows_seed_figures_for_each_area(world, figures, client_for):
    html = client_for(world.lahat_manager).get(reverse("coverage:home")).content.decode()
    assert "21,43%" in html and "239.799" in html and "51.398" in html and "Sangat rendah" in html
    assert "40,84%" not in html
    html = client_for(world.sarolangun_manager).get(reverse("coverage:home")).content.decode()
    assert "40,84%" in html and "Rendah" in html and "21,43%" not in html
    assert "<svg" in html and "Target 2025: 100,00%" in html


@pytest.mark.django_db
def test_home_counts_lindung_participants_by_group_and_funder(world, client_for):
    p = make_programme("lahat-uji", world.pemkab_lahat, "16.04", start_date=dt.date(2024, 7, 1))
    enrol(make_person("1604216512900001", "Siti", "16.04.21.2008"), p)
    enrol(make_person("1604216512900002", "Ani", "16.04.21.2008"), p, status="ended")
    html = client_for(world.lahat_manager).get(reverse("coverage:home")).content.decode()
    assert "Pekerja rentan desa/kelurahan" in html and "APBD Kabupaten/Kota" in html
    assert "(peserta program di Lindung)" in html


@pytest.mark.django_db
def test_region_page_permitted_and_outsider(world, figures, client_for):
    url = reverse("coverage:region_detail", args=["15.03"])
    html = client_for(world.sarolangun_manager).get(url, {"tahun": "2023"}).content.decode()
    assert "40,84%" in html and "65,00%" in html
    assert client_for(world.lahat_manager).get(url).status_code == 404


@pytest.mark.django_db
def test_figure_and_target_services_validate_and_audit(world):
    fig = coverage_figure_set(
        actor=world.lahat_manager,
        region_code="16.04",
        year=2024,
        working_population=239_799,
        working_population_source="BPS Sakernas Agustus 2024",
    )
    coverage_figure_set(
        actor=world.lahat_bpjs,
        region_code="16.04",
        year=2024,
        active_participants=51_398,
        active_participants_source="BPJS KC Muara Enim",
    )
    fig.refresh_from_db()
    assert (fig.working_population, fig.active_participants) == (239_799, 51_398)
    assert AuditLog.objects.filter(object_type="coverage.coveragefigure", object_id=str(fig.pk)).count() == 2
    with pytest.raises(ApplicationError, match="Sebutkan sumber angka penduduk bekerja"):
        coverage_figure_set(actor=world.lahat_manager, region_code="16.04", year=2025, working_population=1)
    with pytest.raises(ApplicationError, match="di luar wilayah kerja Anda"):
        coverage_figure_set(
            actor=world.lahat_manager,
            region_code="15.03",
            year=2024,
            working_population=1,
            working_population_source="x",
        )
    with pytest.raises(ApplicationError, match="Target UCJ harus lebih dari 0% dan paling banyak 100%."):
        coverage_target_set(actor=world.lahat_manager, region_code="16.04", year=2025, target_percent="120")
    t = coverage_target_set(actor=world.lahat_manager, region_code="16.04", year=2025, target_percent="40,5")
    assert t.target_percent == Decimal("40.5")
    assert not CoverageFigure.objects.filter(year=2025).exists()


@pytest.mark.django_db
def test_forms_respect_roles(world, client_for):
    url = reverse("coverage:figure_set", args=["16.04"])
    data = {"year": "2024", "working_population": "239799", "working_population_source": "BPS"}
    assert client_for(world.lahat_viewer).post(url, data).status_code == 403
    assert client_for(world.sarolangun_manager).post(url, data).status_code == 404
    client_for(world.lahat_manager).post(url, data)
    assert CoverageFigure.objects.get(region_code="16.04", year=2024).working_population == 239_799
    client_for(world.lahat_manager).post(
        reverse("coverage:target_set", args=["16.04"]), {"year": "2025", "target_percent": "40"}
    )
    assert CoverageTarget.objects.get(region_code="16.04", year=2025).target_percent == 40


@pytest.mark.django_db
def test_coverage_api(world, figures):
    data = api_client(world.kc_verifier).get("/api/v1/coverage", {"region": "16.05", "year": 2024}).json()
    assert data["region_name"] == "Kabupaten Musi Rawas" and data["ucj_percent"] is None
    data = api_client(world.lahat_manager).get("/api/v1/coverage", {"region": "16.04", "year": 2024}).json()
    assert (
        data["ucj_percent"] == "21.43" and data["ucj_display"] == "21,43%" and data["band"] == "Sangat rendah"
    )
    assert data["working_population"] == 239_799 and data["active_participants"] == 51_398
    assert api_client(world.lahat_manager).get("/api/v1/coverage", {"region": "15.03"}).status_code == 404
    assert api_client(world.lahat_manager).get("/api/v1/coverage").status_code == 422


@pytest.mark.django_db
def test_province_users_get_a_table_of_their_regencies(world, figures, client_for):
    from lindung.accounts.services import organisation_create, user_create

    org = organisation_create(
        actor=None, code="pemprov-sumsel", name="Pemprov Sumsel", kind="pemprov", area_codes=["16"]
    )
    user = user_create(actor=None, username="sumsel", password="x-12345678", organisation=org, role="manager")
    html = client_for(user).get(reverse("coverage:home")).content.decode()
    assert 'data-region="16.04"' in html and "21,43%" in html
    assert 'data-region="15.03"' not in html
