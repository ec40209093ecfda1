"""Categories computed from the register with the rules valid on the day (``ComplianceRule``, dated data with
their source), set-based: one ``UPDATE`` per group of regencies with or without a minimum wage, the same SQL
on SQLite and PostgreSQL.

- PWBD: obliged (reported workers >= ``min_workers``, or no WLKP report and a scale in
  ``scales_without_wlkp``) and not registered with BPJS (no NPP and no registered worker).
- PDS TK: registered, and fewer workers registered than reported to Disnaker (minus ``tolerance_workers``).
- PDS Upah: registered, and the average reported wage (total / registered workers) below the regency's UMK
  (or the province's UMP when no UMK is entered) or below the WLKP average wage, by more than
  ``tolerance_percent``.
- PDS Program: registered, and a programme mandatory for its scale (``mandatory``) is missing.

Public employers (a Pemkab, KPU, Bawaslu linked to their organisation) are judged from Lindung's own
memberships: registered workers = active memberships of the organisation's non-ASN (government) or ad hoc
election officer (KPU/Bawaslu) programmes; their programmes are those programmes' elements.
"""

from __future__ import annotations

import datetime as dt

from django.db import connection, transaction
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from lindung.audit.models import AuditLog
from lindung.audit.services import audit_record
from lindung.compliance.models import (
    Category,
    CategorySnapshot,
    ComplianceRule,
    Employer,
    MinimumWage,
)
from lindung.core.errors import ApplicationError
from lindung.memberships.models import Membership
from lindung.programs.models import Programme
from lindung.regions.models import Region

UMK_TABLE = "compliance_umk"
ELECTION_OFFICERS = {
    Employer.Kind.KPU: ["PPK", "PPS", "KPPS", "Pantarlih"],
    Employer.Kind.BAWASLU: ["Panwascam", "PPL"],
}


def rules_on(day: dt.date) -> dict[str, ComplianceRule]:
    rules = {}
    for r in ComplianceRule.objects.filter(effective_from__lte=day).order_by("code", "-effective_from"):
        rules.setdefault(r.code, r)
    missing = [
        c for c in (Category.PWBD, Category.PDS_TK, Category.PDS_UPAH, Category.PDS_PROGRAM) if c not in rules
    ]
    if missing:
        raise ApplicationError(
            _("Aturan kategori %(codes)s belum ada untuk tanggal %(day)s.")
            % {"codes": ", ".join(missing), "day": f"{day:%d-%m-%Y}"},
            code="rule_missing",
        )
    return rules


def minimum_wages(year: int) -> dict[str, tuple[int, MinimumWage]]:
    """regency code -> (amount, row): the regency's UMK, else its province's UMP, for the year."""

    rows = {w.region_code: w for w in MinimumWage.objects.filter(year=year)}
    out = {}
    for code in Region.objects.filter(level=2).values_list("code", flat=True):
        w = rows.get(code) or rows.get(code[:2])
        if w:
            out[code] = (w.amount, w)
    return out


def _public_figures(regency_codes: list[str] | None) -> None:
    """Registered workers and programmes of public employers from Lindung's memberships."""
    qs = Employer.objects.filter(organisation__isnull=False)
    if regency_codes is not None:
        qs = qs.filter(regency_code__in=regency_codes)
    today = timezone.localdate()
    for e in qs.select_related("organisation"):
        org = e.organisation
        if e.kind in (Employer.Kind.KPU, Employer.Kind.BAWASLU):
            # Ad hoc officers are often funded by the Pemkab (NPHD): count the regency's ad hoc programmes'
            # members of this body's officer kinds.
            programmes = Programme.objects.filter(
                Q(region_code=e.regency_code) | Q(region_code__startswith=e.regency_code + "."),
                target_group=Programme.TargetGroup.BADAN_ADHOC,
            )
            members = Membership.objects.filter(
                programme__in=programmes,
                status=Membership.Status.ACTIVE,
                officer_kind__in=ELECTION_OFFICERS[e.kind],
            )
        else:
            programmes = Programme.objects.filter(
                Q(owner=org) | Q(owner__parent=org), target_group=Programme.TargetGroup.NON_ASN
            )
            members = Membership.objects.filter(programme__in=programmes, status=Membership.Status.ACTIVE)
        workers = members.aggregate(n=Count("id"))["n"]
        elements = set()
        for p in programmes.filter(pk__in=members.values("programme_id")):
            elements |= {
                name
                for name, on in (("JKK", p.has_jkk), ("JKM", p.has_jkm), ("JHT", p.has_jht), ("JP", p.has_jp))
                if on
            }
        e.bpjs_workers = workers
        e.bpjs_programmes = ",".join(x for x in ("JKK", "JKM", "JHT", "JP") if x in elements)
        e.bpjs_file, e.bpjs_date = "Kepesertaan Lindung", today
        e.save(update_fields=["bpjs_workers", "bpjs_programmes", "bpjs_file", "bpjs_date", "updated_at"])


