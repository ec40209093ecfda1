"""Coverage: Lindung fallback, aggregates per level, query budget, roles, htmx, API scoping."""

import re

import pytest
from django.test import Client
from django.urls import reverse

from lindung.accounts.services import organisation_create, user_create
from lindung.core.errors import ApplicationError
from lindung.coverage.models import CoverageBand, CoverageFigure, CoverageTarget
from lindung.coverage.selectors import _active_counts, coverage_get
from lindung.coverage.services import coverage_figure_set, coverage_target_set
from tests.helpers import api_client, enrol, make_person, make_programme

LAHAT_DESA = "16.04.21.2008"


@pytest.fixture
def lahat_members(world):
    p = make_programme("lahat-uji", world.pemkab_lahat, "16.04")
    enrol(make_person("1604216512900001", "Siti", LAHAT_DESA), p)
    enrol(make_person("1604216512900002", "Ani", LAHAT_DESA), p)
    enrol(make_person("1604010101900003", "Budi", "16.04.01.2001"), p)
    enrol(make_person("1604010101900004", "Dedi", "16.04.01.2001"), p, status="lapsed")
    q = make_programme("mura-uji", world.kc_lubuklinggau, "16.05", target_group="non_asn")
    enrol(make_person("1605010101900005", "Eko", "16.05.01.2001"), q)
    return p


@pytest.fixture
def sumsel_manager(db):
    org = organisation_create(
        actor=None, code="pemprov-sumsel", name="Pemprov Sumsel", kind="pemprov", area_codes=["16"]
    )
    return user_create(actor=None, username="sumsel", password="x-12345678", organisation=org, role="manager")


@pytest.mark.django_db
def test_active_counts_per_level_in_grouped_queries(world, lahat_members, django_assert_num_queries):
    codes = ["16", "16.04", "16.05", "15.03", "16.04.21", LAHAT_DESA, "16.04.01.2001"]
    with django_assert_num_queries(4):  # one per code length (2, 5, 8, 13)
        counts = _active_counts(codes)
    assert counts == {"16": 4, "16.04": 3, "16.05": 1, "16.04.21": 2, LAHAT_DESA: 2, "16.04.01.2001": 1}


@pytest.mark.django_db
def test_lindung_count_is_used_when_bpjs_figure_is_missing(world, lahat_members, client_for):
    CoverageFigure.objects.create(
        region_code="16.04", year=2024, working_population=300, working_population_source="BPS Sakernas"
    )
    c = coverage_get(user=world.lahat_manager, code="16.04", year=2024)
    assert (c.numerator, c.numerator_is_bpjs, c.ucj_display, c.band.name) == (
        3,
        False,
        "1,00%",
        "Sangat rendah",
    )
    html = client_for(world.lahat_manager).get(reverse("coverage:home")).content.decode()
    assert "1,00%" in html and "(peserta program di Lindung)" in html
    coverage_figure_set(
        actor=world.lahat_bpjs,
        region_code="16.04",
        year=2024,
        active_participants=150,
        active_participants_source="BPJS KC Muara Enim Desember 2024",
    )
    c = coverage_get(user=world.lahat_manager, code="16.04", year=2024)
    assert (c.numerator, c.numerator_is_bpjs, c.ucj_display, c.band.name) == (150, True, "50,00%", "Sedang")
    assert c.active_in_lindung == 3


@pytest.mark.django_db
def test_bands_are_data(world):
    CoverageFigure.objects.create(
        region_code="15.03",
        year=2023,
        working_population=135_000,
        working_population_source="BPS",
        active_participants=55_134,
        active_participants_source="BPJS KC Sarolangun",
    )
    assert coverage_get(user=world.sarolangun_manager, code="15.03").band.name == "Rendah"
    CoverageBand.objects.filter(name="Sedang").update(min_percent=40)
    c = coverage_get(user=world.sarolangun_manager, code="15.03")
    assert (c.ucj_display, c.band.name) == ("40,84%", "Sedang")


