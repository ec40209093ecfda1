"""Validation of an enrolment list, vectorised and in one pass over the rows (polars).

Every rule adds (row_no, level, code, message) rows; a row with any error is rejected, one with only
warnings is accepted with warnings. Database look-ups are set-based: the programme's members, public
memberships of the file's NIKs (in chunks), registry people of the file's villages, quotas.
"""

from __future__ import annotations

import datetime as dt
import json

import polars as pl
from django.db import connection, transaction
from django.db.models import Count

from lindung.core.scoping import code_in_area
from lindung.enrolment import messages as M
from lindung.enrolment.names import name_key_expr
from lindung.memberships.models import Membership
from lindung.programs.models import Programme, ProgrammeFunder, VillageQuota
from lindung.regions.models import Region
from lindung.registry.nik import nik_validate_frame

HOLDING = [Membership.Status.PENDING, Membership.Status.ACTIVE]
MSG_COLS = ["row_no", "level", "code", "message"]
BIG_JOIN = 20_000  # pairs above which the registry join is forced to a hash join on PostgreSQL
HASH_JOIN = [
    "SET LOCAL max_parallel_workers_per_gather = 0",
    "SET LOCAL work_mem = '256MB'",
    "SET LOCAL enable_mergejoin = off",
    "SET LOCAL enable_nestloop = off",
]


def _msgs(frame: pl.DataFrame, cond: pl.Expr, level: str, code: str, message: pl.Expr) -> pl.DataFrame:
    return frame.filter(cond).select(
        pl.col("row_no").cast(pl.Int64),
        pl.lit(level).alias("level"),
        pl.lit(code).alias("code"),
        message.cast(pl.Utf8).alias("message"),
    )


def _raw(sql: str, params: list) -> list[tuple]:
    """Plain cursor reads for bulk look-ups (no model instances)."""
    with connection.cursor() as cur:
        cur.execute(sql, params)
        return cur.fetchall()


def _date(expr: str) -> str:
    return f"CAST({expr} AS date)" if connection.vendor == "postgresql" else expr


def _values_table(names: list[str], columns: list[list[str]]) -> tuple[str, list]:
    """A derived table ``f`` of the given text columns, each passed as one parameter (not one per value), to
    join a whole file's keys in the database. Values must not contain commas or quotes (NIKs, region codes,
    ISO dates)."""
    if connection.vendor == "postgresql":
        arrays = ", ".join(["string_to_array(%s, ',')"] * len(columns))
        return f"unnest({arrays}) AS f({', '.join(names)})", [",".join(c) for c in columns]
    # SQLite: one JSON array of "a,b" strings, split again in SQL.
    if len(columns) == 1:
        return f"(SELECT value AS {names[0]} FROM json_each(%s)) f", [json.dumps(columns[0])]
    joined = [",".join(v) for v in zip(*columns, strict=True)]
    first, second = names
    return (
        f"(SELECT substr(value, 1, instr(value, ',') - 1) AS {first}, "
        f"substr(value, instr(value, ',') + 1) AS {second} FROM json_each(%s)) f",
        [json.dumps(joined)],
    )


def _age_years(birth: pl.Expr, ref: dt.date) -> pl.Expr:
    return (
        ref.year
        - birth.dt.year()
        - pl.when(
            (birth.dt.month() > ref.month) | ((birth.dt.month() == ref.month) & (birth.dt.day() > ref.day))
        )
        .then(1)
        .otherwise(0)
    )