def _ident(name: str) -> str:
    return name


def _missing_programme_sql(mandatory: dict[str, list[str]], col=_ident) -> str:
    """True when a programme mandatory for the employer's scale is not in bpjs_programmes."""
    progs_col = f"(',' || {col('bpjs_programmes')} || ',')"

    def missing(progs):
        return " OR ".join(f"{progs_col} NOT LIKE '%%,{p},%%'" for p in progs)

    branches = [
        f"WHEN {col('scale')} = '{scale}' THEN ({missing(progs)})"
        for scale, progs in mandatory.items()
        if scale != "publik" and progs and scale in SCALES
    ]
    public = mandatory.get("publik") or []
    if public:
        branches.insert(0, f"WHEN {col('kind')} IN ('pemerintah', 'kpu', 'bawaslu') THEN ({missing(public)})")
    if not branches:
        return "(1 = 0)"
    return "(CASE " + " ".join(branches) + " ELSE (1 = 0) END)"


SCALES = ("mikro", "kecil", "menengah", "besar")


def category_sql(rules: dict[str, ComplianceRule], umk: str, col=_ident) -> tuple[dict[str, str], dict]:
    """The SQL expressions of each flag and of the category, over the columns ``col(name)`` gives (the row
    itself when categorising; the values being written when an import inserts or updates a row)."""
    pw, tk, up, pr = (rules[c].params for c in ("PWBD", "PDS_TK", "PDS_UPAH", "PDS_PROGRAM"))
    scales = [s for s in pw.get("scales_without_wlkp", []) if s in SCALES]
    scale_list = ", ".join(f"'{s}'" for s in scales) or "''"
    params = {
        "min_workers": int(pw.get("min_workers", 1)),
        "tol_workers": int(tk.get("tolerance_workers", 0)),
        "tol_pct": 100 - int(up.get("tolerance_percent", 0)),
    }
    wlkp, bpjs, npp = col("wlkp_workers"), col("bpjs_workers"), col("npp")
    wage_total, wlkp_wage = col("bpjs_wage_total"), col("wlkp_avg_wage")
    obliged = (
        f"(COALESCE({wlkp}, 0) >= %(min_workers)s OR ({wlkp} IS NULL AND {col('scale')} IN ({scale_list})) "
        f"OR COALESCE({bpjs}, 0) > 0 OR {npp} <> '')"
    )
    registered = f"({npp} <> '' OR COALESCE({bpjs}, 0) > 0)"
    pwbd = f"({obliged} AND NOT {registered})"
    pds_tk = f"({registered} AND {wlkp} IS NOT NULL AND COALESCE({bpjs}, 0) + %(tol_workers)s < {wlkp})"
    wage_low = (
        f"({registered} AND COALESCE({bpjs}, 0) > 0 AND {wage_total} IS NOT NULL AND ("
        f"({umk} IS NOT NULL AND {wage_total} * 100 < {umk} * {bpjs} * %(tol_pct)s) OR "
        f"({wlkp_wage} IS NOT NULL AND {wage_total} * 100 < {wlkp_wage} * {bpjs} * %(tol_pct)s)))"
    )
    program = f"({registered} AND {_missing_programme_sql(pr.get('mandatory', {}), col)})"
    category = (
        f"(CASE WHEN {pwbd} THEN 'PWBD' WHEN {pds_tk} THEN 'PDS_TK' WHEN {wage_low} THEN 'PDS_UPAH' "
        f"WHEN {program} THEN 'PDS_PROGRAM' WHEN {obliged} THEN 'COMPLIANT' ELSE 'NOT_OBLIGED' END)"
    )
    exprs = {
        "is_obliged": obliged,
        "is_pwbd": pwbd,
        "is_pds_tk": pds_tk,
        "is_pds_upah": wage_low,
        "is_pds_program": program,
        "category": category,
        "umk_used": umk,
    }
    return exprs, params


def umk_subquery(regency_expr: str) -> str:
    return f"(SELECT u.amount FROM {UMK_TABLE} u WHERE u.regency_code = {regency_expr})"


