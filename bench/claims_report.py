"""Benchmark: the claims report of a regency with 1.000.000 memberships and 20.000 claims.

    LINDUNG_ENV=dev DATABASE_URL=sqlite:////tmp/bench_claims.sqlite3 .venv/bin/python bench/claims_report.py
    LINDUNG_ENV=dev DATABASE_URL=postgres://postgres@127.0.0.1:5432/lindung_claims_bench .venv/bin/python bench/claims_report.py

Builds the same scratch data as bench/claims_eligibility.py (10 programmes x 100.000 memberships in Lahat with 36
months of invoices and payments), then 20.000 claims over its villages (deaths and accidents, 2024-2026, about
60% paid). Times the report page `/klaim/laporan/?kabupaten=16.04` through Django's full request stack as a
Pemkab Lahat manager (median of 10) and the report selector alone. Target: under 300 ms. The floor, measured in
the same run, is the plain read of the claims' columns the report groups.
"""

from __future__ import annotations

import argparse
import datetime as dt
import importlib.util
import os
import platform
import random
import statistics
import time
from pathlib import Path

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lindung.settings")
os.environ.setdefault("LINDUNG_ENV", "dev")
os.environ.setdefault("ALLOWED_HOSTS", "testserver,127.0.0.1,localhost")


def _eligibility_bench():
    spec = importlib.util.spec_from_file_location(
        "claims_eligibility", Path(__file__).with_name("claims_eligibility.py")
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--members", type=int, default=1_000_000)
    ap.add_argument("--claims", type=int, default=20_000)
    ap.add_argument(
        "--reuse", action="store_true", help="keep the data of an earlier run (time the report only)"
    )
    args = ap.parse_args()

    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from lindung.claims.models import Claim
    from lindung.regions.models import Region
    from lindung.regions.services import regions_load

    call_command("migrate", verbosity=0)
    if Region.objects.count() < 91_000:
        regions_load()
    print(f"database: {connection.vendor}; {platform.machine()}, {os.cpu_count()} cores; {dt.date.today()}")
    if args.reuse and Claim.objects.filter(number__startswith="KLM-B-").count() == args.claims:
        print("setup: reusing the data of an earlier run")
    else:
        build(args, _eligibility_bench().setup(args.members))
    if connection.vendor == "postgresql":
        with connection.cursor() as cur:
            cur.execute("CHECKPOINT")
    time_report()


def build(args, programmes) -> None:
    from django.db import connection, transaction

    from lindung.claims.models import Claim
    from lindung.memberships.models import Membership
    from lindung.regions.models import Region
    from lindung.registry.models import Person

    t = time.perf_counter()
    rng = random.Random(5)
    with transaction.atomic():
        Person.objects.filter(nik__startswith="99").delete()
        villages = list(
            Region.objects.filter(level=4, code__startswith="16.04.")
            .order_by("code")
            .values_list("code", flat=True)
        )
        people = Person.objects.bulk_create(
            [
                Person(
                    nik=f"99{i:014d}",
                    full_name=f"Peserta {i}",
                    name_key=f"peserta {i}",
                    region_code=(v := rng.choice(villages)),
                    regency_code=v[:5],
                )
                for i in range(args.claims)
            ],
            batch_size=5000,
        )
        funders = {p.pk: p.funders.first() for p in programmes}
        membership_ids = {
            p.pk: list(Membership.objects.filter(programme=p).values_list("id", flat=True)[: args.claims])
            for p in programmes
        }
        claims = []
        for i, person in enumerate(people):
            p = rng.choice(programmes)
            event = dt.date(2024, 1, 1) + dt.timedelta(days=rng.randrange(1000))
            death = rng.random() < 0.4
            paid = rng.random() < 0.6 and event < dt.date(2026, 10, 1)
            amount = 42_000_000 if death else rng.choice([1_000_000, 3_000_000, 56_000_000])
            claims.append(
                Claim(
                    number=f"KLM-B-{i:06d}",
                    person=person,
                    membership_id=membership_ids[p.pk][i % len(membership_ids[p.pk])],
                    programme=p,
                    funder=funders[p.pk],
                    event_kind="death" if death else "work_accident",
                    benefit="JKM" if death else "JKK_STMB",
                    event_date=event,
                    place="-",
                    cause="-",
                    status="handed_over" if paid else rng.choice(["reported", "submitted", "rejected"]),
                    eligible=True,
                    estimated_cash=amount,
                    paid_amount=amount if paid else None,
                    paid_on=event + dt.timedelta(days=rng.randint(14, 90)) if paid else None,
                    region_code=person.region_code,
                    regency_code=person.regency_code,
                )
            )
        Claim.objects.bulk_create(claims, batch_size=5000)
    if connection.vendor == "postgresql":
        with connection.cursor() as cur:
            cur.execute("VACUUM ANALYZE claims_claim")
    print(f"setup: {args.claims:,} claims in {time.perf_counter() - t:.1f} s")


def time_report() -> None:
    from django.test import Client

    from lindung.accounts.models import Organisation, OrganisationArea, User
    from lindung.claims.models import Claim
    from lindung.claims.reports import claims_report

    org, _ = Organisation.objects.get_or_create(
        code="bench-lahat", defaults={"name": "Pemkab Lahat", "kind": "pemkab"}
    )
    OrganisationArea.objects.get_or_create(organisation=org, region_id="16.04")
    user = User.objects.filter(username="bench-lahat").first() or User.objects.create_user(
        "bench-lahat", password="bench-pass-123", organisation=org, role="manager"
    )
    client = Client()
    client.force_login(user)

    def page():
        r = client.get("/klaim/laporan/?kabupaten=16.04")
        assert r.status_code == 200 and b"Laporan klaim" in r.content

    for _ in range(2):
        page()
    pages, selectors, floors = [], [], []
    for _ in range(10):
        t = time.perf_counter()
        page()
        pages.append((time.perf_counter() - t) * 1000)
        user = User.objects.get(pk=user.pk)
        t = time.perf_counter()
        r = claims_report(user=user, regency="16.04")
        selectors.append((time.perf_counter() - t) * 1000)
        t = time.perf_counter()
        list(
            Claim.objects.filter(regency_code="16.04").values_list(
                "programme_id",
                "funder_id",
                "region_code",
                "event_date",
                "paid_on",
                "paid_amount",
                "event_kind",
                "benefit",
            )
        )
        floors.append((time.perf_counter() - t) * 1000)
    print(
        f"report of {r.total['claims']:,} claims (paid Rp{r.total['amount_paid']:,}, ratio {r.total['ratio']:.1f}%): "
        f"page median {statistics.median(pages):.0f} ms (max {max(pages):.0f}), "
        f"selector {statistics.median(selectors):.0f} ms"
    )
    print(
        f"floor: plain read of the claims' columns {statistics.median(floors):.0f} ms; "
        f"page/floor {statistics.median(pages) / statistics.median(floors):.1f}x"
    )


if __name__ == "__main__":
    from common import recorded

    with recorded(__file__):
        main()
