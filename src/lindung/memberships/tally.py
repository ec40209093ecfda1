"""The maintained count of active memberships by programme, funder, village, first month and last month
(``MembershipTally``).

Database triggers keep it: on PostgreSQL one statement-level trigger per operation, set-based over the
statement's transition tables (one ``INSERT ... SELECT ... GROUP BY ... ON CONFLICT`` per statement, whatever
its size); on SQLite, which has only row triggers, one small upsert per changed row that is or was active.
``rebuild`` recounts from the memberships (the migration, ``lindung tally --rebuild``); ``differences``
lists where the tally and a fresh count disagree (``lindung tally --check``, the tests).
"""

from __future__ import annotations

import datetime as dt

from django.db import connection, transaction
from django.db.models import Sum

from lindung.memberships.models import OPEN_END, MembershipStatus, MembershipTally

TABLE = MembershipTally._meta.db_table
KEY = "(programme_id, funder_id, region_code, start_month, end_month)"
COLUMNS = "(programme_id, funder_id, region_code, start_month, end_month, members)"


def _month_sql(column: str, vendor: str) -> str:
    if vendor == "postgresql":
        return f"date_trunc('month', {column})::date"
    return f"substr({column}, 1, 7) || '-01'"


def _key_sql(alias: str, vendor: str) -> str:
    return (
        f"{alias}.programme_id, COALESCE({alias}.funder_id, 0), {alias}.region_code, "
        f"{_month_sql(f'{alias}.start_date', vendor)}, "
        f"COALESCE({_month_sql(f'{alias}.end_date', vendor)}, '{OPEN_END}')"
    )


def _fresh_count_sql(vendor: str) -> str:
    return f"""SELECT {_key_sql("m", vendor)}, COUNT(*) FROM memberships_membership m
        WHERE m.status = '{MembershipStatus.ACTIVE.value}' GROUP BY 1, 2, 3, 4, 5"""


@transaction.atomic
def rebuild(using_connection=None) -> int:
    """Recounts the tally from the memberships; returns the number of keys."""
    conn = using_connection or connection
    with conn.cursor() as cur:
        cur.execute(f"DELETE FROM {TABLE}")
        cur.execute(f"INSERT INTO {TABLE} {COLUMNS} {_fresh_count_sql(conn.vendor)}")
        return cur.rowcount


def differences() -> list[tuple]:
    """(programme, funder, village, first month, last month, tally, fresh count) wherever the two disagree."""
    with connection.cursor() as cur:
        cur.execute(_fresh_count_sql(connection.vendor))
        fresh = {(*r[:3], str(r[3]), str(r[4])): r[5] for r in cur.fetchall()}
        cur.execute(
            f"SELECT programme_id, funder_id, region_code, start_month, end_month, members FROM {TABLE}"
        )
        kept = {(*r[:3], str(r[3]), str(r[4])): r[5] for r in cur.fetchall()}
    return sorted(
        (*key, kept.get(key, 0), fresh.get(key, 0))
        for key in set(fresh) | set(kept)
        if kept.get(key, 0) != fresh.get(key, 0)
    )


def active_by_month(programme_id: int, months: list[dt.date]) -> dict[dt.date, int]:
    """Active members of the programme whose membership covers each month (begun by its end, not ended before
    it begins), from the tally summed over its villages: a few dozen rows whatever the programme's size."""
    if not months:
        return {}
    out = dict.fromkeys(months, 0)
    spans = (
        MembershipTally.objects.filter(programme_id=programme_id, members__gt=0)
        .values_list("start_month", "end_month")
        .annotate(n=Sum("members"))
        .order_by()
    )
    for start, end, n in spans:
        for m in months:
            if start <= m <= end:
                out[m] += n
    return out


# --- triggers (installed by migration 0011; kept here so the migration and the tests read one text) --------

_ACTIVE = MembershipStatus.ACTIVE.value

