"""Production mode: `lindung check --deploy` is clean, and unsafe settings stop the start with a clear message."""

from __future__ import annotations

import json
import secrets
import subprocess
import sys

import pytest

STRONG_KEY = secrets.token_urlsafe(50)


def run(args: list[str], tmp_path, **env) -> subprocess.CompletedProcess:
    base = {
        "PATH": "/usr/bin:/bin",
        "HOME": str(tmp_path),
        "LINDUNG_ENV": "production",
        "LINDUNG_DATA_DIR": str(tmp_path / "var"),
        "ALLOWED_HOSTS": "lindung.example.go.id",
        "SECRET_KEY": STRONG_KEY,
        "DJANGO_SETTINGS_MODULE": "lindung.settings",
    }
    base.update(env)
    base = {k: v for k, v in base.items() if v is not None}
    return subprocess.run(args, env=base, capture_output=True, text=True, check=False, timeout=120)


def lindung(*args: str, tmp_path, **env) -> subprocess.CompletedProcess:
    return run([sys.executable, "-c", "from lindung.cli import main; main()", *args], tmp_path, **env)


def test_check_deploy_is_clean_in_production_mode(tmp_path):
    proc = lindung("check", "--deploy", "--fail-level", "WARNING", tmp_path=tmp_path)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "System check identified no issues" in proc.stdout
    assert "WARNING" not in proc.stdout + proc.stderr


def test_production_security_settings(tmp_path):
    code = (
        "import json, django; django.setup(); from django.conf import settings as s;"
        "print(json.dumps({k: getattr(s, k, None) for k in ["
        "'DEBUG','SECURE_HSTS_SECONDS','SECURE_HSTS_INCLUDE_SUBDOMAINS','SECURE_SSL_REDIRECT',"
        "'SESSION_COOKIE_SECURE','CSRF_COOKIE_SECURE','X_FRAME_OPTIONS','SECURE_REFERRER_POLICY',"
        "'SESSION_IDLE_SECONDS','SESSION_COOKIE_AGE']}))"
    )
    proc = run([sys.executable, "-c", code], tmp_path, LINDUNG_SESSION_IDLE_MINUTES="15")
    assert proc.returncode == 0, proc.stderr
    values = json.loads(proc.stdout.strip().splitlines()[-1])
    assert values == {
        "DEBUG": False,
        "SECURE_HSTS_SECONDS": 365 * 24 * 3600,
        "SECURE_HSTS_INCLUDE_SUBDOMAINS": True,
        "SECURE_SSL_REDIRECT": True,
        "SESSION_COOKIE_SECURE": True,
        "CSRF_COOKIE_SECURE": True,
        "X_FRAME_OPTIONS": "DENY",
        "SECURE_REFERRER_POLICY": "same-origin",
        "SESSION_IDLE_SECONDS": 15 * 60,  # configurable by LINDUNG_SESSION_IDLE_MINUTES
        "SESSION_COOKIE_AGE": 15 * 60 + 120,
    }


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({"DEBUG": "1"}, "DEBUG=1 tidak boleh dipakai dalam mode production"),
        ({"SECRET_KEY": None}, "SECRET_KEY wajib diisi"),
        ({"SECRET_KEY": "x"}, "SECRET_KEY terlalu pendek (1 karakter; minimal 50)"),
        ({"SECRET_KEY": STRONG_KEY[:49]}, "SECRET_KEY terlalu pendek (49 karakter; minimal 50)"),
        ({"SECRET_KEY": "ab" * 40}, "SECRET_KEY terlalu lemah (hanya 2 karakter berbeda; minimal 10)"),
        (
            {"SECRET_KEY": "lindung-insecure-key-for-demo-only"},
            "SECRET_KEY adalah kunci yang sudah dipublikasikan",
        ),
        (
            {"SECRET_KEY": "lindung-insecure-key-for-test-only"},
            "SECRET_KEY adalah kunci yang sudah dipublikasikan",
        ),
        (
            {"SECRET_KEY": "django-insecure-" + STRONG_KEY},
            "SECRET_KEY adalah kunci yang sudah dipublikasikan",
        ),
        ({"LINDUNG_SESSION_IDLE_MINUTES": "0"}, "LINDUNG_SESSION_IDLE_MINUTES harus paling sedikit 1"),
    ],
)
def test_production_refuses_unsafe_settings_naming_the_variable(tmp_path, env, message):
    proc = lindung("check", tmp_path=tmp_path, **env)
    assert proc.returncode != 0
    assert message in proc.stderr
    assert "Traceback" not in proc.stderr  # one clear line from the lindung command, not a stack trace


def test_demo_mode_still_starts_with_its_fallback_key(tmp_path):
    proc = lindung("check", tmp_path=tmp_path, LINDUNG_ENV="demo", SECRET_KEY=None, ALLOWED_HOSTS=None)
    assert proc.returncode == 0, proc.stderr
