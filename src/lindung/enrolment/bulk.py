"""Set-based writes for large batches: rows stored with COPY (PostgreSQL) or executemany (SQLite); the commit
is a handful of INSERT ... SELECT / UPDATE statements, the same on both databases."""

from __future__ import annotations

import datetime as dt
import io

import polars as pl
from django.db import connection
from django.utils import timezone

from lindung.enrolment.models import BatchRow
from lindung.memberships.funding import MEMBERSHIP_JOINS, double_funding_condition
from lindung.memberships.models import HOLDING, MembershipStatus, status_sql
from lindung.programs.models import Programme

ROW_COLUMNS = [
    "batch_id",
    "row_no",
    "status",
    "messages",
    "nik",
    "full_name",
    "name_key",
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
TEXT = [
    "nik",
    "full_name",
    "name_key",
    "birth_place",
    "sex",
    "region_code",
    "regency_code",
    "address",
    "phone",
    "occupation",
    "officer_kind",
    "kpj",
]
# A row's text is stored within its column (a too-long value is already an error on the row, see
# validate.rule_text_too_long; the stored copy is cut so that the row report can still be written).
ADDRESS_MAX = 10_000


def _stored_length(name: str) -> int:
    return BatchRow._meta.get_field(name).max_length or ADDRESS_MAX


def rows_frame(batch_id: int, frame: pl.DataFrame) -> pl.DataFrame:
    """The batch rows as a frame in table column order (messages as JSON text)."""
    msg_json = pl.col("messages").list.eval(pl.element().struct.json_encode()).list.join(",")
    out = frame.select(
        pl.lit(batch_id).alias("batch_id"),
        pl.col("row_no").cast(pl.Int64),
        pl.col("status"),
        pl.when(pl.col("messages").is_null())
        .then(pl.lit("[]"))
        .otherwise(pl.format("[{}]", msg_json))
        .alias("messages"),
        pl.coalesce(pl.col("nik_clean"), pl.col("nik_raw"), pl.lit("")).alias("nik"),
        pl.col("full_name").fill_null(""),
        pl.col("full_name")
        .fill_null("")
        .str.to_lowercase()
        .str.replace_all(r"[^a-z0-9]+", " ")
        .str.strip_chars()
        .alias("name_key"),
        pl.col("birth_place"),
        pl.col("birth_date"),
        pl.col("sex"),
        pl.col("region_code"),
        pl.col("regency_code"),
        pl.col("address"),
        pl.col("phone"),
        pl.col("occupation"),
        pl.col("monthly_income"),
        pl.col("officer_kind"),
        pl.col("kpj"),
    )
    return out.with_columns(
        [pl.col(c).cast(pl.Utf8).fill_null("").str.slice(0, _stored_length(c)) for c in TEXT]
    )


ANALYZE_ROWS = 10_000
COPY_CHUNK = 100_000
INSERT_CHUNK = 20_000


def rows_insert(batch_id: int, frame: pl.DataFrame) -> None:
    data = rows_frame(batch_id, frame)
    cols = ", ".join(ROW_COLUMNS)
    with connection.cursor() as cur:
        if connection.vendor == "postgresql":
            with cur.cursor.copy(
                f"COPY enrolment_batchrow ({cols}) FROM STDIN WITH (FORMAT csv, NULL '\\N')"
            ) as cp:
                for chunk in data.iter_slices(COPY_CHUNK):  # bounded memory: a slice as CSV at a time
                    buf = io.BytesIO()
                    chunk.write_csv(buf, include_header=False, null_value="\\N", date_format="%Y-%m-%d")
                    cp.write(buf.getbuffer())
            if data.height >= ANALYZE_ROWS:
                # Fresh statistics, or the commit's joins are planned for an empty table (a nested loop of a
                # million index probes instead of one hash join: 20 s instead of 7 s at a million rows).
                cur.execute("ANALYZE enrolment_batchrow")
        else:
            placeholders = ", ".join(["%s"] * len(ROW_COLUMNS))
            data = data.with_columns(pl.col("birth_date").cast(pl.Utf8))
            # In slices: Django's SQLite executemany tees its argument, which would hold every row at once.
            for chunk in data.iter_slices(INSERT_CHUNK):
                cur.executemany(
                    f"INSERT INTO enrolment_batchrow ({cols}) VALUES ({placeholders})", chunk.rows()
                )


# Row and membership statuses in SQL come from the models' choices.
ACCEPTED = "(" + ", ".join(f"'{s.value}'" for s in (BatchRow.Status.VALID, BatchRow.Status.WARNING)) + ")"
PENDING = status_sql([MembershipStatus.PENDING])


# On PostgreSQL a person already in the registry gets a no-op update, which row-locks it for the rest of the
# commit; a person being inserted by a concurrent commit makes this insert wait for that commit to end.
_LOCK_EXISTING = {False: "NOTHING", True: "UPDATE SET updated_at = registry_person.updated_at"}


def people_insert(*, batch_id: int, actor_id: int | None) -> int:
    """New people of the batch's accepted rows, and a row lock on the existing ones (see _LOCK_EXISTING).

    In NIK order: the NIK index then grows in runs instead of at random pages, and, as a NIK starts with its
    district, so do the region indexes (half the time of an unordered insert at a million rows)."""
    now = timezone.now()
    conflict = _LOCK_EXISTING[connection.vendor == "postgresql"]
    sql = f"""
        INSERT INTO registry_person (nik, kk_number, full_name, name_key, birth_place, birth_date, sex,
            mother_maiden_name, address, region_code, regency_code, phone, occupation, monthly_income,
            created_at, updated_at, created_by_id)
        SELECT r.nik, '', r.full_name, r.name_key, r.birth_place, r.birth_date, r.sex, '', r.address,
            r.region_code, r.regency_code, r.phone, r.occupation, r.monthly_income, %s, %s, %s
        FROM enrolment_batchrow r WHERE r.batch_id = %s AND r.status IN {ACCEPTED}
        ORDER BY r.nik
        ON CONFLICT (nik) DO {conflict}"""
    with connection.cursor() as cur:
        cur.execute(sql, [now, now, actor_id, batch_id])
        return cur.rowcount


def conflicting_rows(*, batch_id: int, programme: Programme) -> list[int]:
    """Accepted rows whose person already holds this programme, or (reject mode) is double funded
    (``memberships.funding``, the same condition the upload check used)."""
    double, params = "FALSE", []
    if programme.double_funding == Programme.DoubleFunding.REJECT:
        double, params = double_funding_condition(programme)
    sql = f"""
        SELECT r.id FROM enrolment_batchrow r JOIN registry_person p ON p.nik = r.nik
        WHERE r.batch_id = %s AND r.status IN {ACCEPTED} AND EXISTS (
            SELECT 1 FROM memberships_membership m {MEMBERSHIP_JOINS}
            WHERE m.person_id = p.id AND m.status IN {status_sql(HOLDING)}
              AND (m.programme_id = %s OR {double}))"""
    with connection.cursor() as cur:
        cur.execute(sql, [batch_id, programme.pk, *params])
        return [r[0] for r in cur.fetchall()]


def memberships_insert(*, batch_id: int, programme: Programme, funder_id: int | None) -> int:
    """Pending memberships for the batch's accepted rows. Each carries its batch, so the rows need no link, and
    the list's income column as its own contribution base (declared income, BPU; wage, PU)."""
    now = timezone.now()
    with connection.cursor() as cur:
        cur.execute(
            f"""INSERT INTO memberships_membership (person_id, programme_id, funder_id, batch_id, region_code,
                    regency_code, status, start_date, end_date, end_reason, kpj, officer_kind, wage, created_at,
                    updated_at)
                SELECT p.id, %s, %s, r.batch_id, r.region_code, r.regency_code, %s, %s, %s, '', '',
                    r.officer_kind, CASE WHEN r.monthly_income > 0 THEN r.monthly_income END, %s, %s
                FROM enrolment_batchrow r JOIN registry_person p ON p.nik = r.nik
                WHERE r.batch_id = %s AND r.status IN {ACCEPTED}""",
            [
                programme.pk,
                funder_id,
                MembershipStatus.PENDING.value,
                programme.start_date,
                programme.end_date,
                now,
                now,
                batch_id,
            ],
        )
        created = cur.rowcount
        if connection.vendor == "postgresql" and created >= ANALYZE_ROWS:
            # Fresh statistics for the acceptance that follows: planned for a batch of no memberships, it
            # probed the people's primary key a million times instead of one hash join.
            cur.execute("ANALYZE memberships_membership")
        return created


KPJ_MAP = "enrolment_kpj_map"
KPJ_IN = "enrolment_kpj_in"
# The response's rows that carry a KPJ number; the others (an empty KPJ cell) return their row to the village.
WITH_KPJ = "k.kpj <> ''"


def kpj_map_load(response: pl.DataFrame, *, batch_id: int) -> None:
    """The BPJS response (``row_no``, ``nik``, ``kpj`` — empty when the branch gives none — and ``reason``) as
    a temporary table keyed by NIK, each row resolved once to the batch's pending membership of its NIK
    (``membership_id``, empty for a NIK that is not among them), for the set-based acceptance."""
    data = response.select(
        pl.col("nik").cast(pl.Utf8),
        pl.col("kpj").cast(pl.Utf8).fill_null(""),
        pl.col("reason").cast(pl.Utf8).fill_null(""),
        pl.col("row_no").cast(pl.Int64),
    )
    with connection.cursor() as cur:
        cur.execute(f"DROP TABLE IF EXISTS {KPJ_MAP}")
        cur.execute(f"DROP TABLE IF EXISTS {KPJ_IN}")
        if connection.vendor == "postgresql":
            cur.execute(
                f"""CREATE TEMPORARY TABLE {KPJ_IN} (nik text, kpj text, reason text, row_no bigint)
                    ON COMMIT DROP"""
            )
            buf = io.BytesIO()
            data.write_csv(buf, include_header=False)
            with cur.cursor.copy(
                f"COPY {KPJ_IN} (nik, kpj, reason, row_no) FROM STDIN WITH (FORMAT csv)"
            ) as cp:
                cp.write(buf.getvalue())
            cur.execute(f"ANALYZE {KPJ_IN}")
        else:
            cur.execute(f"CREATE TEMPORARY TABLE {KPJ_IN} (nik TEXT, kpj TEXT, reason TEXT, row_no INTEGER)")
            for chunk in data.iter_slices(INSERT_CHUNK):
                cur.executemany(
                    f"INSERT INTO {KPJ_IN} (nik, kpj, reason, row_no) VALUES (%s, %s, %s, %s)", chunk.rows()
                )
        # One join of the response with the batch's pending memberships and their people; every later step
        # reads the resolved id instead of joining the people again. PostgreSQL hashes the batch's memberships
        # with their people; SQLite probes the NIK and person indexes from each response row (materialising
        # the batch's memberships instead took 7,5 s against 5,0 s for 950.000 rows).
        if connection.vendor == "postgresql":
            cur.execute(
                f"""CREATE TEMPORARY TABLE {KPJ_MAP} ON COMMIT DROP AS
                    SELECT i.nik, i.kpj, i.reason, i.row_no, x.id AS membership_id FROM {KPJ_IN} i LEFT JOIN (
                        SELECT p.nik, m.id FROM memberships_membership m
                        JOIN registry_person p ON p.id = m.person_id
                        WHERE m.batch_id = %s AND m.status IN {PENDING}) x ON x.nik = i.nik""",
                [batch_id],
            )
        else:
            cur.execute(
                f"""CREATE TEMPORARY TABLE {KPJ_MAP} AS
                    SELECT i.nik, i.kpj, i.reason, i.row_no, m.id AS membership_id FROM {KPJ_IN} i
                    LEFT JOIN registry_person p ON p.nik = i.nik
                    LEFT JOIN memberships_membership m
                        ON m.person_id = p.id AND m.batch_id = %s AND m.status IN {PENDING}""",
                [batch_id],
            )
        cur.execute(f"DROP TABLE {KPJ_IN}")
        if connection.vendor == "postgresql":
            # No index: every later step is one hash join or anti-join over the whole response (two index
            # builds cost 0,4 s of 8 s for 278.000 KPJ numbers and were never probed).
            cur.execute(f"ANALYZE {KPJ_MAP}")
        else:  # SQLite probes: the batch rows by NIK, the memberships holding a KPJ by KPJ
            cur.execute(f"CREATE UNIQUE INDEX {KPJ_MAP}_nik ON {KPJ_MAP} (nik)")
            cur.execute(f"CREATE INDEX {KPJ_MAP}_kpj ON {KPJ_MAP} (kpj)")


def kpj_map_drop() -> None:
    """SQLite keeps a temporary table until the connection closes (PostgreSQL drops it at commit)."""
    if connection.vendor != "postgresql":
        with connection.cursor() as cur:
            cur.execute(f"DROP TABLE IF EXISTS {KPJ_MAP}")


def response_unknown() -> list[tuple[int, str]]:
    """(response row, NIK) of the response's NIKs that are not among the batch's pending memberships: people
    of another list, rows refused at the upload, or typing errors. Listed for the branch, never applied."""
    with connection.cursor() as cur:
        cur.execute(
            f"SELECT k.row_no, k.nik FROM {KPJ_MAP} k WHERE k.membership_id IS NULL ORDER BY k.row_no"
        )
        return [(r[0], r[1]) for r in cur.fetchall()]


def kpj_matched() -> int:
    """How many of the batch's pending memberships the response gives a KPJ number."""
    with connection.cursor() as cur:
        cur.execute(f"SELECT COUNT(*) FROM {KPJ_MAP} k WHERE {WITH_KPJ} AND k.membership_id IS NOT NULL")
        return cur.fetchone()[0]


def kpj_taken(*, batch_id: int) -> list[tuple[int, str]]:
    """(response row, KPJ) of the KPJ numbers already held by a membership other than this batch's pending
    ones."""
    with connection.cursor() as cur:
        # One pass over the memberships holding a KPJ, each probing the response's KPJ index.
        cur.execute(
            f"""SELECT DISTINCT k.row_no, k.kpj FROM memberships_membership m JOIN {KPJ_MAP} k ON k.kpj = m.kpj
                WHERE m.kpj <> '' AND {WITH_KPJ}
                  AND NOT (m.batch_id IS NOT NULL AND m.batch_id = %s AND m.status IN {PENDING})
                ORDER BY k.row_no""",
            [batch_id],
        )
        return [(r[0], r[1]) for r in cur.fetchall()]


_NO_KPJ = f"NOT EXISTS (SELECT 1 FROM {KPJ_MAP} k WHERE k.nik = enrolment_batchrow.nik AND {WITH_KPJ})"


TO_RETURN = "enrolment_to_return"


def rows_return(*, batch_id: int, no_kpj_reason: str, absent_reason: str) -> dict[str, int]:
    """Returns to the village the accepted rows the response gives no KPJ number: with the response's reason,
    else ``no_kpj_reason`` (listed without a KPJ) or ``absent_reason`` (not in the response at all). Counts
    them by the status they had (valid, warning). One pass over the batch's rows finds them (usually few, into
    a temporary table); the update then reaches them by key."""
    with connection.cursor() as cur:
        cur.execute(f"DROP TABLE IF EXISTS {TO_RETURN}")
        cur.execute(
            f"""CREATE TEMPORARY TABLE {TO_RETURN} AS SELECT id, status FROM enrolment_batchrow
                WHERE batch_id = %s AND status IN {ACCEPTED} AND {_NO_KPJ}""",
            [batch_id],
        )
        if connection.vendor == "postgresql":
            cur.execute(f"ANALYZE {TO_RETURN}")  # planned for its real size: a few rows, reached by key
        cur.execute(f"SELECT status, COUNT(*) FROM {TO_RETURN} GROUP BY status")
        by_status = dict(cur.fetchall())
        if by_status:
            cur.execute(
                f"""UPDATE enrolment_batchrow SET status = %s, return_reason = COALESCE(
                        (SELECT CASE WHEN k.reason <> '' THEN k.reason ELSE %s END FROM {KPJ_MAP} k
                         WHERE k.nik = enrolment_batchrow.nik), %s)
                    WHERE id IN (SELECT id FROM {TO_RETURN})""",
                [BatchRow.Status.RETURNED.value, no_kpj_reason, absent_reason],
            )
        cur.execute(f"DROP TABLE {TO_RETURN}")
        return by_status


def memberships_activate(*, start_date: dt.date) -> int:
    """Sets the KPJ numbers and the start date and activates the batch's pending memberships the response
    gives one, by the ids ``kpj_map_load`` resolved. The KPJ is written once, on the membership: the batch's
    rows show it from there (``selectors.batch_rows``), so acceptance rewrites no batch row it accepts."""
    with connection.cursor() as cur:
        cur.execute(
            f"""UPDATE memberships_membership AS m SET status = %s, updated_at = %s, start_date = %s, kpj = k.kpj
                FROM {KPJ_MAP} k
                WHERE m.id = k.membership_id AND {WITH_KPJ} AND m.status IN {PENDING}""",
            [MembershipStatus.ACTIVE.value, timezone.now(), start_date],
        )
        return cur.rowcount
