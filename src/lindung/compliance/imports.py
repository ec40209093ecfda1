"""Loading the offices' employer lists: read (shared reader), validate every row at once (polars), then
match and write set-based inside one transaction: a staging table filled by COPY (PostgreSQL) or
executemany (SQLite), then a few ``UPDATE ... FROM`` / ``INSERT ... SELECT`` statements, the same SQL on
both databases. A file with any faulty row is refused whole, with its row-level report; nothing is written
to the register then.

Matching, in this order: NIB; for the BPJS list its NPP; NPWP (only when exactly one employer has it and
the NIBs do not contradict); then the normalised name + village, which is only a *probable* match: the row
is kept aside (``ProbableMatch``) for a person to decide, never merged silently.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import time
from dataclasses import dataclass, field

import polars as pl
from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from lindung.accounts.permissions import can_decide_match, can_import_employers
from lindung.audit.models import AuditLog
from lindung.audit.services import audit_bulk, audit_record
from lindung.compliance import categorise
from lindung.compliance.identifiers import digits_expr, name_key_expr, npwp_frame
from lindung.compliance.models import Employer, EmployerImport, ProbableMatch
from lindung.compliance.reading import FileRejected, TableSpec, read_table
from lindung.core.errors import ApplicationError
from lindung.core.limits import MAX_MONTHLY_INCOME, MAX_RUPIAH
from lindung.core.scoping import user_area_codes
from lindung.regions.models import Region

REPORT_ROWS = 1000
MAX_IMPORT_BYTES = 256 * 1024 * 1024
Source = EmployerImport.Source

_COMMON = {
    "nib": ("NIB", "Nomor Induk Berusaha", "No NIB", "Nomor NIB"),
    "npwp": ("NPWP", "NPWP Perusahaan", "No NPWP", "NPWP Badan Usaha"),
    "name": (
        "Nama Perusahaan",
        "Nama Pelaku Usaha",
        "Nama Badan Usaha",
        "Nama Pemberi Kerja",
        "Nama Usaha",
        "Nama",
    ),
    "region_code": ("Kode Desa", "Kode Wilayah", "Kode Kelurahan", "Kode Desa/Kelurahan", "Kode Desa Kel"),
    "kbli": ("KBLI", "Kode KBLI", "KBLI Utama"),
    "address": ("Alamat", "Alamat Usaha", "Alamat Perusahaan"),
}
SPECS: dict[str, TableSpec] = {
    Source.OSS: TableSpec(
        headers={
            **_COMMON,
            "kind": ("Jenis Badan Usaha", "Bentuk Usaha", "Jenis Perusahaan", "Bentuk Badan Usaha"),
            "scale": ("Skala Usaha", "Skala"),
            "contact": ("Kontak", "Telepon", "No Telepon", "No HP", "Email", "Kontak Perusahaan"),
        },
        required=("nib", "name", "region_code"),
        labels={"nib": "NIB", "name": "Nama Perusahaan", "region_code": "Kode Desa"},
        row_keys=("nib", "name"),
    ),
    Source.WLKP: TableSpec(
        headers={
            **_COMMON,
            "workers": (
                "Jumlah Tenaga Kerja",
                "Jumlah Pekerja",
                "Total Pekerja",
                "Tenaga Kerja",
                "Jumlah TK",
            ),
            "avg_wage": ("Rata-rata Upah", "Upah Rata-rata", "Rata Rata Upah", "Upah Rata Rata"),
        },
        required=("name", "region_code", "workers", "avg_wage"),
        labels={
            "name": "Nama Perusahaan",
            "region_code": "Kode Desa",
            "workers": "Jumlah Tenaga Kerja",
            "avg_wage": "Rata-rata Upah",
        },
        row_keys=("nib", "npwp", "name"),
    ),
    Source.BPJS: TableSpec(
        headers={
            **_COMMON,
            "npp": ("NPP", "Nomor Pendaftaran Perusahaan", "No NPP"),
            "bpjs_workers": (
                "Tenaga Kerja Terdaftar",
                "Jumlah TK Aktif",
                "TK Aktif",
                "Jumlah Peserta",
                "Pekerja Terdaftar",
            ),
            "programmes": ("Program", "Program Diikuti", "Program BPJS"),
            "wage_total": ("Total Upah", "Total Upah Dilaporkan", "Jumlah Upah", "Upah Dilaporkan"),
            "arrears": ("Bulan Menunggak", "Tunggakan Bulan", "Menunggak Bulan", "Lama Menunggak"),
        },
        required=("npp", "name", "region_code", "bpjs_workers"),
        labels={
            "npp": "NPP",
            "name": "Nama Perusahaan",
            "region_code": "Kode Desa",
            "bpjs_workers": "Tenaga Kerja Terdaftar",
        },
        row_keys=("npp", "nib", "name"),
    ),
}
PROGRAMMES = ("JKK", "JKM", "JHT", "JP", "JKP")
# Bounds of the numbers in a list (core.limits): an employer's workforce, a monthly wage, a wage total, months.
MAX_WORKERS = 10_000_000
NUMBER_MAX = {
    "workers": MAX_WORKERS,
    "bpjs_workers": MAX_WORKERS,
    "avg_wage": MAX_MONTHLY_INCOME,
    "wage_total": MAX_RUPIAH,
    "arrears": 600,
}

STAGE = "compliance_stage"
STAGE_COLUMNS = [
    ("row_no", "bigint"),
    ("nib", "text"),
    ("npwp", "text"),
    ("name", "text"),
    ("name_key", "text"),
    ("kind", "text"),
    ("kbli", "text"),
    ("scale", "text"),
    ("region_code", "text"),
    ("regency_code", "text"),
    ("address", "text"),
    ("contact", "text"),
    ("workers", "bigint"),
    ("avg_wage", "bigint"),
    ("npp", "text"),
    ("bpjs_workers", "bigint"),
    ("programmes", "text"),
    ("wage_total", "bigint"),
    ("arrears", "bigint"),
    ("employer_id", "bigint"),
    ("probable_id", "bigint"),
]


@dataclass
class ImportResult:
    employer_import: EmployerImport
    frame: pl.DataFrame | None = None
    timings: dict = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return self.employer_import.status == EmployerImport.Status.APPLIED


# --- reading and checking ------------------------------------------------------------------------------


def _int_expr(col: str) -> pl.Expr:
    txt = pl.col(col).str.replace(r"(?i)^rp\.?\s*", "").str.replace(r",\d{1,2}$", "")
    txt = pl.when(txt.str.contains(r"^\d+\.0+$")).then(txt.str.replace(r"\.0+$", "")).otherwise(txt)
    return txt.str.replace_all(r"[.\s]", "").cast(pl.Int64, strict=False)


def _kind_expr() -> pl.Expr:
    src = pl.coalesce(pl.col("kind"), pl.col("name")).fill_null("").str.to_uppercase()
    expr = pl.lit(Employer.Kind.OTHER.value)
    for value, pattern in (
        (Employer.Kind.BAWASLU, r"\bBAWASLU\b|PANWAS"),
        (Employer.Kind.KPU, r"\bKPU\b|KOMISI PEMILIHAN"),
        (Employer.Kind.GOVERNMENT, r"PEMERINTAH|PEMKAB|PEMKOT|PEMPROV|\bDINAS\b|INSTANSI"),
        (Employer.Kind.BUMD, r"\bBUMD\b|PERUSAHAAN DAERAH|\bPDAM\b"),
        (Employer.Kind.BUMN, r"\bBUMN\b|PERSERO"),
        (Employer.Kind.KOPERASI, r"KOPERASI|\bKUD\b"),
        (Employer.Kind.UD, r"^UD\b|\bUD\.|PERORANGAN|USAHA DAGANG"),
        (Employer.Kind.CV, r"^CV\b|\bCV\.|,\s*CV$|KOMANDITER"),
        (Employer.Kind.PT, r"^PT\b|\bPT\.|,\s*PT$|PERSEROAN"),
    ):
        expr = pl.when(src.str.contains(pattern)).then(pl.lit(value.value)).otherwise(expr)
    return expr


def _scale_expr() -> pl.Expr:
    s = pl.col("scale").fill_null("").str.to_lowercase()
    return (
        pl.when(s.str.contains("mikro|micro"))
        .then(pl.lit("mikro"))
        .when(s.str.contains("kecil|small"))
        .then(pl.lit("kecil"))
        .when(s.str.contains("menengah|medium"))
        .then(pl.lit("menengah"))
        .when(s.str.contains("besar|large"))
        .then(pl.lit("besar"))
        .otherwise(pl.lit(""))
    )


def _programmes_expr() -> pl.Expr:
    """'JKK, JKM dan JHT' -> 'JKK,JKM,JHT' (canonical order)."""
    padded = pl.concat_str(
        [
            pl.lit(","),
            pl.col("programmes").fill_null("").str.to_uppercase().str.replace_all(r"[^A-Z]+", ","),
            pl.lit(","),
        ]
    )
    parts = [
        pl.when(padded.str.contains(f",{p},", literal=True)).then(pl.lit(p)).otherwise(pl.lit(None))
        for p in PROGRAMMES
    ]
    return pl.concat_str(parts, separator=",", ignore_nulls=True)


def _village_codes(codes: list[str] | None) -> pl.Series:

    qs = Region.objects.filter(level=4)
    return pl.Series("v", list(qs.values_list("code", flat=True)), dtype=pl.Utf8)


def prepare(frame: pl.DataFrame, *, source: str, area: list[str] | None) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Cleaned columns and the row messages (row_no, column, message), all vectorised."""
    every = {k for spec in SPECS.values() for k in spec.headers}
    frame = frame.with_columns([pl.lit(None, pl.Utf8).alias(k) for k in sorted(every - set(frame.columns))])
    digits = pl.col("region_code").fill_null("").str.replace_all(r"\D", "")
    frame = frame.with_columns(
        digits_expr("nib").alias("nib_clean"),
        pl.when(digits.str.len_chars() == 10)
        .then(
            pl.concat_str(
                [
                    digits.str.slice(0, 2),
                    digits.str.slice(2, 2),
                    digits.str.slice(4, 2),
                    digits.str.slice(6, 4),
                ],
                separator=".",
            )
        )
        .otherwise(pl.col("region_code").fill_null(""))
        .alias("region_clean"),
        pl.col("name").fill_null("").str.replace_all(r"\s+", " ").str.slice(0, 200).alias("name_clean"),
        name_key_expr("name").alias("name_key"),
        digits_expr("kbli").str.slice(0, 5).alias("kbli_clean"),
        digits_expr("npp").str.slice(0, 20).alias("npp_clean"),
        _kind_expr().alias("kind_clean"),
        _scale_expr().alias("scale_clean"),
    )
    frame = npwp_frame(frame)
    villages = _village_codes(area)
    frame = frame.with_columns(
        pl.col("region_clean").is_in(villages.implode()).alias("_village_ok"),
        pl.col("region_clean").str.slice(0, 5).alias("regency_clean"),
    )
    if area is not None:
        inside = pl.lit(False)
        for code in area:
            inside = (
                inside | (pl.col("region_clean") == code) | pl.col("region_clean").str.starts_with(code + ".")
            )
        frame = frame.with_columns(inside.alias("_inside"))
    else:
        frame = frame.with_columns(pl.lit(True).alias("_inside"))
    numbers = {
        Source.WLKP: [("workers", "Jumlah Tenaga Kerja"), ("avg_wage", "Rata-rata Upah")],
        Source.BPJS: [
            ("bpjs_workers", "Tenaga Kerja Terdaftar"),
            ("wage_total", "Total Upah"),
            ("arrears", "Bulan Menunggak"),
        ],
    }.get(source, [])
    frame = frame.with_columns([_int_expr(c).alias(f"{c}_n") for c, _label in numbers])
    if source == Source.BPJS:
        frame = frame.with_columns(_programmes_expr().alias("programmes_clean"))
    key = "nib_clean"
    dup_key = "npp_clean" if source == Source.BPJS else key
    frame = frame.with_columns(
        ((pl.col(key) != "") & (pl.col(key).is_duplicated())).alias("_dup_nib"),
        ((pl.col(dup_key) != "") & (pl.col(dup_key).is_duplicated())).alias("_dup_key"),
        pl.col("row_no").min().over(key).alias("_first_nib_row"),
        pl.col("row_no").min().over(dup_key).alias("_first_key_row"),
    )

    checks: list[tuple[str, pl.Expr, pl.Expr]] = [
        (
            "NIB",
            (pl.col("nib_clean") != "") & ~pl.col("nib_clean").str.contains(r"^\d{13}$"),
            pl.format('NIB "{}" tidak valid: NIB terdiri dari 13 angka.', pl.col("nib")),
        ),
        (
            "NIB",
            pl.col("_dup_nib") & (pl.col("row_no") != pl.col("_first_nib_row")),
            pl.format(
                "NIB {} muncul lebih dari sekali dalam berkas (pertama di baris {}); satu NIB satu baris.",
                pl.col("nib_clean"),
                pl.col("_first_nib_row"),
            ),
        ),
        (
            "NPWP",
            ~pl.col("npwp_ok"),
            pl.format(
                'NPWP "{}" tidak valid: 15 atau 16 angka dengan digit pemeriksa yang benar.', pl.col("npwp")
            ),
        ),
        ("Nama", pl.col("name_clean") == "", pl.lit("Nama perusahaan wajib diisi.")),
        (
            "Kode Desa",
            (pl.col("region_clean") != "") & ~pl.col("_village_ok"),
            pl.format(
                'Kode desa "{}" tidak dikenal; tulis kode Kemendagri, mis. 16.04.21.2008.',
                pl.col("region_code"),
            ),
        ),
        ("Kode Desa", pl.col("region_clean") == "", pl.lit("Kode desa wajib diisi.")),
        (
            "Kode Desa",
            pl.col("_village_ok") & ~pl.col("_inside"),
            pl.format("Desa {} di luar wilayah kerja Anda.", pl.col("region_clean")),
        ),
    ]
    if source == Source.OSS:
        checks.append(("NIB", pl.col("nib_clean") == "", pl.lit("NIB wajib diisi pada daftar izin OSS.")))
    if source == Source.WLKP:
        checks.append(
            (
                "NIB",
                (pl.col("nib_clean") == "") & (pl.col("npwp_clean") == ""),
                pl.lit("Isi NIB atau NPWP agar laporan WLKP dapat dicocokkan."),
            )
        )
    if source == Source.BPJS:
        checks += [
            ("NPP", pl.col("npp_clean") == "", pl.lit("NPP wajib diisi pada daftar BPJS.")),
            (
                "NPP",
                pl.col("_dup_key") & (pl.col("row_no") != pl.col("_first_key_row")),
                pl.format(
                    "NPP {} muncul lebih dari sekali dalam berkas (pertama di baris {}).",
                    pl.col("npp_clean"),
                    pl.col("_first_key_row"),
                ),
            ),
        ]
    for col, label in numbers:
        required = col in ("workers", "avg_wage", "bpjs_workers")
        bad = pl.col(f"{col}_n").is_null() | (pl.col(f"{col}_n") < 0) | (pl.col(f"{col}_n") > NUMBER_MAX[col])
        checks.append(
            (
                label,
                (pl.col(col).is_not_null() & bad) | (pl.lit(required) & pl.col(col).is_null()),
                pl.when(pl.col(col).is_null())
                .then(pl.lit(f"{label} wajib diisi."))
                .otherwise(
                    pl.format(
                        f'{label} "{{}}" bukan angka yang dapat dibaca (0 sampai {NUMBER_MAX[col]:,}).'.replace(
                            ",", "."
                        ),
                        pl.col(col),
                    )
                ),
            )
        )
    parts = [
        frame.filter(cond.fill_null(False)).select(
            "row_no", pl.lit(column).alias("column"), msg.alias("message")
        )
        for column, cond, msg in checks
    ]
    messages = pl.concat(parts).sort("row_no")
    return frame, messages