def validate_rows(
    frame: pl.DataFrame,
    reader_messages: pl.DataFrame,
    *,
    programme: Programme,
    area_codes: list[str] | None,
    default_region: str | None = None,
    today: dt.date | None = None,
) -> tuple[pl.DataFrame, dict[str, int]]:
    """Returns the rows with ``status`` and ``messages`` (list of {level, code, message}) and summary counts."""
    today = today or dt.date.today()
    if default_region:
        frame = frame.with_columns(pl.col("region_code").fill_null(pl.lit(default_region)))
    frame = nik_validate_frame(frame, birth_date_col="birth_date", sex_col="sex", region_col="region_code")
    frame = frame.with_columns(
        regency_code=pl.col("region_code").str.slice(0, 5),
        birth=pl.coalesce("birth_date", "nik_birth_date"),
        sex=pl.coalesce("sex", "nik_sex"),
        _key=name_key_expr(pl.col("full_name")),
    )
    parts: list[pl.DataFrame] = (
        [reader_messages.select(pl.col("row_no").cast(pl.Int64), "level", "code", "message")]
        if reader_messages.height
        else []
    )

    # NIK rules (errors and warnings), one message row per issue.
    for level, codes, msgs in (
        ("error", "nik_error_codes", "nik_error_messages"),
        ("warning", "nik_warning_codes", "nik_warning_messages"),
    ):
        exploded = (
            frame.select("row_no", codes, msgs).filter(pl.col(codes).list.len() > 0).explode([codes, msgs])
        )
        parts.append(
            exploded.select(
                pl.col("row_no").cast(pl.Int64),
                pl.lit(level).alias("level"),
                pl.col(codes).alias("code"),
                pl.col(msgs).alias("message"),
            )
        )
    nik_ok = pl.col("nik_valid") & ~pl.col("nik_was_number")

    # Villages: known, inside the programme's area and the uploader's area.
    villages = pl.DataFrame(
        list(
            Region.objects.filter(level=4, code__startswith=programme.region_code[:2] + ".").values_list(
                "code", "name"
            )
        ),
        schema={"region_code": pl.Utf8, "village_name": pl.Utf8},
        orient="row",
    )
    frame = frame.join(villages, on="region_code", how="left")
    in_prog = pl.col("region_code").str.starts_with(programme.region_code + ".") | (
        pl.col("region_code") == programme.region_code
    )
    parts.append(
        _msgs(
            frame,
            pl.col("region_code").is_null(),
            "error",
            "region_required",
            pl.lit(M.MSG_REGION_REQUIRED),
        )
    )
    unknown = pl.col("region_code").is_not_null() & pl.col("village_name").is_null()
    codes_seen = frame.filter(unknown)["region_code"].unique().to_list()
    known_elsewhere = (
        set(Region.objects.filter(level=4, code__in=codes_seen).values_list("code", flat=True))
        if codes_seen
        else set()
    )
    elsewhere = pl.col("region_code").is_in(list(known_elsewhere))
    parts.append(
        _msgs(
            frame,
            unknown & ~elsewhere,
            "error",
            "region_unknown",
            pl.format(M.MSG_REGION_UNKNOWN, pl.col("region_code")),
        )
    )
    parts.append(
        _msgs(
            frame,
            (pl.col("village_name").is_not_null() | elsewhere) & ~in_prog,
            "error",
            "outside_programme",
            pl.format(M.MSG_OUTSIDE_PROGRAMME, pl.col("region_code"), pl.lit(programme.region_code)),
        )
    )
    if area_codes is not None:
        allowed = [
            c for c in frame["region_code"].drop_nulls().unique().to_list() if code_in_area(c, area_codes)
        ]
        parts.append(
            _msgs(
                frame,
                pl.col("region_code").is_not_null() & in_prog & ~pl.col("region_code").is_in(allowed),
                "error",
                "outside_area",
                pl.format(M.MSG_OUTSIDE_AREA, pl.col("region_code")),
            )
        )

    # Age at the later of the programme start and today.
    ref = max(programme.start_date, today)
    age = _age_years(pl.col("birth"), ref)
    parts.append(
        _msgs(
            frame,
            pl.col("birth").is_not_null() & ((age < programme.min_age) | (age > programme.max_age)),
            "error",
            "age_limit",
            pl.format(
                M.MSG_AGE_LIMIT,
                age,
                pl.lit(programme.min_age),
                pl.lit(programme.max_age),
            ),
        )
    )
    if programme.target_group == Programme.TargetGroup.BADAN_ADHOC:
        valid_kinds = list(Programme.OfficerKind.values)
        parts.append(
            _msgs(
                frame,
                pl.col("officer_kind").is_not_null() & ~pl.col("officer_kind").is_in(valid_kinds),
                "error",
                "officer_kind",
                pl.format(
                    M.MSG_OFFICER_KIND,
                    pl.col("officer_kind"),
                    pl.lit(", ".join(valid_kinds)),
                ),
            )
        )

    # Duplicates within the file: the first row keeps the NIK.
    frame = frame.with_columns(
        _first=pl.col("row_no").min().over("nik_clean"), _count=pl.len().over("nik_clean")
    )
    dup = nik_ok & (pl.col("row_no") != pl.col("_first"))
    parts.append(
        _msgs(frame, dup, "error", "duplicate_in_file", pl.format(M.MSG_DUPLICATE, pl.col("_first")))
    )
    parts.append(
        _msgs(
            frame,
            nik_ok & (pl.col("_count") > 1) & ~dup,
            "warning",
            "duplicate_in_file_first",
            pl.lit(M.MSG_DUPLICATE_FIRST),
        )
    )

    niks = frame.filter(nik_ok)["nik_clean"].unique().to_list()

    # Already in this programme.
    members = {
        r[0]
        for r in _raw(
            "SELECT p.nik FROM memberships_membership m JOIN registry_person p ON p.id = m.person_id "
            "WHERE m.programme_id = %s AND m.status IN ('pending', 'active')",
            [programme.pk],
        )
    }
    already = nik_ok & pl.col("nik_clean").is_in(list(members))
    parts.append(_msgs(frame, already, "error", "already_registered", pl.lit(M.MSG_ALREADY_REGISTERED)))

    # Double funding: the same elements paid from public funds over an overlapping period elsewhere.
    double: dict[str, str] = {}
    if niks and programme.funders.filter(kind__in=ProgrammeFunder.PUBLIC_KINDS).exists():
        kinds = sorted(ProgrammeFunder.PUBLIC_KINDS)
        elements = [c for c, on in (("g.has_jkk", programme.has_jkk), ("g.has_jkm", programme.has_jkm)) if on]
        period = "(m.end_date IS NULL OR m.end_date >= %s)" + (
            " AND m.start_date <= %s" if programme.end_date else ""
        )
        values, value_params = _values_table(["nik"], [niks])
        sql = f"""SELECT p.nik, g.name FROM {values}
            JOIN registry_person p ON p.nik = f.nik
            JOIN memberships_membership m ON m.person_id = p.id
            JOIN programs_programme g ON g.id = m.programme_id
            JOIN programs_programmefunder fu ON fu.id = m.funder_id
            WHERE m.status IN ('pending', 'active') AND m.programme_id <> %s
              AND fu.kind IN ({", ".join(["%s"] * len(kinds))})
              AND ({" OR ".join(elements) if elements else "TRUE"}) AND {period}
            ORDER BY m.id"""
        params = [*value_params, programme.pk, *kinds, programme.start_date]
        if programme.end_date:
            params.append(programme.end_date)
        double = dict(_raw(sql, params))
    double_frame = pl.DataFrame(
        {"nik_clean": list(double), "_other": list(double.values())},
        schema={"nik_clean": pl.Utf8, "_other": pl.Utf8},
    )
    frame = frame.join(double_frame, on="nik_clean", how="left")
    level = "error" if programme.double_funding == Programme.DoubleFunding.REJECT else "warning"
    parts.append(
        _msgs(
            frame,
            nik_ok & pl.col("_other").is_not_null() & ~already,
            level,
            "double_funded",
            pl.format(M.MSG_DOUBLE_FUNDED, pl.col("_other")),
        )
    )

    # Probable duplicates: a different NIK, same birth date and village, the same name allowing variants.
    keyed = frame.filter(nik_ok & pl.col("birth").is_not_null() & (pl.col("_key") != ""))
    groups = (
        keyed.group_by("birth", "region_code", "_key")
        .agg(pl.col("row_no"), pl.col("nik_clean").n_unique().alias("_n"))
        .filter(pl.col("_n") > 1)
    )
    if groups.height:
        pairs = groups.select("row_no").with_columns(_rows=pl.col("row_no")).explode("row_no")
        pairs = pairs.with_columns(
            _others=pl.col("_rows").list.set_difference(pl.concat_list(pl.col("row_no")))
        )
        parts.append(
            pairs.select(
                pl.col("row_no").cast(pl.Int64),
                pl.lit("warning").alias("level"),
                pl.lit("probable_duplicate").alias("code"),
                pl.format(
                    M.MSG_PROBABLE_IN_FILE,
                    pl.col("_others").cast(pl.List(pl.Utf8)).list.join(", "),
                ).alias("message"),
            )
        )
    # ... and against the registry: people of the same village and birth date, found by a join in the
    # database on (region_code, birth_date); only those few candidates are fetched.
    pairs = (
        keyed.filter(pl.col("region_code").str.contains(r"^[0-9.]+$"))
        .select("region_code", pl.col("birth").dt.strftime("%Y-%m-%d"))
        .unique()
    )
    registry = []
    if pairs.height:
        values, value_params = _values_table(
            ["region_code", "birth_date"], [pairs["region_code"].to_list(), pairs["birth"].to_list()]
        )
        sql = f"""SELECT p.nik, p.full_name, p.birth_date, p.region_code FROM {values}
            JOIN registry_person p ON p.region_code = f.region_code AND p.birth_date = {_date("f.birth_date")}"""
        with transaction.atomic():
            if connection.vendor == "postgresql" and pairs.height > BIG_JOIN:
                # A large file's pairs join best as one hash join over the registry; the planner, not knowing
                # the pairs, sorts both sides for a merge join (4x slower) and repeats the unnest per worker.
                with connection.cursor() as cur:
                    for setting in HASH_JOIN:
                        cur.execute(setting)
            registry = _raw(sql, value_params)
    if registry and connection.vendor == "sqlite":
        registry = [
            (a, b, dt.date.fromisoformat(c) if isinstance(c, str) else c, d) for a, b, c, d in registry
        ]
    if registry:
        reg = pl.DataFrame(
            registry,
            schema={"_rnik": pl.Utf8, "_rname": pl.Utf8, "birth": pl.Date, "region_code": pl.Utf8},
            orient="row",
        )
        reg = reg.with_columns(_key=name_key_expr(pl.col("_rname")))
        match = keyed.join(reg, on=["birth", "region_code", "_key"], how="inner").filter(
            pl.col("_rnik") != pl.col("nik_clean")
        )
        parts.append(
            match.select(
                pl.col("row_no").cast(pl.Int64),
                pl.lit("warning").alias("level"),
                pl.lit("probable_duplicate").alias("code"),
                pl.format(
                    M.MSG_PROBABLE_IN_REGISTRY,
                    pl.col("_rname"),
                    pl.col("_rnik").str.slice(0, 4),
                    pl.col("_rnik").str.slice(12, 4),
                ).alias("message"),
            )
        )

    messages = (
        pl.concat([p for p in parts if p.height], how="vertical")
        if any(p.height for p in parts)
        else pl.DataFrame(schema={c: (pl.Int64 if c == "row_no" else pl.Utf8) for c in MSG_COLS})
    )
    errors = messages.filter(pl.col("level") == "error")["row_no"].unique()
    frame = frame.with_columns(_err=pl.col("row_no").cast(pl.Int64).is_in(errors.implode()))

    # Quotas (village, then programme total): accepted rows in file order, after what is already filled.
    rejected_codes: list[pl.DataFrame] = []
    quota_rows = dict(VillageQuota.objects.filter(programme=programme).values_list("region_code", "quota"))
    filled_q = Membership.objects.filter(programme=programme, status__in=HOLDING)
    filled = dict(filled_q.values_list("region_code").annotate(n=Count("id")))
    if quota_rows:
        q = pl.DataFrame(
            {"region_code": list(quota_rows), "_quota": list(quota_rows.values())},
            schema={"region_code": pl.Utf8, "_quota": pl.Int64},
        )
        f = pl.DataFrame(
            {"region_code": list(filled), "_filled": list(filled.values())},
            schema={"region_code": pl.Utf8, "_filled": pl.Int64},
        )
        frame = (
            frame.join(q, on="region_code", how="left")
            .join(f, on="region_code", how="left")
            .with_columns(pl.col("_filled").fill_null(0))
        )
        frame = frame.with_columns(
            _rank=pl.when(~pl.col("_err")).then(
                pl.col("row_no").rank("ordinal").over(["region_code", "_err"])
            )
        )
        over = (
            ~pl.col("_err")
            & pl.col("_quota").is_not_null()
            & (pl.col("_filled") + pl.col("_rank") > pl.col("_quota"))
        )
        rejected_codes.append(
            _msgs(
                frame,
                over,
                "error",
                "village_quota",
                pl.format(M.MSG_VILLAGE_QUOTA, pl.col("region_code"), pl.col("_quota")),
            )
        )
    if programme.quota_total:
        already_total = sum(filled.values())
        frame = frame.with_columns(
            _trank=pl.when(~pl.col("_err")).then(pl.col("row_no").rank("ordinal").over("_err"))
        )
        over = ~pl.col("_err") & (already_total + pl.col("_trank") > programme.quota_total)
        rejected_codes.append(
            _msgs(
                frame,
                over,
                "error",
                "programme_quota",
                pl.lit(M.MSG_PROGRAMME_QUOTA.format(f"{programme.quota_total:,}".replace(",", "."))),
            )
        )
    if rejected_codes:
        messages = pl.concat([messages, *rejected_codes], how="vertical")

    messages = messages.with_row_index("_seq").sort("row_no", "_seq")
    per_row = messages.group_by("row_no", maintain_order=True).agg(
        pl.struct("level", "code", "message").alias("messages"),
        (pl.col("level") == "error").any().alias("_has_err"),
    )
    frame = (
        frame.with_columns(pl.col("row_no").cast(pl.Int64))
        .join(per_row, on="row_no", how="left")
        .with_columns(
            status=pl.when(pl.col("_has_err").fill_null(False))
            .then(pl.lit("rejected"))
            .when(pl.col("messages").list.len().fill_null(0) > 0)
            .then(pl.lit("warning"))
            .otherwise(pl.lit("valid"))
        )
    )
    code_rows = messages.group_by("code").agg(pl.col("row_no").n_unique().alias("n"))
    by_code = dict(zip(code_rows["code"].to_list(), code_rows["n"].to_list(), strict=True))
    counts = {
        "rows": frame.height,
        "valid": frame.filter(pl.col("status") == "valid").height,
        "warnings": frame.filter(pl.col("status") == "warning").height,
        "rejected": frame.filter(pl.col("status") == "rejected").height,
        "duplicates_in_file": by_code.get("duplicate_in_file", 0),
        "already_registered": by_code.get("already_registered", 0),
        "probable_duplicates": by_code.get("probable_duplicate", 0),
        "double_funded": by_code.get("double_funded", 0),
    }
    return frame.sort("row_no"), counts
