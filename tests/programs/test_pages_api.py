"""Every programme page and endpoint: the permitted role and an outsider."""

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from lindung.programs.models import LegalBasis, Programme, VillageQuota
from lindung.programs.services import legal_basis_add
from tests.helpers import api_client, enrol, make_person, make_programme

LAHAT_DESA = "16.04.21.2008"


@pytest.fixture
def lahat(world) -> Programme:
    p = make_programme("lahat-uji", world.pemkab_lahat, "16.04", quota_total=21_600)
    enrol(make_person("1604216512900001", "Siti", LAHAT_DESA), p)
    enrol(make_person("1604216512900003", "Rina", LAHAT_DESA), p, status="pending")
    enrol(make_person("1604010101900002", "Budi", "16.04.01.2001"), p)
    VillageQuota.objects.bulk_create(
        [
            VillageQuota(programme=p, region_code=LAHAT_DESA, quota=60),
            VillageQuota(programme=p, region_code="16.04.01.2001", quota=60),
        ]
    )
    return p


def url(name, *args):
    return reverse(f"programs:{name}", args=args)


@pytest.mark.django_db
def test_anonymous_is_sent_to_login(lahat):
    for name, args in [
        ("programme_list", ()),
        ("programme_detail", ("lahat-uji",)),
        ("programme_edit", ("lahat-uji",)),
    ]:
        resp = Client().get(url(name, *args))
        assert resp.status_code == 302 and "/akun/" in resp["Location"]


@pytest.mark.django_db
def test_detail_shows_elements_funders_quotas_and_filled_counts(world, lahat, client_for):
    html = client_for(world.lahat_manager).get(url("programme_detail", "lahat-uji")).content.decode()
    assert 'id="active-count">2<' in html
    assert "JKK + JKM" in html and "BPU (Bukan Penerima Upah)" in html
    assert "APBD Kabupaten/Kota" in html and "100,00%" in html
    assert 'id="quota-total">21.600<' in html
    # 2 (one active + one pending) of 60 in the village, 58 left.
    assert f'data-village="{LAHAT_DESA}"' in html
    row = html.split(f'data-village="{LAHAT_DESA}"')[1].split("</tr>")[0]
    assert '<td class="num">60</td><td class="num">2</td><td class="num">58</td>' in row
    assert url("programme_edit", "lahat-uji") in html


@pytest.mark.django_db
def test_village_operator_sees_only_its_village(world, lahat, client_for):
    c = client_for(world.desa_operator)
    assert "Program lahat-uji" in c.get(url("programme_list")).content.decode()
    html = c.get(url("programme_detail", "lahat-uji")).content.decode()
    assert 'id="active-count">1<' in html
    assert f'data-village="{LAHAT_DESA}"' in html and 'data-village="16.04.01.2001"' not in html
    assert url("programme_edit", "lahat-uji") not in html  # operators do not edit programmes
    assert c.get(url("programme_edit", "lahat-uji")).status_code == 403


@pytest.mark.django_db
def test_outsiders_get_404_on_every_programme_page(world, lahat, client_for):
    c = client_for(world.sarolangun_manager)
    assert "lahat-uji" not in c.get(url("programme_list")).content.decode()
    for name in ("programme_detail", "programme_edit", "funders_edit"):
        assert c.get(url(name, "lahat-uji")).status_code == 404, name
    for name, data in [
        ("legal_basis_add", {"kind": "perbup", "number": "1", "date": "2024-01-01"}),
        ("quotas_generate", {"quota_per_village": "1"}),
        ("village_quota_set", {"region_code": LAHAT_DESA, "quota": "1"}),
        ("programme_edit", {"name": "X"}),
        ("funders_edit", {}),
    ]:
        assert c.post(url(name, "lahat-uji"), data).status_code == 404, name
    assert c.get(url("legal_basis_file", "lahat-uji", 1)).status_code == 404
    assert not LegalBasis.objects.exists()
    assert VillageQuota.objects.get(programme=lahat, region_code=LAHAT_DESA).quota == 60
    # The branch office serving Musi Rawas is an outsider for Lahat too.
    assert client_for(world.kc_verifier).get(url("programme_detail", "lahat-uji")).status_code == 404


@pytest.mark.django_db
def test_viewer_may_read_but_not_change(world, lahat, client_for):
    c = client_for(world.lahat_viewer)
    assert c.get(url("programme_detail", "lahat-uji")).status_code == 200
    assert c.get(url("programme_create")).status_code == 403
    assert c.post(url("quotas_generate", "lahat-uji"), {"quota_per_village": "1"}).status_code == 403
    assert (
        c.post(url("village_quota_set", "lahat-uji"), {"region_code": LAHAT_DESA, "quota": "1"}).status_code
        == 403
    )
    assert VillageQuota.objects.get(programme=lahat, region_code=LAHAT_DESA).quota == 60


