"""Request-wide security rules: NUL refused, idle sessions end, dynamic responses are never cached.

Static files never get here: WhiteNoise answers them before the Django middleware below it runs.
"""

from __future__ import annotations

import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.http import HttpResponseBadRequest, JsonResponse
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _
from django_htmx.http import HttpResponseClientRedirect

_SEEN = "lindung_seen"  # last request time (epoch seconds) kept in the session
_SEEN_RESOLUTION = 60  # write the session at most once a minute (a write per request would be wasteful)


_TEXT_BODIES = ("application/json", "application/x-www-form-urlencoded")


class RejectNulMiddleware:
    """Refuses a request whose path, query or text body carries a NUL character.

    PostgreSQL cannot store or compare text with NUL (psycopg raises before the query is sent), so a
    ``?q=%00`` reaching a filter would be a 500 there while SQLite answers. Django's form fields already
    refuse NUL; this covers query strings, URL parts and API bodies for every view at once. Uploaded files
    (multipart) are binary and are not inspected."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if self._has_nul(request):
            message = _("Masukan mengandung karakter NUL yang tidak diizinkan.")
            if request.path.startswith("/api/"):
                return JsonResponse({"code": "invalid_input", "message": message}, status=422)
            return HttpResponseBadRequest(message, content_type="text/plain; charset=utf-8")
        return self.get_response(request)

    @staticmethod
    def _has_nul(request) -> bool:
        if "\x00" in request.path or "%00" in request.META.get("QUERY_STRING", ""):
            return True
        if any("\x00" in key or any("\x00" in v for v in request.GET.getlist(key)) for key in request.GET):
            return True
        if request.method in {"POST", "PUT", "PATCH"} and request.content_type in _TEXT_BODIES:
            body = request.body
            return b"\x00" in body or b"\\u0000" in body
        return False


def session_seen_at_login(sender, request, user, **kwargs):
    """A new session starts its idle clock at login (saved with the login, so no extra write later)."""
    session = getattr(request, "session", None)
    if session is not None:
        session[_SEEN] = int(time.time())


class IdleSessionMiddleware:
    """Signs out a user whose last request is older than ``SESSION_IDLE_SECONDS`` (rolling).

    The time of the last request is stored in the session once a minute at most, which also moves the
    stored session's expiry (``SESSION_COOKIE_AGE``) forward. An htmx request of an expired session is told
    to load the login page as a whole page instead of swapping it into a fragment."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        session = getattr(request, "session", None)
        if user is not None and session is not None and user.is_authenticated:
            now = int(time.time())
            seen = session.get(_SEEN)
            if seen is not None and now - seen > settings.SESSION_IDLE_SECONDS:
                return self._expired(request)
            if seen is None or now - seen >= _SEEN_RESOLUTION:
                session[_SEEN] = now
        return self.get_response(request)

    def _expired(self, request):
        minutes = settings.SESSION_IDLE_SECONDS // 60
        logout(request)
        messages.info(
            request,
            _("Sesi Anda berakhir karena tidak ada aktivitas selama %(minutes)d menit. Silakan masuk lagi.")
            % {"minutes": minutes},
        )
        response = redirect_to_login(request.get_full_path())
        if getattr(request, "htmx", False):
            response = HttpResponseClientRedirect(response["Location"])
        add_never_cache_headers(response)
        return response


class NoStoreMiddleware:
    """``Cache-Control: no-store`` (and Django's other never-cache headers) on every dynamic response.

    Pages, fragments, exports and API answers carry personal data for the signed-in user; a page without
    a session carries none, but marking every dynamic response is one rule that cannot be forgotten on a
    new view. Static files (WhiteNoise) keep their long cache headers."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        add_never_cache_headers(response)
        return response
