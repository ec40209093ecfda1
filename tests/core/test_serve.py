"""``lindung serve`` starts gunicorn with the project's WSGI application, and static files are served."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request

import pytest
from django.core.management import call_command


def test_serve_builds_the_gunicorn_command(capsys):
    call_command("serve", "--check-only", "--bind", "127.0.0.1:9999", "--workers", "3")
    out = capsys.readouterr().out
    assert "-m gunicorn lindung.wsgi:application --bind 127.0.0.1:9999 --workers 3" in out


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.mark.django_db(transaction=True)
def test_serve_answers_pages_and_static_files(tmp_path):
    port = _free_port()
    env = {
        **os.environ,
        "LINDUNG_ENV": "dev",
        "LINDUNG_DATA_DIR": str(tmp_path),
        "DJANGO_SETTINGS_MODULE": "lindung.settings",
    }
    env.pop("DATABASE_URL", None)
    proc = subprocess.Popen(
        [sys.executable, "-m", "lindung.cli", "serve", "--bind", f"127.0.0.1:{port}", "--workers", "1"],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    try:
        for _ in range(100):
            try:
                with urllib.request.urlopen(
                    f"http://127.0.0.1:{port}/static/lindung/lindung.css", timeout=1
                ) as r:  # noqa: S310
                    assert r.status == 200 and b"--brand" in r.read()
                    break
            except OSError:
                time.sleep(0.2)
        else:
            raise AssertionError(proc.stdout.read1().decode() if proc.stdout else "server did not start")
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/akun/masuk/", timeout=5) as r:  # noqa: S310
            assert r.status == 200
    finally:
        proc.terminate()
        proc.wait(timeout=10)
