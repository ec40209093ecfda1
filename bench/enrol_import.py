"""Benchmark: import (read + validate + store + commit) a large enrolment CSV into a registry that
already holds many people.

    LINDUNG_ENV=dev .venv/bin/python bench/enrol_import.py --rows 1000000 --registry 1000000
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/lindung_bench LINDUNG_ENV=dev .venv/bin/python bench/enrol_import.py ...

Uses a scratch database (migrates it, loads regions, empties people/memberships/batches). The CSV has
realistic faults: ~3% invalid NIKs or dates, ~1% NIKs repeated in the file, a few probable duplicates.
On PostgreSQL it also times a raw COPY of the same rows into an empty table (the physical limit).
"""

from __future__ import annotations

import argparse
import os
import platform
import random
import resource
import sys
import time
from pathlib import Path

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lindung.settings")
os.environ.setdefault("LINDUNG_ENV", "dev")


def make_csv(path: Path, rows: int, villages: list[str], seed: int = 11, start_serial: int = 5000) -> None:
    rng = random.Random(seed)
    lines = ["NIK;Nama;Tanggal Lahir;L/P;Kode Desa;Pekerjaan"]
    first = ["SITI", "AHMAD", "MUHAMMAD", "NUR", "DEWI", "BUDI", "RINA", "AGUS", "SRI", "YUSUF"]
    last = ["SAPUTRA", "WIJAYA", "LUBIS", "PUTRI", "HIDAYAT", "SIREGAR", "RAHAYU", "NASUTION"]
    serial: dict[str, int] = {}
    niks = []
    for i in range(rows):
        v = villages[i % len(villages)]
        female = rng.random() < 0.5
        d, m, y = rng.randint(1, 28), rng.randint(1, 12), rng.randint(1966, 2004)
        prefix = f"{v[:8].replace('.', '')}{d + (40 if female else 0):02d}{m:02d}{y % 100:02d}"
        serial[prefix] = serial.get(prefix, start_serial) + 1
        nik = f"{prefix}{serial[prefix]:04d}"
        name = f"{rng.choice(first)} {rng.choice(last)}"
        date = f"{d:02d}/{m:02d}/{y}"
        r = i % 100
        if r in (0, 1):
            nik = nik[:15]  # short
        elif r == 2:
            date = "31/02/1990"  # impossible
        elif r == 3 and niks:
            nik = niks[-1]  # repeated in the file
        niks.append(nik)
        lines.append(f"{nik};{name};{date};{'P' if female else 'L'};{v};Petani")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def _time_steps() -> dict[str, float]:
    """Wraps the import's steps (read, validate, the bulk statements) to report where the time goes."""
    from lindung.enrolment import bulk, services

    steps: dict[str, float] = {}

    def timed(module, name: str, label: str) -> None:
        fn = getattr(module, name)

        def wrapper(*a, **kw):
            t = time.perf_counter()
            try:
                return fn(*a, **kw)
            finally:
                steps[label] = steps.get(label, 0.0) + time.perf_counter() - t

        setattr(module, name, wrapper)

    timed(services, "read_enrolment_file", "read")
    timed(services, "validate_rows", "validate")
    for name in dir(bulk):
        if name.startswith(("rows_", "people_", "memberships_", "conflicting_")) and callable(
            getattr(bulk, name)
        ):
            timed(bulk, name, name)
    return steps


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--rows", type=int, default=1_000_000)
    ap.add_argument("--registry", type=int, default=1_000_000)
    ap.add_argument("--floor", action="store_true", help="PostgreSQL: also time COPY of the written rows")
    args = ap.parse_args()

    import django

    django.setup()
    import polars as pl
    from django.core.management import call_command
    from django.db import connection

    from lindung.accounts.models import Organisation, User
    from lindung.enrolment.services import batch_accept, batch_submit, batch_upload, batch_verify
    from lindung.programs.models import Programme, ProgrammeFunder
    from lindung.regions.models import Region
    from lindung.regions.services import regions_load
    from lindung.registry.models import Person

    call_command("migrate", verbosity=0)
    if Region.objects.count() < 91_000:
        regions_load()
    org, _ = Organisation.objects.get_or_create(
        code="bench", defaults={"name": "Bench", "kind": "sistem", "is_national": True}
    )
    user, _ = User.objects.get_or_create(
        username="bench", defaults={"organisation": org, "role": "admin", "is_superuser": True}
    )
    # Maker-checker: whoever uploaded and submitted the list does not verify or accept it.
    checker, _ = User.objects.get_or_create(
        username="bench-checker", defaults={"organisation": org, "role": "admin", "is_superuser": True}
    )
    with connection.cursor() as cur:  # plain deletes: the ORM collector would load a million ids
        cur.execute("DELETE FROM enrolment_batchrow")
        cur.execute("DELETE FROM enrolment_batch")
        cur.execute("DELETE FROM memberships_membership")
        cur.execute(  # committed by an earlier run
            "DELETE FROM registry_person WHERE created_by_id IN (%s, %s)", [user.pk, checker.pk]
        )
        if connection.vendor == "postgresql":  # an earlier run's dead rows must not slow this one
            for table in ("enrolment_batchrow", "memberships_membership", "registry_person"):
                cur.execute(f"VACUUM ANALYZE {table}")
    Programme.objects.filter(code="bench").delete()
    import datetime as dt

    prog = Programme.objects.create(
        code="bench",
        name="Bench",
        owner=org,
        region_code="16",
        target_group="pekerja_rentan",
        start_date=dt.date(2025, 1, 1),
        max_age=70,
    )
    ProgrammeFunder.objects.create(programme=prog, kind="apbd_prov", share_percent=100)
    villages = list(Region.objects.filter(level=4, code__startswith="16.").values_list("code", flat=True))

    # Registry of existing people (other NIKs than the file's: serials start elsewhere); kept between runs.
    if Person.objects.count() < args.registry * 0.9:
        t = time.perf_counter()
        Person.objects.all().delete()
        reg_csv = Path("/tmp/bench_registry.csv")
        make_csv(reg_csv, args.registry, villages, seed=3, start_serial=0)
        reg = pl.read_csv(reg_csv, separator=";", infer_schema=False).unique("NIK")
        reg = reg.filter(pl.col("NIK").str.len_chars() == 16).with_columns(
            pl.col("Tanggal Lahir").str.to_date("%d/%m/%Y", strict=False)
        )
        # Birth dates and sexes as the validation's probable-duplicate check compares them.
        people = [
            Person(
                nik=r[0],
                full_name=r[1],
                name_key=r[1].lower(),
                birth_date=r[2],
                sex=r[3],
                region_code=r[4],
                regency_code=r[4][:5],
            )
            for r in reg.iter_rows()
        ]
        Person.objects.bulk_create(people, batch_size=10_000)
        del people
        print(f"registry prepared in {time.perf_counter() - t:.0f} s", flush=True)
        # Start again in a fresh process, so that the peak memory reported is the import's own.
        os.execv(sys.executable, [sys.executable, *sys.argv])
    print(f"registry: {Person.objects.count():,} people")

    steps = _time_steps()
    path = Path("/tmp/bench_enrol.csv")
    make_csv(path, args.rows, villages)
    data = path.read_bytes()
    print(f"file: {args.rows:,} rows, {len(data) / 1e6:.0f} MB")

    t0 = time.perf_counter()
    batch = batch_upload(actor=user, programme=prog, filename="bench.csv", data=data, background=False)
    t1 = time.perf_counter()
    batch_submit(actor=user, batch=batch)
    committed = batch_verify(actor=checker, batch=batch)
    t2 = time.perf_counter()
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    total = t2 - t0
    print(f"machine: {platform.machine()}, {os.cpu_count()} cores, database: {connection.vendor}")
    print(
        f"validate+store: {t1 - t0:.1f} s; commit: {t2 - t1:.1f} s; total {total:.1f} s -> {args.rows / total:,.0f} rows/s"
    )
    print(
        f"valid {batch.valid:,}, warnings {batch.warnings:,}, rejected {batch.rejected:,}, committed {committed:,}; peak RSS {peak:,.0f} MB"
    )

    print("steps: " + "; ".join(f"{k} {v:.1f} s" for k, v in steps.items()))

    # BPJS accepts the batch with a response file of one KPJ per committed person (not part of the total).
    niks = list(batch.row_set.filter(status__in=["valid", "warning"]).values_list("nik", flat=True))
    kpj = {nik: str(30_000_000_000 + i) for i, nik in enumerate(niks)}
    t = time.perf_counter()
    accepted = batch_accept(actor=checker, batch=batch, kpj=kpj).accepted
    print(
        f"accept with {len(kpj):,} KPJ numbers: {accepted:,} memberships active in {time.perf_counter() - t:.1f} s"
    )

    if connection.vendor == "postgresql":
        with connection.cursor() as cur:
            cur.execute("DROP TABLE IF EXISTS bench_copy")
            cur.execute(
                "CREATE TABLE bench_copy (nik text, nama text, tgl text, jk text, desa text, pekerjaan text)"
            )
            t = time.perf_counter()
            with cur.copy("COPY bench_copy FROM STDIN WITH (FORMAT csv, DELIMITER ';', HEADER true)") as cp:
                cp.write(data)
            copy_s = time.perf_counter() - t
            cur.execute("DROP TABLE bench_copy")
        print(f"raw COPY of the same rows: {copy_s:.1f} s -> ratio {total / copy_s:.1f}x")
        if args.floor:
            floor = _write_floor(batch.pk)
            print(
                "COPY of the rows the import writes, into copies of its three tables with their indexes: "
                + "; ".join(f"{k} {v:.1f} s" for k, v in floor.items())
                + f" -> ratio {total / sum(floor.values()):.1f}x"
            )