# --- writing -------------------------------------------------------------------------------------------


def _stage_frame(frame: pl.DataFrame, source: str) -> pl.DataFrame:
    def col(name, dtype=pl.Utf8):
        return pl.col(name) if name in frame.columns else pl.lit(None, dtype)

    return frame.select(
        pl.col("row_no"),
        pl.col("nib_clean").alias("nib"),
        pl.col("npwp_clean").alias("npwp"),
        pl.col("name_clean").alias("name"),
        pl.col("name_key"),
        pl.col("kind_clean").alias("kind"),
        pl.col("kbli_clean").alias("kbli"),
        pl.col("scale_clean").alias("scale"),
        pl.col("region_clean").alias("region_code"),
        pl.col("regency_clean").alias("regency_code"),
        col("address").fill_null("").str.slice(0, 300).alias("address"),
        col("contact").fill_null("").str.slice(0, 200).alias("contact"),
        col("workers_n", pl.Int64).alias("workers"),
        col("avg_wage_n", pl.Int64).alias("avg_wage"),
        pl.col("npp_clean").alias("npp"),
        col("bpjs_workers_n", pl.Int64).alias("bpjs_workers"),
        col("programmes_clean").fill_null("").alias("programmes"),
        col("wage_total_n", pl.Int64).alias("wage_total"),
        col("arrears_n", pl.Int64).fill_null(0).alias("arrears"),
        pl.lit(None, pl.Int64).alias("employer_id"),
        pl.lit(None, pl.Int64).alias("probable_id"),
    )


