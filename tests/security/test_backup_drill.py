"""The backup and restore drill of the operations manual (README, "Backup and restore"), run for real:
pg_dump -Fc of the test database, pg_restore into a fresh database, then every table's row count and the
audit trail compared. PostgreSQL only: on SQLite it is skipped with the reason (marker ``postgres``)."""

from __future__ import annotations

import datetime as dt
import os
import shutil
import subprocess

import psycopg
import pytest
from django.db import connection

from lindung.billing import services as billing
from tests.billing.conftest import people
from tests.factories import make_world
from tests.helpers import make_programme

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def pg_env(settings_dict) -> dict[str, str]:
    env = dict(os.environ)
    for key, name in (("HOST", "PGHOST"), ("PORT", "PGPORT"), ("USER", "PGUSER"), ("PASSWORD", "PGPASSWORD")):
        if settings_dict.get(key):
            env[name] = str(settings_dict[key])
    return env


def pg_connect(settings_dict, dbname: str) -> psycopg.Connection:
    return psycopg.connect(
        dbname=dbname,
        host=settings_dict.get("HOST") or None,
        port=settings_dict.get("PORT") or None,
        user=settings_dict.get("USER") or None,
        password=settings_dict.get("PASSWORD") or None,
        autocommit=True,
    )


def table_counts(conn: psycopg.Connection) -> dict[str, int]:
    tables = [
        row[0]
        for row in conn.execute(
            "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename"
        ).fetchall()
    ]
    return {t: conn.execute(f'SELECT count(*) FROM "{t}"').fetchone()[0] for t in tables}  # noqa: S608


AUDIT_ROWS = (
    "SELECT id, at, actor_id, actor_name, action, object_type, object_id, object_repr, region_code,"
    " changes::text, extra::text FROM audit_auditlog ORDER BY id"
)


def test_dump_restore_into_a_fresh_database_keeps_every_row(regions_present, tmp_path):
    pg_dump, pg_restore = (shutil.which(tool) for tool in ("pg_dump", "pg_restore"))
    assert pg_dump and pg_restore, (
        "pg_dump/pg_restore tidak ditemukan: pasang postgresql-client (lihat README)"
    )
    world = make_world()
    programme = make_programme("lahat-bpu", world.pemkab_lahat, "16.04", start_date=dt.date(2026, 1, 1))
    people(programme, 5)
    billing.billing_run(actor=world.lahat_manager, programme=programme, period=dt.date(2026, 3, 1))

    settings_dict = connection.settings_dict
    source = settings_dict["NAME"]
    fresh = f"{source}_restore"
    env = pg_env(settings_dict)
    dump = tmp_path / "lindung.dump"
    subprocess.run([pg_dump, "-Fc", "--no-owner", "-d", source, "-f", str(dump)], env=env, check=True)

    admin = pg_connect(settings_dict, "postgres")
    admin.execute(f'DROP DATABASE IF EXISTS "{fresh}"')
    admin.execute(f'CREATE DATABASE "{fresh}"')
    try:
        subprocess.run(
            [pg_restore, "--no-owner", "--exit-on-error", "-d", fresh, str(dump)], env=env, check=True
        )
        with pg_connect(settings_dict, source) as a, pg_connect(settings_dict, fresh) as b:
            before, after = table_counts(a), table_counts(b)
            assert after == before
            assert before["regions_region"] > 90_000 and before["registry_person"] == 5
            assert before["billing_invoiceline"] > 0 and before["audit_auditlog"] > 10
            assert b.execute(AUDIT_ROWS).fetchall() == a.execute(AUDIT_ROWS).fetchall()
            # The sequences came along: the next audit row in the restored copy gets a new id.
            next_id = b.execute("SELECT nextval(pg_get_serial_sequence('audit_auditlog', 'id'))").fetchone()[
                0
            ]
            assert next_id > b.execute("SELECT max(id) FROM audit_auditlog").fetchone()[0]
    finally:
        admin.execute(f'DROP DATABASE IF EXISTS "{fresh}" WITH (FORCE)')
        admin.close()
    assert (
        not pg_connect(settings_dict, "postgres")
        .execute("SELECT 1 FROM pg_database WHERE datname = %s", [fresh])
        .fetchone()
    )
