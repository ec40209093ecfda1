"""``lindung compliance import|categorise``: load an office's employer list, recompute categories."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from lindung.accounts.models import User
from lindung.compliance import categorise, imports
from lindung.core.errors import ApplicationError


def _date(text: str | None) -> dt.date | None:
    if not text:
        return None
    try:
        return dt.date.fromisoformat(text)
    except ValueError as exc:
        raise CommandError(f"Tanggal {text!r} tidak valid; tulis YYYY-MM-DD.") from exc


class Command(BaseCommand):
    help = "Kepatuhan pemberi kerja: impor daftar (OSS, WLKP, BPJS) dan hitung ulang kategori."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        imp = sub.add_parser("import", help="muat daftar pemberi kerja (XLSX/CSV)")
        imp.add_argument("--source", required=True, choices=["oss", "wlkp", "bpjs"])
        imp.add_argument("--user", default=None, help="pengguna yang memuat (default: sistem)")
        imp.add_argument("--date", default=None, help="tanggal data YYYY-MM-DD (default: hari ini)")
        imp.add_argument("file")
        cat = sub.add_parser("categorise", help="hitung ulang kategori")
        cat.add_argument("--regency", action="append", default=None)
        cat.add_argument("--as-of", default=None)

    def handle(self, *args, **o):
        actor = None
        if o.get("user"):
            actor = User.objects.filter(username=o["user"]).first()
            if actor is None:
                raise CommandError(f"Pengguna {o['user']!r} tidak ditemukan.")
        try:
            if o["action"] == "import":
                path = Path(o["file"])
                if not path.is_file():
                    raise CommandError(f"Berkas {path} tidak ditemukan.")
                result = imports.employers_import(
                    actor=actor,
                    source=o["source"],
                    data=path.read_bytes(),
                    filename=path.name,
                    file_date=_date(o["date"]),
                )
                imp = result.employer_import
                out = {
                    "status": imp.status,
                    "rows": imp.rows,
                    "created": imp.created,
                    "updated": imp.updated,
                    "probable": imp.probable,
                    "message": imp.message,
                    "seconds": result.timings,
                }
                if not result.ok:
                    out["report"] = imp.report[:50]
                self.stdout.write(json.dumps(out, ensure_ascii=False))
                if not result.ok:
                    raise SystemExit(1)
            else:
                out = categorise.employers_categorise(
                    actor=actor, regency_codes=o["regency"], as_of=_date(o["as_of"])
                )
                self.stdout.write(json.dumps(out))
        except ApplicationError as exc:
            raise CommandError(exc.message) from exc
