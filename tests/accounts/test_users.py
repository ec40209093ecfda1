"""User management by an organisation's admin: list, add with a one-time link, change role, reset the
password, deactivate; another organisation's admin gets 404, a non-admin 403; every change audited."""

from __future__ import annotations

import re

import pytest
from django.test import Client
from django.urls import reverse

from lindung.accounts.models import User
from lindung.accounts.services import user_create
from lindung.audit.models import AuditLog
from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db
NEW_PASSWORD = "Sawit-Lestari-2026!"


@pytest.fixture
def admins(world):
    lahat = user_create(
        actor=None,
        username="lahat_admin",
        password=PASSWORD,
        organisation=world.pemkab_lahat,
        role="admin",
        full_name="Admin Pemkab Lahat",
    )
    saro = user_create(
        actor=None,
        username="saro_admin",
        password=PASSWORD,
        organisation=world.pemkab_sarolangun,
        role="admin",
        full_name="Admin Pemkab Sarolangun",
    )
    return lahat, saro


def _log_in(username: str, password: str) -> Client | None:
    c = Client()
    r = c.post(reverse("accounts:login"), {"username": username, "password": password})
    return c if r.status_code == 302 else None


def _link(html: str) -> str:
    return re.search(r'id="password-link"[^>]*>([^<]+)<', html).group(1).replace("http://testserver", "")


def test_an_organisation_admin_sees_only_its_own_users(world, admins, client_for):
    page = client_for(admins[0]).get(reverse("accounts:user_list")).content.decode()
    assert "lahat_manager" in page and "lahat_viewer" in page and "Admin Pemkab Lahat" in page
    assert "sarolangun_manager" not in page and "desa_operator" not in page and "kc_verifier" not in page
    # The system administrator sees everyone, and can narrow by organisation.
    page = (
        client_for(world.admin)
        .get(reverse("accounts:user_list"), {"org": "pemkab-sarolangun"})
        .content.decode()
    )
    assert "sarolangun_manager" in page and "lahat_manager" not in page


def test_non_admins_are_refused_and_other_organisations_are_not_revealed(world, admins, client_for):
    for user in (world.lahat_manager, world.desa_operator):
        c = client_for(user)
        assert c.get(reverse("accounts:user_list")).status_code == 403
        assert c.get(reverse("accounts:user_create")).status_code == 403
        assert c.get(reverse("accounts:user_detail", args=[world.lahat_viewer.pk])).status_code == 404
    other = client_for(admins[1])  # Sarolangun's admin
    before = AuditLog.objects.count()
    assert other.get(reverse("accounts:user_detail", args=[world.lahat_viewer.pk])).status_code == 404
    for name, data in (
        ("accounts:user_update", {"full_name": "X", "role": "admin"}),
        ("accounts:user_password_reset", {}),
        ("accounts:user_set_active", {"active": "0"}),
    ):
        assert other.post(reverse(name, args=[world.lahat_viewer.pk]), data).status_code == 404
    world.lahat_viewer.refresh_from_db()
    assert world.lahat_viewer.role == "viewer" and world.lahat_viewer.is_active
    assert world.lahat_viewer.check_password(PASSWORD)
    assert AuditLog.objects.count() == before
    # Nor may an organisation's admin add a user to another organisation.
    r = client_for(admins[0]).post(
        reverse("accounts:user_create"),
        {"organisation": "pemkab-sarolangun", "username": "x.saro", "full_name": "X", "role": "admin"},
    )
    assert r.status_code == 200 and not User.objects.filter(username="x.saro").exists()