_PG_FUNCTION = f"""
CREATE OR REPLACE FUNCTION memberships_tally_apply() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        INSERT INTO {TABLE} {COLUMNS}
        SELECT {_key_sql("n", "postgresql")}, COUNT(*) FROM new_rows n WHERE n.status = '{_ACTIVE}'
        GROUP BY 1, 2, 3, 4, 5 ORDER BY 1, 2, 3, 4, 5
        ON CONFLICT {KEY}
        DO UPDATE SET members = {TABLE}.members + EXCLUDED.members;
    ELSIF TG_OP = 'DELETE' THEN
        INSERT INTO {TABLE} {COLUMNS}
        SELECT {_key_sql("o", "postgresql")}, -COUNT(*) FROM old_rows o WHERE o.status = '{_ACTIVE}'
        GROUP BY 1, 2, 3, 4, 5 ORDER BY 1, 2, 3, 4, 5
        ON CONFLICT {KEY}
        DO UPDATE SET members = {TABLE}.members + EXCLUDED.members;
    ELSE
        INSERT INTO {TABLE} {COLUMNS}
        SELECT p, f, r, s, e, SUM(d) FROM (
            SELECT {_key_sql("n", "postgresql")}, 1 FROM new_rows n WHERE n.status = '{_ACTIVE}'
            UNION ALL
            SELECT {_key_sql("o", "postgresql")}, -1 FROM old_rows o WHERE o.status = '{_ACTIVE}'
        ) AS c (p, f, r, s, e, d)
        GROUP BY 1, 2, 3, 4, 5 HAVING SUM(d) <> 0 ORDER BY 1, 2, 3, 4, 5
        ON CONFLICT {KEY}
        DO UPDATE SET members = {TABLE}.members + EXCLUDED.members;
    END IF;
    RETURN NULL;
END $$;
"""

PG_INSTALL = [
    _PG_FUNCTION,
    """CREATE TRIGGER memberships_tally_ins AFTER INSERT ON memberships_membership
       REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION memberships_tally_apply()""",
    """CREATE TRIGGER memberships_tally_upd AFTER UPDATE ON memberships_membership
       REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
       FOR EACH STATEMENT EXECUTE FUNCTION memberships_tally_apply()""",
    """CREATE TRIGGER memberships_tally_del AFTER DELETE ON memberships_membership
       REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION memberships_tally_apply()""",
]
PG_REMOVE = [
    "DROP TRIGGER IF EXISTS memberships_tally_ins ON memberships_membership",
    "DROP TRIGGER IF EXISTS memberships_tally_upd ON memberships_membership",
    "DROP TRIGGER IF EXISTS memberships_tally_del ON memberships_membership",
    "DROP FUNCTION IF EXISTS memberships_tally_apply()",
]


def _sqlite_upsert(alias: str, delta: int) -> str:
    return f"""INSERT INTO {TABLE} {COLUMNS}
        VALUES ({_key_sql(alias, "sqlite")}, {delta})
        ON CONFLICT {KEY} DO UPDATE SET members = members + ({delta});"""


# The membership's columns the tally's key or count reads: an update of any other column leaves it alone.
_KEY_COLUMNS = "status, start_date, end_date, programme_id, funder_id, region_code"

SQLITE_INSTALL = [
    f"""CREATE TRIGGER memberships_tally_ins AFTER INSERT ON memberships_membership
        WHEN NEW.status = '{_ACTIVE}' BEGIN {_sqlite_upsert("NEW", 1)} END""",
    f"""CREATE TRIGGER memberships_tally_upd_old AFTER UPDATE OF {_KEY_COLUMNS}
        ON memberships_membership WHEN OLD.status = '{_ACTIVE}' BEGIN {_sqlite_upsert("OLD", -1)} END""",
    f"""CREATE TRIGGER memberships_tally_upd_new AFTER UPDATE OF {_KEY_COLUMNS}
        ON memberships_membership WHEN NEW.status = '{_ACTIVE}' BEGIN {_sqlite_upsert("NEW", 1)} END""",
    f"""CREATE TRIGGER memberships_tally_del AFTER DELETE ON memberships_membership
        WHEN OLD.status = '{_ACTIVE}' BEGIN {_sqlite_upsert("OLD", -1)} END""",
]
SQLITE_REMOVE = [
    "DROP TRIGGER IF EXISTS memberships_tally_ins",
    "DROP TRIGGER IF EXISTS memberships_tally_upd_old",
    "DROP TRIGGER IF EXISTS memberships_tally_upd_new",
    "DROP TRIGGER IF EXISTS memberships_tally_del",
]


def install(schema_editor) -> None:
    vendor = schema_editor.connection.vendor
    for sql in PG_INSTALL if vendor == "postgresql" else SQLITE_INSTALL:
        schema_editor.execute(sql, params=None)
    rebuild(schema_editor.connection)


def remove(schema_editor) -> None:
    vendor = schema_editor.connection.vendor
    for sql in PG_REMOVE if vendor == "postgresql" else SQLITE_REMOVE:
        schema_editor.execute(sql, params=None)
