"""Every shape of message the enrolment check writes on a row, for showing stored (Indonesian) row messages in
the reader's language. The texts must stay identical to the ones in reader.py, validate.py and services.py;
tests/enrolment/test_english_rows.py fails when a message of the sample files matches none of them."""

from django.utils.translation import gettext_noop

from lindung.core.localise import Localiser
from lindung.enrolment import reader
from lindung.registry import nik

ROW_TEMPLATES = [
    reader.MSG_NIK_NUMBER,
    reader.MSG_NIK_SCIENTIFIC,
    reader.MSG_REQUIRED,
    reader.MSG_DATE,
    reader.MSG_SEX,
    reader.MSG_INCOME,
    *nik._TEMPLATES,
    gettext_noop("Kode desa wajib diisi."),
    gettext_noop('Kode desa "{}" tidak dikenal.'),
    gettext_noop("Desa {} di luar wilayah program ({})."),
    gettext_noop("Desa {} di luar wilayah kerja Anda."),
    gettext_noop("Usia {} tahun di luar batas program ({}–{} tahun)."),
    gettext_noop('Jenis petugas "{}" tidak dikenal; pilih {}.'),
    gettext_noop("NIK sama dengan baris {}."),
    gettext_noop("NIK ini muncul lebih dari sekali di berkas; baris berikutnya ditolak."),
    gettext_noop("Sudah terdaftar di program ini."),
    gettext_noop("Sudah dilindungi dana publik lewat program {} pada periode yang sama."),
    gettext_noop(
        "Kemungkinan orang yang sama dengan baris {} (tanggal lahir, desa dan nama sama, NIK berbeda); "
        "periksa sebelum diajukan."
    ),
    gettext_noop("Kemungkinan sama dengan {} yang sudah terdaftar dengan NIK lain ({}****{})."),
    gettext_noop("Kuota desa {} ({} orang) sudah penuh."),
    gettext_noop("Kuota program ({} orang) sudah penuh."),
    gettext_noop("Sudah didaftarkan lewat unggahan lain sebelum unggahan ini diverifikasi."),
]

row_message = Localiser(ROW_TEMPLATES)
