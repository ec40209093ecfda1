"""Benchmark: import (read + validate + store + commit) a large enrolment CSV into a registry that
already holds many people with memberships, then BPJS acceptance of the committed batch.

    LINDUNG_ENV=dev .venv/bin/python bench/enrol_import.py --rows 1000000 --registry 1000000
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/lindung_bench LINDUNG_ENV=dev .venv/bin/python bench/enrol_import.py ...

Uses a scratch database (migrates it, loads regions). Realistic data: the registry holds ``--registry``
people, a third of them members of another publicly funded programme; 5% of the file's people are already
in the registry, half of those in that other programme (so the existing-person and double-funding paths
run). The CSV has faults: ~3% invalid NIKs or dates, ~1% NIKs repeated in the file, probable duplicates.

Re-runnable: the registry is prepared once and kept (the script then starts again in a fresh process, so
the peak memory is the import's own); each run removes what the previous run wrote and vacuums; files live
in a directory of their own. SQLite runs with ``synchronous=FULL`` (every commit flushed, as PostgreSQL).

Floors, measured in the same run: the rows the import wrote (batch rows, new people, memberships) copied
into empty indexed copies of their tables (PostgreSQL ``COPY``, SQLite ``INSERT ... SELECT``), the people
copy first filled with the registry that was there before; for acceptance, the batch's memberships with
their KPJ copied into an indexed copy of the membership table.
"""

from __future__ import annotations

import argparse
import os
import random
import sys
import time
from pathlib import Path

from common import Figures, copy_floor, equal_durability, settle, table_indexes, vacuum, workdir

TABLES = ("enrolment_batchrow", "enrolment_batch", "memberships_membership", "registry_person")


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
        if name.startswith(
            ("rows_", "people_", "memberships_", "conflicting_", "kpj_", "response_")
        ) and callable(getattr(bulk, name)):
            timed(bulk, name, name)
    return steps


def _prepare_registry(args, villages, file_rows: list[tuple], org) -> None:
    """People (other NIKs than the file's, plus 5% of the file's), a third of them members of another
    publicly funded programme."""
    import datetime as dt

    import polars as pl
    from django.db import connection

    from lindung.memberships.models import Membership
    from lindung.programs.models import Programme, ProgrammeFunder
    from lindung.registry.models import Person

    with connection.cursor() as cur:
        cur.execute("DELETE FROM memberships_membership")
        cur.execute("DELETE FROM registry_person")
    Programme.objects.filter(code="bench-other").delete()
    other = Programme.objects.create(
        code="bench-other",
        name="Bench: program lain (APBD kabupaten)",
        owner=org,
        region_code="16",
        target_group="pekerja_rentan",
        start_date=dt.date(2024, 1, 1),
        max_age=70,
    )
    ProgrammeFunder.objects.create(programme=other, kind="apbd_kab", share_percent=100)
    with workdir("registry") as d:
        reg_csv = d / "registry.csv"
        make_csv(reg_csv, args.registry, villages, seed=3, start_serial=0)
        reg = pl.read_csv(reg_csv, separator=";", infer_schema=False)
    known = [r for r in file_rows if len(r[0]) == 16][::20]  # 5% of the file
    reg = pl.concat([reg, pl.DataFrame(known, schema=reg.columns, orient="row")]).unique("NIK", keep="first")
    reg = (
        reg.filter(pl.col("NIK").str.len_chars() == 16)
        .with_columns(pl.col("Tanggal Lahir").str.to_date("%d/%m/%Y", strict=False))
        .drop_nulls("Tanggal Lahir")
    )
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
    known_niks = [r[0] for r in known[::2]]
    with connection.cursor() as cur:
        cur.execute("CREATE TEMP TABLE bench_known (nik varchar(16) PRIMARY KEY)")
        cur.executemany("INSERT INTO bench_known VALUES (%s)", [(n,) for n in known_niks])
        cur.execute(
            "INSERT INTO memberships_membership (person_id, programme_id, funder_id, region_code, regency_code,"
            " status, start_date, end_date, end_reason, lapsed_on, kpj, officer_kind, created_at, updated_at)"
            " SELECT p.id, %s, NULL, p.region_code, p.regency_code, %s, %s, NULL, '', NULL, '', '', %s, %s"
            " FROM registry_person p WHERE p.id %% 3 = 0 OR p.nik IN (SELECT nik FROM bench_known)",
            [
                other.pk,
                Membership.Status.ACTIVE,
                dt.date(2024, 1, 1),
                dt.datetime.now(dt.UTC),
                dt.datetime.now(dt.UTC),
            ],
        )
        cur.execute("DROP TABLE bench_known")
    vacuum(connection, "registry_person", "memberships_membership")


