"""Benchmark: the worst in-limits uploads (issue 14, "one in-limits upload killed the server").

    LINDUNG_ENV=dev .venv/bin/python bench/enrol_worst_case.py
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/lindung_enrol_bench LINDUNG_ENV=dev .venv/bin/python bench/enrol_worst_case.py

Cases, each uploaded by a fresh process (so its peak memory is its own) through ``batch_upload`` (read,
check, store the rows), then its row report written (``report_xlsx``):

- ``template-xlsx``: the upload template's example row copied down to the row limit (1.000.000 rows) the way
  Excel's fill handle does it: the NIK counts up, everything else is the same. Every row is then a probable
  duplicate of every other (same name, birth date and village, another NIK): one group of a million rows.
  Written with inline strings (the largest a workbook of these rows gets once unzipped).
- ``template-csv``: the same rows as a CSV. Counting up, most NIKs soon name an impossible birth date (the
  digits after the serial are the date): those rows are rejected, the others form the group.
- ``group-csv``: the same row with a million valid, different NIKs (districts of Sumatera Selatan times
  serials): one probable-duplicate group of a million rows, the largest the messages get.
- ``neardup-csv``: 560.000 rows of near-duplicates, each NIK one digit away from the previous one, every
  other column the same (the 59 MB file of issue 14).
- ``zip-bomb``: a 1,67 MB workbook that expands to 572 MB (refused: time to refusal).
- ``wide-csv``: a CSV whose header line has a million columns (refused: time to refusal).

Uses a scratch database (migrates it, loads regions, removes its own batches before each case).
"""

from __future__ import annotations

import argparse
import io
import json
import os
import platform
import resource
import subprocess
import sys
import time
import zipfile
from pathlib import Path

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lindung.settings")
os.environ.setdefault("LINDUNG_ENV", "dev")
os.environ["TASKS_BACKEND"] = "django_tasks_db.DatabaseBackend"  # queued, not run: this script is the worker

# This run's own directory (made by the parent process, handed to each case's process, removed at the end).
OUT = Path(os.environ.get("LINDUNG_BENCH_DIR") or ".")
VILLAGE = "16.04.21.2008"
TEMPLATE_ROW = [
    "1604216512900001",
    "SITI AMINAH",
    "LAHAT",
    "25/12/1990",
    "P",
    VILLAGE,
    "Dusun 2 RT 003",
    "081234567890",
    "PETANI",
    "1000000",
]
HEADER = [
    "NIK",
    "Nama Lengkap",
    "Tempat Lahir",
    "Tanggal Lahir",
    "Jenis Kelamin (L/P)",
    "Kode Desa",
    "Alamat",
    "No. HP",
    "Pekerjaan",
    "Penghasilan per Bulan",
]
CASES = ["template-xlsx", "template-csv", "group-csv", "neardup-csv", "zip-bomb", "wide-csv"]


def _rows(n: int):
    base = int(TEMPLATE_ROW[0])
    for i in range(n):
        yield [str(base + i), *TEMPLATE_ROW[1:]]


