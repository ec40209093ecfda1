"""``lindung serve``: the production web server (gunicorn with the project's WSGI application).

Static files are served by WhiteNoise from ``STATIC_ROOT`` (collected first unless ``--no-collectstatic``).
Run it beside ``lindung db_worker`` (background jobs); see README, "Production".
"""

from __future__ import annotations

import os
import shutil
import sys

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError


def default_workers() -> int:
    return int(os.environ.get("WEB_CONCURRENCY") or (os.cpu_count() or 1) * 2 + 1)


class Command(BaseCommand):
    help = "Jalankan server produksi (gunicorn) dengan aplikasi WSGI Lindung; berkas statis lewat WhiteNoise."

    def add_arguments(self, parser):
        parser.add_argument("--bind", default=os.environ.get("LINDUNG_BIND", "127.0.0.1:8000"))
        parser.add_argument(
            "--workers", type=int, default=None, help="default: WEB_CONCURRENCY atau 2 x inti + 1"
        )
        parser.add_argument(
            "--threads",
            type=int,
            default=int(os.environ.get("LINDUNG_THREADS", "4")),
            help="threads per worker (gthread); default 4: requests mostly wait on the database",
        )
        parser.add_argument("--timeout", type=int, default=int(os.environ.get("LINDUNG_TIMEOUT", "120")))
        parser.add_argument("--access-log", action="store_true", help="tulis log akses ke stdout")
        parser.add_argument("--no-collectstatic", action="store_true")
        parser.add_argument(
            "--check-only", action="store_true", help="tampilkan perintah gunicorn tanpa menjalankan"
        )

    def argv(self, o) -> list[str]:
        args = [
            sys.executable,
            "-m",
            "gunicorn",
            "lindung.wsgi:application",
            "--bind",
            o["bind"],
            "--workers",
            str(o["workers"] or default_workers()),
            "--threads",
            str(o["threads"]),
            "--timeout",
            str(o["timeout"]),
            "--graceful-timeout",
            "30",
            "--max-requests",
            "10000",
            "--max-requests-jitter",
            "1000",
            "--forwarded-allow-ips",
            os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1"),
            "--error-logfile",
            "-",
        ]
        if o["access_log"]:
            args += ["--access-logfile", "-"]
        return args

    def handle(self, *args, **o):
        if shutil.which("gunicorn") is None and not _importable("gunicorn"):
            raise CommandError("gunicorn tidak terpasang; jalankan `make setup`.")
        argv = self.argv(o)
        if o["check_only"]:
            self.stdout.write(" ".join(argv))
            return
        if not o["no_collectstatic"]:
            call_command("collectstatic", interactive=False, verbosity=0)
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lindung.settings")
        sys.stdout.flush()
        os.execv(sys.executable, argv)  # noqa: S606 - replaces this process with gunicorn


def _importable(name: str) -> bool:
    import importlib.util

    return importlib.util.find_spec(name) is not None
