"""Sample enrolment lists for a newcomer's first hour (``lindung examples``, committed under ``examples/``).

Shaped like the lists villages and staffing offices really send: a title above the header and a signature
block below the data, NIKs that Excel stored as numbers (keeping 15 significant digits), birth dates both as
Excel dates and as text, and, from the staffing office, a semicolon CSV in Windows-1252 with Rupiah written as
text. The people are generated here (seeded, so the files never change between runs); each village list
carries the same faults at the same rows, listed in its ``*.key.json`` (1-based data rows, counted below the
header), so the demo shows what the importer finds.

The villages are the demo's: Desa Mandi Angin (Lahat, ``desa.operator``, 60 free places) and Kelurahan Dusun
Sarolangun (``kelurahan.operator``); the CSV is for Musi Rawas' non-ASN programme (``disnaker.mura``).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import random
from dataclasses import dataclass
from pathlib import Path

import xlsxwriter

from lindung.demo.data import FAMILY, FEMALE, MALE

FIXED_TIME = dt.datetime(2024, 7, 1, 8, 0, 0)  # the files' "created" property: the same bytes every run
AS_OF = dt.date(2024, 7, 1)


@dataclass(frozen=True)
class VillageList:
    filename: str
    village_code: str
    kind: str  # "DESA" / "KELURAHAN"
    village_name: str
    head_title: str  # "Kepala Desa" / "Lurah"
    outside_code: str  # a village of another regency (row 48)
    seed: int


VILLAGE_LISTS = [
    VillageList(
        "desa-lahat.xlsx", "16.04.21.2008", "DESA", "MANDI ANGIN", "Kepala Desa", "16.05.12.2020", 411
    ),
    VillageList(
        "desa-sarolangun.xlsx",
        "15.03.03.1001",
        "KELURAHAN",
        "DUSUN SAROLANGUN",
        "Lurah",
        "16.05.14.2010",
        512,
    ),
]
CSV_NAME = "non-asn-musi-rawas.csv"
# Musi Rawas villages for the staffing office's list (real Kemendagri codes).
MURA_VILLAGES = [
    "16.05.01.2010",
    "16.05.01.2013",
    "16.05.01.2015",
    "16.05.01.2016",
    "16.05.01.2018",
    "16.05.02.1019",
    "16.05.02.2004",
    "16.05.02.2005",
    "16.05.02.2006",
    "16.05.03.1013",
    "16.05.03.2028",
    "16.05.08.2002",
    "16.05.09.2019",
    "16.05.10.2019",
    "16.05.11.2005",
    "16.05.11.2011",
    "16.05.11.2012",
    "16.05.12.2002",
    "16.05.12.2020",
    "16.05.13.2008",
    "16.05.14.1017",
    "16.05.14.2003",
    "16.05.14.2008",
    "16.05.18.2007",
]
BIRTH_PLACES = [
    "LAHAT",
    "PALEMBANG",
    "LUBUK LINGGAU",
    "MUARA ENIM",
    "JAMBI",
    "BENGKULU",
    "PAGAR ALAM",
    "SAROLANGUN",
]
OCCUPATIONS = [
    "PETANI",
    "BURUH TANI",
    "NELAYAN",
    "PEDAGANG KECIL",
    "TUKANG OJEK",
    "BURUH HARIAN LEPAS",
    "PEKEBUN",
]
TITLES_BEFORE = ["", "", "", "", "", "H. ", "HJ. ", "DRS. "]
TITLES_AFTER = ["", "", "", "", "", ", S.PD", ", S.T.", ", A.MD"]
UNITS = ["Dinas Pendidikan", "Dinas Kesehatan", "Sekretariat Daerah", "Dinas PUPR", "Dinas Perhubungan"]
POSITIONS = ["Guru Honorer", "Tenaga Kebersihan", "Pengemudi", "Operator Komputer", "Tenaga Kesehatan"]
HONOR = [1_200_000, 1_500_000, 1_850_000, 2_000_000]

# The faults of each village list (data rows, 1-based), as in the real lists.
FAULTS = {
    "nik_as_number_row": 6,
    "short_nik_row": 10,
    "duplicate_in_file_rows": [4, 15],
    "nik_date_invalid_row": 21,
    "probable_duplicate_rows": [26, 41],
    "impossible_birth_date_row": 34,
    "outside_area_row": 48,
}


@dataclass
class Person:
    nik: str
    name: str
    birth_date: dt.date
    female: bool
    village: str


def _nik(village: str, birth: dt.date, female: bool, serial: int) -> str:
    district = village[:8].replace(".", "")
    day = birth.day + (40 if female else 0)
    return f"{district}{day:02d}{birth.month:02d}{birth.year % 100:02d}{serial:04d}"


def _people(rng: random.Random, villages: list[str], n: int) -> list[Person]:
    """Distinct people (name and birth date), NIKs consistent with birth date, sex and district. Serials
    from 5001 so they never meet the demo's own registry (its serials count up from 0001)."""
    out, seen, serial = [], set(), 5000
    while len(out) < n:
        female = rng.random() < 0.45
        first = rng.choice(FEMALE if female else MALE)
        name = (
            f"{first} {rng.choice(FAMILY)}" if rng.random() < 0.8 else f"{first} {rng.choice(MALE + FEMALE)}"
        )
        birth = AS_OF - dt.timedelta(days=rng.randint(21 * 365, 57 * 365))
        if (name, birth) in seen or (name,) in seen:
            continue
        seen.update({(name, birth), (name,)})
        serial += 1
        village = rng.choice(villages)
        out.append(Person(_nik(village, birth, female, serial), name, birth, female, village))
    return out