def _stage_load(cur, data: pl.DataFrame) -> None:
    cols = ", ".join(c for c, _t in STAGE_COLUMNS)
    if connection.vendor == "postgresql":
        ddl = ", ".join(f"{c} {t}" for c, t in STAGE_COLUMNS)
        cur.execute(f"DROP TABLE IF EXISTS {STAGE}")
        cur.execute(f"CREATE TEMPORARY TABLE {STAGE} ({ddl}) ON COMMIT DROP")
        buf = io.BytesIO()
        data.write_csv(buf, include_header=False, null_value="\\N")
        with cur.cursor.copy(f"COPY {STAGE} ({cols}) FROM STDIN WITH (FORMAT csv, NULL '\\N')") as cp:
            cp.write(buf.getvalue())
        cur.execute(f"ANALYZE {STAGE}")
    else:
        ddl = ", ".join(f"{c} {'INTEGER' if t == 'bigint' else 'TEXT'}" for c, t in STAGE_COLUMNS)
        cur.execute(f"DROP TABLE IF EXISTS temp.{STAGE}")
        cur.execute(f"CREATE TEMPORARY TABLE {STAGE} ({ddl})")
        marks = ", ".join(["%s"] * len(STAGE_COLUMNS))
        cur.executemany(f"INSERT INTO {STAGE} ({cols}) VALUES ({marks})", data.iter_rows())
    if connection.vendor != "postgresql":
        cur.execute(f"CREATE INDEX temp.{STAGE}_nib ON {STAGE} (nib)")


