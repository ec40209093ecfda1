import pytest
from django.urls import reverse

from lindung.accounts.models import ApiToken
from lindung.accounts.services import api_token_authenticate
from lindung.audit.models import AuditLog


@pytest.mark.django_db
def test_organisation_list_is_scoped(world, client_for):
    html = client_for(world.lahat_manager).get(reverse("accounts:organisation_list")).content.decode()
    assert "Pemerintah Kabupaten Lahat" in html
    assert "Pemerintah Desa Uji" in html  # a village inside Lahat
    assert "Pemerintah Kabupaten Sarolangun" not in html
    assert "BPJS Ketenagakerjaan KC Lubuk Linggau" not in html


@pytest.mark.django_db
def test_organisation_detail_permitted_and_outsider(world, client_for):
    url = reverse("accounts:organisation_detail", args=["desa-uji-lahat"])
    resp = client_for(world.lahat_manager).get(url)
    assert resp.status_code == 200
    assert "desa_operator" in resp.content.decode()
    assert "Riwayat perubahan" in resp.content.decode()
    assert client_for(world.sarolangun_manager).get(url).status_code == 404
    # A village operator does not see its regency's other offices.
    other = reverse("accounts:organisation_detail", args=["bpjs-kc-lubuklinggau"])
    assert client_for(world.desa_operator).get(other).status_code == 404


@pytest.mark.django_db
def test_token_create_in_browser_shows_secret_once(world, client_for):
    c = client_for(world.kc_verifier)
    resp = c.post(reverse("accounts:token_create"), {"name": "laptop"})
    html = resp.content.decode()
    assert "tidak akan ditampilkan lagi" in html
    token = ApiToken.objects.get(user=world.kc_verifier)
    secret = html.split('id="new-token">')[1].split("<")[0]
    assert api_token_authenticate(secret=secret) == world.kc_verifier
    assert token.key_hash not in html
    assert secret not in c.get(reverse("accounts:token_list")).content.decode()
    assert AuditLog.objects.filter(
        object_type="accounts.apitoken", object_id=str(token.pk), action="create"
    ).exists()


@pytest.mark.django_db
def test_token_revoke_only_own(world, client_for):
    c = client_for(world.kc_verifier)
    c.post(reverse("accounts:token_create"), {"name": "x"})
    token = ApiToken.objects.get(user=world.kc_verifier)
    assert (
        client_for(world.lahat_manager).post(reverse("accounts:token_revoke", args=[token.pk])).status_code
        == 404
    )
    c.post(reverse("accounts:token_revoke", args=[token.pk]))
    token.refresh_from_db()
    assert token.revoked_at is not None


@pytest.mark.django_db
def test_token_create_requires_post_and_csrf(world):
    from django.test import Client

    c = Client(enforce_csrf_checks=True)
    c.force_login(world.kc_verifier)
    assert c.get(reverse("accounts:token_create")).status_code == 405
    assert c.post(reverse("accounts:token_create"), {"name": "x"}).status_code == 403
    assert not ApiToken.objects.filter(user=world.kc_verifier).exists()