@pytest.mark.django_db
def test_trend_has_ucj_and_target_per_year(world, client_for):
    for year, active in ((2022, 40_000), (2023, 55_134)):
        CoverageFigure.objects.create(
            region_code="15.03",
            year=year,
            working_population=135_000,
            working_population_source="BPS",
            active_participants=active,
            active_participants_source="BPJS",
        )
    CoverageTarget.objects.create(region_code="15.03", year=2024, target_percent=65)
    CoverageTarget.objects.create(region_code="15.03", year=2025, target_percent=100)
    c = coverage_get(user=world.sarolangun_manager, code="15.03")
    assert c.year == 2023
    assert [(t["year"], str(t["ucj"]) if t["ucj"] else None, t["target"]) for t in c.trend] == [
        (2022, "29.6296", None),
        (2023, "40.8400", None),
        (2024, None, 65),
        (2025, None, 100),
    ]
    html = (
        client_for(world.sarolangun_manager)
        .get(reverse("coverage:region_detail", args=["15.03"]))
        .content.decode()
    )
    assert html.count("<polyline") == 2  # UCJ line and target line
    assert "UCJ 2022: 29,63%" in html and "Target 2025: 100,00%" in html


@pytest.mark.django_db
def test_branch_office_gets_a_card_per_regency_it_serves(world, lahat_members, client_for):
    html = client_for(world.kc_verifier).get(reverse("coverage:home")).content.decode()
    for code in ("16.05", "16.13", "16.73"):
        assert f'data-region="{code}"' in html
    assert 'data-region="16.04"' not in html
    # Breakdowns only count the branch's area: 1 non-ASN member in Musi Rawas, none of Lahat's 3.
    assert "Pegawai non-ASN (termasuk guru honorer)" in html and "Pekerja rentan desa/kelurahan" not in html


@pytest.mark.django_db
def test_query_budget_national_and_province(
    world, sumsel_manager, lahat_members, client_for, django_assert_max_num_queries
):
    CoverageFigure.objects.bulk_create(
        [
            CoverageFigure(
                region_code=code, year=2024, working_population=1000, working_population_source="BPS"
            )
            for code in ("16.04", "16.05", "16.06", "16.07", "16")
        ]
    )
    for user, url in (
        (world.admin, reverse("coverage:national")),
        (sumsel_manager, reverse("coverage:home")),
    ):
        c = client_for(user)
        with django_assert_max_num_queries(
            17
        ):  # measured: national 9, province 17 (one for the claims panel)
            resp = c.get(url)
        assert resp.status_code == 200
    # the administrator: no longer 38 province cards (issue 13) but the national table of the active regions
    assert client_for(world.admin).get(reverse("coverage:home"))["Location"] == reverse("coverage:national")
    html = client_for(world.admin).get(reverse("coverage:national")).content.decode()
    assert 'class="card coverage-card"' not in html
    assert re.findall(r'<tr data-region="([\d.]+)">', html)[:2] == ["16", "16.04"]  # members first
    html = client_for(sumsel_manager).get(reverse("coverage:home")).content.decode()
    assert 'data-region="16"' in html and html.count("<tr data-region=") == 17  # Sumsel's regencies/cities


@pytest.mark.django_db
def test_year_selector_returns_the_cards_partial(world, client_for):
    CoverageFigure.objects.create(
        region_code="16.04",
        year=2023,
        working_population=239_799,
        working_population_source="BPS",
        active_participants=51_398,
        active_participants_source="BPJS",
    )
    c = client_for(world.lahat_manager)
    partial = c.get(reverse("coverage:home"), {"tahun": "2023"}, HTTP_HX_REQUEST="true").content.decode()
    assert "<html" not in partial and '<div class="stat ucj">21,43%</div>' in partial
    partial = c.get(reverse("coverage:home"), {"tahun": "2024"}, HTTP_HX_REQUEST="true").content.decode()
    assert '<div class="stat ucj">–</div>' in partial and '<span class="muted">2024</span>' in partial
    assert "UCJ 2023: 21,43%" in partial  # the trend still shows the earlier year
    assert 'hx-get="/cakupan/"' in c.get(reverse("coverage:home")).content.decode()


