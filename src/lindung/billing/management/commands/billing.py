import datetime as dt
import json

from django.core.management.base import BaseCommand, CommandError

from lindung.accounts.models import User
from lindung.billing import calendar, services
from lindung.core.errors import ApplicationError
from lindung.programs.models import Programme


class Command(BaseCommand):
    help = (
        "Iuran: `billing run --period YYYY-MM [--program KODE]` (penagihan bulanan) dan "
        "`billing lapse [--as-of YYYY-MM-DD] [--program KODE]` (status tunggakan) dan "
        "`billing fees [--as-of YYYY-MM-DD] [--program KODE]` (denda keterlambatan PU)."
    )

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        run = sub.add_parser("run", help="Tagih satu bulan: satu tagihan per penyandang dana per program.")
        run.add_argument("--period", required=True, help="Bulan iuran, YYYY-MM.")
        run.add_argument("--program", default="", help="Kode program (bawaan: semua program berjalan).")
        run.add_argument("--user", default="", help="Pengguna pelaksana (bawaan: admin pertama).")
        lapse = sub.add_parser(
            "lapse", help="Hentikan kepesertaan yang menunggak; aktifkan kembali yang lunas."
        )
        lapse.add_argument("--as-of", default="", help="Tanggal acuan YYYY-MM-DD (bawaan: hari ini).")
        lapse.add_argument("--program", default="", help="Kode program (bawaan: semua).")
        lapse.add_argument("--user", default="", help="Pengguna pelaksana (bawaan: admin pertama).")
        fees = sub.add_parser(
            "fees", help="Tagih denda keterlambatan (PU 2% per bulan) atas tagihan lewat tempo."
        )
        fees.add_argument("--as-of", default="", help="Tanggal acuan YYYY-MM-DD (bawaan: hari ini).")
        fees.add_argument("--program", default="", help="Kode program (bawaan: semua).")
        fees.add_argument("--user", default="", help="Pengguna pelaksana (bawaan: admin pertama).")

    def handle(self, *args, action, **o):
        try:
            period = calendar.period_parse(o["period"]) if action == "run" else None
        except ApplicationError as exc:
            raise CommandError(exc.message) from exc
        as_of = None
        if action in ("lapse", "fees") and o["as_of"]:
            try:
                as_of = dt.date.fromisoformat(o["as_of"])
            except ValueError as exc:
                raise CommandError(f"Tanggal {o['as_of']!r} tidak valid; tulis YYYY-MM-DD.") from exc
        user = (
            User.objects.filter(username=o["user"], is_active=True).first()
            if o["user"]
            else User.objects.filter(is_superuser=True, is_active=True).order_by("id").first()
        )
        if user is None:
            raise CommandError("Pengguna tidak ditemukan; sebutkan --user NAMA.")
        programme = None
        if o["program"]:
            programme = Programme.objects.filter(code=o["program"]).first()
            if programme is None:
                raise CommandError(f"Program {o['program']!r} tidak ditemukan.")
        try:
            if action == "run":
                out = services.billing_run_all(actor=user, period=period, programme=programme).as_dict()
            elif action == "fees":
                out = services.late_fee_run(actor=user, as_of=as_of, programme=programme).as_dict()
            else:
                out = services.lapse_run(actor=user, as_of=as_of, programme=programme).as_dict()
        except ApplicationError as exc:
            raise CommandError(exc.message) from exc
        self.stdout.write(json.dumps(out))