def _clean(connection, users) -> None:
    """Removes what an earlier run wrote (its batch, memberships and the people it committed)."""
    from lindung.programs.models import Programme

    with connection.cursor() as cur:  # plain deletes: the ORM collector would load a million ids
        cur.execute("DELETE FROM enrolment_batchrow")
        cur.execute("DELETE FROM enrolment_batch")
        cur.execute(
            "DELETE FROM memberships_membership WHERE programme_id IN"
            " (SELECT id FROM programs_programme WHERE code = 'bench')"
        )
        cur.execute(
            f"DELETE FROM registry_person WHERE created_by_id IN ({', '.join(['%s'] * len(users))})",
            [u.pk for u in users],
        )
    Programme.objects.filter(code="bench").delete()
    vacuum(connection, *TABLES)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--rows", type=int, default=1_000_000)
    ap.add_argument("--registry", type=int, default=1_000_000)
    ap.add_argument(
        "--index-costs", action="store_true", help="also measure what each index costs the writes"
    )
    args = ap.parse_args()

    import datetime as dt

    import django

    django.setup()
    import polars as pl
    from django.core.management import call_command
    from django.db import connection

    from lindung.accounts.models import Organisation, User
    from lindung.enrolment.services import batch_accept, batch_submit, batch_upload, batch_verify
    from lindung.memberships.models import Membership
    from lindung.programs.models import Programme, ProgrammeFunder
    from lindung.regions.models import Region
    from lindung.regions.services import regions_load
    from lindung.registry.models import Person

    call_command("migrate", verbosity=0)
    equal_durability(connection)
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
    _clean(connection, [user, checker])
    villages = list(Region.objects.filter(level=4, code__startswith="16.").values_list("code", flat=True))

    with workdir("enrol") as d:
        path = d / "enrol.csv"
        make_csv(path, args.rows, villages)
        data = path.read_bytes()
    file_rows = pl.read_csv(data, separator=";", infer_schema=False).rows()

    # The registry is prepared once and kept between runs.
    prepared = Person.objects.filter(created_by__isnull=True).count() >= args.registry * 0.9
    if not prepared or not Membership.objects.filter(programme__code="bench-other").exists():
        t = time.perf_counter()
        _prepare_registry(args, villages, file_rows, org)
        print(f"registry prepared in {time.perf_counter() - t:.0f} s", flush=True)
        # Start again in a fresh process (exec starts a new peak-memory count).
        os.execv(sys.executable, [sys.executable, *sys.argv])
    del file_rows

    fig = Figures(f"enrol_import ({args.rows:,} rows)", connection)
    fig.header()
    before = Person.objects.count()
    fig.note(
        f"registry: {before:,} people, {Membership.objects.count():,} memberships; file: {args.rows:,} rows,"
        f" {len(data) / 1e6:.0f} MB"
    )
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

    steps = _time_steps()
    t0 = time.perf_counter()
    batch = batch_upload(actor=user, programme=prog, filename="bench.csv", data=data, background=False)
    t1 = time.perf_counter()
    batch_submit(actor=user, batch=batch)
    committed = batch_verify(actor=checker, batch=batch)
    t2 = time.perf_counter()
    total = t2 - t0
    fig.note(
        f"valid {batch.valid:,}, warnings {batch.warnings:,}, rejected {batch.rejected:,}, committed {committed:,};"
        f" new people {Person.objects.count() - before:,}"
    )
    fig.note("steps: " + "; ".join(f"{k} {v:.1f} s" for k, v in steps.items()))
    floor = _write_floor(batch.pk)
    fig.note("floor: " + "; ".join(f"{k} {v:.1f} s" for k, v in floor.items()))
    fig.add("validate + store rows", t1 - t0)
    fig.add("commit", t2 - t1)
    fig.add("import total", total, sum(floor.values()), f"{args.rows / total:,.0f} rows/s")
    if args.index_costs:
        _index_costs(fig, batch.pk)

    # BPJS accepts the batch with a response file of one KPJ per committed person.
    niks = list(batch.row_set.filter(status__in=["valid", "warning"]).values_list("nik", flat=True))
    kpj = {nik: str(30_000_000_000 + i) for i, nik in enumerate(niks)}
    settle(connection)  # as before its floor: the import's writes flushed first
    t = time.perf_counter()
    before_steps = dict(steps)
    accepted = batch_accept(actor=checker, batch=batch, kpj=kpj).accepted
    accept_s = time.perf_counter() - t
    fig.note(
        "acceptance steps: "
        + "; ".join(
            f"{k} {v - before_steps.get(k, 0.0):.1f} s" for k, v in steps.items() if v != before_steps.get(k)
        )
    )
    accept_floor = copy_floor(
        "memberships_membership",
        f"SELECT * FROM memberships_membership WHERE batch_id = {batch.pk}",
        f"SELECT * FROM memberships_membership WHERE batch_id IS NULL OR batch_id <> {batch.pk}",
    )
    fig.add(
        f"acceptance ({len(kpj):,} KPJ, {accepted:,} active)",
        accept_s,
        accept_floor,
        "floor: COPY of the accepted memberships",
    )
    fig.footer()
    _clean(connection, [user, checker])


