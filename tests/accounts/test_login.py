import pytest
from django.test import Client
from django.urls import reverse

from lindung.audit.models import AuditLog
from tests.factories import PASSWORD


@pytest.mark.django_db
def test_login_success_leads_to_the_home_page(world):
    c = Client()
    resp = c.post(reverse("accounts:login"), {"username": "lahat_manager", "password": PASSWORD})
    assert resp.status_code == 302
    assert resp["Location"] == reverse("home")


@pytest.mark.django_db
def test_login_wrong_password_shows_indonesian_error(world):
    resp = Client().post(reverse("accounts:login"), {"username": "lahat_manager", "password": "salah"})
    assert resp.status_code == 200
    assert "Nama pengguna atau kata sandi salah." in resp.content.decode()


@pytest.mark.django_db
def test_login_locks_out_after_five_failures(world):
    c = Client()
    for _ in range(5):
        c.post(reverse("accounts:login"), {"username": "kc_verifier", "password": "salah"})
    resp = c.post(reverse("accounts:login"), {"username": "kc_verifier", "password": PASSWORD})
    assert resp.status_code == 429
    assert "dikunci sementara" in resp.content.decode()


@pytest.mark.django_db
def test_pages_require_login(client):
    resp = client.get(reverse("coverage:home"))
    assert resp.status_code == 302
    assert reverse("accounts:login") in resp["Location"]


@pytest.mark.django_db
def test_user_creation_is_audited(world):
    log = AuditLog.objects.get(object_type="accounts.user", object_id=str(world.desa_operator.pk))
    assert log.action == "create"
    assert log.changes["role"] == [None, "operator"]
    assert "password" not in log.changes


@pytest.mark.django_db
def test_area_codes_follow_organisation(world):
    assert world.kc_verifier.area_codes == ["16.05", "16.13", "16.73"]
    assert world.desa_operator.area_codes == ["16.04.21.2008"]
    assert world.admin.area_codes is None


@pytest.mark.django_db
def test_bahasa_indonesia_first_english_available(client):
    assert "Masuk ke Lindung" in client.get(reverse("accounts:login")).content.decode()
    resp = client.get(reverse("accounts:login"), HTTP_ACCEPT_LANGUAGE="en")
    assert "Log in to Lindung" in resp.content.decode()