def _phone(rng: random.Random) -> str:
    return f"08{rng.choice(['12', '13', '21', '52', '77', '57'])}{rng.randint(10_000_000, 99_999_999)}"


def village_list_rows(spec: VillageList) -> list[list]:
    """The 60 data rows of a village list: [no, nik (str or float), name, place, birth (date or str), sex,
    village, occupation, phone]."""
    rng = random.Random(spec.seed)
    people = _people(rng, [spec.village_code], 60)
    rows = []
    for i, p in enumerate(people, start=1):
        name = f"{rng.choice(TITLES_BEFORE)}{p.name.upper()}{rng.choice(TITLES_AFTER)}"
        birth = p.birth_date if i % 3 else p.birth_date.strftime("%d/%m/%Y")  # Excel dates and text dates
        rows.append(
            [
                i,
                p.nik,
                name,
                rng.choice(BIRTH_PLACES),
                birth,
                "P" if p.female else "L",
                spec.village_code,
                rng.choice(OCCUPATIONS),
                _phone(rng),
            ]
        )

    def row(n):
        return rows[n - 1]

    first, again = FAULTS["duplicate_in_file_rows"]
    row(again)[1:6] = row(first)[1:6]  # the same person listed twice
    nik = row(FAULTS["nik_as_number_row"])[1]
    row(FAULTS["nik_as_number_row"])[1] = float(nik[:15] + "0")  # Excel kept 15 significant digits
    short = row(FAULTS["short_nik_row"])
    short[1] = short[1][:8] + short[1][9:]  # one digit lost: 15 digits
    bad = row(FAULTS["nik_date_invalid_row"])
    day = "71" if bad[5] == "P" else "31"  # the 31st of February (a woman's day counts from 41)
    bad[1] = bad[1][:6] + day + "02" + bad[1][10:]
    a, b = FAULTS["probable_duplicate_rows"]
    original = row(a)
    twin = row(b)
    base = original[2].removeprefix("H. ").removeprefix("HJ. ").removeprefix("DRS. ").split(",")[0]
    original[2] = base
    twin[2] = f"{base}, S.PD" if not base.startswith("MUHAMMAD") else base.replace("MUHAMMAD", "M.")
    birth = (
        original[4]
        if isinstance(original[4], dt.date)
        else dt.datetime.strptime(original[4], "%d/%m/%Y").date()
    )
    twin[4] = birth.strftime("%d/%m/%Y")
    twin[5] = original[5]
    twin[1] = original[1][:12] + f"{int(original[1][12:]) + 4000:04d}"[-4:]  # another serial, same person
    impossible = row(FAULTS["impossible_birth_date_row"])
    impossible[4] = "31-02-1990"
    row(FAULTS["outside_area_row"])[6] = spec.outside_code
    return rows


def village_list_xlsx(spec: VillageList) -> bytes:
    buf = io.BytesIO()
    wb = xlsxwriter.Workbook(buf, {"in_memory": True, "strings_to_numbers": False})
    wb.set_properties({"created": FIXED_TIME, "author": "Lindung (contoh)", "title": spec.filename})
    ws = wb.add_worksheet("Data")
    bold = wb.add_format({"bold": True})
    date = wb.add_format({"num_format": "yyyy-mm-dd"})
    ws.write_string(0, 0, f"DAFTAR NAMA PEKERJA RENTAN {spec.kind} {spec.village_name}", bold)
    ws.write_string(1, 0, "TAHUN ANGGARAN 2024", bold)
    header = ["NO", "NIK", "NAMA LENGKAP", "TEMPAT LAHIR", "TGL LAHIR", "JENIS KELAMIN (L/P)", "KODE DESA"]
    header += ["PEKERJAAN", "NO. HP"]
    for c, h in enumerate(header):
        ws.write_string(3, c, h, bold)
    rows = village_list_rows(spec)
    for r, row in enumerate(rows, start=4):
        for c, v in enumerate(row):
            if isinstance(v, dt.date):
                ws.write_datetime(r, c, dt.datetime.combine(v, dt.time()), date)
            elif isinstance(v, int | float):
                ws.write_number(r, c, v)
            else:
                ws.write_string(r, c, v)
    end = 4 + len(rows) + 1
    ws.write_string(end, 5, "Mengetahui,")
    ws.write_string(end + 1, 5, f"{spec.head_title} {spec.village_name.title()}")
    rng = random.Random(spec.seed + 1)
    ws.write_string(end + 4, 5, f"{rng.choice(MALE).upper()} {rng.choice(FAMILY).upper()}")
    ws.set_column(1, 1, 20)
    ws.set_column(2, 2, 30)
    wb.close()
    return buf.getvalue()