@pytest.mark.django_db
def test_edit_page_saves_and_shows_service_errors(world, lahat, client_for):
    c = client_for(world.lahat_manager)
    page = c.get(url("programme_edit", "lahat-uji")).content.decode()
    assert 'value="Program lahat-uji"' in page
    data = {
        "name": "Rentan Lahat 2024",
        "region_code": "16.04",
        "target_group": "badan_adhoc",
        "officer_kinds": ["KPPS"],
        "has_jkk": "on",
        "has_jkm": "on",
        "segment": "PU",
        "wage_basis": "wage",
        "start_date": "2024-07-01",
        "quota_total": "21600",
    }
    resp = c.post(url("programme_edit", "lahat-uji"), data)
    assert resp.status_code == 200
    assert (
        "Program badan ad hoc pemilu/pilkada wajib punya tanggal selesai (masa tugas)."
        in resp.content.decode()
    )
    assert Programme.objects.get(pk=lahat.pk).target_group == "pekerja_rentan"
    resp = c.post(url("programme_edit", "lahat-uji"), {**data, "end_date": "2024-12-31"})
    assert resp.status_code == 302
    p = Programme.objects.get(pk=lahat.pk)
    assert (p.name, p.target_group, p.officer_kinds, p.end_date, p.segment) == (
        "Rentan Lahat 2024",
        "badan_adhoc",
        ["KPPS"],
        dt.date(2024, 12, 31),
        "PU",
    )


@pytest.mark.django_db
def test_funders_page_requires_100_percent(world, lahat, client_for):
    c = client_for(world.lahat_manager)
    assert c.get(url("funders_edit", "lahat-uji")).status_code == 200
    form = {
        "dana-TOTAL_FORMS": "3",
        "dana-INITIAL_FORMS": "1",
        "dana-MIN_NUM_FORMS": "0",
        "dana-MAX_NUM_FORMS": "10",
        "dana-0-kind": "apbd_kab",
        "dana-0-share_percent": "60",
        "dana-1-kind": "apbd_prov",
        "dana-1-name": "Pemprov Sumsel",
        "dana-1-share_percent": "30",
        "dana-2-kind": "",
    }
    resp = c.post(url("funders_edit", "lahat-uji"), form)
    assert "Porsi penyandang dana harus berjumlah 100% (sekarang 90%)." in resp.content.decode()
    assert [str(f.share_percent) for f in lahat.funders.all()] == ["100.00"]
    resp = c.post(url("funders_edit", "lahat-uji"), {**form, "dana-1-share_percent": "40"})
    assert resp.status_code == 302
    assert [(f.kind, f.name, str(f.share_percent)) for f in lahat.funders.order_by("id")] == [
        ("apbd_kab", "", "60.00"),
        ("apbd_prov", "Pemprov Sumsel", "40.00"),
    ]
    assert client_for(world.lahat_viewer).post(url("funders_edit", "lahat-uji"), form).status_code == 403


