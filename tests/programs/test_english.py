"""Programme, region, organisation, token, coverage and error pages in English (Accept-Language: en) and Indonesian."""

import pytest
from django.urls import reverse

from lindung.coverage.models import CoverageFigure
from lindung.programs.models import Programme, VillageQuota
from tests.helpers import enrol, make_person, make_programme

LAHAT_DESA = "16.04.21.2008"


@pytest.fixture
def lahat(world) -> Programme:
    p = make_programme("lahat-uji", world.pemkab_lahat, "16.04", quota_total=21_600)
    enrol(make_person("1604216512900001", "Siti", LAHAT_DESA), p)
    VillageQuota.objects.create(programme=p, region_code=LAHAT_DESA, quota=60)
    return p


def pages(client, url, **params):
    """The page once in Indonesian (the default) and once in English."""
    indonesian = client.get(url, params)
    english = client.get(url, params, HTTP_ACCEPT_LANGUAGE="en")
    assert indonesian.status_code == english.status_code
    return indonesian.content.decode(), english.content.decode()


@pytest.mark.django_db
def test_programme_list_and_detail_in_english(world, lahat, client_for):
    c = client_for(world.lahat_manager)
    id_html, en_html = pages(c, reverse("programs:programme_list"))
    assert "Program perlindungan" in id_html and "Protection programmes" not in id_html
    assert "Protection programmes" in en_html and "Program perlindungan" not in en_html
    assert "Target group" in en_html and "Program lahat-uji" in en_html  # data stays as it is

    id_html, en_html = pages(c, reverse("programs:programme_detail", args=["lahat-uji"]))
    for indonesian, english in [
        ("Kuota total", "Total quota"),
        ("Dasar hukum", "Legal basis"),
        ("Kuota per desa", "Quota per village"),
        ("Atur penyandang dana", "Manage funders"),
        ("Belum ada.", "None yet."),
    ]:
        assert indonesian in id_html and english not in id_html
        assert english in en_html and indonesian not in en_html
    assert 'id="quota-total">21.600<' in en_html and 'id="quota-total">21.600<' in id_html
    assert f'data-village="{LAHAT_DESA}"' in en_html and "Filled" in en_html and "Terisi" in id_html


@pytest.mark.django_db
def test_funders_form_in_english(world, lahat, client_for):
    id_html, en_html = pages(
        client_for(world.lahat_manager), reverse("programs:funders_edit", args=["lahat-uji"])
    )
    assert "Simpan penyandang dana" in id_html and "Share (%)" not in id_html
    assert "Save funders" in en_html and "Share (%)" in en_html and "Porsi (%)" not in en_html
    assert "Funders of Program lahat-uji" in en_html and "Penyandang dana Program lahat-uji" in id_html


@pytest.mark.django_db
def test_region_pages_in_english(world, client_for):
    c = client_for(world.lahat_manager)
    id_html, en_html = pages(c, reverse("regions:region_list"))
    assert "Wilayah kerja Anda" in id_html and "Your working area" not in id_html
    assert "Your working area" in en_html and "Wilayah kerja Anda" not in en_html
    assert "Search regions (name or code)" in en_html

    id_html, en_html = pages(c, reverse("regions:region_detail", args=["16.04"]))
    assert "Wilayah di bawahnya" in id_html and "Kode Kemendagri" in id_html
    assert "Subregions" in en_html and "Kemendagri (Home Affairs) code" in en_html
    assert "Wilayah di bawahnya" not in en_html

    id_html, en_html = pages(c, reverse("regions:region_search"))
    assert "— pilih —" in id_html and "Kabupaten/kota" in id_html
    assert "— choose —" in en_html and "Regency/city" in en_html and "— pilih —" not in en_html


@pytest.mark.django_db
def test_organisation_and_token_pages_in_english(world, client_for):
    c = client_for(world.lahat_manager)
    id_html, en_html = pages(c, reverse("accounts:organisation_list"))
    assert "Organisasi di wilayah kerja Anda" in id_html
    assert (
        "Organisations in your working area" in en_html and "Organisasi di wilayah kerja Anda" not in en_html
    )
    assert "Pemerintah Kabupaten Lahat" in en_html

    id_html, en_html = pages(c, reverse("accounts:organisation_detail", args=["desa-uji-lahat"]))
    assert "Pengguna" in id_html and "Peran" in id_html
    assert "Users" in en_html and "Role" in en_html and "<th>Peran</th>" not in en_html

    id_html, en_html = pages(c, reverse("accounts:token_list"))
    assert "Token API saya" in id_html and "Belum ada token." in id_html
    assert "My API tokens" in en_html and "No tokens yet." in en_html and "Token API saya" not in en_html


@pytest.mark.django_db
def test_coverage_region_page_in_english(world, client_for):
    CoverageFigure.objects.create(
        region_code="16.04",
        year=2024,
        working_population=239_799,
        working_population_source="BPJS KC Muara Enim",
        active_participants=51_398,
        active_participants_source="BPJS KC Muara Enim",
    )
    c = client_for(world.lahat_manager)
    id_html, en_html = pages(c, reverse("coverage:region_detail", args=["16.04"]), tahun="2024")
    assert "Peserta Lindung menurut kelompok sasaran" in id_html and "Simpan angka" in id_html
    assert "Lindung participants by target group" in en_html and "Save figures" in en_html
    assert "Trend" in en_html and "Simpan angka" not in en_html
    assert "239.799" in en_html and "239.799" in id_html


@pytest.mark.django_db
def test_not_found_page_in_english(world, client_for):
    c = client_for(world.lahat_manager)
    id_resp = c.get(reverse("programs:programme_detail", args=["tidak-ada"]))
    en_resp = c.get(reverse("programs:programme_detail", args=["tidak-ada"]), HTTP_ACCEPT_LANGUAGE="en")
    assert id_resp.status_code == en_resp.status_code == 404
    assert "Halaman tidak ditemukan" in id_resp.content.decode()
    assert "Page not found" in en_resp.content.decode()
    assert "Halaman tidak ditemukan" not in en_resp.content.decode()
