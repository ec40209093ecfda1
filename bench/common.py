"""What every benchmark records beside its figures, so that a run can be re-done and trusted elsewhere.

- the machine (CPU model, cores, memory), the load average before and after, Python and polars versions;
- the database, its version and the settings that decide its speed and durability (PostgreSQL:
  ``shared_buffers``, ``synchronous_commit``, ``fsync``, ``full_page_writes``, ``wal_level``; SQLite:
  ``journal_mode``, ``synchronous``);
- each figure as absolute time, the floor measured in the same run and their ratio (`Figures`);
- peak memory of the client (``VmHWM`` of this process: it starts again at an ``exec``) and, on PostgreSQL on
  the same host, of the server backend that did the work;
- its own temporary files (`workdir`), removed afterwards, so that two runs never share an input;
- a PostgreSQL scratch database named in ``DATABASE_URL`` is created when it does not exist yet.

Benchmarks import it as ``from common import ...`` (the scripts run from ``bench/``, which Python puts first
on ``sys.path``).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import platform
import shutil
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lindung.settings")
os.environ.setdefault("LINDUNG_ENV", "dev")


def _scratch_database() -> None:
    """Creates the PostgreSQL database of ``DATABASE_URL`` if it is missing (a fresh machine has none)."""
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith(("postgres://", "postgresql://")):
        return
    import psycopg
    from psycopg import sql

    name = url.rsplit("/", 1)[1].split("?", 1)[0]
    with psycopg.connect(url.rsplit("/", 1)[0] + "/postgres", autocommit=True) as conn:
        if conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone() is None:
            conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))


_scratch_database()


def _cpu_model() -> str:
    with contextlib.suppress(OSError):
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    return platform.processor() or platform.machine()


def _mem_total_gb() -> float:
    with contextlib.suppress(OSError, ValueError):
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                return int(line.split()[1]) / 1024 / 1024
    return 0.0


def _status_kb(pid: int | str, key: str) -> int:
    """A ``/proc/<pid>/status`` figure in kB (0 when the process is not readable from here)."""
    with contextlib.suppress(OSError, ValueError):
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith(key + ":"):
                return int(line.split()[1])
    return 0


def client_peak_mb() -> float:
    """Peak resident memory of this process since it started (or since its last ``exec``)."""
    return _status_kb("self", "VmHWM") / 1024


def server_peak_mb(connection) -> float:
    """Peak resident memory of the PostgreSQL backend serving ``connection`` (same host), else 0.

    The backend's ``VmHWM`` includes the shared buffers it touched, so it is an upper bound of what the
    server adds for this client."""
    if connection.vendor != "postgresql":
        return 0.0
    with connection.cursor() as cur:
        cur.execute("SELECT pg_backend_pid()")
        pid = cur.fetchone()[0]
    return _status_kb(pid, "VmHWM") / 1024


def database_settings(connection) -> dict[str, str]:
    connection.ensure_connection()
    out: dict[str, str] = {"database": connection.vendor}
    with connection.cursor() as cur:
        if connection.vendor == "postgresql":
            cur.execute("SHOW server_version")
            out["version"] = cur.fetchone()[0]
            for name in ("shared_buffers", "synchronous_commit", "fsync", "full_page_writes", "wal_level"):
                cur.execute(f"SHOW {name}")
                out[name] = cur.fetchone()[0]
            out["durability"] = (
                "every commit flushed to disk"
                if out["fsync"] == "on" and out["synchronous_commit"] == "on"
                else "commits not flushed"
            )
        else:
            cur.execute("SELECT sqlite_version()")
            out["version"] = cur.fetchone()[0]
            cur.execute("PRAGMA journal_mode")
            out["journal_mode"] = cur.fetchone()[0]
            cur.execute("PRAGMA synchronous")
            level = {0: "OFF", 1: "NORMAL", 2: "FULL", 3: "EXTRA"}.get(cur.fetchone()[0], "?")
            out["synchronous"] = level
            out["durability"] = (
                "every commit flushed to disk"
                if level in ("FULL", "EXTRA")
                else "WAL synced at checkpoints (a power cut may lose the last commits, never corrupts)"
            )
    return out


def equal_durability(connection) -> None:
    """SQLite with ``synchronous=FULL``, so that it flushes every commit as PostgreSQL does by default."""
    if connection.vendor == "sqlite":
        connection.ensure_connection()
        with connection.cursor() as cur:
            cur.execute("PRAGMA synchronous=FULL")


@contextlib.contextmanager
def workdir(prefix: str) -> Iterator[Path]:
    """A fresh directory for this run's files, removed afterwards."""
    path = Path(tempfile.mkdtemp(prefix=f"lindung-bench-{prefix}-"))
    try:
        yield path
    finally:
        shutil.rmtree(path, ignore_errors=True)