def village_list_key(spec: VillageList) -> dict:
    return {"village": spec.village_code, "rows": 60, "faults": FAULTS, "min_rejected": 5}


def non_asn_rows() -> list[list[str]]:
    """200 staff of Musi Rawas' offices: a clean list (every row acceptable)."""
    rng = random.Random(2022)
    people = _people(rng, MURA_VILLAGES, 200)
    rows = []
    for i, p in enumerate(people, start=1):
        name = p.name
        if i % 17 == 0:
            name = name.replace(
                " ", " Ma\u2019ruf ", 1
            )  # a typographic apostrophe, as Word and Excel write it
        if i % 11 == 0:
            name = f"{name}, S.Pd."
        rows.append(
            [
                str(i),
                p.nik,
                name,
                p.birth_date.strftime("%d-%m-%Y"),
                "P" if p.female else "L",
                p.village,
                rng.choice(UNITS),
                rng.choice(POSITIONS),
                "Rp " + f"{rng.choice(HONOR):,}".replace(",", "."),
            ]
        )
    return rows


def non_asn_csv() -> bytes:
    buf = io.StringIO()
    writer = csv.writer(buf, delimiter=";", lineterminator="\r\n")
    writer.writerow(
        [
            "No.",
            "No. KTP",
            "Nama",
            "Tanggal Lahir",
            "L/P",
            "Kode Desa",
            "Unit Kerja",
            "Jabatan",
            "Honor per Bulan",
        ]
    )
    writer.writerows(non_asn_rows())
    return buf.getvalue().encode("cp1252")


def non_asn_key() -> dict:
    return {"rows": 200, "encoding": "cp1252", "delimiter": ";", "faults": {}}


RESPONSE_NAME = "balasan-bpjs-desa-lahat.csv"
# The BPJS branch's answer to desa-lahat.xlsx once its acceptable rows are verified: a KPJ number for each,
# except row 12 (no KPJ, with the branch's reason) and row 30 (left out: returned as "not in the response");
# and one NIK that is not in the list (the first person of desa-sarolangun.xlsx), listed as unknown.
RESPONSE_FAULTS = {
    "no_kpj_row": 12,
    "no_kpj_reason": "NIK tidak cocok dengan data Dukcapil",
    "left_out_row": 30,
    "unknown_response_row": None,  # filled in below: the response's last data row
}


def response_rows() -> list[list[str]]:
    rows = village_list_rows(VILLAGE_LISTS[0])
    f = FAULTS
    refused = {f["nik_as_number_row"], f["short_nik_row"], f["nik_date_invalid_row"]}
    refused |= {f["impossible_birth_date_row"], f["outside_area_row"], f["duplicate_in_file_rows"][1]}
    out = []
    kpj = 25_000_000_000
    for n, row in enumerate(rows, start=1):
        if n in refused or n == RESPONSE_FAULTS["left_out_row"]:
            continue
        kpj += 1
        if n == RESPONSE_FAULTS["no_kpj_row"]:
            out.append([row[1], "", RESPONSE_FAULTS["no_kpj_reason"]])
        else:
            out.append([row[1], str(kpj), ""])
    out.append([village_list_rows(VILLAGE_LISTS[1])[0][1], str(kpj + 1), ""])
    return out


def response_csv() -> bytes:
    buf = io.StringIO()
    writer = csv.writer(buf, delimiter=";", lineterminator="\r\n")
    writer.writerow(["NIK", "KPJ", "Alasan"])
    writer.writerows(response_rows())
    return buf.getvalue().encode()


def response_key() -> dict:
    return {**RESPONSE_FAULTS, "unknown_response_row": len(response_rows()), "for": "desa-lahat.xlsx"}


def example_files() -> dict[str, bytes]:
    """Every example file by name (lists and their keys)."""
    files: dict[str, bytes] = {}
    for spec in VILLAGE_LISTS:
        files[spec.filename] = village_list_xlsx(spec)
        files[spec.filename.replace(".xlsx", ".key.json")] = _json(village_list_key(spec))
    files[CSV_NAME] = non_asn_csv()
    files[CSV_NAME.replace(".csv", ".key.json")] = _json(non_asn_key())
    files[RESPONSE_NAME] = response_csv()
    files[RESPONSE_NAME.replace(".csv", ".key.json")] = _json(response_key())
    return files


def _json(data: dict) -> bytes:
    return (json.dumps(data, indent=1, ensure_ascii=False) + "\n").encode()


def examples_write(directory: Path) -> list[Path]:
    directory.mkdir(parents=True, exist_ok=True)
    written = []
    for name, data in example_files().items():
        path = directory / name
        path.write_bytes(data)
        written.append(path)
    return written
