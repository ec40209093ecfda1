"""Benchmark: eligibility of 10.000 reported events at once against 1.000.000 memberships with their payment history.

    LINDUNG_ENV=dev DATABASE_URL=sqlite:////tmp/bench_claims.sqlite3 .venv/bin/python bench/claims_eligibility.py
    LINDUNG_ENV=dev DATABASE_URL=postgres://postgres@127.0.0.1:5432/lindung_claims_bench .venv/bin/python bench/claims_eligibility.py

Uses a scratch database: migrates it, loads regions, then (re)creates 10 BPU programmes of 100.000 active
memberships each over the villages of Lahat (16.04), written set-based (memberships reference synthetic person
ids; the key has no database constraint, decision 12), and 36 monthly invoices per programme (2024-01 ..
2026-12) with a few unpaid runs that differ per programme. Times ``eligibility_bulk`` for 10.000 events on random
members and dates (median of 3). Target: under 10 s. The floor, measured in the same run, is reading the same
events' memberships with one plain query (the rows any method must read).
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import platform
import random
import statistics
import time

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lindung.settings")
os.environ.setdefault("LINDUNG_ENV", "dev")

PROGRAMMES = 10
MONTHS = 36
BASE_PERSON = 20_000_000


def series_sql(vendor: str) -> str:
    if vendor == "postgresql":
        return "SELECT g AS n FROM generate_series(1, %s) g"
    return "WITH RECURSIVE s(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM s WHERE n < %s) SELECT n FROM s"


def setup(members: int, regency: str = "16.04", code_prefix: str = "bench-claims") -> list:
    """Programmes, memberships and invoices; returns the programmes. Shared with bench/claims_report.py."""
    from django.db import connection, transaction

    from lindung.accounts.models import Organisation
    from lindung.billing.calendar import add_months
    from lindung.billing.models import Invoice, Payment, PaymentAllocation
    from lindung.memberships.models import Membership
    from lindung.programs.models import Programme, ProgrammeFunder
    from lindung.regions.models import Region

    org, _ = Organisation.objects.get_or_create(
        code="bench", defaults={"name": "Bench", "kind": "sistem", "is_national": True}
    )
    vendor = connection.vendor
    per = members // PROGRAMMES
    t = time.perf_counter()
    with transaction.atomic():
        old = list(Programme.objects.filter(code__startswith=code_prefix).values_list("id", flat=True))
        from lindung.claims.models import Claim

        Claim.objects.filter(programme_id__in=old).delete()
        PaymentAllocation.objects.filter(invoice__programme_id__in=old).delete()
        Payment.objects.filter(funder__programme_id__in=old).delete()
        Invoice.objects.filter(programme_id__in=old).delete()
        # Raw deletes: the ORM's collector would walk a million memberships in Python first.
        Membership.objects.filter(programme_id__in=old)._raw_delete(connection.alias)
        ProgrammeFunder.objects.filter(programme_id__in=old).delete()
        Programme.objects.filter(pk__in=old).delete()
        villages = list(
            Region.objects.filter(level=4, code__startswith=regency + ".")
            .order_by("code")
            .values_list("code", flat=True)
        )
        programmes = []
        rng = random.Random(7)
        with connection.cursor() as cur:
            cur.execute("CREATE TEMP TABLE bench_villages (i integer primary key, code varchar(13))")
            cur.executemany("INSERT INTO bench_villages (i, code) VALUES (%s, %s)", list(enumerate(villages)))
            for k in range(PROGRAMMES):
                start = dt.date(2024, 1, 1)
                p = Programme.objects.create(
                    code=f"{code_prefix}-{k}",
                    name=f"Bench klaim {k}",
                    owner=org,
                    region_code=regency,
                    target_group="pekerja_rentan",
                    start_date=start,
                )
                f = ProgrammeFunder.objects.create(
                    programme=p, kind="apbd_kab", organisation=org, share_percent=100
                )
                programmes.append(p)
                cur.execute(
                    "INSERT INTO memberships_membership (person_id, programme_id, funder_id, region_code, regency_code,"
                    " status, start_date, end_date, end_reason, kpj, officer_kind, created_at, updated_at) "
                    f"SELECT %s + x.n, %s, %s, v.code, substr(v.code, 1, 5), 'active', %s, NULL, '', '', '', %s, %s "
                    f"FROM ({series_sql(vendor)}) x JOIN bench_villages v ON v.i = x.n %% %s",
                    [
                        BASE_PERSON + k * per,
                        p.pk,
                        f.pk,
                        start,
                        dt.datetime.now(dt.UTC),
                        dt.datetime.now(dt.UTC),
                        per,
                        len(villages),
                    ],
                )
                # 36 months; a run of 1..5 unpaid months somewhere, different per programme.
                gap_start, gap_len = rng.randrange(MONTHS), rng.randint(1, 5)
                invoices = []
                for m in range(MONTHS):
                    period = add_months(start, m)
                    paid = not gap_start <= m < gap_start + gap_len
                    total = per * 16_800
                    invoices.append(
                        Invoice(
                            number=f"B{k}-{period:%Y%m}-{p.pk}",
                            programme=p,
                            funder=f,
                            period=period,
                            region_code=regency,
                            issued_on=period,
                            due_date=period.replace(day=15),
                            members=per,
                            total=total,
                            paid=total if paid else 0,
                            status="paid" if paid else "open",
                        )
                    )
                Invoice.objects.bulk_create(invoices)
                pay = Payment.objects.create(
                    funder=f,
                    reference=f"BENCH-{p.pk}",
                    paid_on=dt.date(2026, 12, 20),
                    amount=sum(i.paid for i in invoices),
                    region_code=regency,
                    receipt_number=f"KWT-BENCH-{p.pk}",
                )
                PaymentAllocation.objects.bulk_create(
                    [PaymentAllocation(payment=pay, invoice=i, amount=i.paid) for i in invoices if i.paid]
                )
            cur.execute("DROP TABLE bench_villages")
    if vendor == "postgresql":
        with connection.cursor() as cur:
            cur.execute("VACUUM ANALYZE memberships_membership")
    print(
        f"setup: {per * PROGRAMMES:,} memberships, {PROGRAMMES * MONTHS} invoices in {time.perf_counter() - t:.1f} s"
    )
    return programmes


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--members", type=int, default=1_000_000)
    ap.add_argument("--events", type=int, default=10_000)
    args = ap.parse_args()

    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from lindung.claims.eligibility import Event, eligibility_bulk
    from lindung.memberships.models import Membership
    from lindung.regions.models import Region
    from lindung.regions.services import regions_load

    call_command("migrate", verbosity=0)
    if Region.objects.count() < 91_000:
        regions_load()
    print(f"database: {connection.vendor}; {platform.machine()}, {os.cpu_count()} cores; {dt.date.today()}")
    setup(args.members)
    rng = random.Random(11)
    benefits = ["JKM", "JKK_DEATH", "JKK_STMB", "JKK_TOTAL_DISABILITY"]
    events = [
        Event(
            i,
            BASE_PERSON + rng.randint(1, args.members),
            dt.date(2024, 1, 1) + dt.timedelta(days=rng.randrange(1000)),
            rng.choice(benefits),
        )
        for i in range(args.events)
    ]
    times = []
    for _ in range(3):
        t = time.perf_counter()
        out = eligibility_bulk(events)
        times.append(time.perf_counter() - t)
    eligible = sum(r.eligible for r in out.values())
    codes: dict[str, int] = {}
    for r in out.values():
        for reason in r.reasons:
            codes[reason.code] = codes.get(reason.code, 0) + 1
    ids = sorted({e.person_id for e in events})
    t = time.perf_counter()
    rows = 0
    for i in range(0, len(ids), 5000):
        rows += len(
            list(Membership.objects.filter(person_id__in=ids[i : i + 5000]).values_list("id", "start_date"))
        )
    floor = time.perf_counter() - t
    print(
        f"eligibility of {args.events:,} events: median {statistics.median(times):.2f} s (runs "
        + ", ".join(f"{x:.2f}" for x in times)
        + f"); {eligible:,} eligible; reasons {codes}"
    )
    print(
        f"floor: reading their {rows:,} memberships {floor:.2f} s; ratio {statistics.median(times) / floor:.1f}x"
    )


if __name__ == "__main__":
    from common import recorded

    with recorded(__file__):
        main()