def _match(cur, source: str) -> None:
    """Fills stage.employer_id (sure matches) and stage.probable_id (name + village only)."""
    cur.execute(
        f"UPDATE {STAGE} SET employer_id = e.id FROM compliance_employer e "
        f"WHERE {STAGE}.nib <> '' AND e.nib = {STAGE}.nib"
    )
    if source == Source.BPJS:
        cur.execute(
            f"UPDATE {STAGE} SET employer_id = e.id FROM "
            "(SELECT npp, MIN(id) AS id FROM compliance_employer WHERE npp <> '' GROUP BY npp HAVING COUNT(*) = 1) e "
            f"WHERE {STAGE}.employer_id IS NULL AND e.npp = {STAGE}.npp"
        )
    cur.execute(
        f"UPDATE {STAGE} SET employer_id = e.id FROM "
        "(SELECT npwp, MIN(id) AS id, MIN(nib) AS nib FROM compliance_employer WHERE npwp <> '' "
        "GROUP BY npwp HAVING COUNT(*) = 1) e "
        f"WHERE {STAGE}.employer_id IS NULL AND {STAGE}.npwp <> '' AND e.npwp = {STAGE}.npwp "
        f"AND ({STAGE}.nib = '' OR e.nib = '')"
    )
    cur.execute(
        f"UPDATE {STAGE} SET probable_id = e.id FROM "
        "(SELECT name_key, region_code, MIN(id) AS id, MIN(nib) AS nib FROM compliance_employer "
        "WHERE name_key <> '' GROUP BY name_key, region_code) e "
        f"WHERE {STAGE}.employer_id IS NULL AND e.name_key = {STAGE}.name_key "
        f"AND e.region_code = {STAGE}.region_code AND ({STAGE}.nib = '' OR e.nib = '')"
    )


