"""Benchmark: one monthly billing run over N active memberships, and the budget and arrears pages.

    LINDUNG_ENV=dev .venv/bin/python bench/billing_run.py --members 100000 1000000 3000000
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/lindung_bench_billing LINDUNG_ENV=dev .venv/bin/python bench/billing_run.py ...

Uses a scratch database (migrates it, loads regions). For each size it (re)creates one BPU programme with N
active memberships spread over real villages, written set-based (memberships reference synthetic person ids;
the key has no database constraint, decision 12), then times: the billing run (2 lines per member: JKK +
JKM), the idempotent re-run (nothing new), and the budget and arrears pages through Django's full request
stack (median of 10, after one untimed first request), then the province's coverage page and the national
table. The floor, measured in the same run: the run's
invoice lines written into an empty, logged copy of the line table with its indexes (PostgreSQL ``COPY``,
SQLite ``INSERT ... SELECT``). Between sizes, and at the end, what the run wrote is deleted and vacuumed,
so the script runs any number of times on one database. With several sizes it reports the growth per 10x.
"""

from __future__ import annotations

import argparse
import datetime as dt
import math
import statistics
import time

from common import Figures, copy_floor, equal_durability, settle, vacuum

TABLES = (
    "billing_paymentallocation",
    "billing_invoiceline",
    "billing_invoice",
    "billing_billingrun",
    "billing_budget",
    "memberships_membership",
)


def _clean(connection) -> None:
    with connection.cursor() as cur:  # plain deletes: the ORM collector would load millions of ids
        for table in TABLES[:-1]:
            cur.execute(f"DELETE FROM {table}")
        cur.execute(
            "DELETE FROM memberships_membership WHERE programme_id IN"
            " (SELECT id FROM programs_programme WHERE code = 'bench-billing')"
        )
    from lindung.programs.models import Programme, ProgrammeFunder

    ProgrammeFunder.objects.filter(programme__code="bench-billing").delete()
    Programme.objects.filter(code="bench-billing").delete()
    vacuum(connection, *TABLES)


def _members(connection, programme, n: int) -> None:
    from lindung.memberships.models import Membership
    from lindung.regions.models import Region

    villages = list(
        Region.objects.filter(level=4, code__startswith="16.").order_by("code").values_list("code", flat=True)
    )
    now = dt.datetime.now(dt.UTC)
    with connection.cursor() as cur:
        cur.execute("CREATE TEMP TABLE bench_villages (i integer primary key, code varchar(13))")
        cur.executemany("INSERT INTO bench_villages (i, code) VALUES (%s, %s)", list(enumerate(villages)))
        if connection.vendor == "postgresql":
            series = "SELECT g AS n FROM generate_series(1, %s) g"
        else:
            series = (
                "WITH RECURSIVE s(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM s WHERE n < %s) SELECT n FROM s"
            )
        cur.execute(
            "INSERT INTO memberships_membership (person_id, programme_id, funder_id, region_code, regency_code,"
            " status, start_date, end_date, end_reason, lapsed_on, kpj, officer_kind, created_at, updated_at) "
            f"SELECT 10000000 + x.n, %s, NULL, v.code, substr(v.code, 1, 5), %s, %s, NULL, '', NULL, '', '', "
            f"%s, %s FROM ({series}) x JOIN bench_villages v ON v.i = x.n %% %s",
            [programme.pk, Membership.Status.ACTIVE, dt.date(2026, 1, 1), now, now, n, len(villages)],
        )
        cur.execute("DROP TABLE bench_villages")
    vacuum(connection, "memberships_membership")


def _page_ms(client, url: str) -> float:
    assert client.get(url).status_code == 200  # first request untimed (imports, template compilation)
    times = []
    for _ in range(10):
        t = time.perf_counter()
        r = client.get(url)
        times.append(time.perf_counter() - t)
        assert r.status_code == 200, (url, r.status_code)
    return statistics.median(times)


