import os
import subprocess
import sys
from pathlib import Path

LINDUNG = Path(sys.executable).with_name("lindung")


def test_console_script_runs_django_commands(tmp_path):
    env = {**os.environ, "LINDUNG_ENV": "dev", "LINDUNG_DATA_DIR": str(tmp_path)}
    env.pop("DJANGO_SETTINGS_MODULE", None)
    proc = subprocess.run([str(LINDUNG), "check"], env=env, capture_output=True, text=True, check=False)
    assert proc.returncode == 0, proc.stderr
    assert "System check identified no issues" in proc.stdout
    proc = subprocess.run([str(LINDUNG), "help"], env=env, capture_output=True, text=True, check=False)
    assert "regions_load" in proc.stdout


def test_stylesheet_and_htmx_are_served_without_a_cdn(client):
    for url in ("/static/lindung/lindung.css", "/static/django_htmx/htmx-2.min.js"):
        resp = client.get(url)
        assert resp.status_code == 200, url
        b"".join(resp.streaming_content) if hasattr(resp, "streaming_content") else resp.content
