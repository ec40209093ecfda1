import pytest
from django.test import Client

from tests.helpers import api_client, make_person

VILLAGE = "16.04.21.2008"


@pytest.mark.django_db
def test_nik_endpoint_shape(world):
    c = api_client(world.kc_verifier)
    data = c.get("/api/v1/nik/1604216512900001").json()
    assert data == {
        "valid": True,
        "errors": [],
        "warnings": [],
        "province_code": "16",
        "regency_code": "16.04",
        "district_code": "16.04.21",
        "province": "Sumatera Selatan",
        "regency": "Kabupaten Lahat",
        "district": "Gumay Talang",
        "birth_date": "1990-12-25",
        "sex": "P",
    }
    bad = c.get("/api/v1/nik/12345").json()
    assert bad["valid"] is False
    assert bad["errors"] == [{"code": "format", "message": "NIK harus terdiri dari 16 digit angka."}]


@pytest.mark.django_db
def test_nik_messages_follow_the_language_with_their_values(world):
    c = api_client(world.kc_verifier)
    bad = c.get("/api/v1/nik/1604213202900001", HTTP_ACCEPT_LANGUAGE="en").json()  # day 32: impossible
    assert bad["errors"] == [
        {
            "code": "birth_date",
            "message": 'The birth date in the NIK ("320290") is not a possible date (for women the day is '
            "increased by 40).",
        }
    ]
    assert c.get("/api/v1/nik/12345", HTTP_ACCEPT_LANGUAGE="en").json()["errors"][0]["message"] == (
        "A NIK must be 16 digits."
    )
    indonesian = c.get("/api/v1/nik/1604213202900001").json()["errors"][0]["message"]
    assert indonesian.startswith('Tanggal lahir pada NIK ("320290") bukan tanggal yang mungkin')


@pytest.mark.django_db
def test_api_requires_a_valid_token(world):
    resp = Client().get("/api/v1/nik/1604216512900001")
    assert resp.status_code == 401
    assert resp.json()["code"] == "unauthorized"
    resp = Client(HTTP_AUTHORIZATION="Bearer salah").get("/api/v1/people")
    assert resp.status_code == 401


@pytest.mark.django_db
def test_people_list_and_detail_are_scoped_and_masked(world):
    siti = make_person("1604216512900001", "Siti Aminah", VILLAGE)
    make_person("1503031203850003", "Ahmad Sarolangun", "15.03.03.1001")
    c = api_client(world.lahat_manager)
    data = c.get("/api/v1/people").json()
    assert data["count"] == 1
    assert data["results"][0]["nik_masked"] == "160421**********"
    assert "nik" not in data["results"][0]
    detail = c.get(f"/api/v1/people/{siti.pk}").json()
    assert detail["full_name"] == "Siti Aminah"
    out = api_client(world.sarolangun_manager).get(f"/api/v1/people/{siti.pk}")
    assert out.status_code == 404
    assert out.json()["message"] == "Data tidak ditemukan atau di luar wilayah kerja Anda."
    assert c.get("/api/v1/people?page=abc").status_code == 422
