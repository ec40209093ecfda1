import json
import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from lindung.claims import benefits, services
from lindung.core.errors import ApplicationError


class Command(BaseCommand):
    help = (
        "Klaim: `claims quote --json BERKAS` (perkiraan manfaat, JSON yang sama dengan POST /api/v1/claims/quote; "
        "`-` membaca dari masukan standar) dan `claims reminders` (pengingat beasiswa menjelang tahun ajaran)."
    )

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        q = sub.add_parser("quote", help="Perkiraan manfaat dari berkas JSON permintaan.")
        q.add_argument("--json", required=True, dest="json_file", help="Berkas JSON (atau - untuk stdin).")
        r = sub.add_parser("reminders", help="Tandai beasiswa yang jatuh tempo menjelang tahun ajaran.")
        r.add_argument("--as-of", default="", help="Tanggal acuan YYYY-MM-DD (bawaan: hari ini).")

    def handle(self, *args, action, **o):
        if action == "quote":
            try:
                text = (
                    sys.stdin.read()
                    if o["json_file"] == "-"
                    else Path(o["json_file"]).read_text(encoding="utf-8")
                )
            except OSError as exc:
                raise CommandError(f"Berkas {o['json_file']!r} tidak dapat dibaca: {exc.strerror}.") from exc
            try:
                data = json.loads(text)
            except json.JSONDecodeError as exc:
                raise CommandError(f"Berkas bukan JSON yang sah (baris {exc.lineno}).") from exc
            try:
                out = benefits.quote(data)
            except ApplicationError as exc:
                raise CommandError(exc.message) from exc
            self.stdout.write(json.dumps(out, ensure_ascii=False))
            return

        self.stdout.write(json.dumps(services.scholarship_reminders_run(as_of=o["as_of"] or None)))
