"""Time to first feedback for a village list: the upload request for the 60-row sample (desa-lahat.xlsx) and
the report page it redirects to, through Django's full request stack, on the demo database.

    LINDUNG_ENV=demo .venv/bin/lindung demo --no-serve   # once
    LINDUNG_ENV=demo .venv/bin/python bench/enrol_feedback.py [path/to/desa-lahat.xlsx]

With ``--browser URL`` (a running demo server, e.g. ``make demo`` on http://127.0.0.1:8000) it measures in
headless Chromium (Debian's ``/usr/bin/chromium``) what the operator waits: from the click on "Unggah dan
periksa" until the report's row count is on screen.
"""

from __future__ import annotations

import os
import statistics
import sys
import time
from pathlib import Path

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lindung.settings")
os.environ.setdefault("LINDUNG_ENV", "demo")


def main() -> None:
    import django

    django.setup()
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.test import Client

    from lindung.accounts.models import User
    from lindung.enrolment.models import Batch

    args = sys.argv[1:]
    browser_url = ""
    if "--browser" in args:
        i = args.index("--browser")
        browser_url = args[i + 1].rstrip("/")
        del args[i : i + 2]
    path = Path(args[0]) if args else Path(__file__).resolve().parents[2] / "shared/samples/desa-lahat.xlsx"
    data = path.read_bytes()
    user = User.objects.get(username="desa.operator")
    if browser_url:
        _in_browser(browser_url, path, lambda: Batch.objects.filter(created_by=user).delete())
        return
    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(user)
    times = []
    for i in range(7):
        Batch.objects.filter(programme__code="lahat-rentan-2024", created_by=user).delete()
        t = time.perf_counter()
        resp = client.post(
            "/pendaftaran/unggah/",
            {"programme": "lahat-rentan-2024", "file": SimpleUploadedFile(path.name, data)},
        )
        page = client.get(resp["Location"])
        elapsed = time.perf_counter() - t
        assert page.status_code == 200 and b"count-rows" in page.content
        if i:  # the first run warms caches (region tables, templates)
            times.append(elapsed)
    Batch.objects.filter(programme__code="lahat-rentan-2024", created_by=user).delete()
    print(
        f"60-row village file, upload + report page: median {statistics.median(times) * 1000:.0f} ms, "
        f"max {max(times) * 1000:.0f} ms over {len(times)} runs"
    )


def _in_browser(base: str, path: Path, clean) -> None:
    from playwright.sync_api import sync_playwright

    # Playwright's sync API runs an event loop in this thread; the ORM clean-up between runs is still sync.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    times = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=os.environ.get("CHROMIUM", "/usr/bin/chromium"))
        page = browser.new_page()
        page.goto(f"{base}/akun/masuk/")
        page.fill("input[name=username]", "desa.operator")
        page.fill("input[name=password]", os.environ.get("DEMO_PASSWORD", "lindung-demo-2024"))
        page.click("button[type=submit]")
        page.wait_for_load_state("networkidle")
        for i in range(7):
            clean()
            page.goto(f"{base}/pendaftaran/unggah/?program=lahat-rentan-2024")
            page.set_input_files("input[type=file]", str(path))
            t = time.perf_counter()
            page.click("form[enctype] button[type=submit]")
            try:
                page.wait_for_selector("#count-rows", state="visible", timeout=10_000)
            except Exception:
                errors = page.locator(".alert").all_inner_texts()
                raise SystemExit(f"no report after the upload; page says: {errors or page.url}") from None
            elapsed = time.perf_counter() - t
            if i:
                times.append(elapsed)
        browser.close()
    clean()
    print(
        f"60-row village file in Chromium, click to report on screen: median "
        f"{statistics.median(times) * 1000:.0f} ms, max {max(times) * 1000:.0f} ms over {len(times)} runs"
    )


if __name__ == "__main__":
    from common import recorded

    with recorded(__file__):
        main()
