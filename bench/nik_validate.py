"""Benchmark: vectorised NIK validation (errors, warnings, region names) vs lokal-id's per-call parse_nik.

Run: .venv/bin/python bench/nik_validate.py [N]   (default 1,000,000 NIKs; the per-call baseline runs on a
200,000-NIK subset of the same NIKs and its rate is reported per NIK).
"""

from __future__ import annotations

import os
import platform
import random
import sys
import time

import polars as pl

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lindung.settings")
os.environ.setdefault("LINDUNG_ENV", "dev")


def make_niks(n: int, seed: int = 7) -> list[str]:
    from lokal import wilayah

    rng = random.Random(seed)
    districts = [c for c in wilayah._base() if c.count(".") == 2]
    out = []
    for i in range(n):
        d = rng.choice(districts).replace(".", "")
        day = rng.randint(1, 28) + (40 if rng.random() < 0.5 else 0)
        nik = f"{d}{day:02d}{rng.randint(1, 12):02d}{rng.randint(60, 99):02d}{rng.randint(1, 9999):04d}"
        r = i % 100
        if r == 0:
            nik = nik[:15]  # too short
        elif r == 1:
            nik = "99" + nik[2:]  # unknown province
        elif r == 2:
            nik = nik[:6] + "32" + nik[8:]  # impossible day
        elif r == 3:
            nik = nik[:2] + "99" + nik[4:]  # regency not in today's list (warning)
        out.append(nik)
    return out


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 1_000_000
    from lindung.registry.nik import _region_frames, nik_validate_frame

    niks = make_niks(n)
    frame = pl.DataFrame({"nik": niks})
    _region_frames()  # region table load (once per process) is not part of the per-NIK cost
    nik_validate_frame(frame.head(1000))
    best = float("inf")
    for _ in range(3):
        t = time.perf_counter()
        out = nik_validate_frame(frame)
        best = min(best, time.perf_counter() - t)
    invalid = out.filter(~pl.col("nik_valid")).height
    warned = out.filter(pl.col("nik_warning_codes").list.len() > 0).height

    from lokal import parse_nik
    from lokal.wilayah import wilayah_name

    subset = niks[:200_000]
    wilayah_name("16.04")
    t = time.perf_counter()
    for x in subset:
        parse_nik(x, lookup_wilayah=wilayah_name)
    base = time.perf_counter() - t

    vec_rate = n / best
    base_rate = len(subset) / base
    print(
        f"machine: {platform.processor() or platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}, polars {pl.__version__}"
    )
    print(f"NIKs: {n:,} ({invalid:,} invalid, {warned:,} with warnings)")
    print(f"vectorised: {best:.3f} s best of 3 -> {vec_rate:,.0f} NIKs/s")
    print(f"lokal-id parse_nik per call (200k subset): {base:.3f} s -> {base_rate:,.0f} NIKs/s")
    print(f"ratio vectorised / per-call: {vec_rate / base_rate:.1f}x")


if __name__ == "__main__":
    main()
