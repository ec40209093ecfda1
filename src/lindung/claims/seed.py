"""The benefit rules as first seeded (domain.md: Benefits; Waiting period). Used by the data migration and by tests
that empty the database. Values marked unverified stay configurable: add a new row with a later date."""

import datetime as dt

PP82 = dt.date(2019, 12, 2)  # PP 82/2019 (JKK and JKM benefits), promulgated 2 December 2019
SRC_PP82 = "PP 82/2019 tentang perubahan kedua PP 44/2015 (JKK dan JKM)"
SRC_WAIT = (
    "Kepala cabang BPJS Ketenagakerjaan mengutip peraturan BPJS (satu sumber pers): belum terverifikasi"
)
SRC_GRACE = "Prosedur internal BPJS 2022: tunggakan BPU dapat dibayar sampai 3 bulan (domain.md)"

# key, value, source, verified
RULES = [
    ("jkm_lump_sum", 20_000_000, SRC_PP82, True),
    ("jkm_periodic_monthly", 500_000, SRC_PP82, True),
    ("jkm_periodic_months", 24, SRC_PP82 + ": santunan berkala 24 bulan dibayar sekaligus", True),
    ("funeral", 10_000_000, SRC_PP82, True),
    ("jkk_death_percent", 60, SRC_PP82 + ": 60% x 80 x upah (= 48 x upah)", True),
    ("jkk_death_months", 80, SRC_PP82, True),
    ("jkk_disability_percent", 70, SRC_PP82 + ": cacat total tetap 70% x 80 x upah (= 56 x upah)", True),
    ("jkk_disability_months", 80, SRC_PP82, True),
    ("stmb_first_months", 12, SRC_PP82 + ": STMB 100% upah 12 bulan pertama", True),
    ("stmb_first_percent", 100, SRC_PP82, True),
    ("stmb_after_percent", 50, SRC_PP82 + ": 50% upah sesudahnya sampai sembuh", True),
    ("transport_land", 5_000_000, SRC_PP82 + ": transportasi darat", True),
    ("transport_sea", 2_000_000, SRC_PP82 + ": transportasi laut", True),
    ("transport_air", 10_000_000, SRC_PP82 + ": transportasi udara", True),
    ("scholarship_max_children", 2, "PP 82/2019; Permenaker 5/2021", True),
    (
        "scholarship_max_per_child",
        87_000_000,
        "Permenaker 5/2021: paling banyak Rp174.000.000 untuk 2 anak",
        True,
    ),
    (
        "scholarship_max_age",
        23,
        "Permenaker 5/2021: anak belum berusia 23 tahun, belum menikah, belum bekerja",
        True,
    ),
    (
        "jkm_scholarship_min_months",
        36,
        "PP 82/2019: beasiswa JKM bila masa iuran paling singkat 3 tahun",
        True,
    ),
    ("waiting_months", 3, SRC_WAIT, False),
    ("waiting_death", 8_000_000, SRC_WAIT, False),
    ("waiting_funeral", 2_000_000, SRC_WAIT, False),
    ("jkk_claim_limit_months", 60, SRC_PP82 + ": hak klaim JKK gugur 5 tahun sejak kecelakaan", True),
    ("bpu_grace_months", 3, SRC_GRACE, False),
]

# level, per year, years
SCHOLARSHIPS = [
    ("TK", 1_500_000, 2),
    ("SD", 1_500_000, 6),
    ("SMP", 2_000_000, 3),
    ("SMA", 3_000_000, 3),
    ("PT", 12_000_000, 5),
]
SRC_SCHOLARSHIP = "Permenaker 5/2021 (rincian beasiswa per jenjang; PP 82/2019)"


def seed(apps, schema_editor=None):
    Rule = apps.get_model("claims", "BenefitRule")
    Rate = apps.get_model("claims", "ScholarshipRate")
    for key, value, source, verified in RULES:
        Rule.objects.get_or_create(
            key=key, effective_from=PP82, defaults={"value": value, "source": source, "verified": verified}
        )
    for level, amount, years in SCHOLARSHIPS:
        Rate.objects.get_or_create(
            level=level,
            effective_from=PP82,
            defaults={"amount_per_year": amount, "years": years, "source": SRC_SCHOLARSHIP},
        )
