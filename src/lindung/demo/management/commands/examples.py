from pathlib import Path

from django.core.management.base import BaseCommand

from lindung.demo.examples import examples_write


class Command(BaseCommand):
    help = (
        "Menulis contoh daftar pendaftaran (desa-lahat.xlsx, desa-sarolangun.xlsx, non-asn-musi-rawas.csv, "
        "dengan kunci kesalahannya *.key.json) ke folder examples/."
    )

    def add_arguments(self, parser):
        parser.add_argument("--out", default="examples", help="Folder tujuan (bawaan: examples).")

    def handle(self, *args, out="examples", **options):
        for path in examples_write(Path(out)):
            self.stdout.write(str(path))
