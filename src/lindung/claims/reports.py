"""Claims reports for budget hearings: claims per programme, funder, village and year (count, amount paid, median
days from the event to the payment), the claims ratio (benefits paid against contributions paid) per programme,
and deaths and accidents among participants. Page, XLSX and PDF; the "last benefits paid" panel of the coverage
home.

The claims of the area are read once (a few columns) and grouped with polars; contributions paid come from the
payment allocations of the programmes' invoices (a few rows per month per funder).
"""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass, field

import polars as pl
from django.core.exceptions import EmptyResultSet
from django.db import connection
from django.db.models import Case, IntegerField, Sum, When
from django.db.models.expressions import RawSQL
from django.utils.translation import gettext as _

from lindung.billing.exports import pdf, xlsx
from lindung.billing.models import PaymentAllocation
from lindung.claims.models import Claim
from lindung.claims.selectors import claim_scope
from lindung.core.scoping import region_q, user_area_codes
from lindung.programs.models import Programme, ProgrammeFunder
from lindung.registry.selectors import village_names

PAID = [Claim.Status.PAID, Claim.Status.HANDED_OVER]
DEATH_BENEFITS = [Claim.Benefit.JKM, Claim.Benefit.JKK_DEATH]


@dataclass
class ClaimsReport:
    regency: str
    year: int | None
    total: dict
    by_programme: list[dict] = field(default_factory=list)
    by_funder: list[dict] = field(default_factory=list)
    by_village: list[dict] = field(default_factory=list)
    by_year: list[dict] = field(default_factory=list)


def _grouped(frame: pl.DataFrame, key: str) -> list[dict]:
    if frame.height == 0:
        return []
    paid = pl.col("paid_amount").is_not_null()
    return (
        frame.group_by(key)
        .agg(
            claims=pl.len(),
            deaths=pl.col("death").sum(),
            accidents=pl.col("accident").sum(),
            paid_claims=paid.sum(),
            amount_paid=pl.col("paid_amount").fill_null(0).sum(),
            median_days=pl.col("days").median(),
        )
        .sort("amount_paid", "claims", descending=True)
        .to_dicts()
    )


def claims_report(*, user, regency: str = "", year: int | None = None) -> ClaimsReport:
    qs = claim_scope(user)
    if regency:
        qs = qs.filter(region_q([regency]))
    if year:
        qs = qs.filter(event_date__year=year)
    # Days and year computed by the database and the kinds as flags: the rows come back as plain integers and
    # text, with no per-row date conversion (20.000 claims: about 40% of the report's time otherwise). SQLite uses
    # its native functions: Django's ExtractYear is a Python function called per row there.
    if connection.vendor == "sqlite":
        days_sql = (
            'CAST(julianday("claims_claim"."paid_on") - julianday("claims_claim"."event_date") AS INTEGER)'
        )
        year_sql = """CAST(strftime('%%Y', "claims_claim"."event_date") AS INTEGER)"""
    else:
        days_sql = '("claims_claim"."paid_on" - "claims_claim"."event_date")'
        year_sql = 'CAST(EXTRACT(YEAR FROM "claims_claim"."event_date") AS INTEGER)'
    values = qs.annotate(
        days=RawSQL(days_sql, [], output_field=IntegerField()),  # noqa: S611 (constant SQL, no input)
        year=RawSQL(year_sql, [], output_field=IntegerField()),  # noqa: S611 (constant SQL, no input)
        death=Case(When(benefit__in=DEATH_BENEFITS, then=1), default=0, output_field=IntegerField()),
        accident=Case(When(event_kind="death", then=0), default=1, output_field=IntegerField()),
    ).values_list(
        "programme_id", "funder_id", "region_code", "year", "days", "paid_amount", "death", "accident"
    )
    frame = _read_frame(values)
    by_programme = _grouped(frame, "programme_id")
    programmes = {
        p.pk: p
        for p in Programme.objects.filter(
            pk__in=[r["programme_id"] for r in by_programme if r["programme_id"]]
        )
    }
    contributions = _contributions_paid(user=user, regency=regency, year=year, programme_ids=list(programmes))
    for r in by_programme:
        p = programmes.get(r["programme_id"])
        r["name"] = p.name if p else "–"
        r["contributions_paid"] = contributions.get(r["programme_id"], 0)
        r["ratio"] = (r["amount_paid"] * 100 / r["contributions_paid"]) if r["contributions_paid"] else None
    by_funder = _grouped(frame, "funder_id")
    funders = {
        f.pk: f
        for f in ProgrammeFunder.objects.filter(
            pk__in=[r["funder_id"] for r in by_funder if r["funder_id"]]
        ).select_related("organisation")
    }
    for r in by_funder:
        f = funders.get(r["funder_id"])
        r["name"] = f.display_name if f else "–"
    by_village = _grouped(frame, "region_code")
    names = village_names(r["region_code"] for r in by_village)
    for r in by_village:
        r["name"] = names.get(r["region_code"], r["region_code"])
    by_year = sorted(_grouped(frame, "year"), key=lambda r: r["year"], reverse=True)
    for r in by_year:
        r["name"] = str(r["year"])
    total = {
        "claims": frame.height,
        "deaths": int(frame["death"].sum()) if frame.height else 0,
        "accidents": int(frame["accident"].sum()) if frame.height else 0,
        "amount_paid": int(frame["paid_amount"].fill_null(0).sum()) if frame.height else 0,
        "median_days": frame["days"].median() if frame.height else None,
        "contributions_paid": sum(contributions.values()),
    }
    total["ratio"] = (
        total["amount_paid"] * 100 / total["contributions_paid"] if total["contributions_paid"] else None
    )
    return ClaimsReport(regency, year, total, by_programme, by_funder, by_village, by_year)


