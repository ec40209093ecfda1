from pathlib import Path

from django.core.management.base import BaseCommand

from lindung.accounts.matrix import render_markdown


class Command(BaseCommand):
    help = "Tulis tabel siapa boleh melakukan apa (docs/permissions.md) dari accounts/permissions.py."

    def add_arguments(self, parser):
        parser.add_argument("--output", default="docs/permissions.md", help="Berkas tujuan ('-' = layar).")

    def handle(self, *args, output, **options):
        text = render_markdown()
        if output == "-":
            self.stdout.write(text)
            return
        Path(output).write_text(text, encoding="utf-8")
        self.stdout.write(f"{output} ditulis.")