def make_file(case: str, rows: int) -> Path:
    OUT.mkdir(parents=True, exist_ok=True)
    if case == "template-xlsx":
        path = OUT / f"template-{rows}.xlsx"
        if not path.exists():
            import xlsxwriter

            wb = xlsxwriter.Workbook(str(path), {"constant_memory": True})
            ws = wb.add_worksheet("Data")
            for c, h in enumerate(HEADER):
                ws.write_string(0, c, h)
            for r, row in enumerate(_rows(rows), start=1):
                for c, v in enumerate(row):
                    ws.write_string(r, c, v)
            wb.close()
    elif case == "template-csv":
        path = OUT / f"template-{rows}.csv"
        if not path.exists():
            with path.open("w", encoding="utf-8") as fh:
                fh.write(";".join(HEADER) + "\n")
                for row in _rows(rows):
                    fh.write(";".join(row) + "\n")
    elif case == "group-csv":
        path = OUT / f"group-{rows}.csv"
        # Every NIK valid (districts of Sumatera Selatan times serials): one group of them all.
        if not path.exists():
            from lindung.regions.models import Region

            districts = list(
                Region.objects.filter(level=3, code__startswith="16.")
                .order_by("code")
                .values_list("code", flat=True)
            )
            with path.open("w", encoding="utf-8") as fh:
                fh.write(";".join(HEADER) + "\n")
                for i, row in enumerate(_rows(rows)):
                    district = districts[i // 9999].replace(".", "")
                    fh.write(";".join([f"{district}651290{i % 9999 + 1:04d}", *row[1:]]) + "\n")
    elif case == "neardup-csv":
        n = min(rows, 560_000)
        path = OUT / f"neardup-{n}.csv"
        # 105 bytes a row: 59 MB, as in issue 14.
        if not path.exists():
            with path.open("w", encoding="utf-8") as fh:
                fh.write(";".join(HEADER) + "\n")
                for row in _rows(n):
                    fh.write(";".join(row) + "\n")
    elif case == "zip-bomb":
        path = OUT / "bomb.xlsx"
        # Written in pieces: the parent's memory stays small (its children inherit its peak).
        if not path.exists():
            cell = b'<row r="1"><c r="A1" t="inlineStr"><is><t>0</t></is></c></row>' * 1024
            with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as z:
                z.writestr("[Content_Types].xml", "<Types/>")
                z.writestr("xl/workbook.xml", "<workbook/>")
                with z.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as fh:
                    fh.write(b"<worksheet><sheetData>")
                    for _ in range(572 * 1024 * 1024 // len(cell)):
                        fh.write(cell)
                    fh.write(b"</sheetData></worksheet>")
    elif case == "wide-csv":
        path = OUT / "wide.csv"
        if not path.exists():
            path.write_text(
                "NIK;Nama;" + ";".join(f"k{i}" for i in range(1_000_000)) + "\n" + "1604216512900001;SITI\n"
            )
    else:
        raise SystemExit(f"unknown case {case}")
    return path


def setup():
    import datetime as dt

    import django

    django.setup()
    from django.core.management import call_command

    from lindung.accounts.models import Organisation, User
    from lindung.programs.models import Programme, ProgrammeFunder
    from lindung.regions.models import Region
    from lindung.regions.services import regions_load

    call_command("migrate", verbosity=0)
    if Region.objects.count() < 91_000:
        regions_load()
    org, _ = Organisation.objects.get_or_create(
        code="bench", defaults={"name": "Bench", "kind": "sistem", "is_national": True}
    )
    user, _ = User.objects.get_or_create(
        username="bench", defaults={"organisation": org, "role": "admin", "is_superuser": True}
    )
    prog, created = Programme.objects.get_or_create(
        code="bench-worst",
        defaults=dict(
            name="Bench worst case",
            owner=org,
            region_code="16.04",
            target_group="pekerja_rentan",
            start_date=dt.date(2025, 1, 1),
            max_age=70,
        ),
    )
    if created:
        ProgrammeFunder.objects.create(programme=prog, kind="apbd_kab", share_percent=100)
    return user, prog


def clean(prog) -> None:
    from django.db import connection

    with connection.cursor() as cur:  # plain deletes: the ORM collector would load a million rows
        cur.execute(
            "DELETE FROM enrolment_batchrow WHERE batch_id IN (SELECT id FROM enrolment_batch WHERE programme_id = %s)",
            [prog.pk],
        )
        cur.execute("DELETE FROM enrolment_batch WHERE programme_id = %s", [prog.pk])
        if connection.vendor == "postgresql":
            cur.execute("VACUUM ANALYZE enrolment_batchrow")


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def run_case(case: str, path: Path) -> dict:
    """In a fresh process: upload, then the report."""
    user, prog = setup()
    from django.db import connection

    from lindung.core.errors import ApplicationError
    from lindung.core.exports import csv_response
    from lindung.enrolment.exports import REPORT_COLUMNS, REPORT_XLSX_MAX_ROWS, report_rows, report_xlsx
    from lindung.enrolment.services import batch_process, batch_upload

    data = path.read_bytes()
    out = {"case": case, "file_mb": round(len(data) / 1e6, 2), "start_rss_mb": round(peak_mb())}
    t0 = time.perf_counter()
    try:
        # As the site does with a large file: stored and queued by the request, then checked by the worker
        # (here, in this process, after the request's copy of the file is gone).
        batch = batch_upload(actor=user, programme=prog, filename=path.name, data=data, background=True)
        del data
        batch_process(batch_id=batch.pk)
        batch.refresh_from_db()
        if batch.status == batch.Status.FAILED:
            raise ApplicationError(batch.error_message, code="failed")
    except ApplicationError as exc:
        out.update(
            refused=exc.message, seconds=round(time.perf_counter() - t0, 2), peak_rss_mb=round(peak_mb())
        )
        return out
    out["upload_s"] = round(time.perf_counter() - t0, 1)
    out["upload_peak_rss_mb"] = round(peak_mb())
    with connection.cursor() as cur:
        cur.execute(
            "SELECT COUNT(*), SUM(LENGTH(CAST(messages AS TEXT))), MAX(LENGTH(CAST(messages AS TEXT)))"
            " FROM enrolment_batchrow WHERE batch_id = %s",
            [batch.pk],
        )
        rows, total, longest = cur.fetchone()
    out.update(
        rows=rows,
        valid=batch.valid,
        warnings=batch.warnings,
        rejected=batch.rejected,
        probable_duplicates=batch.probable_duplicates,
        messages_mb=round((total or 0) / 1e6, 1),
        longest_row_messages=longest,
    )
    t1 = time.perf_counter()
    if batch.rows > REPORT_XLSX_MAX_ROWS:  # as the report page does: a streamed CSV
        size = 0
        response = csv_response(filename="r.csv", header=REPORT_COLUMNS, rows=report_rows(batch, mask=True))
        for chunk in response.streaming_content:
            size += len(chunk)
        out["report"] = "csv"
    else:
        fh = report_xlsx(batch, mask=True)
        size = fh.seek(0, io.SEEK_END)
        fh.close()
        out["report"] = "xlsx"
    out["report_mb"] = round(size / 1e6, 1)
    out["report_s"] = round(time.perf_counter() - t1, 1)
    out["peak_rss_mb"] = round(peak_mb())
    return out


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--rows", type=int, default=1_000_000)
    ap.add_argument("--case", choices=CASES, action="append")
    ap.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = ap.parse_args()
    cases = args.case or CASES
    if args.child:
        print(json.dumps(run_case(cases[0], make_file(cases[0], args.rows))), flush=True)
        return
    global OUT
    import shutil
    import tempfile

    OUT = Path(tempfile.mkdtemp(prefix="lindung-bench-worst-"))
    os.environ["LINDUNG_BENCH_DIR"] = str(OUT)
    try:
        _parent(args, cases)
    finally:
        shutil.rmtree(OUT, ignore_errors=True)


def _parent(args, cases) -> None:
    _user, prog = setup()
    from django.db import connection

    print(f"machine: {platform.machine()}, {os.cpu_count()} cores; database: {connection.vendor}")
    for case in cases:
        make_file(case, args.rows)  # outside the measured process
        clean(prog)
        connection.close()
        proc = subprocess.run(
            [sys.executable, __file__, "--child", "--case", case, "--rows", str(args.rows)],
            capture_output=True,
            text=True,
            check=False,
        )
        line = proc.stdout.strip().splitlines()[-1] if proc.stdout.strip() else ""
        if proc.returncode or not line.startswith("{"):
            print(f"{case}: failed ({proc.returncode})\n{proc.stderr[-3000:]}")
            continue
        print(line, flush=True)
    clean(prog)


if __name__ == "__main__":
    from common import recorded

    with recorded(__file__):
        main()