def _write_floor(batch_id: int) -> dict[str, float]:
    """The physical limit of the import's writes on PostgreSQL: the rows it wrote (batch rows, new people,
    memberships), exported, then COPYed into empty copies of the same tables with the same indexes (the people
    copy first filled with the registry that was there before, untimed)."""
    from django.db import connection

    out: dict[str, float] = {}
    plan = [
        (
            "batch rows",
            "enrolment_batchrow",
            f"SELECT * FROM enrolment_batchrow WHERE batch_id = {batch_id}",
            None,
        ),
        (
            "people",
            "registry_person",
            "SELECT * FROM registry_person WHERE created_by_id IS NOT NULL",
            "SELECT * FROM registry_person WHERE created_by_id IS NULL",
        ),
        (
            "memberships",
            "memberships_membership",
            f"SELECT * FROM memberships_membership WHERE batch_id = {batch_id}",
            None,
        ),
    ]
    with connection.cursor() as cur:
        for label, table, rows_sql, before_sql in plan:
            cur.execute(
                f"DROP TABLE IF EXISTS bench_floor; CREATE TABLE bench_floor (LIKE {table} INCLUDING ALL)"
            )
            if before_sql:
                cur.execute(f"INSERT INTO bench_floor {before_sql}")
                cur.execute("CHECKPOINT")
            buf = bytearray()
            with cur.copy(f"COPY ({rows_sql}) TO STDOUT") as cp:
                for chunk in cp:
                    buf += chunk
            t = time.perf_counter()
            with connection.cursor() as c2, c2.copy("COPY bench_floor FROM STDIN") as cp:
                cp.write(bytes(buf))
            out[label] = time.perf_counter() - t
            cur.execute("DROP TABLE bench_floor")
    return out


if __name__ == "__main__":
    main()