def one_size(fig: Figures, connection, org, user, n: int) -> float:
    from django.test import Client

    from lindung.billing import services
    from lindung.billing.models import InvoiceLine
    from lindung.programs.models import Programme, ProgrammeFunder

    _clean(connection)
    t = time.perf_counter()
    p = Programme.objects.create(
        code="bench-billing",
        name="Bench billing",
        owner=org,
        region_code="16",
        target_group="pekerja_rentan",
        start_date=dt.date(2026, 1, 1),
    )
    ProgrammeFunder.objects.create(programme=p, kind="apbd_prov", organisation=org, share_percent=100)
    _members(connection, p, n)
    fig.note(f"{n:,} memberships written in {time.perf_counter() - t:.1f} s")

    period = dt.date(2026, 11, 1)
    settle(connection)  # as before its floor: the members' writes flushed first
    t = time.perf_counter()
    result = services.billing_run(actor=user, programme=p, period=period, issued_on=period)
    run_s = time.perf_counter() - t
    lines = InvoiceLine.objects.filter(invoice__period=period).count()
    assert lines == result.lines == 2 * n, (lines, result.lines, n)
    floor = copy_floor("billing_invoiceline", "SELECT * FROM billing_invoiceline")
    fig.add(
        f"billing run, {n:,} members",
        run_s,
        floor,
        f"{result.invoices} invoice(s), {result.lines:,} lines, Rp{result.total:,}; floor: the same lines into an indexed copy",
    )
    t = time.perf_counter()
    again = services.billing_run(actor=user, programme=p, period=period, issued_on=period)
    fig.add(f"re-run (idempotent, {again.lines} new lines)", time.perf_counter() - t)

    services.budget_set(actor=user, programme=p, year=2026, planned_members=n)
    c = Client()
    c.force_login(user)
    fig.add(
        f"budget page, {n:,} members (median of 10)", _page_ms(c, f"/iuran/anggaran/{p.code}/?tahun=2026")
    )
    fig.add(
        f"budget page of a year to come (12 months left), {n:,} members (median of 10)",
        _page_ms(c, f"/iuran/anggaran/{p.code}/?tahun=2027"),
    )
    fig.add(f"arrears page, {n:,} members (median of 10)", _page_ms(c, "/iuran/tunggakan/"))
    # Active members per region from the tally kept by village, holding members per regency from the
    # (regency, holding) index (decision 86).
    fig.add(f"coverage page of the province, {n:,} members (median of 10)", _page_ms(c, "/cakupan/16/"))
    fig.add(f"national table, {n:,} members (median of 10)", _page_ms(c, "/cakupan/nasional/"))
    return run_s


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--members", type=int, nargs="+", default=[1_000_000])
    ap.add_argument("--keep", action="store_true", help="leave the last size's data (to inspect its plans)")
    args = ap.parse_args()

    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection

    from lindung.accounts.models import Organisation, User
    from lindung.regions.models import Region
    from lindung.regions.services import regions_load

    # The test client calls itself "testserver", which the dev settings do not list.
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    call_command("migrate", verbosity=0)
    equal_durability(connection)
    if Region.objects.count() < 91_000:
        regions_load()
    org, _ = Organisation.objects.get_or_create(
        code="bench", defaults={"name": "Bench", "kind": "sistem", "is_national": True}
    )
    user = User.objects.filter(username="bench").first() or User.objects.create_superuser(
        "bench", password="bench-pass-123", organisation=org, role="admin"
    )
    fig = Figures("billing_run", connection)
    fig.header()
    runs = [(n, one_size(fig, connection, org, user, n)) for n in sorted(args.members)]
    for (n0, s0), (n1, s1) in zip(runs, runs[1:], strict=False):
        per10 = (s1 / s0) ** (1 / math.log10(n1 / n0))
        fig.note(f"growth {n0:,} -> {n1:,}: {s1 / s0:.1f}x for {n1 / n0:.0f}x members ({per10:.1f}x per 10x)")
    if not args.keep:
        _clean(connection)
    fig.footer()


if __name__ == "__main__":
    main()
