import pytest
from django.urls import reverse

from lindung.audit.models import AuditLog
from lindung.registry.models import Person
from tests.helpers import enrol, make_person, make_programme

VILLAGE = "16.04.21.2008"


@pytest.fixture
def people(world):
    siti = make_person("1604216512900001", "Siti Aminah", VILLAGE)
    budi = make_person("1605081203850002", '=HYPERLINK("x")', "16.05.08.2016")
    saro = make_person("1503031203850003", "Ahmad Sarolangun", "15.03.03.1001")
    return siti, budi, saro


@pytest.mark.django_db
def test_person_list_is_scoped_and_masked(world, people, client_for):
    html = client_for(world.lahat_manager).get(reverse("registry:person_list")).content.decode()
    assert "Siti Aminah" in html and "160421**********" in html
    assert "1604216512900001" not in html
    assert "Ahmad Sarolangun" not in html
    html = client_for(world.kc_verifier).get(reverse("registry:person_list")).content.decode()
    assert "HYPERLINK" in html and "Siti Aminah" not in html


@pytest.mark.django_db
def test_person_search_by_name_nik_and_village(world, people, client_for):
    c = client_for(world.admin)
    url = reverse("registry:person_list")
    assert "Siti Aminah" in c.get(url, {"q": "aminah"}).content.decode()
    assert "Siti Aminah" not in c.get(url, {"q": "1605"}).content.decode()
    # A NIK is found by all 16 digits only: its start would let anyone rebuild it from the hit counts.
    assert "Siti Aminah" not in c.get(url, {"q": "16042165"}).content.decode()
    assert "Siti Aminah" in c.get(url, {"q": "1604216512900001"}).content.decode()
    assert "Siti Aminah" in c.get(url, {"q": "Mandi Angin"}).content.decode()
    partial = c.get(url, {"q": "aminah"}, HTTP_HX_REQUEST="true").content.decode()
    assert "<table" in partial and "<html" not in partial


@pytest.mark.django_db
def test_person_detail_permitted_and_outsider(world, people, client_for):
    siti = people[0]
    p = make_programme("lahat-uji", world.pemkab_lahat, "16.04")
    enrol(siti, p)
    url = reverse("registry:person_detail", args=[siti.pk])
    resp = client_for(world.desa_operator).get(url)
    html = resp.content.decode()
    assert resp.status_code == 200
    assert "160421**********" in html and "1604216512900001" not in html
    assert "Kabupaten Lahat" in html and "Program lahat-uji" in html
    assert "Riwayat perubahan" in html
    assert client_for(world.sarolangun_manager).get(url).status_code == 404
    assert client_for(world.kc_verifier).get(url).status_code == 404


@pytest.mark.django_db
def test_full_nik_reveal_is_audited_and_refused_to_viewers(world, people, client_for):
    siti = people[0]
    url = reverse("registry:person_nik", args=[siti.pk])
    resp = client_for(world.lahat_manager).post(url)
    assert resp.status_code == 200 and "1604216512900001" in resp.content.decode()
    log = AuditLog.objects.get(action="view_nik", object_type="registry.person", object_id=str(siti.pk))
    assert log.actor == world.lahat_manager
    assert client_for(world.lahat_viewer).post(url).status_code == 403
    assert client_for(world.sarolangun_manager).post(url).status_code == 404
    assert AuditLog.objects.filter(action="view_nik").count() == 1
    detail = (
        client_for(world.lahat_viewer).get(reverse("registry:person_detail", args=[siti.pk])).content.decode()
    )
    assert "Tampilkan NIK lengkap" not in detail


@pytest.mark.django_db
def test_export_is_masked_and_neutralises_formulas(world, people, client_for):
    resp = client_for(world.admin).get(reverse("registry:person_export"))
    body = b"".join(resp.streaming_content).decode()
    assert resp["Content-Type"].startswith("text/csv")
    assert "160421**********" in body and "1604216512900001" not in body
    assert "'=HYPERLINK" in body


@pytest.mark.django_db
def test_create_person_through_the_form(world, client_for):
    c = client_for(world.desa_operator)
    form = c.get(reverse("registry:person_create")).content.decode()
    assert 'name="region_code"' in form and VILLAGE in form
    resp = c.post(
        reverse("registry:person_create"),
        {"nik": "1604216512900001", "full_name": "Siti Aminah", "region_code": VILLAGE, "sex": "L"},
    )
    person = Person.objects.get(nik="1604216512900001")
    assert resp.status_code == 302 and resp["Location"] == reverse("registry:person_detail", args=[person.pk])
    page = c.get(resp["Location"]).content.decode()
    assert "Jenis kelamin pada NIK (P) berbeda dengan jenis kelamin yang diisi (L)." in page
    bad = c.post(
        reverse("registry:person_create"), {"nik": "12345", "full_name": "X", "region_code": VILLAGE}
    )
    assert "NIK harus terdiri dari 16 digit angka." in bad.content.decode()
    assert Person.objects.count() == 1
    assert client_for(world.lahat_viewer).get(reverse("registry:person_create")).status_code == 403


@pytest.mark.django_db
def test_edit_person_through_the_form(world, people, client_for):
    siti = people[0]
    c = client_for(world.lahat_manager)
    url = reverse("registry:person_edit", args=[siti.pk])
    resp = c.post(
        url, {"full_name": "Siti Aminah Lubis", "region_code": VILLAGE, "monthly_income": "1500000"}
    )
    assert resp.status_code == 302
    siti.refresh_from_db()
    assert siti.full_name == "Siti Aminah Lubis" and siti.monthly_income == 1_500_000
    assert (
        client_for(world.sarolangun_manager).post(url, {"full_name": "X", "region_code": VILLAGE}).status_code
        == 404
    )


@pytest.mark.django_db
def test_the_sex_column_speaks_the_readers_language(world, client_for):
    from tests.helpers import make_person

    make_person("1604216512900001", "Siti Aminah", "16.04.21.2008", sex="P")
    make_person("1604211203850002", "Budi Santoso", "16.04.21.2008", sex="L")
    c = client_for(world.desa_operator)
    page = c.get("/orang/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert '<abbr title="Female">F</abbr>' in page and '<abbr title="Male">M</abbr>' in page
    assert ">M/F<" in page
    # (Indonesian last: the request's language stays active in the test thread afterwards.)
    page = c.get("/orang/").content.decode()
    assert '<abbr title="Perempuan">P</abbr>' in page and '<abbr title="Laki-laki">L</abbr>' in page