@pytest.mark.django_db
def test_legal_basis_upload_and_scoped_download(world, lahat, client_for, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    c = client_for(world.lahat_manager)
    pdf = SimpleUploadedFile("perbup.pdf", b"%PDF-1.4 perbup", content_type="application/pdf")
    c.post(
        url("legal_basis_add", "lahat-uji"),
        {"kind": "perbup", "number": "12 Tahun 2024", "date": "2024-06-03", "attachment": pdf},
    )
    lb = LegalBasis.objects.get(programme=lahat)
    html = c.get(url("programme_detail", "lahat-uji")).content.decode()
    link = url("legal_basis_file", "lahat-uji", lb.pk)
    assert "12 Tahun 2024" in html and link in html
    resp = client_for(world.desa_operator).get(link)
    assert resp.status_code == 200 and b"".join(resp.streaming_content) == b"%PDF-1.4 perbup"
    assert client_for(world.sarolangun_manager).get(link).status_code == 404
    bad = SimpleUploadedFile("x.exe", b"MZ")
    resp = c.post(
        url("legal_basis_add", "lahat-uji"),
        {"kind": "perbup", "number": "13", "date": "2024-06-03", "attachment": bad},
        follow=True,
    )
    assert "Lampiran harus berkas PDF, JPG atau PNG." in resp.content.decode()
    assert LegalBasis.objects.count() == 1


@pytest.mark.django_db
def test_legal_basis_without_file_has_no_download(world, lahat, client_for):
    lb = legal_basis_add(
        actor=world.lahat_manager, programme=lahat, kind="se_bupati", number="SE/1", date=dt.date(2024, 1, 2)
    )
    assert client_for(world.lahat_manager).get(url("legal_basis_file", "lahat-uji", lb.pk)).status_code == 404


@pytest.mark.django_db
def test_village_quota_form_and_htmx_search(world, lahat, client_for):
    c = client_for(world.lahat_manager)
    resp = c.post(
        url("village_quota_set", "lahat-uji"), {"region_code": LAHAT_DESA, "quota": "80"}, follow=True
    )
    assert f"Kuota desa {LAHAT_DESA} disimpan." in resp.content.decode()
    assert VillageQuota.objects.get(programme=lahat, region_code=LAHAT_DESA).quota == 80
    resp = c.post(
        url("village_quota_set", "lahat-uji"), {"region_code": "15.03.01.2001", "quota": "5"}, follow=True
    )
    assert (
        "Desa/kelurahan &#x27;15.03.01.2001&#x27; tidak ada di wilayah program ini." in resp.content.decode()
    )
    partial = c.get(
        url("programme_detail", "lahat-uji"), {"bagian": "kuota", "desa": "16.04.01"}, HTTP_HX_REQUEST="true"
    ).content.decode()
    assert "<html" not in partial
    assert 'data-village="16.04.01.2001"' in partial and f'data-village="{LAHAT_DESA}"' not in partial


@pytest.mark.django_db
def test_create_as_national_admin_and_owner(world, client_for):
    # A Lahat village manager can see the Lahat programme but may not edit it (its area is only the village).
    from lindung.accounts.services import user_create

    village_manager = user_create(
        actor=None, username="kades", password="x-12345678", organisation=world.desa, role="manager"
    )
    make_programme("lahat-uji", world.pemkab_lahat, "16.04")
    c = client_for(village_manager)
    assert c.get(url("programme_detail", "lahat-uji")).status_code == 200
    assert c.get(url("programme_edit", "lahat-uji")).status_code == 403
    assert client_for(world.admin).get(url("programme_edit", "lahat-uji")).status_code == 200


@pytest.mark.django_db
def test_api_list_and_detail_scoped(world, lahat):
    data = api_client(world.lahat_manager).get("/api/v1/programs").json()
    assert [d["code"] for d in data] == ["lahat-uji"]
    d = data[0]
    assert (d["elements"], d["segment"], d["region_code"], d["quota_total"], d["active_participants"]) == (
        ["JKK", "JKM"],
        "BPU",
        "16.04",
        21_600,
        2,
    )
    assert d["start_date"] == "2024-07-01" and d["end_date"] is None
    detail = api_client(world.desa_operator).get("/api/v1/programs/lahat-uji")
    assert detail.status_code == 200 and detail.json()["active_participants"] == 1
    for outsider in (world.sarolangun_manager, world.kc_verifier):
        assert api_client(outsider).get("/api/v1/programs").json() == []
        resp = api_client(outsider).get("/api/v1/programs/lahat-uji")
        assert resp.status_code == 404 and resp.json()["code"] == "not_found"
    assert Client().get("/api/v1/programs").status_code == 401


@pytest.mark.django_db
def test_a_village_sees_its_own_quota_and_the_programme_total_apart(world, client_for):
    import datetime as dt

    from lindung.programs.models import Programme, ProgrammeFunder
    from lindung.programs.services import village_quotas_generate

    p = Programme.objects.create(
        code="lahat-kuota",
        name="Pekerja rentan",
        owner=world.pemkab_lahat,
        region_code="16.04",
        target_group="pekerja_rentan",
        start_date=dt.date(2024, 7, 1),
    )
    ProgrammeFunder.objects.create(programme=p, kind="apbd_kab", share_percent=100)
    village_quotas_generate(actor=world.lahat_manager, programme=p, quota_per_village=60)
    p.refresh_from_db()
    villages = p.village_quotas.count()
    page = client_for(world.desa_operator).get("/program/lahat-kuota/").content.decode()
    assert "Kuota desa Anda" in page and 'id="quota-area">60<' in page
    total = f"{60 * villages:,}".replace(",", ".")
    assert f"kuota program seluruhnya {total}" in page and f"60 per desa × {villages} desa" in page
    assert "× 1 desa" not in page
    page = client_for(world.lahat_manager).get("/program/lahat-kuota/").content.decode()
    assert "Kuota total" in page and f'id="quota-total">{total}<' in page and "Kuota desa Anda" not in page