# Columns each office's list owns (the others keep what another office reported).
def _owned(source: str, filename: str, file_date: dt.date) -> dict[str, str]:
    s = f"{STAGE}."

    def keep_or(col):
        return f"CASE WHEN {s}{col} <> '' THEN {s}{col} ELSE compliance_employer.{col} END"

    def fill(col):
        return f"CASE WHEN compliance_employer.{col} = '' THEN {s}{col} ELSE compliance_employer.{col} END"

    common = {"nib": fill("nib"), "npwp": keep_or("npwp")}
    if source == Source.OSS:
        return {
            **common,
            "name": f"{s}name",
            "name_key": f"{s}name_key",
            "kind": f"{s}kind",
            "kbli": keep_or("kbli"),
            "scale": keep_or("scale"),
            "region_code": f"{s}region_code",
            "regency_code": f"{s}regency_code",
            "address": keep_or("address"),
            "contact": keep_or("contact"),
            "oss_file": "%(file)s",
            "oss_date": "%(date)s",
        }
    if source == Source.WLKP:
        return {
            **common,
            "kbli": fill("kbli"),
            "wlkp_workers": f"{s}workers",
            "wlkp_avg_wage": f"{s}avg_wage",
            "wlkp_file": "%(file)s",
            "wlkp_date": "%(date)s",
        }
    return {
        **common,
        "npp": f"{s}npp",
        "bpjs_workers": f"{s}bpjs_workers",
        "bpjs_programmes": f"{s}programmes",
        "bpjs_wage_total": f"{s}wage_total",
        "arrears_months": f"{s}arrears",
        "bpjs_file": "%(file)s",
        "bpjs_date": "%(date)s",
    }


