"""Benchmark: the permit-office check API under load, on the production server, against a minimal view.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/lindung_bench_check .venv/bin/python bench/check_load.py

Prepares a scratch database (migrate, regions, 20.000 employers in Lahat, a DPMPTSP user with an API
token), starts `lindung serve` (gunicorn, production settings, DEBUG off) on loopback, and drives it with
Debian's `wrk` (2 threads, 16 connections, 20 s after a 5 s warm-up): first `GET /healthz` (a minimal Django
view, no database), then `GET /api/v1/compliance/check?nib=` with `Authorization: Bearer` over random NIBs
(90% known, 10% unknown). Every check is written to the check log, as in production.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import platform
import re
import subprocess
import sys
import tempfile
import time
import urllib.request

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lindung.settings")
os.environ.setdefault("LINDUNG_ENV", "dev")

LUA = """
local nibs = {%(nibs)s}
local token = "%(token)s"
request = function()
  local n = nibs[math.random(#nibs)]
  return wrk.format("GET", "/api/v1/compliance/check?nib=" .. n, {["Authorization"] = "Bearer " .. token})
end
"""


def wrk(url: str, *, script: str | None, duration: int, connections: int) -> dict:
    cmd = ["wrk", "-t2", f"-c{connections}", f"-d{duration}s", "--latency", url]
    if script:
        cmd[1:1] = ["-s", script]
    out = subprocess.run(cmd, capture_output=True, text=True, check=True).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))

    def ms(label):
        m = re.search(rf"{label}%\s+([\d.]+)(us|ms|s)", out)
        v = float(m.group(1))
        return v / 1000 if m.group(2) == "us" else v * 1000 if m.group(2) == "s" else v

    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    return {
        "rps": rps,
        "p50": ms("50"),
        "p99": ms("99"),
        "non2xx": int(errors.group(1)) if errors else 0,
        "raw": out,
    }


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--employers", type=int, default=20_000)
    ap.add_argument("--duration", type=int, default=20)
    ap.add_argument("--connections", type=int, default=16)
    ap.add_argument("--workers", type=int, default=None)
    ap.add_argument("--threads", type=int, default=4)
    ap.add_argument("--port", type=int, default=8765)
    args = ap.parse_args()

    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from lindung.accounts.models import Organisation, User
    from lindung.accounts.services import api_token_create
    from lindung.compliance.models import ComplianceCheck, Employer
    from lindung.regions.models import Region
    from lindung.regions.services import regions_load

    call_command("migrate", verbosity=0)
    if Region.objects.count() < 91_000:
        regions_load()
    org, _ = Organisation.objects.get_or_create(
        code="bench-dpmptsp",
        defaults={"name": "DPMPTSP Bench", "kind": "opd", "opd_kind": "dpmptsp", "is_national": True},
    )
    user = User.objects.filter(username="bench-permit").first() or User.objects.create_user(
        "bench-permit", password="bench-pass-123", organisation=org, role="viewer"
    )
    villages = list(Region.objects.filter(level=4, code__startswith="16.04.").values_list("code", flat=True))
    if Employer.objects.count() < args.employers:
        Employer.objects.all().delete()
        cats = ["COMPLIANT", "PWBD", "PDS_TK", "PDS_UPAH", "PDS_PROGRAM"]
        Employer.objects.bulk_create(
            [
                Employer(
                    nib=f"91{i:011d}",
                    name=f"PT Uji Beban {i}",
                    name_key=f"uji beban {i}",
                    region_code=villages[i % len(villages)],
                    regency_code="16.04",
                    category=cats[i % 5],
                    category_since=dt.date(2026, 1, 1),
                    npp=f"{i:08d}" if i % 5 != 1 else "",
                    bpjs_workers=10,
                )
                for i in range(args.employers)
            ],
            batch_size=5000,
        )
    ComplianceCheck.objects.all().delete()
    _t, token = api_token_create(actor=None, user=user)
    nibs = [f'"91{i:011d}"' for i in range(0, args.employers, max(1, args.employers // 900))]
    nibs += [f'"99{i:011d}"' for i in range(100)]  # unknown
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as script:
        script.write(LUA % {"nibs": ", ".join(nibs), "token": token})
    vendor = connection.vendor
    connection.close()

    env = {
        **os.environ,
        "LINDUNG_ENV": "production",
        "SECRET_KEY": "bench-secret-key-not-for-use",
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "SECURE_SSL_REDIRECT": "0",
        "DEBUG": "0",
    }
    cmd = [sys.executable, "-m", "lindung.cli", "serve", "--bind", f"127.0.0.1:{args.port}"]
    if args.workers:
        cmd += ["--workers", str(args.workers)]
    cmd += ["--threads", str(args.threads)]
    server = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    base = f"http://127.0.0.1:{args.port}"
    try:
        for _ in range(100):
            try:
                urllib.request.urlopen(base + "/healthz", timeout=1)  # noqa: S310
                break
            except OSError:
                time.sleep(0.2)
        workers = args.workers or (os.cpu_count() or 1) * 2 + 1
        print(
            f"database: {vendor}; server: gunicorn, {workers} workers x {args.threads} threads; machine: {platform.machine()}, "
            f"{os.cpu_count()} cores; {dt.date.today()}; wrk -t2 -c{args.connections} -d{args.duration}s"
        )
        wrk(base + "/healthz", script=None, duration=5, connections=args.connections)
        floor = wrk(base + "/healthz", script=None, duration=args.duration, connections=args.connections)
        wrk(base + "/api/v1/compliance/check", script=script.name, duration=5, connections=args.connections)
        checks_before = ComplianceCheck.objects.count()
        check = wrk(
            base + "/api/v1/compliance/check",
            script=script.name,
            duration=args.duration,
            connections=args.connections,
        )
        logged = ComplianceCheck.objects.count() - checks_before
        for name, r in (("minimal view /healthz", floor), ("check API", check)):
            print(
                f"{name:24s} {r['rps']:9.0f} req/s  p50 {r['p50']:6.2f} ms  p99 {r['p99']:6.2f} ms  non-2xx {r['non2xx']}"
            )
        print(
            f"ratio check/minimal: {check['rps'] / floor['rps']:.2f}; checks logged during the run: {logged}"
        )
    finally:
        server.terminate()
        server.wait(timeout=20)
        os.unlink(script.name)


if __name__ == "__main__":
    from common import recorded

    with recorded(__file__):
        main()
