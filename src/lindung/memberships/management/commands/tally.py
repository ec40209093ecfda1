from django.core.management.base import BaseCommand, CommandError

from lindung.memberships import tally


class Command(BaseCommand):
    help = (
        "Periksa (--check) atau hitung ulang (--rebuild) hitungan kepesertaan aktif per program, penyandang dana, "
        "desa dan bulan yang dipakai proyeksi anggaran dan halaman cakupan."
    )

    def add_arguments(self, parser):
        group = parser.add_mutually_exclusive_group(required=True)
        group.add_argument("--check", action="store_true", help="Bandingkan dengan hitungan langsung.")
        group.add_argument("--rebuild", action="store_true", help="Hitung ulang dari data kepesertaan.")

    def handle(self, *args, check, rebuild, **options):
        if rebuild:
            keys = tally.rebuild()
            self.stdout.write(f"Hitungan kepesertaan aktif dihitung ulang: {keys} baris.")
            return
        diff = tally.differences()
        if diff:
            for programme, funder, village, start, end, kept, fresh in diff[:50]:
                self.stderr.write(
                    f"program {programme}, penyandang dana {funder or '-'}, desa {village}, mulai {start}, "
                    f"berakhir {end}: tercatat {kept}, sebenarnya {fresh}"
                )
            raise CommandError(
                f"{len(diff)} hitungan tidak cocok; jalankan `lindung tally --rebuild` dan laporkan kejadiannya."
            )
        self.stdout.write("Hitungan kepesertaan aktif cocok dengan data kepesertaan.")