def vacuum(connection, *tables: str) -> None:
    """Reclaims what a run deleted, so the next run starts from the same state."""
    with connection.cursor() as cur:
        if connection.vendor == "postgresql":
            for table in tables:
                cur.execute(f"VACUUM ANALYZE {table}")
        else:
            cur.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            cur.execute("ANALYZE")


def table_indexes(connection, table: str) -> dict[str, str]:
    """The table's indexes (primary key and unique constraints included): name -> its CREATE statement."""
    with connection.cursor() as cur:
        if connection.vendor == "postgresql":
            cur.execute("SELECT indexname, indexdef FROM pg_indexes WHERE tablename = %s", [table])
        else:
            cur.execute(
                "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = %s AND sql IS NOT NULL",
                [table],
            )
        return dict(cur.fetchall())


def clone_table(connection, table: str, name: str, skip_index: str | None = None) -> None:
    """An empty, ordinary (logged, not temporary) copy of ``table`` with all its indexes (but ``skip_index``):
    where a floor is written, so that it pays the same WAL and index maintenance as the real table."""
    indexes = table_indexes(connection, table)
    with connection.cursor() as cur:
        cur.execute(f"DROP TABLE IF EXISTS {name}")
        if connection.vendor == "postgresql":
            # The storage parameters too (the memberships' fillfactor, decision 86): LIKE does not copy them.
            cur.execute("SELECT reloptions FROM pg_class WHERE oid = %s::regclass", [table])
            options = cur.fetchone()[0]
            with_options = f" WITH ({', '.join(options)})" if options else ""
            cur.execute(f"CREATE TABLE {name} (LIKE {table} INCLUDING ALL EXCLUDING INDEXES){with_options}")
        else:
            cur.execute("SELECT sql FROM sqlite_master WHERE type = 'table' AND name = %s", [table])
            cur.execute(cur.fetchone()[0].replace(f'"{table}"', f'"{name}"', 1))
        for index, sql in indexes.items():
            if index == skip_index:
                continue
            # Rename the index and its table in its own definition (PostgreSQL writes "ON public.table ").
            own = f"{name}_{index}"[:63]
            sql = sql.replace(f'"{index}"', f'"{own}"').replace(f"INDEX {index} ", f"INDEX {own} ")
            sql = sql.replace(f'"{table}"', f'"{name}"').replace(
                f" ON public.{table} ", f" ON public.{name} "
            )
            cur.execute(sql)


def stored_columns(connection, table: str) -> list[str]:
    """The table's columns a write supplies, in order: all but the generated ones."""
    with connection.cursor() as cur:
        if connection.vendor == "postgresql":
            cur.execute(
                "SELECT column_name FROM information_schema.columns WHERE table_name = %s "
                "AND is_generated = 'NEVER' ORDER BY ordinal_position",
                [table],
            )
            return [r[0] for r in cur.fetchall()]
        cur.execute(f"PRAGMA table_xinfo({table})")
        return [r[1] for r in cur.fetchall() if r[6] == 0]  # hidden 2/3: generated (virtual/stored)


def drop_table(connection, name: str) -> None:
    with connection.cursor() as cur:
        cur.execute(f"DROP TABLE IF EXISTS {name}")


def settle(connection) -> None:
    """The same starting point for a timed write and its floor: nothing left to flush from earlier steps
    (PostgreSQL ``CHECKPOINT``; SQLite moves its write-ahead log into the database file)."""
    with connection.cursor() as cur:
        if connection.vendor == "postgresql":
            cur.execute("CHECKPOINT")
        else:
            cur.execute("PRAGMA wal_checkpoint(TRUNCATE)")


