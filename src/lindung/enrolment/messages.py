"""Every shape of message the enrolment check writes on a row: the checks (validate.py, services.py) write them
in Indonesian as data, and the batch page shows them in the reader's language (``row_message``).
tests/enrolment/test_english_rows.py fails when a message of the sample files matches none of them."""

from django.utils.translation import gettext_noop

from lindung.core.localise import Localiser
from lindung.enrolment import reader
from lindung.registry import nik

MSG_REGION_REQUIRED = gettext_noop("Kode desa wajib diisi.")
MSG_REGION_UNKNOWN = gettext_noop('Kode desa "{}" tidak dikenal.')
MSG_OUTSIDE_PROGRAMME = gettext_noop("Desa {} di luar wilayah program ({}).")
MSG_OUTSIDE_AREA = gettext_noop("Desa {} di luar wilayah kerja Anda.")
MSG_AGE_LIMIT = gettext_noop("Usia {} tahun di luar batas program ({}–{} tahun).")
MSG_OFFICER_KIND = gettext_noop('Jenis petugas "{}" tidak dikenal; pilih {}.')
MSG_DUPLICATE = gettext_noop("NIK sama dengan baris {}.")
MSG_DUPLICATE_FIRST = gettext_noop("NIK ini muncul lebih dari sekali di berkas; baris berikutnya ditolak.")
MSG_ALREADY_REGISTERED = gettext_noop("Sudah terdaftar di program ini.")
MSG_DOUBLE_FUNDED = gettext_noop("Sudah dilindungi dana publik lewat program {} pada periode yang sama.")
MSG_PROBABLE_IN_FILE = gettext_noop(
    "Kemungkinan orang yang sama dengan baris {} (tanggal lahir, desa dan nama sama, NIK berbeda); "
    "periksa sebelum diajukan."
)
MSG_PROBABLE_IN_REGISTRY = gettext_noop(
    "Kemungkinan sama dengan {} yang sudah terdaftar dengan NIK lain ({}****{})."
)
MSG_VILLAGE_QUOTA = gettext_noop("Kuota desa {} ({} orang) sudah penuh.")
MSG_PROGRAMME_QUOTA = gettext_noop("Kuota program ({} orang) sudah penuh.")
MSG_COMMITTED_ELSEWHERE = gettext_noop(
    "Sudah didaftarkan lewat unggahan lain sebelum unggahan ini diverifikasi."
)

ROW_TEMPLATES = [
    reader.MSG_NIK_NUMBER,
    reader.MSG_NIK_SCIENTIFIC,
    reader.MSG_REQUIRED,
    reader.MSG_DATE,
    reader.MSG_SEX,
    reader.MSG_INCOME,
    *nik._TEMPLATES,
    MSG_REGION_REQUIRED,
    MSG_REGION_UNKNOWN,
    MSG_OUTSIDE_PROGRAMME,
    MSG_OUTSIDE_AREA,
    MSG_AGE_LIMIT,
    MSG_OFFICER_KIND,
    MSG_DUPLICATE,
    MSG_DUPLICATE_FIRST,
    MSG_ALREADY_REGISTERED,
    MSG_DOUBLE_FUNDED,
    MSG_PROBABLE_IN_FILE,
    MSG_PROBABLE_IN_REGISTRY,
    MSG_VILLAGE_QUOTA,
    MSG_PROGRAMME_QUOTA,
    MSG_COMMITTED_ELSEWHERE,
]

row_message = Localiser(ROW_TEMPLATES)
