"""Benchmark: vectorised NIK validation (errors, warnings, region names) vs lokal-id's per-call parse_nik.

Run: .venv/bin/python bench/nik_validate.py [N] [--threads T]   (default 1.000.000 NIKs, T = 1)

Fair by construction: both paths get the same treatment (best of 3, on the same 200.000 NIKs, on T threads:
polars' pool is fixed to T before it is imported; the per-call path is one thread). The throughput on all N
NIKs is reported beside it.
"""

from __future__ import annotations

import argparse
import os
import random
import time

from common import Figures


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


def _best_of(n: int, fn) -> float:
    best = float("inf")
    for _ in range(n):
        t = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - t)
    return best


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("n", nargs="?", type=int, default=1_000_000)
    ap.add_argument("--threads", type=int, default=1)
    args = ap.parse_args()
    os.environ["POLARS_MAX_THREADS"] = str(args.threads)
    import polars as pl
    from lokal import parse_nik
    from lokal.wilayah import wilayah_name

    from lindung.registry.nik import _region_frames, nik_validate_frame

    fig = Figures(f"nik_validate ({args.threads} thread(s) for polars)")
    fig.header()
    niks = make_niks(args.n)
    frame = pl.DataFrame({"nik": niks})
    _region_frames()  # region table load (once per process) is not part of the per-NIK cost
    nik_validate_frame(frame.head(1000))
    wilayah_name("16.04")
    out = nik_validate_frame(frame)
    invalid = out.filter(~pl.col("nik_valid")).height
    warned = out.filter(pl.col("nik_warning_codes").list.len() > 0).height
    fig.note(
        f"NIKs: {args.n:,} ({invalid:,} invalid, {warned:,} with warnings); polars threads {pl.thread_pool_size()}"
    )

    subset = niks[:200_000]
    sub_frame = frame.head(200_000)
    vec = _best_of(3, lambda: nik_validate_frame(sub_frame))

    def per_call():
        for x in subset:
            parse_nik(x, lookup_wilayah=wilayah_name)

    base = _best_of(3, per_call)
    fig.add(
        "vectorised, 200.000 NIKs (best of 3)",
        vec,
        note=f"per-call parse_nik on the same NIKs, best of 3: {base:.2f} s; vectorised {base / vec:.1f}x faster",
    )
    full = _best_of(3, lambda: nik_validate_frame(frame))
    fig.add(f"vectorised, {args.n:,} NIKs (best of 3)", full, note=f"{args.n / full:,.0f} NIKs/s")
    fig.footer()


if __name__ == "__main__":
    main()
