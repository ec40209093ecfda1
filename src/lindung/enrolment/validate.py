"""Validation of an enrolment list: an ordered list of small rules over one polars frame.

``validate_rows`` prepares the frame once (NIK analysis, village, birth date, name key), then runs ``RULES``
in order. A rule is a function ``rule(frame, ctx) -> messages``: it returns rows of (row_no, level, code,
message) and writes nothing. A row with any error is rejected, one with only warnings is accepted with
warnings. To add or remove a rule, add or remove it in ``RULES`` (each has its own test in
tests/enrolment/test_rules.py).

Database facts are looked up set-based and once, through the context (``ctx.members``,
``ctx.double_funded``...): the programme's members, the public memberships of the file's NIKs, registry
people of the file's villages, quotas. Messages never name people, villages or programmes outside the
uploader's area (decision "no leaks through messages").
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property

import polars as pl
from django.db import connection, transaction
from django.db.models import Count

from lindung.core.formatting import mask_nik
from lindung.core.scoping import code_in_area
from lindung.enrolment import messages as M
from lindung.enrolment.models import BatchRow
from lindung.enrolment.names import name_key_expr
from lindung.memberships.funding import MEMBERSHIP_JOINS, double_funding_condition
from lindung.memberships.models import HOLDING, Membership, status_sql
from lindung.programs.models import Programme, VillageQuota
from lindung.regions.models import Region
from lindung.registry.models import Person
from lindung.registry.nik import nik_validate_frame

MSG_SCHEMA = {"row_no": pl.Int64, "level": pl.Utf8, "code": pl.Utf8, "message": pl.Utf8}
BIG_JOIN = 20_000  # pairs above which the registry join is forced to a hash join on PostgreSQL
HASH_JOIN = [
    "SET LOCAL max_parallel_workers_per_gather = 0",
    "SET LOCAL work_mem = '256MB'",
    "SET LOCAL enable_mergejoin = off",
    "SET LOCAL enable_nestloop = off",
]
# Probable duplicates in the file: a group of up to this many rows lists the others; a larger one is
# referred to by its number, its size and its first row (bounded messages whatever the file).
LIST_GROUP_UP_TO = 4

NIK_OK = pl.col("_nik_ok")


# --- helpers ------------------------------------------------------------------------------------------


def _msgs(frame: pl.DataFrame, cond: pl.Expr, level: str, code: str, message: pl.Expr) -> pl.DataFrame:
    return frame.filter(cond).select(
        pl.col("row_no").cast(pl.Int64),
        pl.lit(level).alias("level"),
        pl.lit(code).alias("code"),
        message.cast(pl.Utf8).alias("message"),
    )


def _none() -> pl.DataFrame:
    return pl.DataFrame(schema=MSG_SCHEMA)


def _raw(sql: str, params: list) -> list[tuple]:
    """Plain cursor reads for bulk look-ups (no model instances)."""
    with connection.cursor() as cur:
        cur.execute(sql, params)
        return cur.fetchall()


def _date(expr: str) -> str:
    return f"CAST({expr} AS date)" if connection.vendor == "postgresql" else expr


def _values_table(names: list[str], columns: list[list[str]]) -> tuple[str, list]:
    """A derived table ``v`` of the given text columns, each passed as one parameter (not one per value), to
    join a whole file's keys in the database. Values must not contain commas or quotes (NIKs, region codes,
    ISO dates)."""
    if connection.vendor == "postgresql":
        arrays = ", ".join(["string_to_array(%s, ',')"] * len(columns))
        return f"unnest({arrays}) AS v({', '.join(names)})", [",".join(c) for c in columns]
    # SQLite: one JSON array of "a,b" strings, split again in SQL.
    if len(columns) == 1:
        return f"(SELECT value AS {names[0]} FROM json_each(%s)) v", [json.dumps(columns[0])]
    joined = [",".join(x) for x in zip(*columns, strict=True)]
    first, second = names
    return (
        f"(SELECT substr(value, 1, instr(value, ',') - 1) AS {first}, "
        f"substr(value, instr(value, ',') + 1) AS {second} FROM json_each(%s)) v",
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


def _thousands(n: pl.Expr) -> pl.Expr:
    """1234567 -> "1.234.567" (Indonesian digit grouping), vectorised."""
    text = n.cast(pl.Utf8)
    return text.str.reverse().str.replace_all(r"(\d{3})", "$1.").str.reverse().str.strip_chars_start(".")


def in_area(region_code: str | None, area_codes: list[str] | None) -> bool:
    """Whether a region (a village, or a programme's region) overlaps the uploader's area."""
    if area_codes is None:
        return True
    if not region_code:
        return False
    return code_in_area(region_code, area_codes) or any(
        a == region_code or a.startswith(region_code + ".") for a in area_codes
    )


# --- the context: what the rules know besides the rows --------------------------------------------------


@dataclass
class Context:
    programme: Programme
    area_codes: list[str] | None  # the uploader's area (None: national)
    today: dt.date
    messages: list[pl.DataFrame] = field(default_factory=list)  # of the rules run so far

    def rejected_rows(self) -> pl.Series:
        errors = [m.filter(pl.col("level") == "error")["row_no"] for m in self.messages if m.height]
        return pl.concat(errors).unique() if errors else pl.Series("row_no", [], dtype=pl.Int64)

    @cached_property
    def villages(self) -> pl.DataFrame:
        """Villages of the programme's province (code, name)."""
        return pl.DataFrame(
            list(
                Region.objects.filter(
                    level=4, code__startswith=self.programme.region_code[:2] + "."
                ).values_list("code", "name")
            ),
            schema={"region_code": pl.Utf8, "village_name": pl.Utf8},
            orient="row",
        )

    @cached_property
    def members(self) -> set[str]:
        """NIKs holding this programme."""
        return {
            r[0]
            for r in _raw(
                "SELECT p.nik FROM memberships_membership m JOIN registry_person p ON p.id = m.person_id "
                f"WHERE m.programme_id = %s AND m.status IN {status_sql(HOLDING)}",
                [self.programme.pk],
            )
        }

    def double_funded(self, niks: list[str]) -> pl.DataFrame:
        """NIKs of the file double funded elsewhere (``memberships.funding``), with the other programme's
        name and region; the first such membership per NIK."""
        condition, params = double_funding_condition(self.programme)
        schema = {"nik_clean": pl.Utf8, "_other": pl.Utf8, "_other_region": pl.Utf8}
        if not niks or condition == "FALSE":
            return pl.DataFrame(schema=schema)
        values, value_params = _values_table(["nik"], [niks])
        rows = _raw(
            f"""SELECT p.nik, g.name, g.region_code FROM {values}
                JOIN registry_person p ON p.nik = v.nik
                JOIN memberships_membership m ON m.person_id = p.id {MEMBERSHIP_JOINS}
                WHERE {condition} ORDER BY m.id""",
            [*value_params, *params],
        )
        return pl.DataFrame(rows, schema=schema, orient="row").unique("nik_clean", keep="first")

    @cached_property
    def filled(self) -> dict[str, int]:
        """Holding memberships of the programme per village."""
        qs = Membership.objects.filter(programme=self.programme, status__in=HOLDING)
        return dict(qs.values_list("region_code").annotate(n=Count("id")))


# --- preparing the frame ------------------------------------------------------------------------------


def prepare(frame: pl.DataFrame, ctx: Context, *, default_region: str | None = None) -> pl.DataFrame:
    """The columns every rule reads: the NIK analysis, the village (name when known in the programme's
    province), the birth date and sex (declared, else from the NIK), the name key and two flags."""
    if default_region:
        frame = frame.with_columns(pl.col("region_code").fill_null(pl.lit(default_region)))
    frame = nik_validate_frame(
        frame,
        birth_date_col="birth_date",
        sex_col="sex",
        region_col="region_code",
        reference_date=ctx.today,
    )
    programme = ctx.programme
    frame = frame.with_columns(
        pl.col("row_no").cast(pl.Int64),
        regency_code=pl.col("region_code").str.slice(0, 5),
        birth=pl.coalesce("birth_date", "nik_birth_date"),
        sex=pl.coalesce("sex", "nik_sex"),
        _key=name_key_expr(pl.col("full_name")),
        _nik_ok=pl.col("nik_valid") & ~pl.col("nik_was_number"),
        _in_prog=pl.col("region_code").str.starts_with(programme.region_code + ".")
        | (pl.col("region_code") == programme.region_code),
    )
    return frame.join(ctx.villages, on="region_code", how="left")


# --- the rules, in order -------------------------------------------------------------------------------

Rule = Callable[[pl.DataFrame, Context], pl.DataFrame]


def rule_nik(frame: pl.DataFrame, ctx: Context) -> pl.DataFrame:
    """NIK errors and warnings (registry.nik), one message per issue."""
    parts = []
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
    return pl.concat(parts)


def rule_region_required(frame: pl.DataFrame, ctx: Context) -> pl.DataFrame:
    return _msgs(
        frame, pl.col("region_code").is_null(), "error", "region_required", pl.lit(M.MSG_REGION_REQUIRED)
    )


def _unknown_codes(frame: pl.DataFrame) -> tuple[pl.Expr, pl.Expr]:
    """(not a village of the programme's province, but a village elsewhere)."""
    unknown = pl.col("region_code").is_not_null() & pl.col("village_name").is_null()
    seen = frame.filter(unknown)["region_code"].unique().to_list()
    elsewhere = (
        set(Region.objects.filter(level=4, code__in=seen).values_list("code", flat=True)) if seen else set()
    )
    return unknown, pl.col("region_code").is_in(sorted(elsewhere))


def rule_region_unknown(frame: pl.DataFrame, ctx: Context) -> pl.DataFrame:
    unknown, elsewhere = _unknown_codes(frame)
    return _msgs(
        frame,
        unknown & ~elsewhere,
        "error",
        "region_unknown",
        pl.format(M.MSG_REGION_UNKNOWN, pl.col("region_code")),
    )


def rule_outside_programme(frame: pl.DataFrame, ctx: Context) -> pl.DataFrame:
    _unknown, elsewhere = _unknown_codes(frame)
    return _msgs(
        frame,
        (pl.col("village_name").is_not_null() | elsewhere) & ~pl.col("_in_prog"),
        "error",
        "outside_programme",
        pl.format(M.MSG_OUTSIDE_PROGRAMME, pl.col("region_code"), pl.lit(ctx.programme.region_code)),
    )


def rule_outside_area(frame: pl.DataFrame, ctx: Context) -> pl.DataFrame:
    if ctx.area_codes is None:
        return _none()
    codes = frame["region_code"].drop_nulls().unique().to_list()
    allowed = [c for c in codes if code_in_area(c, ctx.area_codes)]
    return _msgs(
        frame,
        pl.col("region_code").is_not_null() & pl.col("_in_prog") & ~pl.col("region_code").is_in(allowed),
        "error",
        "outside_area",
        pl.format(M.MSG_OUTSIDE_AREA, pl.col("region_code")),
    )


def rule_age_limit(frame: pl.DataFrame, ctx: Context) -> pl.DataFrame:
    """Age at the later of the programme's start and today."""
    programme = ctx.programme
    age = _age_years(pl.col("birth"), max(programme.start_date, ctx.today))
    return _msgs(
        frame,
        pl.col("birth").is_not_null() & ((age < programme.min_age) | (age > programme.max_age)),
        "error",
        "age_limit",
        pl.format(M.MSG_AGE_LIMIT, age, pl.lit(programme.min_age), pl.lit(programme.max_age)),
    )


def rule_officer_kind(frame: pl.DataFrame, ctx: Context) -> pl.DataFrame:
    if ctx.programme.target_group != Programme.TargetGroup.BADAN_ADHOC:
        return _none()
    valid_kinds = list(Programme.OfficerKind.values)
    return _msgs(
        frame,
        pl.col("officer_kind").is_not_null() & ~pl.col("officer_kind").is_in(valid_kinds),
        "error",
        "officer_kind",
        pl.format(M.MSG_OFFICER_KIND, pl.col("officer_kind"), pl.lit(", ".join(valid_kinds))),
    )


def text_limits() -> dict[str, int]:
    """The longest text each written column takes: the smallest ``max_length`` of the fields of that name
    among the tables a row is written to (its batch row, the registry person, the membership)."""
    limits: dict[str, int] = {}
    for model in (BatchRow, Person, Membership):
        for f in model._meta.get_fields():
            if getattr(f, "max_length", None) and f.name in M.COLUMN_LABELS:
                limits[f.name] = min(limits.get(f.name, f.max_length), f.max_length)
    return limits


def rule_text_too_long(frame: pl.DataFrame, ctx: Context) -> pl.DataFrame:
    """Text longer than its column: an error on the row (on both databases; nothing cut silently)."""
    parts = []
    for name, limit in text_limits().items():
        if name not in frame.columns or frame.schema[name] != pl.Utf8:
            continue
        length = pl.col(name).str.len_chars()
        parts.append(
            _msgs(
                frame,
                length > limit,
                "error",
                "too_long",
                pl.format(M.MSG_TOO_LONG, pl.lit(M.COLUMN_LABELS[name]), length, pl.lit(limit)),
            )
        )
    return pl.concat(parts) if parts else _none()


def rule_duplicate_in_file(frame: pl.DataFrame, ctx: Context) -> pl.DataFrame:
    """The same NIK twice in the file: the first row keeps it, the others are rejected."""
    keyed = frame.select(
        "row_no",
        "_nik_ok",
        _first=pl.col("row_no").min().over("nik_clean"),
        _count=pl.len().over("nik_clean"),
    )
    dup = NIK_OK & (pl.col("row_no") != pl.col("_first"))
    return pl.concat(
        [
            _msgs(keyed, dup, "error", "duplicate_in_file", pl.format(M.MSG_DUPLICATE, pl.col("_first"))),
            _msgs(
                keyed,
                NIK_OK & (pl.col("_count") > 1) & ~dup,
                "warning",
                "duplicate_in_file_first",
                pl.lit(M.MSG_DUPLICATE_FIRST),
            ),
        ]
    )


def rule_already_registered(frame: pl.DataFrame, ctx: Context) -> pl.DataFrame:
    return _msgs(
        frame,
        NIK_OK & pl.col("nik_clean").is_in(sorted(ctx.members)),
        "error",
        "already_registered",
        pl.lit(M.MSG_ALREADY_REGISTERED),
    )


def rule_double_funded(frame: pl.DataFrame, ctx: Context) -> pl.DataFrame:
    """Paid from public funds for the same elements over an overlapping period by another programme
    (``memberships.funding``). The other programme is named only when it is in the uploader's area."""
    niks = frame.filter(NIK_OK)["nik_clean"].unique().to_list()
    other = ctx.double_funded(niks)
    if other.height == 0:
        return _none()
    visible = {r: in_area(r, ctx.area_codes) for r in other["_other_region"].unique().to_list()}
    other = other.with_columns(
        _visible=pl.col("_other_region").replace_strict(visible, return_dtype=pl.Boolean)
    )
    rows = frame.filter(NIK_OK).select("row_no", "nik_clean").join(other, on="nik_clean", how="inner")
    level = "error" if ctx.programme.double_funding == Programme.DoubleFunding.REJECT else "warning"
    return _msgs(
        rows,
        ~pl.col("nik_clean").is_in(sorted(ctx.members)),
        level,
        "double_funded",
        pl.when(pl.col("_visible"))
        .then(pl.format(M.MSG_DOUBLE_FUNDED, pl.col("_other")))
        .otherwise(pl.lit(M.MSG_DOUBLE_FUNDED_ELSEWHERE)),
    )


def _probable_keys(frame: pl.DataFrame) -> pl.DataFrame:
    return frame.filter(NIK_OK & pl.col("birth").is_not_null() & (pl.col("_key") != ""))


def rule_probable_duplicate_in_file(frame: pl.DataFrame, ctx: Context) -> pl.DataFrame:
    """A different NIK, the same birth date and village, the same name allowing variants. A small group
    lists its other rows; a large one is referred to by number, size and first row, so that a million copies
    of one row give a million short messages, not a million lists of a million rows."""
    keys = ["birth", "region_code", "_key"]
    keyed = _probable_keys(frame).select("row_no", "nik_clean", *keys)
    # Most rows are alone under their key: find the keys shared by several rows first (a cheap count), and
    # work on those rows only.
    shared = keyed.group_by(keys).len().filter(pl.col("len") > 1).drop("len")
    if shared.height == 0:
        return _none()
    keyed = keyed.join(shared, on=keys, how="semi")
    groups = (
        keyed.group_by(keys)
        .agg(
            _size=pl.len(),
            _niks=pl.col("nik_clean").n_unique(),
            _first=pl.col("row_no").min(),
            _second=pl.col("row_no").bottom_k(2).max(),
        )
        .filter(pl.col("_niks") > 1)
        .sort("_first")
        .with_row_index("_group", offset=1)
    )
    if groups.height == 0:
        return _none()
    rows = keyed.join(groups, on=keys, how="inner")
    small = rows.filter(pl.col("_size") <= LIST_GROUP_UP_TO)
    listed = (
        small.join(small.select("_group", pl.col("row_no").alias("_other")), on="_group", how="inner")
        .filter(pl.col("_other") != pl.col("row_no"))
        .group_by("row_no")
        .agg(pl.col("_other").sort().cast(pl.Utf8).str.join(", ").alias("_others"))
    )
    large = rows.filter(pl.col("_size") > LIST_GROUP_UP_TO)
    see = pl.when(pl.col("row_no") == pl.col("_first")).then(pl.col("_second")).otherwise(pl.col("_first"))
    return pl.concat(
        [
            _msgs(
                listed,
                pl.lit(True),
                "warning",
                "probable_duplicate",
                pl.format(M.MSG_PROBABLE_IN_FILE, "_others"),
            ),
            _msgs(
                large,
                pl.lit(True),
                "warning",
                "probable_duplicate",
                pl.format(
                    M.MSG_PROBABLE_GROUP,
                    _thousands(pl.col("_size") - 1),
                    pl.col("_group"),
                    see,
                ),
            ),
        ]
    )


def rule_probable_duplicate_in_registry(frame: pl.DataFrame, ctx: Context) -> pl.DataFrame:
    """People of the same village and birth date in the registry with another NIK and the same name key,
    found by a join in the database on (region_code, birth_date); only those candidates are fetched. One
    message per row: the first such person (masked NIK), and how many more. Their name only when the village
    is in the uploader's area."""
    keyed = _probable_keys(frame)
    pairs = (
        keyed.filter(pl.col("region_code").str.contains(r"^[0-9.]+$"))
        .select("region_code", pl.col("birth").dt.strftime("%Y-%m-%d"))
        .unique()
    )
    if pairs.height == 0:
        return _none()
    values, value_params = _values_table(
        ["region_code", "birth_date"], [pairs["region_code"].to_list(), pairs["birth"].to_list()]
    )
    sql = f"""SELECT p.nik, p.full_name, p.birth_date, p.region_code FROM {values}
        JOIN registry_person p ON p.region_code = v.region_code AND p.birth_date = {_date("v.birth_date")}"""
    with transaction.atomic():
        if connection.vendor == "postgresql" and pairs.height > BIG_JOIN:
            # A large file's pairs join best as one hash join over the registry; the planner, not knowing
            # the pairs, sorts both sides for a merge join (4x slower) and repeats the unnest per worker.
            with connection.cursor() as cur:
                for setting in HASH_JOIN:
                    cur.execute(setting)
        registry = _raw(sql, value_params)
    if not registry:
        return _none()
    if connection.vendor == "sqlite":
        registry = [
            (a, b, dt.date.fromisoformat(c) if isinstance(c, str) else c, d) for a, b, c, d in registry
        ]
    reg = pl.DataFrame(
        registry,
        schema={"_rnik": pl.Utf8, "_rname": pl.Utf8, "birth": pl.Date, "region_code": pl.Utf8},
        orient="row",
    ).with_columns(_key=name_key_expr(pl.col("_rname")))
    match = (
        keyed.select("row_no", "nik_clean", "birth", "region_code", "_key")
        .join(reg, on=["birth", "region_code", "_key"], how="inner")
        .filter(pl.col("_rnik") != pl.col("nik_clean"))
        .sort("row_no", "_rnik")
        .group_by("row_no", maintain_order=True)
        .agg(
            pl.col("_rnik").first(),
            pl.col("_rname").first(),
            pl.col("region_code").first(),
            _more=pl.len() - 1,
        )
    )
    if match.height == 0:
        return _none()
    masked = {n: mask_nik(n) for n in match["_rnik"].unique().to_list()}
    visible = {r: in_area(r, ctx.area_codes) for r in match["region_code"].unique().to_list()}
    match = match.with_columns(
        _masked=pl.col("_rnik").replace_strict(masked, return_dtype=pl.Utf8),
        _visible=pl.col("region_code").replace_strict(visible, return_dtype=pl.Boolean),
    )
    message = (
        pl.when(~pl.col("_visible"))
        .then(pl.lit(M.MSG_PROBABLE_IN_REGISTRY_ELSEWHERE))
        .when(pl.col("_more") == 0)
        .then(pl.format(M.MSG_PROBABLE_IN_REGISTRY, "_rname", "_masked"))
        .otherwise(
            pl.format(M.MSG_PROBABLE_IN_REGISTRY_MORE, "_rname", "_masked", _thousands(pl.col("_more")))
        )
    )
    return _msgs(match, pl.lit(True), "warning", "probable_duplicate", message)


def _accepted_so_far(frame: pl.DataFrame, ctx: Context) -> pl.DataFrame:
    rejected = ctx.rejected_rows()
    return frame.select("row_no", "region_code").filter(~pl.col("row_no").is_in(rejected.implode()))


def rule_village_quota(frame: pl.DataFrame, ctx: Context) -> pl.DataFrame:
    """Rows still accepted, in file order, after what each village already holds."""
    quotas = dict(VillageQuota.objects.filter(programme=ctx.programme).values_list("region_code", "quota"))
    if not quotas:
        return _none()
    q = pl.DataFrame(
        {"region_code": list(quotas), "_quota": list(quotas.values())},
        schema={"region_code": pl.Utf8, "_quota": pl.Int64},
    )
    f = pl.DataFrame(
        {"region_code": list(ctx.filled), "_filled": list(ctx.filled.values())},
        schema={"region_code": pl.Utf8, "_filled": pl.Int64},
    )
    rows = (
        _accepted_so_far(frame, ctx)
        .join(q, on="region_code", how="inner")
        .join(f, on="region_code", how="left")
        .with_columns(
            pl.col("_filled").fill_null(0), _rank=pl.col("row_no").rank("ordinal").over("region_code")
        )
    )
    return _msgs(
        rows,
        pl.col("_filled") + pl.col("_rank") > pl.col("_quota"),
        "error",
        "village_quota",
        pl.format(M.MSG_VILLAGE_QUOTA, pl.col("region_code"), pl.col("_quota")),
    )


def rule_programme_quota(frame: pl.DataFrame, ctx: Context) -> pl.DataFrame:
    """Rows still accepted, in file order, after what the programme already holds. Counted on the rows
    the village quota left (they run in this order, as before)."""
    total = ctx.programme.quota_total
    if not total:
        return _none()
    rows = _accepted_so_far(frame, ctx).with_columns(_rank=pl.col("row_no").rank("ordinal"))
    already = sum(ctx.filled.values())
    return _msgs(
        rows,
        already + pl.col("_rank") > total,
        "error",
        "programme_quota",
        pl.lit(M.MSG_PROGRAMME_QUOTA.format(f"{total:,}".replace(",", "."))),
    )


# The columns of the checked rows that are kept (what enrolment.bulk stores), besides status and messages.
KEPT = [
    "row_no",
    "nik_raw",
    "nik_clean",
    "full_name",
    "birth_place",
    "birth_date",
    "sex",
    "region_code",
    "regency_code",
    "address",
    "phone",
    "occupation",
    "monthly_income",
    "officer_kind",
    "kpj",
]

RULES: list[Rule] = [
    rule_nik,
    rule_region_required,
    rule_region_unknown,
    rule_outside_programme,
    rule_outside_area,
    rule_age_limit,
    rule_officer_kind,
    rule_text_too_long,
    rule_duplicate_in_file,
    rule_already_registered,
    rule_double_funded,
    rule_probable_duplicate_in_file,
    rule_probable_duplicate_in_registry,
    rule_village_quota,
    rule_programme_quota,
]


# --- the whole check -----------------------------------------------------------------------------------


def validate_rows(
    frame: pl.DataFrame,
    reader_messages: pl.DataFrame,
    *,
    programme: Programme,
    area_codes: list[str] | None,
    default_region: str | None = None,
    today: dt.date | None = None,
    rules: list[Rule] = RULES,
) -> tuple[pl.DataFrame, dict[str, int]]:
    """Returns the rows with ``status`` and ``messages`` (list of {level, code, message}) and summary counts."""
    ctx = Context(programme=programme, area_codes=area_codes, today=today or dt.date.today())
    if reader_messages.height:
        ctx.messages.append(
            reader_messages.select(pl.col("row_no").cast(pl.Int64), "level", "code", "message")
        )
    frame = prepare(frame, ctx, default_region=default_region)
    for rule in rules:
        found = rule(frame, ctx)
        if found.height:
            ctx.messages.append(found.select(list(MSG_SCHEMA)))
    messages = pl.concat(ctx.messages, how="vertical") if ctx.messages else _none()
    ctx.messages.clear()
    messages = messages.with_row_index("_seq").sort("row_no", "_seq")
    per_row = messages.group_by("row_no", maintain_order=True).agg(
        pl.struct("level", "code", "message").alias("messages"),
        (pl.col("level") == "error").any().alias("_has_err"),
    )
    # Only what is stored goes on (the NIK analysis and the rules' columns are dropped: a third of the memory
    # of a million-row check).
    frame = (
        frame.select([c for c in KEPT if c in frame.columns])
        .join(per_row, on="row_no", how="left")
        .with_columns(
            status=pl.when(pl.col("_has_err").fill_null(False))
            .then(pl.lit("rejected"))
            .when(pl.col("messages").list.len().fill_null(0) > 0)
            .then(pl.lit("warning"))
            .otherwise(pl.lit("valid"))
        )
        .drop("_has_err")
    )
    del per_row
    code_rows = messages.group_by("code").agg(pl.col("row_no").n_unique().alias("n"))
    by_code = dict(zip(code_rows["code"].to_list(), code_rows["n"].to_list(), strict=True))
    status_counts = dict(frame.group_by("status").len().iter_rows())
    counts = {
        "rows": frame.height,
        "valid": status_counts.get("valid", 0),
        "warnings": status_counts.get("warning", 0),
        "rejected": status_counts.get("rejected", 0),
        "duplicates_in_file": by_code.get("duplicate_in_file", 0),
        "already_registered": by_code.get("already_registered", 0),
        "probable_duplicates": by_code.get("probable_duplicate", 0),
        "double_funded": by_code.get("double_funded", 0),
    }
    return frame.sort("row_no"), counts
