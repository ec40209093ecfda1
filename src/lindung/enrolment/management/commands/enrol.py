import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from lindung.accounts.models import User
from lindung.core.errors import ApplicationError
from lindung.enrolment.services import batch_submit, batch_upload, batch_verify
from lindung.programs.models import Programme


class Command(BaseCommand):
    help = (
        "Pendaftaran peserta dari berkas: "
        "`enrol import --program KODE BERKAS [--user NAMA] [--commit --verifier NAMA]`."
    )

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        imp = sub.add_parser("import", help="Baca, validasi dan simpan daftar sebagai unggahan draf.")
        imp.add_argument("file")
        imp.add_argument("--program", required=True, help="Kode program.")
        imp.add_argument(
            "--commit",
            action="store_true",
            help="Langsung ajukan (sebagai --user) dan verifikasi (sebagai --verifier): masuk registri.",
        )
        imp.add_argument(
            "--verifier", default="", help="Verifikator untuk --commit: pengguna lain dari pengunggah."
        )
        imp.add_argument(
            "--user", default="", help="Pengguna yang tercatat sebagai pengunggah (bawaan: admin pertama)."
        )

    def handle(self, *args, action, **o):
        path = Path(o["file"])
        if not path.is_file():
            raise CommandError(f"Berkas {path} tidak ditemukan.")
        programme = Programme.objects.filter(code=o["program"]).first()
        if programme is None:
            raise CommandError(f"Program {o['program']!r} tidak ditemukan.")
        user = (
            User.objects.filter(username=o["user"]).first()
            if o["user"]
            else User.objects.filter(is_superuser=True, is_active=True).order_by("id").first()
        )
        if user is None:
            raise CommandError("Pengguna tidak ditemukan; sebutkan --user NAMA.")
        verifier = None
        if o["commit"]:
            verifier = User.objects.filter(username=o["verifier"]).first() if o["verifier"] else None
            if verifier is None or verifier.pk == user.pk:
                raise CommandError(
                    "--commit memerlukan --verifier NAMA: verifikator lain dari pengunggah (pemeriksaan ganda)."
                )
        try:
            batch = batch_upload(
                actor=user, programme=programme, filename=path.name, data=path.read_bytes(), background=False
            )
            if verifier is not None and batch.accepted_rows:
                batch_submit(actor=user, batch=batch)
                batch_verify(actor=verifier, batch=batch)
                batch.refresh_from_db()
        except ApplicationError as exc:
            raise CommandError(exc.message) from exc
        out = {"batch_id": batch.pk}
        for key in (
            "rows",
            "valid",
            "warnings",
            "rejected",
            "duplicates_in_file",
            "already_registered",
            "probable_duplicates",
            "double_funded",
        ):
            out[key] = getattr(batch, key)
        self.stdout.write(json.dumps(out))