def copy_floor(
    table: str, rows_sql: str, before_sql: str | None = None, skip_index: str | None = None
) -> float:
    """Seconds to write the rows of ``rows_sql`` into an empty indexed copy of ``table`` (PostgreSQL:
    ``COPY`` from the client; SQLite: ``INSERT ... SELECT``), the copy first filled (untimed) by
    ``before_sql``; without the index ``skip_index`` when given (what that index costs the write)."""
    from django.db import connection

    clone_table(connection, table, "bench_floor", skip_index)
    # ``SELECT *`` of the queries means the stored columns: a generated one is computed by the copy itself.
    columns = ", ".join(stored_columns(connection, table))
    rows_sql, before_sql = (
        q.replace("SELECT * ", f"SELECT {columns} ", 1) if q else q for q in (rows_sql, before_sql)
    )
    with connection.cursor() as cur:
        if before_sql:
            cur.execute(f"INSERT INTO bench_floor ({columns}) {before_sql}")
        settle(connection)
        if connection.vendor == "postgresql":
            buf = bytearray()
            with cur.copy(f"COPY ({rows_sql}) TO STDOUT") as cp:
                for chunk in cp:
                    buf += chunk
            t = time.perf_counter()
            with connection.cursor() as c2, c2.copy(f"COPY bench_floor ({columns}) FROM STDIN") as cp:
                cp.write(bytes(buf))
            seconds = time.perf_counter() - t
        else:
            t = time.perf_counter()
            cur.execute(f"INSERT INTO bench_floor ({columns}) {rows_sql}")
            seconds = time.perf_counter() - t
    drop_table(connection, "bench_floor")
    return seconds


def _fmt(seconds: float) -> str:
    return f"{seconds * 1000:.1f} ms" if seconds < 1 else f"{seconds:.2f} s"


@dataclass
class Figures:
    """A benchmark's figures: each an absolute time, optionally with the floor measured in the same run."""

    title: str
    connection: object = None
    rows: list[tuple[str, float, float | None, str]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    load_before: tuple[float, float, float] = field(default_factory=os.getloadavg)

    def add(self, label: str, seconds: float, floor: float | None = None, note: str = "") -> None:
        self.rows.append((label, seconds, floor, note))
        ratio = f" | floor {_fmt(floor)} | ratio {seconds / floor:.2f}x" if floor else ""
        print(f"  {label}: {_fmt(seconds)}{ratio}{' | ' + note if note else ''}", flush=True)

    def note(self, text: str) -> None:
        self.notes.append(text)
        print(f"  {text}", flush=True)

    def header(self) -> None:
        import polars as pl

        print(f"== {self.title}")
        print(
            f"date: {dt.datetime.now(dt.UTC):%Y-%m-%d %H:%M} UTC; machine: {_cpu_model()}, {os.cpu_count()} cores, "
            f"{_mem_total_gb():.0f} GB; Python {platform.python_version()}, polars {pl.__version__}"
        )
        print("load average before: " + ", ".join(f"{x:.2f}" for x in self.load_before))
        if self.connection is not None:
            print("database: " + "; ".join(f"{k}={v}" for k, v in database_settings(self.connection).items()))

    def footer(self) -> None:
        load = os.getloadavg()
        print("load average after: " + ", ".join(f"{x:.2f}" for x in load))
        client = client_peak_mb()
        server = server_peak_mb(self.connection) if self.connection is not None else 0.0
        total = f"; together {client + server:,.0f} MB" if server else ""
        print(f"peak memory: client {client:,.0f} MB; database backend {server:,.0f} MB{total}")


@contextlib.contextmanager
def recorded(script: str) -> Iterator[None]:
    """Prints the machine, load, database settings and durability before a benchmark's own output and
    the load and peak memory after it; SQLite flushes every commit (as PostgreSQL) meanwhile. Child
    processes a benchmark starts for itself (``--child``, ``--step``) print only their own result."""
    import sys

    os.environ["SQLITE_SYNCHRONOUS"] = "FULL"  # inherited by the child processes
    if any(a in ("--child", "--step") for a in sys.argv):
        yield
        return
    import django

    django.setup()
    from django.db import connection

    equal_durability(connection)
    fig = Figures(Path(script).stem, connection)
    fig.header()
    yield
    fig.footer()
