"""Membership cards of one village of 60 people, as the operator prints them (issue 13: under 3 s).

    LINDUNG_ENV=demo .venv/bin/lindung demo --no-serve   # once
    LINDUNG_ENV=demo .venv/bin/python bench/cards_pdf.py [--runs 7]

Times the card page (``/peserta/<programme>/kartu/<village>.pdf``) through Django's full request stack as
the Lahat manager, for a Lahat village with 60 active members in the demo (the first run, which loads
WeasyPrint and its fonts, is reported apart). The floor, measured in the same run: WeasyPrint writing the
same 60 names, NIKs and KPJ numbers as plain paragraphs (no card layout), i.e. the cost of putting that text
into a PDF at all.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import platform
import statistics
import time

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lindung.settings")
os.environ.setdefault("LINDUNG_ENV", "demo")


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=7)
    args = ap.parse_args()

    import django

    django.setup()
    from django.test import Client

    from lindung.accounts.models import User
    from lindung.core.formatting import mask_nik
    from lindung.core.pdf import pdf_from_html
    from lindung.memberships.models import Membership

    code = "lahat-rentan-2024"
    village = (
        Membership.objects.filter(programme__code=code, status=Membership.Status.ACTIVE)
        .values_list("region_code", flat=True)
        .order_by("region_code")
        .first()
    )
    members = list(
        Membership.objects.filter(programme__code=code, region_code=village).select_related("person")
    )
    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(User.objects.get(username="lahat.manajer"))
    url = f"/peserta/{code}/kartu/{village}.pdf"

    def timed(fn):
        wall, cpu = time.perf_counter(), time.process_time()
        fn()
        return time.perf_counter() - wall, time.process_time() - cpu

    def page():
        resp = client.get(url)
        assert resp.status_code == 200 and resp.content.startswith(b"%PDF"), resp.status_code

    plain = "".join(f"<p>{m.person.full_name} {mask_nik(m.person.nik)} {m.kpj}</p>" for m in members)

    def floor():
        pdf_from_html(f"<html><body>{plain}</body></html>")

    first = timed(page)
    cards = [timed(page) for _ in range(args.runs)]
    floors = [timed(floor) for _ in range(args.runs)]
    load = os.getloadavg()
    med = statistics.median(w for w, _c in cards)
    med_cpu = statistics.median(c for _w, c in cards)
    med_floor = statistics.median(w for w, _c in floors)
    print(
        f"{dt.date.today()} · {platform.machine()}, {os.cpu_count()} cores, load {load[0]:.1f} · "
        f"{len(members)} cards ({village})"
    )
    print(f"first request (loads WeasyPrint and fonts): {first[0]:.2f} s")
    print(
        f"cards page: median {med:.2f} s wall ({med_cpu:.2f} s CPU), max {max(w for w, _c in cards):.2f} s "
        f"over {args.runs} runs"
    )
    print(f"floor (same text as plain paragraphs): median {med_floor:.2f} s; ratio {med / med_floor:.1f}x")


if __name__ == "__main__":
    from common import recorded

    with recorded(__file__):
        main()
