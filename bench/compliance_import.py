"""Benchmark: import and categorise 1.000.000 employers (OSS permit list) against 1.000.000 BPJS employer rows.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/lindung_bench_compliance .venv/bin/python bench/compliance_import.py
    DATABASE_URL=sqlite:////tmp/bench_compliance.sqlite3 .venv/bin/python bench/compliance_import.py

Uses a scratch database (its employer register is emptied first). Generates two CSV files as the offices
send them (semicolon, a title row): the BPJS branch list (1.000.000 rows: NPP, NIB for 800.000 of them,
name, village, registered workers, programmes, wage total) and the OSS permit list (1.000.000 rows: NIB,
name, KBLI, scale, village; 800.000 NIBs shared with the BPJS list). Each import then runs in a fresh
process (so its peak memory is its own) through the same service the page uses
(`compliance.imports.employers_import`): read, validate, stage (COPY / executemany), match, write, and for the
OSS list the categorisation of every employer of the touched regencies. Also times a raw COPY of the OSS
file into an empty table (the floor) on PostgreSQL.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import resource
import subprocess
import sys
import time

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lindung.settings")
os.environ.setdefault("LINDUNG_ENV", "dev")
# This run's own directory (made by the parent process, handed to the import processes, removed at the end).
DIR = os.environ.get("LINDUNG_BENCH_DIR", "")


def generate(n: int) -> None:
    import polars as pl

    from lindung.regions.models import Region

    villages = list(Region.objects.filter(level=4, code__startswith="16.").values_list("code", flat=True))
    os.makedirs(DIR, exist_ok=True)
    i = pl.int_range(0, n, eager=True)
    v = pl.Series(villages)
    shared = int(n * 0.8)
    scales = pl.Series(["Usaha Mikro", "Usaha Kecil", "Usaha Menengah", "Usaha Besar"])
    oss = pl.DataFrame({"i": i}).select(
        pl.format("91{}", pl.col("i").cast(pl.Utf8).str.zfill(11)).alias("NIB"),
        pl.format("PT Usaha Uji {}", pl.col("i")).alias("Nama Perusahaan"),
        pl.lit("47111").alias("KBLI"),
        scales.gather((pl.Series(range(n)) % 4).to_list()).alias("Skala Usaha")
        if False
        else pl.lit("Usaha Kecil").alias("Skala Usaha"),
        v.gather((pl.Series(range(n)) * 7919 % len(villages)).to_list()).alias("Kode Desa"),
    )
    del scales
    bp = pl.DataFrame({"i": i}).select(
        pl.format("16{}", pl.col("i").cast(pl.Utf8).str.zfill(8)).alias("NPP"),
        pl.when(pl.col("i") < shared)
        .then(pl.format("91{}", pl.col("i").cast(pl.Utf8).str.zfill(11)))
        .otherwise(pl.lit(""))
        .alias("NIB"),
        pl.when(pl.col("i") < shared)
        .then(pl.format("PT Usaha Uji {}", pl.col("i")))
        .otherwise(pl.format("PT Peserta Lain {}", pl.col("i")))
        .alias("Nama Perusahaan"),
        v.gather((pl.Series(range(n)) * 7919 % len(villages)).to_list()).alias("Kode Desa"),
        (pl.col("i") % 50 + 1).alias("Tenaga Kerja Terdaftar"),
        pl.when(pl.col("i") % 3 == 0)
        .then(pl.lit("JKK,JKM"))
        .otherwise(pl.lit("JKK,JKM,JHT"))
        .alias("Program"),
        ((pl.col("i") % 50 + 1) * pl.when(pl.col("i") % 10 == 0).then(2_000_000).otherwise(4_000_000)).alias(
            "Total Upah"
        ),
        pl.lit(0).alias("Bulan Menunggak"),
    )
    for name, frame, title in (
        ("oss.csv", oss, "DAFTAR NIB OSS"),
        ("bpjs.csv", bp, "DAFTAR PESERTA BADAN USAHA"),
    ):
        path = os.path.join(DIR, name)
        with open(path, "w", encoding="utf-8") as f:
            f.write(title + ";" * (frame.width - 1) + "\n")
        with open(path, "a", encoding="utf-8") as f:
            frame.write_csv(f, separator=";")


def run_import(source: str) -> dict:
    from lindung.compliance import imports

    path = os.path.join(DIR, f"{source}.csv")
    with open(path, "rb") as f:
        data = f.read()
    t = time.perf_counter()
    result = imports.employers_import(actor=None, source=source, data=data, filename=os.path.basename(path))
    elapsed = time.perf_counter() - t
    imp = result.employer_import
    return {
        "source": source,
        "seconds": round(elapsed, 2),
        "rows": imp.rows,
        "created": imp.created,
        "updated": imp.updated,
        "probable": imp.probable,
        "status": imp.status,
        "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024,
        "mb": round(len(data) / 1024 / 1024),
        "steps": result.timings,
    }


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--rows", type=int, default=1_000_000)
    ap.add_argument("--step", choices=["oss", "bpjs"], default=None)
    args = ap.parse_args()

    import django

    django.setup()
    from django.db import connection

    if args.step:
        print(json.dumps(run_import(args.step)))
        return
    global DIR
    import shutil
    import tempfile

    DIR = os.environ["LINDUNG_BENCH_DIR"] = tempfile.mkdtemp(prefix="lindung-bench-compliance-")
    try:
        _parent(args, connection)
    finally:
        shutil.rmtree(DIR, ignore_errors=True)


def _parent(args, connection) -> None:
    import django
    from django.core.management import call_command

    from lindung.regions.models import Region
    from lindung.regions.services import regions_load

    call_command("migrate", verbosity=0)
    if Region.objects.count() < 91_000:
        regions_load()
    with connection.cursor() as cur:
        for table in (
            "compliance_probablematch",
            "compliance_employerimport",
            "compliance_categorysnapshot",
            "compliance_employer",
        ):
            cur.execute(f"DELETE FROM {table}")
    from common import vacuum

    vacuum(connection, "compliance_employer", "compliance_probablematch", "compliance_categorysnapshot")
    t = time.perf_counter()
    generate(args.rows)
    print(
        f"database: {connection.vendor}; machine: {platform.machine()}, {os.cpu_count()} cores; {dt.date.today()}; "
        f"files generated in {time.perf_counter() - t:.1f} s"
    )
    results = []
    for step in ("bpjs", "oss"):
        out = subprocess.run(
            [sys.executable, __file__, "--step", step], capture_output=True, text=True, env=os.environ
        )
        if out.returncode:
            print(out.stderr[-3000:])
            raise SystemExit(1)
        r = json.loads(out.stdout.strip().splitlines()[-1])
        results.append(r)
        print(
            f"{r['source']:5s} {r['rows']:>9,} rows ({r['mb']} MB): {r['seconds']:6.1f} s, created {r['created']:,}, "
            f"updated {r['updated']:,}, probable {r['probable']:,}, peak RSS {r['peak_rss_mb']:,} MB; steps {r['steps']}"
        )
    from lindung.compliance.models import Employer

    counts = dict(Employer.objects.values_list("category").annotate(n=django.db.models.Count("id")))
    print("categories:", counts)
    if connection.vendor == "postgresql":
        with connection.cursor() as cur:
            cur.execute(
                "CREATE TEMP TABLE floor_copy (nib text, name text, kbli text, scale text, village text)"
            )
            path = os.path.join(DIR, "oss.csv")
            t = time.perf_counter()
            with (
                open(path, "rb") as f,
                cur.cursor.copy(
                    "COPY floor_copy FROM STDIN WITH (FORMAT csv, DELIMITER ';', HEADER false)"
                ) as cp,
            ):
                f.readline()
                f.readline()
                while chunk := f.read(1 << 20):
                    cp.write(chunk)
            floor = time.perf_counter() - t
        print(
            f"floor: raw COPY of the OSS file into an empty table {floor:.1f} s; OSS import+categorise is "
            f"{results[1]['seconds'] / floor:.1f}x that"
        )


if __name__ == "__main__":
    from common import recorded

    with recorded(__file__):
        main()
