import time
from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

from lindung.demo.data import DEMO_PASSWORD, demo_load, demo_logins
from lindung.regions.models import Region
from lindung.regions.services import regions_load


class Command(BaseCommand):
    help = "Menyiapkan demo: migrasi, wilayah, data contoh dari berita (Musi Rawas, Lahat, Sarolangun), lalu server."

    def add_arguments(self, parser):
        parser.add_argument("--no-serve", action="store_true", help="Siapkan data tanpa menjalankan server.")
        parser.add_argument(
            "port",
            nargs="?",
            default="",
            help="Port atau alamat:port server, mis. 8080 atau 0.0.0.0:8080 (sama dengan --addrport).",
        )
        parser.add_argument(
            "--addrport", default="127.0.0.1:8000", help="Alamat server (bawaan 127.0.0.1:8000)."
        )
        parser.add_argument(
            "--reset", action="store_true", help="Hapus basis data SQLite demo lalu mulai dari awal."
        )

    def handle(self, *args, no_serve=False, addrport="127.0.0.1:8000", reset=False, port="", **options):
        if port:
            addrport = f"127.0.0.1:{port}" if port.isdigit() else port
        if settings.LINDUNG_ENV == "production":
            raise CommandError(
                "Demo tidak boleh dijalankan dengan LINDUNG_ENV=production. Pakai LINDUNG_ENV=demo."
            )
        started = time.perf_counter()
        db = settings.DATABASES["default"]
        if reset:
            if db["ENGINE"] != "django.db.backends.sqlite3":
                raise CommandError("--reset hanya untuk basis data SQLite demo.")
            Path(db["NAME"]).unlink(missing_ok=True)
        Path(settings.DATA_DIR).mkdir(parents=True, exist_ok=True)
        self.stdout.write("Menyiapkan basis data...")
        call_command("migrate", verbosity=0, interactive=False)
        if Region.objects.count() < 91_000:
            r = regions_load()
            self.stdout.write(
                f"Wilayah dimuat: {r.villages:,} desa/kelurahan dalam {r.seconds:.1f} detik.".replace(
                    ",", "."
                )
            )
        result = demo_load()
        if result["created"]:
            self.stdout.write(f"Data demo dimuat: {result['people']:,} orang.".replace(",", "."))
        else:
            self.stdout.write(
                "Data demo sudah ada (tidak dimuat ulang; pakai --reset untuk mulai dari awal)."
            )
        self.stdout.write(f"Siap dalam {time.perf_counter() - started:.1f} detik.\n")
        rows = demo_logins()
        widths = [max(len(r[i]) for r in rows) for i in range(4)]
        header = ("Nama pengguna", "Organisasi", "Peran", "Wilayah kerja")
        widths = [max(w, len(h)) for w, h in zip(widths, header, strict=True)]
        line = "  ".join(h.ljust(w) for h, w in zip(header, widths, strict=True))
        self.stdout.write(line)
        self.stdout.write("-" * len(line))
        for r in rows:
            self.stdout.write("  ".join(v.ljust(w) for v, w in zip(r, widths, strict=True)))
        self.stdout.write(f"\nKata sandi semua pengguna demo: {DEMO_PASSWORD}")
        if not no_serve:
            self.stdout.write(f"Membuka server di http://{addrport}/ (Ctrl+C untuk berhenti)")
            call_command("runserver", addrport, use_reloader=False)