SCHEMA = {
    "programme_id": pl.Int64,
    "funder_id": pl.Int64,
    "region_code": pl.Utf8,
    "year": pl.Int32,
    "days": pl.Int64,
    "paid_amount": pl.Int64,
    "death": pl.Int32,
    "accident": pl.Int32,
}


def _read_frame(values) -> pl.DataFrame:
    """The query's rows as a polars frame, without the ORM's per-row converters (they cost more than the query
    itself at 20.000 rows): PostgreSQL streams them with COPY ... TO STDOUT as CSV; SQLite fetches the tuples,
    which polars takes column by column."""
    try:
        sql, params = values.query.sql_with_params()
    except EmptyResultSet:  # a scope with nothing in it (qs.none())
        return pl.DataFrame(schema=SCHEMA)
    with connection.cursor() as cur:
        if connection.vendor == "postgresql":
            buf = io.BytesIO()
            with cur.cursor.copy(f"COPY ({sql}) TO STDOUT WITH (FORMAT csv, HEADER true)", params) as copy:
                for block in copy:
                    buf.write(block)
            if buf.tell() == 0:
                return pl.DataFrame(schema=SCHEMA)
            return pl.read_csv(buf.getvalue(), schema_overrides=SCHEMA)
        cur.execute(sql, params)
        names = [c[0] for c in cur.description]  # the SELECT's own order (fields, then annotations)
        rows = cur.fetchall()
    columns = list(zip(*rows, strict=True)) if rows else [[] for _ in names]
    return pl.DataFrame(
        {n: pl.Series(n, list(c), dtype=SCHEMA[n]) for n, c in zip(names, columns, strict=True)}
    )


def _contributions_paid(*, user, regency: str, year: int | None, programme_ids: list[int]) -> dict[int, int]:
    """Contributions paid per programme: the payments allocated to its invoices (in the area, that year)."""

    qs = PaymentAllocation.objects.filter(invoice__programme_id__in=programme_ids).filter(
        region_q(user_area_codes(user), "invoice__region_code")
    )
    if regency:
        qs = qs.filter(region_q([regency], "invoice__region_code"))
    if year:
        qs = qs.filter(invoice__period__year=year)
    return dict(
        qs.values("invoice__programme_id").annotate(s=Sum("amount")).values_list("invoice__programme_id", "s")
    )


def last_benefits_paid(*, user, limit: int = 5) -> list[Claim]:
    """The last benefits paid in the user's area (for the coverage home)."""
    return list(claim_scope(user).filter(status__in=PAID).order_by("-paid_on", "-id")[:limit])


def _pct(value) -> str:
    return "" if value is None else f"{value:.1f}".replace(".", ",") + "%"


def _rows(rows: list[dict], key_label: str):
    for r in rows:
        yield [
            r.get("name") or str(r.get(key_label) or ""),
            r["claims"],
            r["deaths"],
            r["accidents"],
            r["amount_paid"],
            "" if r["median_days"] is None else f"{r['median_days']:.0f}",
        ]


HEADER = ["", "Klaim", "Meninggal", "Kecelakaan/penyakit", "Dibayar (Rp)", "Median hari peristiwa-bayar"]


def report_xlsx(r: ClaimsReport) -> bytes:
    programmes = [
        [p["name"], p["claims"], p["amount_paid"], p["contributions_paid"], _pct(p["ratio"])]
        for p in r.by_programme
    ]
    return xlsx(
        sheets=[
            (
                "Per program",
                ["Program", "Klaim", "Manfaat dibayar (Rp)", "Iuran dibayar (Rp)", "Rasio klaim"],
                programmes,
            ),
            ("Per penyandang dana", ["Penyandang dana", *HEADER[1:]], _rows(r.by_funder, "funder_id")),
            ("Per desa", ["Desa/kelurahan", *HEADER[1:]], _rows(r.by_village, "region_code")),
            ("Per tahun", ["Tahun", *HEADER[1:]], _rows(r.by_year, "year")),
        ]
    )


def sections(r: ClaimsReport) -> list[tuple[str, list[dict]]]:
    return [
        (_("Per penyandang dana"), r.by_funder),
        (_("Per desa/kelurahan"), r.by_village[:50]),
        (_("Per tahun peristiwa"), r.by_year),
    ]


def report_pdf(r: ClaimsReport) -> bytes:
    from django.conf import settings
    from django.utils import translation

    with translation.override(settings.LANGUAGE_CODE):  # an official document: Indonesian
        return pdf("claims/report.pdf.html", {"r": r, "sections": sections(r), "today": dt.date.today()})
