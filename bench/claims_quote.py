"""Benchmark: POST /api/v1/claims/quote through Django's full request stack (middleware, URL routing,
django-ninja, bearer-token authentication, the rules query, the engine, JSON rendering).

    LINDUNG_ENV=dev DATABASE_URL=sqlite:////tmp/bench_claims.sqlite3 .venv/bin/python bench/claims_quote.py
    LINDUNG_ENV=dev DATABASE_URL=postgres://postgres@127.0.0.1:5432/lindung_claims_bench .venv/bin/python bench/claims_quote.py

Target: p99 under 20 ms. The floor is an authenticated GET of one region (`/api/v1/regions/16.04`) through the
same stack in the same run: what any API call costs before the quote does its own work.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import statistics
import time

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lindung.settings")
os.environ.setdefault("LINDUNG_ENV", "dev")
os.environ.setdefault("ALLOWED_HOSTS", "testserver,127.0.0.1,localhost")

BODY = {
    "kind": "JKM",
    "segment": "BPU",
    "wage": 1_500_000,
    "event_date": "2026-03-10",
    "claim_date": "2026-04-01",
    "membership_start": "2022-01-01",
    "contribution_months": 50,
    "family": [
        {"relation": "spouse", "birth_date": "1985-02-01"},
        {"relation": "child", "birth_date": "2021-05-01", "school_level": "TK", "school_year": 1},
        {"relation": "child", "birth_date": "2013-01-10", "school_level": "SMP", "school_year": 1},
        {"relation": "parent", "birth_date": "1960-01-01"},
    ],
}


def pct(values: list[float], p: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, int(round(p / 100 * len(values) + 0.5)) - 1)]


def timed(client, n: int, call) -> list[float]:
    out = []
    for _ in range(n):
        t = time.perf_counter()
        r = call(client)
        out.append((time.perf_counter() - t) * 1000)
        assert r.status_code == 200, r.content
    return out


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--requests", type=int, default=2000)
    args = ap.parse_args()

    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client

    from lindung.accounts.models import Organisation, User
    from lindung.accounts.services import api_token_create
    from lindung.regions.models import Region
    from lindung.regions.services import regions_load

    call_command("migrate", verbosity=0)
    if Region.objects.count() < 91_000:
        regions_load()
    org, _ = Organisation.objects.get_or_create(
        code="bench", defaults={"name": "Bench", "kind": "sistem", "is_national": True}
    )
    user = User.objects.filter(username="bench").first() or User.objects.create_superuser(
        "bench", password="bench-pass-123", organisation=org, role="admin"
    )
    _token, secret = api_token_create(actor=None, user=user)
    client = Client(HTTP_AUTHORIZATION=f"Bearer {secret}")
    body = json.dumps(BODY)

    def quote(c):
        return c.post("/api/v1/claims/quote", data=body, content_type="application/json")

    def floor(c):
        return c.get("/api/v1/regions/16.04")

    print(f"database: {connection.vendor}; {platform.machine()}, {os.cpu_count()} cores; {dt.date.today()}")
    timed(client, 50, quote)
    timed(client, 50, floor)
    q = timed(client, args.requests, quote)
    f = timed(client, args.requests, floor)
    print(
        f"quote ({args.requests} requests): p50 {statistics.median(q):.2f} ms, p95 {pct(q, 95):.2f} ms, "
        f"p99 {pct(q, 99):.2f} ms, max {max(q):.2f} ms"
    )
    print(
        f"floor GET region: p50 {statistics.median(f):.2f} ms, p99 {pct(f, 99):.2f} ms; "
        f"quote/floor p50 = {statistics.median(q) / statistics.median(f):.1f}x"
    )


if __name__ == "__main__":
    from common import recorded

    with recorded(__file__):
        main()
