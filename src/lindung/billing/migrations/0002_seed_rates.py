"""Contribution rates and the 2026 discount from ../shared/domain.md, as dated data (never constants in code).

Unverified figures are marked verified=False and stay editable by adding a newer rate.
"""

import datetime as dt
from decimal import Decimal

from django.db import migrations

PP44 = dt.date(2015, 7, 1)  # PP 44/2015, in force for the JKK/JKM/JHT contribution rates
BPU = [
    ("JKK", Decimal("1.00"), None, 1_000_000, None, "BPU: 1% penghasilan yang dilaporkan, terendah Rp1.000.000 "
     "(BPJS FAQ, pers); tabel lengkap penghasilan belum terverifikasi", False),
    ("JKM", None, 6_800, None, None, "BPU: Rp6.800 per bulan (pers, banyak sumber)", True),
    ("JHT", Decimal("2.00"), None, 1_000_000, None, "BPU: 2% penghasilan yang dilaporkan (pers)", True),
]
PU_JKK = [Decimal("0.24"), Decimal("0.54"), Decimal("0.89"), Decimal("1.27"), Decimal("1.74")]
PU_JKK_JKP = [Decimal("0.10"), Decimal("0.40"), Decimal("0.75"), Decimal("1.13"), Decimal("1.60")]


def seed(apps, schema_editor):
    Rate = apps.get_model("billing", "ContributionRate")
    Discount = apps.get_model("billing", "Discount")
    rows = []
    for element, pct, amount, min_base, max_base, source, verified in BPU:
        rows.append(
            Rate(segment="BPU", element=element, variant="standard", risk_class=0, effective_from=PP44,
                 percent=pct, amount=amount, min_base=min_base, max_base=max_base, source=source,
                 verified=verified)
        )
    for risk, pct in enumerate(PU_JKK, start=1):
        rows.append(
            Rate(segment="PU", element="JKK", variant="standard", risk_class=risk, effective_from=PP44,
                 percent=pct, source="PP 44/2015: JKK PU menurut kelompok risiko", verified=True)
        )
    rows += [
        Rate(segment="PU", element="JKM", variant="standard", risk_class=0, effective_from=PP44,
             percent=Decimal("0.30"), source="PP 44/2015: JKM PU 0,30% upah", verified=True),
        Rate(segment="PU", element="JHT", variant="standard", risk_class=0, effective_from=PP44,
             percent=Decimal("5.70"), source="JHT PU 5,7% (3,7% pemberi kerja + 2% pekerja)", verified=True),
        Rate(segment="PU", element="JP", variant="standard", risk_class=0, effective_from=PP44,
             percent=Decimal("3.00"), max_base=10_547_400,
             source="JP 3% (2% + 1%); batas upah sekitar Rp10,5 juta, belum terverifikasi", verified=False),
    ]
    jkp_from = dt.date(2021, 2, 2)
    jkp_source = ("Rekomposisi peserta JKP (PP 49/2023); tanggal berlaku dan perubahan PP 6/2025 belum "
                  "terverifikasi")
    for risk, pct in enumerate(PU_JKK_JKP, start=1):
        rows.append(
            Rate(segment="PU", element="JKK", variant="jkp", risk_class=risk, effective_from=jkp_from,
                 percent=pct, source=jkp_source, verified=False)
        )
    rows.append(
        Rate(segment="PU", element="JKM", variant="jkp", risk_class=0, effective_from=jkp_from,
             percent=Decimal("0.20"), source=jkp_source, verified=False)
    )
    Rate.objects.bulk_create(rows)
    Discount.objects.create(
        name="Diskon 50% JKK/JKM 2026 (PP 50/2025)",
        segment="BPU",
        elements=["JKK", "JKM"],
        percent=Decimal("50.00"),
        valid_from=dt.date(2026, 1, 1),
        valid_to=dt.date(2026, 12, 31),
        excludes_public_funding=True,
        source="PP 50/2025; tidak untuk BPU yang iurannya dibayar APBN/APBD; sektor dan bulan berbeda; "
        "satu sumber, belum terverifikasi",
        verified=False,
    )


def unseed(apps, schema_editor):
    apps.get_model("billing", "ContributionRate").objects.all().delete()
    apps.get_model("billing", "Discount").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("billing", "0001_initial")]
    operations = [migrations.RunPython(seed, unseed)]
