"""Time to first feedback for a village list: the upload request for the 60-row sample (desa-lahat.xlsx) and
the report page it redirects to, through Django's full request stack, on the demo database.

    LINDUNG_ENV=demo .venv/bin/lindung demo --no-serve   # once
    LINDUNG_ENV=demo .venv/bin/python bench/enrol_feedback.py [path/to/desa-lahat.xlsx]
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

    path = (
        Path(sys.argv[1])
        if len(sys.argv) > 1
        else Path(__file__).resolve().parents[2] / "shared/samples/desa-lahat.xlsx"
    )
    data = path.read_bytes()
    user = User.objects.get(username="desa.operator")
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


if __name__ == "__main__":
    main()