def _floor_specs(batch_id: int) -> dict[str, tuple[str, str, str | None]]:
    """For each table the import writes: (table, the rows it wrote, what the table held before)."""
    return {
        "batch rows": (
            "enrolment_batchrow",
            f"SELECT * FROM enrolment_batchrow WHERE batch_id = {batch_id}",
            None,
        ),
        "people": (
            "registry_person",
            "SELECT * FROM registry_person WHERE created_by_id IS NOT NULL",
            "SELECT * FROM registry_person WHERE created_by_id IS NULL",
        ),
        "memberships": (
            "memberships_membership",
            f"SELECT * FROM memberships_membership WHERE batch_id = {batch_id}",
            f"SELECT * FROM memberships_membership WHERE batch_id IS NULL OR batch_id <> {batch_id}",
        ),
    }


def _write_floor(batch_id: int) -> dict[str, float]:
    """The physical limit of the import's writes: the rows it wrote (batch rows, new people, memberships)
    written into empty copies of the same tables with the same indexes."""
    return {label: copy_floor(*spec) for label, spec in _floor_specs(batch_id).items()}


def _index_costs(fig, batch_id: int) -> None:
    """What each index costs the import's writes: the floor of a table with all its indexes (best of 2)
    minus the floor without that one index (best of 2). Decisions per index: docs/decisions.md."""
    from django.db import connection

    for label, spec in _floor_specs(batch_id).items():
        full = min(copy_floor(*spec) for _ in range(2))
        parts = []
        for index in sorted(table_indexes(connection, spec[0])):
            without = min(copy_floor(*spec, skip_index=index) for _ in range(2))
            parts.append(f"{index} {full - without:+.2f} s")
        fig.note(f"index costs, {label} (floor {full:.2f} s with all): " + "; ".join(parts))


if __name__ == "__main__":
    main()