@pytest.mark.django_db
def test_verifier_enters_active_participants_only(world, client_for):
    c = client_for(world.kc_verifier)
    url = reverse("coverage:figure_set", args=["16.05"])
    c.post(
        url,
        {
            "year": "2024",
            "active_participants": "41000",
            "active_participants_source": "BPJS KC Lubuk Linggau",
        },
    )
    fig = CoverageFigure.objects.get(region_code="16.05", year=2024)
    assert (fig.active_participants, fig.active_participants_source, fig.working_population) == (
        41_000,
        "BPJS KC Lubuk Linggau",
        None,
    )
    assert (
        c.post(url, {"year": "2024", "working_population": "1", "working_population_source": "x"}).status_code
        == 403
    )
    assert (
        c.post(
            reverse("coverage:target_set", args=["16.05"]), {"year": "2025", "target_percent": "50"}
        ).status_code
        == 403
    )
    with pytest.raises(ApplicationError) as exc:
        coverage_figure_set(
            actor=world.kc_verifier,
            region_code="16.05",
            year=2024,
            working_population=5,
            working_population_source="x",
        )
    assert exc.value.message == "Hanya manajer pemerintah daerah yang dapat mengisi penduduk bekerja."
    with pytest.raises(ApplicationError) as exc:
        coverage_figure_set(
            actor=world.lahat_viewer,
            region_code="16.04",
            year=2024,
            active_participants=5,
            active_participants_source="x",
        )
    assert exc.value.message == "Hanya petugas BPJS Ketenagakerjaan yang dapat mengisi peserta aktif BPJS."
    # BPJS' own figures are entered by BPJS staff only: not by a Pemkab manager, not by an OPD verifier.
    with pytest.raises(ApplicationError, match="Hanya petugas BPJS"):
        coverage_figure_set(
            actor=world.lahat_manager,
            region_code="16.04",
            year=2024,
            active_participants=5,
            active_participants_source="x",
        )
    assert CoverageFigure.objects.get(region_code="16.05", year=2024).working_population is None
    # Region page shows only the active participants fields to the verifier.
    html = c.get(reverse("coverage:region_detail", args=["16.05"]), {"tahun": "2024"}).content.decode()
    assert 'name="active_participants"' in html and 'name="working_population"' not in html
    assert 'value="41000"' in html


@pytest.mark.django_db
def test_form_validation_messages(world, client_for):
    c = client_for(world.lahat_manager)
    resp = c.post(
        reverse("coverage:figure_set", args=["16.04"]),
        {"year": "2024", "working_population": "-5", "working_population_source": "BPS"},
        follow=True,
    )
    assert "Angka tidak disimpan: Penduduk bekerja:" in resp.content.decode()
    resp = c.post(
        reverse("coverage:figure_set", args=["16.04"]),
        {"year": "2024", "working_population": "239799"},
        follow=True,
    )
    assert "Sebutkan sumber angka penduduk bekerja (mis. BPS Sakernas Agustus 2023)." in resp.content.decode()
    resp = c.post(
        reverse("coverage:target_set", args=["16.04"]), {"year": "2025", "target_percent": "120"}, follow=True
    )
    assert "Target tidak disimpan: isi tahun dan target antara 0 dan 100%." in resp.content.decode()
    assert not CoverageFigure.objects.exists() and not CoverageTarget.objects.exists()
    with pytest.raises(ApplicationError) as exc:
        coverage_figure_set(
            actor=world.lahat_bpjs,
            region_code="16.04",
            year=2024,
            active_participants=0,
            active_participants_source="x",
        )
    assert exc.value.message == "Jumlah peserta aktif harus lebih dari 0."
    with pytest.raises(ApplicationError) as exc:
        coverage_target_set(actor=world.lahat_manager, region_code="16.04", year=1999, target_percent=50)
    assert exc.value.message == "Tahun harus antara 2000 dan 2100."
    with pytest.raises(ApplicationError) as exc:
        coverage_target_set(actor=world.lahat_manager, region_code="99.99", year=2024, target_percent=50)
    assert exc.value.message == "Kode wilayah '99.99' tidak dikenal."