def umk_table_create(cur, year: int) -> None:
    """The year's minimum wage per regency as a small temporary table (dropped by ``umk_table_drop``)."""
    wages = minimum_wages(year)
    cur.execute(f"DROP TABLE IF EXISTS {UMK_TABLE}")
    if connection.vendor == "postgresql":
        cur.execute(f"CREATE TEMPORARY TABLE {UMK_TABLE} (regency_code text PRIMARY KEY, amount bigint)")
    else:
        cur.execute(f"CREATE TEMPORARY TABLE {UMK_TABLE} (regency_code TEXT PRIMARY KEY, amount INTEGER)")
    if wages:
        cur.executemany(
            f"INSERT INTO {UMK_TABLE} (regency_code, amount) VALUES (%s, %s)",
            [(code, amount) for code, (amount, _w) in wages.items()],
        )


def umk_table_drop(cur) -> None:
    cur.execute(f"DROP TABLE IF EXISTS {UMK_TABLE}")


def _update_sql(rules: dict[str, ComplianceRule]) -> tuple[str, str, dict]:
    e, params = category_sql(rules, umk_subquery("compliance_employer.regency_code"))
    # Rows whose result is unchanged are not written (a re-run writes only what moved).
    changed = (
        f"(category_since IS NULL OR category <> {e['category']} OR is_obliged <> {e['is_obliged']} "
        f"OR is_pwbd <> {e['is_pwbd']} OR is_pds_tk <> {e['is_pds_tk']} OR is_pds_upah <> {e['is_pds_upah']} "
        f"OR is_pds_program <> {e['is_pds_program']} OR COALESCE(umk_used, -1) <> COALESCE({e['umk_used']}, -1))"
    )
    sets = ", ".join(f"{k} = {v}" for k, v in e.items() if k != "category")
    sets += (
        f", category_since = CASE WHEN category <> {e['category']} OR category_since IS NULL THEN %(today)s "
        f"ELSE category_since END, category = {e['category']}, categorised_on = %(today)s"
    )
    return sets, changed, params


@transaction.atomic
def employers_categorise(
    *, actor, regency_codes: list[str] | None = None, as_of: dt.date | None = None
) -> dict:
    """Recomputes the categories of the employers of the given regencies (None: all) with the rules valid on
    ``as_of`` (default today), and records the day's counts per regency and category (the trend)."""
    as_of = as_of or timezone.localdate()
    rules = rules_on(as_of)
    _public_figures(regency_codes)
    ops = connection.ops
    scope, scope_params = "", {}
    if regency_codes is not None:
        if not regency_codes:
            return {"employers": 0, "changed": 0}
        marks = ", ".join(f"%(r{i})s" for i in range(len(regency_codes)))
        scope = f" AND compliance_employer.regency_code IN ({marks})"
        scope_params = {f"r{i}": c for i, c in enumerate(regency_codes)}
    with connection.cursor() as cur:
        umk_table_create(cur, as_of.year)
        sets, changed, p = _update_sql(rules)
        cur.execute(
            f"UPDATE compliance_employer SET {sets} WHERE {changed}{scope}",
            {"today": ops.adapt_datefield_value(as_of), **scope_params, **p},
        )
        n = cur.rowcount
        umk_table_drop(cur)
    snap = CategorySnapshot.objects.filter(date=as_of)
    if regency_codes is not None:
        snap = snap.filter(regency_code__in=regency_codes)
    snap.delete()
    counts = Employer.objects.all()
    if regency_codes is not None:
        counts = counts.filter(regency_code__in=regency_codes)
    rows = counts.values("regency_code", "category").annotate(n=Count("id")).order_by()
    CategorySnapshot.objects.bulk_create(
        [
            CategorySnapshot(regency_code=r["regency_code"], date=as_of, category=r["category"], count=r["n"])
            for r in rows
        ]
    )
    total = sum(r["n"] for r in rows)
    audit_record(
        actor=actor,
        action=AuditLog.Action.BULK_UPDATE,
        object_type="compliance.employer",
        object_repr=f"Kategori kepatuhan {total} pemberi kerja ({n} berubah)",
        region_code=regency_codes[0] if regency_codes and len(regency_codes) == 1 else "",
        extra={
            "count": total,
            "changed": n,
            "as_of": as_of.isoformat(),
            "rules": {code: r.pk for code, r in rules.items()},
            "regencies": (regency_codes or [])[:50],
        },
    )
    return {"employers": total, "changed": n}
