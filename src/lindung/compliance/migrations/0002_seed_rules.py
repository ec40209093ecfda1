"""The category rules and the sanction rule as dated data with their sources (docs/decisions.md)."""

import datetime as dt

from django.db import migrations

RULES = [
    (
        "PWBD",
        {"min_workers": 1, "scales_without_wlkp": ["kecil", "menengah", "besar"]},
        "Wajib mendaftar: melaporkan paling sedikit 1 pekerja (WLKP), atau tanpa laporan WLKP berskala kecil, "
        "menengah atau besar; belum terdaftar (tanpa NPP dan tanpa pekerja terdaftar).",
        "UU 24/2011 Pasal 15; PP 86/2013 Pasal 2; Perpres 109/2013 Pasal 6",
        True,
    ),
    (
        "PDS_TK",
        {"tolerance_workers": 0},
        "Pekerja terdaftar di BPJS lebih sedikit daripada pekerja yang dilaporkan ke Disnaker (WLKP).",
        "UU 24/2011 Pasal 15 ayat (1); PP 86/2013 Pasal 2 ayat (2)",
        True,
    ),
    (
        "PDS_UPAH",
        {"tolerance_percent": 0},
        "Rata-rata upah yang dilaporkan ke BPJS (total upah / pekerja terdaftar) di bawah UMK (atau UMP bila "
        "UMK tidak ada) tahun berjalan, atau di bawah rata-rata upah yang dilaporkan ke Disnaker (WLKP).",
        "UU 24/2011 Pasal 15 ayat (2); PP 86/2013 Pasal 2",
        False,
    ),
    (
        "PDS_PROGRAM",
        {
            "mandatory": {
                "mikro": ["JKK", "JKM"],
                "kecil": ["JKK", "JKM", "JHT"],
                "menengah": ["JKK", "JKM", "JHT", "JP"],
                "besar": ["JKK", "JKM", "JHT", "JP"],
                "publik": ["JKK", "JKM"],
            }
        },
        "Program wajib menurut skala usaha: mikro JKK dan JKM; kecil JKK, JKM, JHT; menengah dan besar JKK, "
        "JKM, JHT, JP; penyelenggara negara untuk pegawai non-ASN dan petugas ad hoc JKK dan JKM.",
        "Perpres 109/2013 Pasal 6; Inpres 2/2021",
        False,
    ),
]


def seed(apps, schema_editor):
    Rule = apps.get_model("compliance", "ComplianceRule")
    Sanction = apps.get_model("compliance", "SanctionRule")
    for code, params, description, source, verified in RULES:
        Rule.objects.get_or_create(
            code=code,
            effective_from=dt.date(2014, 1, 1),
            defaults={"params": params, "description": description, "source": source, "verified": verified},
        )
    Sanction.objects.get_or_create(
        effective_from=dt.date(2013, 12, 23),
        defaults={
            "warning_working_days": 10,
            "fine_permille_per_month": 1,
            "fine_payment_days": 30,
            "source": "PP 86/2013 Pasal 6-8 (peringatan tertulis paling banyak 2 kali, masing-masing paling lama "
            "10 hari kerja; denda 0,1% setiap bulan dari iuran yang seharusnya dibayar, disetor paling lama "
            "30 hari); Permenaker 4/2018 (tata cara pengenaan dan pencabutan)",
            "verified": True,
        },
    )


class Migration(migrations.Migration):
    dependencies = [("compliance", "0001_initial")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