@pytest.mark.django_db
def test_every_coverage_page_for_outsiders(world, client_for):
    c = client_for(world.sarolangun_manager)
    assert c.get(reverse("coverage:region_detail", args=["16.04"])).status_code == 404
    assert c.post(reverse("coverage:figure_set", args=["16.04"]), {"year": "2024"}).status_code == 404
    assert (
        c.post(
            reverse("coverage:target_set", args=["16.04"]), {"year": "2024", "target_percent": "5"}
        ).status_code
        == 404
    )
    assert c.get(reverse("coverage:region_detail", args=["99.99"])).status_code == 404
    assert not CoverageTarget.objects.exists()
    # The village operator sees its own village only, not its regency.
    d = client_for(world.desa_operator)
    assert d.get(reverse("coverage:region_detail", args=[LAHAT_DESA])).status_code == 200
    assert d.get(reverse("coverage:region_detail", args=["16.04"])).status_code == 404
    assert Client().get(reverse("coverage:home")).status_code == 302


@pytest.mark.django_db
def test_coverage_api_breakdowns_and_auth(world, lahat_members):
    CoverageFigure.objects.create(
        region_code="16.04",
        year=2024,
        working_population=239_799,
        working_population_source="BPS Sakernas Agustus 2023",
        active_participants=51_398,
        active_participants_source="BPJS KC Muara Enim",
    )
    CoverageTarget.objects.create(region_code="16.04", year=2024, target_percent=30)
    data = api_client(world.lahat_manager).get("/api/v1/coverage", {"region": "16.04", "year": 2024}).json()
    assert data == {
        "region_code": "16.04",
        "region_name": "Kabupaten Lahat",
        "year": 2024,
        "working_population": 239_799,
        "working_population_source": "BPS Sakernas Agustus 2023",
        "active_participants": 51_398,
        "active_participants_source": "BPJS KC Muara Enim",
        "active_in_lindung": 3,
        "ucj_percent": "21.43",
        "ucj_display": "21,43%",
        "band": "Sangat rendah",
        "target_percent": "30.00",
        "by_target_group": [{"key": "pekerja_rentan", "label": "Pekerja rentan desa/kelurahan", "count": 3}],
        "by_funder": [{"key": "apbd_kab", "label": "APBD Kabupaten/Kota", "count": 3}],
    }
    resp = api_client(world.kc_verifier).get("/api/v1/coverage", {"region": "16.04", "year": 2024})
    assert resp.status_code == 404 and resp.json()["code"] == "not_found"
    assert Client().get("/api/v1/coverage", {"region": "16.04"}).status_code == 401
    village = api_client(world.desa_operator).get("/api/v1/coverage", {"region": LAHAT_DESA}).json()
    assert (
        village["active_in_lindung"] == 2 and village["ucj_percent"] is None and village["ucj_display"] == "–"
    )


@pytest.mark.django_db
def test_entry_link_only_for_those_who_may_enter(world, client_for):
    link = 'href="/cakupan/16.04/?tahun='
    assert link in client_for(world.lahat_manager).get(reverse("coverage:home")).content.decode()
    viewer_html = client_for(world.lahat_viewer).get(reverse("coverage:home")).content.decode()
    assert link not in viewer_html and "Isi angka dan target" not in viewer_html
    page = (
        client_for(world.lahat_viewer).get(reverse("coverage:region_detail", args=["16.04"])).content.decode()
    )
    assert "Isi angka cakupan" not in page and 'name="target_percent"' not in page