_INSERT_COLUMNS = {
    Source.OSS: {"oss_file": "%(file)s", "oss_date": "%(date)s"},
    Source.WLKP: {
        "wlkp_workers": "workers",
        "wlkp_avg_wage": "avg_wage",
        "wlkp_file": "%(file)s",
        "wlkp_date": "%(date)s",
    },
    Source.BPJS: {
        "npp": "npp",
        "bpjs_workers": "bpjs_workers",
        "bpjs_programmes": "programmes",
        "bpjs_wage_total": "wage_total",
        "arrears_months": "arrears",
        "bpjs_file": "%(file)s",
        "bpjs_date": "%(date)s",
    },
}


def _apply(
    cur, source: str, filename: str, file_date: dt.date, rules: dict, today: dt.date
) -> tuple[int, int]:
    """Writes the matched rows (their own columns) and the new ones, with their categories computed in the
    same statement from the values being written, so the categorisation that follows has nothing to rewrite."""
    ops = connection.ops
    params = {
        "file": filename[:200],
        "date": ops.adapt_datefield_value(file_date),
        "now": ops.adapt_datetimefield_value(timezone.now()),
        "today": ops.adapt_datefield_value(today),
        "false": False,
    }
    sets = _owned(source, filename, file_date)

    def upd_col(name: str) -> str:
        return f"({sets[name]})" if name in sets else f"compliance_employer.{name}"

    e, p = categorise.category_sql(rules, categorise.umk_subquery(upd_col("regency_code")), upd_col)
    params.update(p)
    set_sql = ", ".join(f"{k} = {v}" for k, v in sets.items())
    cat_sql = ", ".join(f"{k} = {v}" for k, v in e.items() if k != "category")
    cat_sql += (
        f", category_since = CASE WHEN compliance_employer.category <> {e['category']} "
        "OR compliance_employer.category_since IS NULL THEN %(today)s ELSE compliance_employer.category_since END"
        f", category = {e['category']}, categorised_on = %(today)s"
    )
    cur.execute(
        f"UPDATE compliance_employer SET {set_sql}, {cat_sql}, updated_at = %(now)s FROM {STAGE} "
        f"WHERE {STAGE}.employer_id = compliance_employer.id",
        params,
    )
    updated = cur.rowcount
    base = {
        "nib": "nib",
        "npwp": "npwp",
        "name": "name",
        "name_key": "name_key",
        "kind": "kind",
        "kbli": "kbli",
        "scale": "scale",
        "region_code": "region_code",
        "regency_code": "regency_code",
        "address": "address",
        "contact": "contact",
        "npp": "''",
        "bpjs_programmes": "''",
        "arrears_months": "0",
        "oss_file": "''",
        "wlkp_file": "''",
        "bpjs_file": "''",
        "created_at": "%(now)s",
        "updated_at": "%(now)s",
    }
    base.update(_INSERT_COLUMNS[source])
    base = {k: (f"{STAGE}.{v}" if re.fullmatch(r"[a-z_]+", v) else v) for k, v in base.items()}

    def ins_col(name: str) -> str:
        return f"({base[name]})" if name in base else "CAST(NULL AS bigint)"  # only numbers are absent

    e, _p = categorise.category_sql(rules, categorise.umk_subquery(ins_col("regency_code")), ins_col)
    columns = {**base, **e, "category_since": "%(today)s", "categorised_on": "%(today)s"}
    cur.execute(
        f"INSERT INTO compliance_employer ({', '.join(columns)}) SELECT {', '.join(columns.values())} "
        f"FROM {STAGE} WHERE employer_id IS NULL AND probable_id IS NULL ORDER BY row_no",
        params,
    )
    created = cur.rowcount
    return created, updated


