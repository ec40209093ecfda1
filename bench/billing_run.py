"""Benchmark: one monthly billing run over N active memberships, and the budget page of that programme.

    LINDUNG_ENV=dev DATABASE_URL=sqlite:////tmp/bench_billing.sqlite3 .venv/bin/python bench/billing_run.py
    LINDUNG_ENV=dev DATABASE_URL=postgres://postgres@127.0.0.1:5432/lindung_bench_billing .venv/bin/python bench/billing_run.py

Uses a scratch database: migrates it, loads regions, then (re)creates one BPU programme with N active
memberships spread over real villages, written set-based (memberships reference synthetic person ids; the
key has no database constraint, decision 12). Times: the billing run (2 lines per member: JKK + JKM), the
idempotent re-run (nothing new), and the budget page (`/iuran/anggaran/<code>/?tahun=`) through Django's
full request stack, median of 10. On PostgreSQL it also times a raw COPY of the same number of lines into
an empty table with the same columns (the physical limit).
"""

from __future__ import annotations

import argparse
import datetime as dt
import io
import os
import platform
import resource
import statistics
import time

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lindung.settings")
os.environ.setdefault("LINDUNG_ENV", "dev")


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--members", type=int, default=1_000_000)
    args = ap.parse_args()

    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection, transaction
    from django.test import Client

    from lindung.accounts.models import Organisation, User
    from lindung.billing import services
    from lindung.billing.models import BillingRun, Budget, Invoice, InvoiceLine, PaymentAllocation
    from lindung.memberships.models import Membership
    from lindung.programs.models import Programme, ProgrammeFunder
    from lindung.regions.models import Region
    from lindung.regions.services import regions_load

    # The test client calls itself "testserver", which the dev settings do not list.
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    call_command("migrate", verbosity=0)
    if Region.objects.count() < 91_000:
        regions_load()
    org, _ = Organisation.objects.get_or_create(
        code="bench", defaults={"name": "Bench", "kind": "sistem", "is_national": True}
    )
    user = User.objects.filter(username="bench").first() or User.objects.create_superuser(
        "bench", password="bench-pass-123", organisation=org, role="admin"
    )
    vendor = connection.vendor
    print(f"database: {vendor}; machine: {platform.machine()}, {os.cpu_count()} cores; {dt.date.today()}")

    t = time.perf_counter()
    with transaction.atomic():
        PaymentAllocation.objects.all().delete()
        InvoiceLine.objects.all().delete()
        Invoice.objects.all().delete()
        BillingRun.objects.all().delete()
        Budget.objects.all().delete()
        Membership.objects.filter(programme__code="bench-billing").delete()
        Programme.objects.filter(code="bench-billing").delete()
        p = Programme.objects.create(
            code="bench-billing",
            name="Bench billing",
            owner=org,
            region_code="16",
            target_group="pekerja_rentan",
            start_date=dt.date(2026, 1, 1),
        )
        ProgrammeFunder.objects.create(programme=p, kind="apbd_prov", organisation=org, share_percent=100)
        villages = list(
            Region.objects.filter(level=4, code__startswith="16.")
            .order_by("code")
            .values_list("code", flat=True)
        )
        with connection.cursor() as cur:
            cur.execute("CREATE TEMP TABLE bench_villages (i integer primary key, code varchar(13))")
            cur.executemany("INSERT INTO bench_villages (i, code) VALUES (%s, %s)", list(enumerate(villages)))
            if vendor == "postgresql":
                series = "SELECT g AS n FROM generate_series(1, %s) g"
            else:
                series = "WITH RECURSIVE s(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM s WHERE n < %s) SELECT n FROM s"
            cur.execute(
                "INSERT INTO memberships_membership (person_id, programme_id, funder_id, region_code, regency_code,"
                " status, start_date, end_date, end_reason, kpj, officer_kind, created_at, updated_at) "
                f"SELECT 10000000 + x.n, %s, NULL, v.code, substr(v.code, 1, 5), %s, %s, NULL, '', '', '', "
                f"%s, %s FROM ({series}) x JOIN bench_villages v ON v.i = x.n %% %s",
                [
                    p.pk,
                    Membership.Status.ACTIVE,
                    dt.date(2026, 1, 1),
                    dt.datetime.now(dt.UTC),
                    dt.datetime.now(dt.UTC),
                    args.members,
                    len(villages),
                ],
            )
            cur.execute("DROP TABLE bench_villages")
    if vendor == "postgresql":
        with connection.cursor() as cur:
            cur.execute("VACUUM ANALYZE memberships_membership")
    print(f"setup: {args.members:,} memberships in {time.perf_counter() - t:.1f} s")

    period = dt.date(2026, 11, 1)
    t = time.perf_counter()
    result = services.billing_run(actor=user, programme=p, period=period, issued_on=period)
    run_s = time.perf_counter() - t
    print(
        f"billing run: {run_s:.2f} s, {result.invoices} invoice(s), {result.lines:,} lines "
        f"({result.lines / run_s:,.0f} lines/s), total Rp{result.total:,}"
    )
    t = time.perf_counter()
    again = services.billing_run(actor=user, programme=p, period=period, issued_on=period)
    print(f"re-run (idempotent): {time.perf_counter() - t:.2f} s, {again.lines} new lines")

    if vendor == "postgresql":
        buf = io.StringIO()
        for i in range(result.lines):
            buf.write(f"1\t{i // 2}\t16.04.21.2008\t{'JKK' if i % 2 else 'JKM'}\t10000\n")
        data = buf.getvalue()
        with connection.cursor() as cur:
            cur.execute(
                "CREATE TEMP TABLE copy_lines (invoice_id bigint, membership_id bigint, region_code varchar(13),"
                " element varchar(5), amount bigint)"
            )
            t = time.perf_counter()
            with cur.copy("COPY copy_lines FROM STDIN") as copy:
                copy.write(data)
            copy_s = time.perf_counter() - t
            cur.execute("DROP TABLE copy_lines")
        print(
            f"raw COPY of {result.lines:,} lines: {copy_s:.2f} s; billing run / COPY = {run_s / copy_s:.1f}x"
        )

    services.budget_set(actor=None, programme=p, year=2026, planned_members=args.members)
    c = Client()
    c.force_login(user)
    url = f"/iuran/anggaran/{p.code}/?tahun=2026"
    assert c.get(url).status_code == 200
    times = []
    for _ in range(10):
        t = time.perf_counter()
        r = c.get(url)
        times.append(time.perf_counter() - t)
        assert r.status_code == 200
    print(
        f"budget page: median {statistics.median(times) * 1000:.0f} ms, max {max(times) * 1000:.0f} ms (10 runs)"
    )
    print(f"peak RSS: {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB")


if __name__ == "__main__":
    main()
