"""Idle sessions end (rolling), with a message; the sixth wrong password is refused in Indonesian."""

from __future__ import annotations

import time

import pytest
from django.conf import settings
from django.contrib.auth import SESSION_KEY
from django.test import Client
from django.urls import reverse

from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db

SEEN = "lindung_seen"


def logged_in(username: str) -> Client:
    c = Client()
    resp = c.post(reverse("accounts:login"), {"username": username, "password": PASSWORD})
    assert resp.status_code == 302
    return c


def set_seen(c: Client, seconds_ago: int) -> None:
    session = c.session
    session[SEEN] = int(time.time()) - seconds_ago
    session.save()


def test_idle_default_is_30_minutes():
    assert settings.SESSION_IDLE_SECONDS == 30 * 60
    assert (
        settings.SESSION_COOKIE_AGE > settings.SESSION_IDLE_SECONDS
    )  # the middleware ends it, with a message


def test_login_starts_the_idle_clock(world):
    c = logged_in("lahat_manager")
    assert abs(c.session[SEEN] - time.time()) < 5


def test_active_session_rolls_forward(world):
    c = logged_in("lahat_manager")
    set_seen(c, 29 * 60)
    assert c.get(reverse("coverage:home")).status_code == 200
    assert time.time() - c.session[SEEN] < 5  # the request moved the idle clock
    set_seen(c, 29 * 60)  # 29 more idle minutes: still in, because each request counts
    assert c.get(reverse("coverage:home")).status_code == 200


def test_idle_session_is_signed_out_with_a_message(world):
    c = logged_in("lahat_manager")
    set_seen(c, 31 * 60)
    resp = c.get(reverse("registry:person_list"))
    assert resp.status_code == 302
    assert resp["Location"].startswith(reverse("accounts:login") + "?next=")
    assert SESSION_KEY not in c.session  # signed out, not only redirected
    page = c.get(resp["Location"])
    assert "Sesi Anda berakhir karena tidak ada aktivitas selama 30 menit" in page.content.decode()
    assert c.get(reverse("registry:person_list")).status_code == 302  # stays signed out


def test_idle_htmx_request_reloads_the_login_page_whole(world):
    c = logged_in("lahat_manager")
    set_seen(c, 31 * 60)
    resp = c.get(reverse("registry:person_list"), HTTP_HX_REQUEST="true")
    assert resp["HX-Redirect"].startswith(reverse("accounts:login"))


def test_sixth_wrong_password_is_refused_with_indonesian_lockout_page(world):
    c = Client()
    statuses = [
        c.post(reverse("accounts:login"), {"username": "desa_operator", "password": "salah"}).status_code
        for _ in range(settings.AXES_FAILURE_LIMIT)
    ]
    assert statuses == [200, 200, 200, 200, 429]  # the fifth failure locks
    sixth = c.post(reverse("accounts:login"), {"username": "desa_operator", "password": "masih-salah"})
    assert sixth.status_code == 429
    text = sixth.content.decode()
    assert "dikunci sementara" in text
    assert '<html lang="id"' in text
    assert SESSION_KEY not in c.session