def test_add_a_user_who_sets_their_own_password_through_the_one_time_link(world, admins, client_for):
    c = client_for(admins[0])
    form = c.get(reverse("accounts:user_create")).content.decode()
    assert "Pemerintah Kabupaten Lahat" in form and 'name="organisation" value="pemkab-lahat"' in form
    r = c.post(
        reverse("accounts:user_create"),
        {
            "organisation": "pemkab-lahat",
            "username": "siti.lahat",
            "full_name": "Siti Aminah",
            "email": "siti@lahatkab.go.id",
            "role": "verifier",
        },
    )
    assert r.status_code == 200 and "tidak akan ditampilkan lagi" in r.content.decode()
    new = User.objects.get(username="siti.lahat")
    assert (new.organisation, new.role, new.get_full_name()) == (
        world.pemkab_lahat,
        "verifier",
        "Siti Aminah",
    )
    assert not new.has_usable_password()
    created = AuditLog.objects.get(object_type="accounts.user", object_id=str(new.pk), action="create")
    assert created.actor == admins[0]
    link = _link(r.content.decode())
    # The link is for the new user only: anyone who has it sets the password, then it is spent.
    anonymous = Client()
    form_page = anonymous.get(link, follow=True)
    assert form_page.status_code == 200 and 'name="new_password1"' in form_page.content.decode()
    set_url = form_page.redirect_chain[-1][0]
    done = anonymous.post(set_url, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
    assert done.status_code == 302 and done["Location"] == reverse("accounts:login")
    assert _log_in("siti.lahat", NEW_PASSWORD)
    spent = Client().get(link, follow=True).content.decode()
    assert "tidak berlaku lagi" in spent
    rows = AuditLog.objects.filter(object_type="accounts.user", object_id=str(new.pk), actor=new)
    assert [r.extra["note"] for r in rows] == ["Kata sandi diatur oleh pengguna lewat tautan."]


def test_change_role_reset_password_deactivate_and_reactivate(world, admins, client_for):
    c = client_for(admins[0])
    target = world.lahat_viewer
    detail = reverse("accounts:user_detail", args=[target.pk])
    assert "Ubah data dan peran" in c.get(detail).content.decode()
    c.post(
        reverse("accounts:user_update", args=[target.pk]), {"full_name": "Rina Lestari", "role": "manager"}
    )
    target.refresh_from_db()
    assert (target.role, target.get_full_name()) == ("manager", "Rina Lestari")
    row = AuditLog.objects.filter(object_id=str(target.pk), object_type="accounts.user").latest("id")
    assert row.actor == admins[0] and row.changes["role"] == ["viewer", "manager"]
    history = c.get(detail).content.decode()
    assert "Peran" in history and "Pemantau → Manajer" in history  # the history in words

    signed_in = _log_in(target.username, PASSWORD)
    assert signed_in
    r = c.post(reverse("accounts:user_password_reset", args=[target.pk]))
    assert r.status_code == 200 and "/akun/sandi/" in r.content.decode()
    target.refresh_from_db()
    assert not target.check_password(PASSWORD)
    assert signed_in.get(reverse("accounts:token_list")).status_code == 302  # its session ended

    c.post(reverse("accounts:user_set_active", args=[target.pk]), {"active": "0"})
    target.refresh_from_db()
    assert not target.is_active
    assert _log_in(target.username, PASSWORD) is None
    assert AuditLog.objects.filter(object_id=str(target.pk), action="status").exists()
    c.post(reverse("accounts:user_set_active", args=[target.pk]), {"active": "1"})
    target.refresh_from_db()
    assert target.is_active


def test_an_admin_cannot_lock_themselves_out(admins, client_for):
    me = admins[0]
    c = client_for(me)
    page = c.get(reverse("accounts:user_detail", args=[me.pk])).content.decode()
    assert "Ubah data dan peran" not in page and "admin lain" in page
    r = c.post(reverse("accounts:user_set_active", args=[me.pk]), {"active": "0"}, follow=True)
    assert "diubah oleh admin lain" in r.content.decode()
    c.post(reverse("accounts:user_update", args=[me.pk]), {"full_name": "Saya", "role": "viewer"})
    me.refresh_from_db()
    assert me.is_active and me.role == "admin"


def test_the_menu_offers_user_management_to_admins_only(world, admins, client_for):
    assert (
        reverse("accounts:user_list")
        in client_for(admins[0]).get(reverse("accounts:token_list")).content.decode()
    )
    assert (
        reverse("accounts:user_list")
        not in client_for(world.lahat_manager).get(reverse("accounts:token_list")).content.decode()
    )


def test_bad_input_is_told_in_indonesian(admins, client_for):
    c = client_for(admins[0])
    r = c.post(
        reverse("accounts:user_create"),
        {"organisation": "pemkab-lahat", "username": "lahat_viewer", "full_name": "Dua", "role": "viewer"},
    )
    assert "sudah dipakai" in r.content.decode()
    r = c.post(
        reverse("accounts:user_create"),
        {
            "organisation": "pemkab-lahat",
            "username": "tiga",
            "full_name": "Tiga",
            "role": "viewer",
            "email": "x",
        },
    )
    assert "Alamat email tidak valid." in r.content.decode()
    r = c.post(
        reverse("accounts:user_create"),
        {"organisation": "pemkab-lahat", "username": "ada spasi", "full_name": "Empat", "role": "viewer"},
    )
    assert r.status_code == 200 and 'class="alert error"' in r.content.decode()
    assert not User.objects.filter(username__in=["tiga", "ada spasi"]).exists()
