"""Every shape of message the enrolment check writes on a row: the checks (validate.py, services.py) write them
in Indonesian as data, and the batch page shows them in the reader's language (``row_message``).
tests/enrolment/test_english_rows.py fails when a message of the sample files matches none of them."""

from django.utils.translation import gettext_noop

from lindung.core.localise import Localiser
from lindung.registry import nik

# The reader: cells that cannot be read.
MSG_NIK_NUMBER = gettext_noop(
    "NIK tersimpan sebagai angka oleh Excel sehingga digit terakhir bisa berubah; format kolom NIK sebagai "
    "Teks lalu ketik ulang NIK ini."
)
MSG_NIK_SCIENTIFIC = gettext_noop(
    'NIK "{}" tertulis dalam notasi ilmiah oleh Excel dan digitnya sudah hilang; format kolom NIK sebagai '
    "Teks lalu ketik ulang NIK ini."
)
MSG_REQUIRED = gettext_noop("{} wajib diisi.")
MSG_DATE = gettext_noop(
    'Tanggal lahir "{}" tidak dapat dibaca; pakai format dd/mm/yyyy, misalnya 17/08/1991.'
)
MSG_DATE_NOT_A_DAY = gettext_noop('Tanggal lahir "{}" tidak ada di kalender; periksa tanggal dan bulannya.')
MSG_SEX = gettext_noop('Jenis kelamin "{}" tidak dikenal; isi L atau P.')
MSG_INCOME = gettext_noop('Penghasilan "{}" bukan angka Rupiah yang dapat dibaca.')
MSG_INCOME_NOT_WHOLE = gettext_noop('Penghasilan "{}" bukan Rupiah bulat; tulis tanpa sen.')
MSG_INCOME_TOO_LARGE = gettext_noop('Penghasilan "{}" terlalu besar.')

# The checks.
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
# ... when that programme is outside the uploader's area: not named.
MSG_DOUBLE_FUNDED_ELSEWHERE = gettext_noop(
    "NIK ini sudah terdaftar pada program lain yang dibiayai dana publik pada periode yang sama."
)
MSG_PROBABLE_IN_FILE = gettext_noop(
    "Kemungkinan orang yang sama dengan baris {} (tanggal lahir, desa dan nama sama, NIK berbeda); "
    "periksa sebelum diajukan."
)
# A large group is referred to, not listed: its size, its number and a row to look at.
MSG_PROBABLE_GROUP = gettext_noop(
    "Kemungkinan orang yang sama dengan {} baris lain dalam kelompok G-{} (tanggal lahir, desa dan nama "
    "sama, NIK berbeda); lihat baris {}."
)
MSG_PROBABLE_IN_REGISTRY = gettext_noop(
    "Kemungkinan sama dengan {} yang sudah terdaftar dengan NIK lain ({})."
)
MSG_PROBABLE_IN_REGISTRY_MORE = gettext_noop(
    "Kemungkinan sama dengan {} yang sudah terdaftar dengan NIK lain ({}) dan {} orang lain."
)
# ... when the village is outside the uploader's area: no name.
MSG_PROBABLE_IN_REGISTRY_ELSEWHERE = gettext_noop(
    "Kemungkinan sama dengan orang yang sudah terdaftar dengan NIK lain (tanggal lahir, desa dan nama sama)."
)
MSG_TOO_LONG = gettext_noop("{} terlalu panjang ({} karakter; paling banyak {}).")
# How the text columns checked for length are named in the messages (Indonesian, stored as data).
COLUMN_LABELS = {
    "full_name": "Nama",
    "birth_place": "Tempat lahir",
    "phone": "No. HP",
    "occupation": "Pekerjaan",
    "officer_kind": "Jenis petugas",
    "kpj": "KPJ",
}
MSG_VILLAGE_QUOTA = gettext_noop("Kuota desa {} ({} orang) sudah penuh.")
MSG_PROGRAMME_QUOTA = gettext_noop("Kuota program ({} orang) sudah penuh.")
MSG_COMMITTED_ELSEWHERE = gettext_noop(
    "Sudah didaftarkan lewat unggahan lain sebelum unggahan ini diverifikasi."
)

ROW_TEMPLATES = [
    MSG_NIK_NUMBER,
    MSG_NIK_SCIENTIFIC,
    MSG_REQUIRED,
    MSG_DATE,
    MSG_DATE_NOT_A_DAY,
    MSG_SEX,
    MSG_INCOME,
    MSG_INCOME_NOT_WHOLE,
    MSG_INCOME_TOO_LARGE,
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
    MSG_DOUBLE_FUNDED_ELSEWHERE,
    MSG_PROBABLE_IN_FILE,
    MSG_PROBABLE_GROUP,
    MSG_PROBABLE_IN_REGISTRY,
    MSG_PROBABLE_IN_REGISTRY_MORE,
    MSG_PROBABLE_IN_REGISTRY_ELSEWHERE,
    MSG_TOO_LONG,
    MSG_VILLAGE_QUOTA,
    MSG_PROGRAMME_QUOTA,
    MSG_COMMITTED_ELSEWHERE,
]

row_message = Localiser(ROW_TEMPLATES)
