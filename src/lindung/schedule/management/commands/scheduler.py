"""``lindung scheduler``: queues the monthly billing run and the daily lapse and late-fee runs when they fall due,
for ``lindung db_worker`` to run. Start it beside the worker (README, "Production"); ``--once`` ticks once (cron)."""

import datetime as dt
import json
import signal
import time

from django.core.management.base import BaseCommand, CommandError

from lindung.schedule.services import scheduler_tick


class Command(BaseCommand):
    help = (
        "Jadwal otomatis: penagihan bulanan (tanggal 1), status tunggakan dan denda keterlambatan (harian) "
        "dimasukkan ke antrean lindung db_worker tepat sekali per jadwal."
    )

    def add_arguments(self, parser):
        parser.add_argument("--once", action="store_true", help="Periksa jadwal sekali lalu berhenti (cron).")
        parser.add_argument(
            "--interval", type=int, default=60, help="Jeda antarpemeriksaan, detik (bawaan 60)."
        )
        parser.add_argument("--date", default="", help="Tanggal acuan YYYY-MM-DD (bawaan: hari ini, WIB).")

    def handle(self, *args, once, interval, date, **o):
        today = None
        if date:
            try:
                today = dt.date.fromisoformat(date)
            except ValueError as exc:
                raise CommandError(f"Tanggal {date!r} tidak valid; tulis YYYY-MM-DD.") from exc
        if interval < 1:
            raise CommandError("--interval paling sedikit 1 detik.")
        stop = {"now": False}

        def _stop(*_a):
            stop["now"] = True

        if not once:
            signal.signal(signal.SIGTERM, _stop)
            signal.signal(signal.SIGINT, _stop)
        while True:
            queued = scheduler_tick(today=today)
            for run in queued:
                self.stdout.write(json.dumps({"queued": run.job, "slot": run.slot}))
            if once or stop["now"]:
                return
            for _ in range(interval):
                if stop["now"]:
                    return
                time.sleep(1)