def employers_import(
    *,
    actor,
    source: str,
    data: bytes,
    filename: str,
    file_date: dt.date | None = None,
    categorise_after: bool = True,
) -> ImportResult:
    """Reads, checks and applies one office's list. Returns the import record: ``applied`` with counts, or
    ``refused`` with the row report (nothing else written). An unreadable file raises ApplicationError."""
    if source not in Source.values:
        raise ApplicationError(_("Sumber daftar tidak dikenal."), code="source_invalid")
    if actor is not None and not can_import_employers(actor, source):
        raise ApplicationError(
            _("Peran Anda tidak dapat memuat %(source)s.") % {"source": Source(source).label},
            code="forbidden",
        )
    file_date = file_date or timezone.localdate()
    if file_date > timezone.localdate():
        raise ApplicationError(_("Tanggal data tidak boleh di masa depan."), code="date_invalid")
    clock = [time.perf_counter()]
    timings: dict[str, float] = {}

    def lap(name: str) -> None:
        now = time.perf_counter()
        timings[name] = round(now - clock[0], 3)
        clock[0] = now

    try:
        table = read_table(data, filename=filename, spec=SPECS[source], max_bytes=MAX_IMPORT_BYTES)
    except FileRejected as exc:
        raise ApplicationError(exc.message, code=exc.code) from exc
    area = user_area_codes(actor) if actor is not None else None
    lap("read")
    frame, messages = prepare(table.frame, source=source, area=area)
    lap("validate")
    regencies = sorted(c for c in frame["regency_clean"].unique().to_list() if c)
    record = EmployerImport(
        source=source,
        filename=filename[:200],
        file_date=file_date,
        regency_code=regencies[0] if len(regencies) == 1 else "",
        rows=frame.height,
        uploaded_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    if messages.height:
        record.status = EmployerImport.Status.REFUSED
        record.errors = messages["row_no"].n_unique()
        record.report = messages.head(REPORT_ROWS).to_dicts()
        with translation.override(settings.LANGUAGE_CODE):  # stored: in the system's language
            record.message = _(
                "Berkas ditolak: %(n)s baris bermasalah. Perbaiki baris pada laporan lalu unggah ulang; "
                "tidak ada data yang disimpan."
            ) % {"n": f"{record.errors:,}".replace(",", ".")}
        with transaction.atomic():
            record.save()
            audit_record(
                actor=actor,
                action=AuditLog.Action.CREATE,
                instance=record,
                object_repr=f"Impor ditolak: {record}",
                extra={"rows": record.rows, "errors": record.errors},
            )
        return ImportResult(employer_import=record, frame=frame)

    stage = _stage_frame(frame, source)
    today = timezone.localdate()
    rules = categorise.rules_on(today)
    with transaction.atomic():
        record.status = EmployerImport.Status.APPLIED
        record.save()
        with connection.cursor() as cur:
            _stage_load(cur, stage)
            categorise.umk_table_create(cur, today.year)
            lap("stage")
            _match(cur, source)
            lap("match")
            created, updated = _apply(cur, source, filename, file_date, rules, today)
            categorise.umk_table_drop(cur)
            lap("write")
            cur.execute(
                f"SELECT row_no, probable_id FROM {STAGE} WHERE probable_id IS NOT NULL ORDER BY row_no"
            )
            probable = cur.fetchall()
            cur.execute(f"DROP TABLE {STAGE}")  # ON COMMIT DROP does not fire inside an outer transaction
        if probable:
            rows = {
                r["row_no"]: r
                for r in stage.filter(pl.col("row_no").is_in([p[0] for p in probable])).to_dicts()
            }
            ProbableMatch.objects.bulk_create(
                [
                    ProbableMatch(
                        employer_import=record,
                        row_no=row_no,
                        employer_id=employer_id,
                        data={
                            k: v for k, v in rows[row_no].items() if k not in ("employer_id", "probable_id")
                        },
                        regency_code=rows[row_no]["regency_code"],
                    )
                    for row_no, employer_id in probable
                ]
            )
        record.created, record.updated, record.probable = created, updated, len(probable)
        with translation.override(settings.LANGUAGE_CODE):
            record.message = _(
                "%(created)s pemberi kerja baru, %(updated)s diperbarui, %(probable)s kemungkinan kecocokan "
                "menunggu keputusan."
            ) % {"created": created, "updated": updated, "probable": len(probable)}
        record.save(update_fields=["created", "updated", "probable", "message"])
        audit_bulk(
            actor=actor,
            action=AuditLog.Action.BULK_UPDATE,
            model=Employer,
            count=created + updated,
            region_code=record.regency_code,
            extra={
                "import": record.pk,
                "source": source,
                "file": filename[:200],
                "created": created,
                "updated": updated,
                "probable": len(probable),
            },
        )
        if categorise_after:
            categorise.employers_categorise(actor=actor, regency_codes=regencies)
            lap("categorise")
    return ImportResult(employer_import=record, frame=frame, timings=timings)


def match_decide(*, actor, match: ProbableMatch, merge: bool) -> Employer:
    """A person's decision on a probable match: merge the row into the employer, or register it apart."""

    if actor is not None and not can_decide_match(actor, match):
        raise ApplicationError(_("Peran Anda tidak dapat memutuskan kecocokan ini."), code="forbidden")
    if match.status != ProbableMatch.Status.PENDING:
        raise ApplicationError(_("Kecocokan ini sudah diputuskan."), code="already_decided")
    source = match.employer_import.source
    d = match.data
    with transaction.atomic():
        if merge:
            employer = Employer.objects.select_for_update().get(pk=match.employer_id)
        else:
            employer = Employer(
                name=d["name"],
                name_key=d["name_key"],
                kind=d["kind"],
                kbli=d.get("kbli") or "",
                scale=d.get("scale") or "",
                region_code=d["region_code"],
                regency_code=d["regency_code"],
                address=d.get("address") or "",
                contact=d.get("contact") or "",
            )
        if d.get("nib") and not employer.nib:
            employer.nib = d["nib"]
        if d.get("npwp"):
            employer.npwp = d["npwp"]
        imp = match.employer_import
        if source == Source.WLKP:
            employer.wlkp_workers, employer.wlkp_avg_wage = d.get("workers"), d.get("avg_wage")
            employer.wlkp_file, employer.wlkp_date = imp.filename, imp.file_date
        elif source == Source.BPJS:
            employer.npp = d.get("npp") or employer.npp
            employer.bpjs_workers, employer.bpjs_wage_total = d.get("bpjs_workers"), d.get("wage_total")
            employer.bpjs_programmes, employer.arrears_months = (
                d.get("programmes") or "",
                d.get("arrears") or 0,
            )
            employer.bpjs_file, employer.bpjs_date = imp.filename, imp.file_date
        else:
            employer.oss_file, employer.oss_date = imp.filename, imp.file_date
        employer.save()
        match.status = ProbableMatch.Status.MERGED if merge else ProbableMatch.Status.SEPARATE
        match.decided_by = actor if getattr(actor, "is_authenticated", False) else None
        match.decided_at = timezone.now()
        match.save(update_fields=["status", "decided_by", "decided_at"])
        audit_record(
            actor=actor,
            action=AuditLog.Action.UPDATE if merge else AuditLog.Action.CREATE,
            instance=employer,
            region_code=employer.region_code,
            extra={"probable_match": match.pk, "decision": match.status, "row_no": match.row_no},
        )
        categorise.employers_categorise(actor=actor, regency_codes=[employer.regency_code])
    return employer
