"""Exports: no cell can start a formula in any spreadsheet locale, and every download is in the export log."""

from __future__ import annotations

import csv
import io

import openpyxl
import pytest
from django.test import Client
from django.urls import reverse

from lindung.accounts.services import user_create
from lindung.audit.models import ExportLog
from lindung.core.exports import safe_cell
from lindung.core.formatting import mask_nik
from tests.factories import PASSWORD
from tests.helpers import enrol, make_person, make_programme

pytestmark = pytest.mark.django_db

HOSTILE = [
    "Budi;=cmd|' /C calc'!A0",
    '=HYPERLINK("http://contoh.invalid","klik")',
    "@SUM(1+1)",
    "-2+3",
    "+62 812 0000",
    "\t=1+1",
    "Ani, =1+1",
    'Ani;"=1+1"',
    "Ani; -1",
    "Ani\r=1",
    "Ani\n@x",
    "Jl. Merdeka;+1,@2",
]
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
SEPARATORS = [",", ";", "\t"]


def split_like_a_spreadsheet(line: str, sep: str) -> list[str]:
    """How Excel reads a line with list separator ``sep``: a cell is quoted only when it starts with a quote;
    after the closing quote, text up to the next separator is appended as it is."""
    cells, i, n = [], 0, len(line)
    while True:
        cell = ""
        if i < n and line[i] == '"':
            i += 1
            while i < n:
                if line[i] == '"':
                    if i + 1 < n and line[i + 1] == '"':
                        cell, i = cell + '"', i + 2
                        continue
                    i += 1
                    break
                cell, i = cell + line[i], i + 1
        while i < n and line[i] != sep:
            cell, i = cell + line[i], i + 1
        cells.append(cell)
        if i >= n:
            return cells
        i += 1


def formula_cells(text: str) -> list[str]:
    """Every cell that starts a formula when ``text`` is opened with any common list separator."""
    found = []
    for sep in SEPARATORS:
        for line in text.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n").split("\n"):
            found += [
                cell
                for cell in split_like_a_spreadsheet(line, sep)
                if cell.lstrip(" ").startswith(FORMULA_START)
            ]
    return found


def test_the_spreadsheet_reader_sees_the_attack_of_the_issue():
    """Quoting alone does not help: with ';' as list separator the second half becomes a formula cell."""
    plain = io.StringIO()
    csv.writer(plain, quoting=csv.QUOTE_ALL).writerow(["1604********0002", "Budi;=cmd|' /C calc'!A0"])
    assert [cell[:4] for cell in formula_cells(plain.getvalue())] == ["=cmd"]
    safe = io.StringIO()
    csv.writer(safe, quoting=csv.QUOTE_ALL).writerow([safe_cell(v) for v in ["x", "Budi;=cmd|' /C calc'!A0"]])
    assert formula_cells(safe.getvalue()) == []


@pytest.mark.parametrize("value", HOSTILE)
def test_safe_cell_neutralises_every_segment(value):
    cell = safe_cell(value)
    segments = [cell]
    for sep in (",", ";", "\t", "\r", "\n"):
        segments = [part for s in segments for part in s.split(sep)]
    assert not [s for s in segments if s.lstrip(' "').startswith(FORMULA_START)]
    assert cell.replace("'", "") == value.replace("'", "")  # only apostrophes were added


@pytest.fixture
def hostile_people(world):
    programme = make_programme("lahat-uji", world.pemkab_lahat, "16.04")
    for i, value in enumerate(HOSTILE, start=1):
        person = make_person(
            f"16042165129{i:05d}", value, "16.04.21.2008", occupation=value, phone=value[:20]
        )
        enrol(person, programme)
    return programme


def test_csv_exports_have_no_formula_cell_in_any_locale(world, hostile_people, client_for):
    c = client_for(world.lahat_manager)
    for url in (
        reverse("registry:person_export"),
        reverse("memberships:participants_csv", args=["lahat-uji"]),
    ):
        resp = c.get(url)
        text = b"".join(resp.streaming_content).decode("utf-8")
        assert text.count("Budi;'=cmd") >= 1  # the value is there, neutralised
        assert formula_cells(text) == [], url
        rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff"))))
        assert len(rows) == len(HOSTILE) + 1  # one header, one row per person: nothing split or lost


def test_xlsx_export_has_no_formula_cell(world, hostile_people, client_for):
    resp = client_for(world.lahat_manager).get(reverse("memberships:participants_xlsx", args=["lahat-uji"]))
    ws = openpyxl.load_workbook(io.BytesIO(resp.content))["Peserta"]
    cells = [cell for row in ws.iter_rows() for cell in row if cell.value is not None]
    assert not [c.coordinate for c in cells if c.data_type == "f"]
    assert not [c.value for c in cells if str(c.value).lstrip(" ").startswith(FORMULA_START)]
    names = {row[1] for row in ws.iter_rows(min_row=2, values_only=True)}
    assert "Budi;'=cmd|' /C calc'!A0" in names and len(names) == len(HOSTILE)


# --- the export log -------------------------------------------------------------------------------------


def test_every_download_is_logged_with_filters_and_rows(world, hostile_people, client_for):
    c = client_for(world.lahat_manager)
    resp = c.get(reverse("registry:person_export"), {"q": "Ani", "region": "16.04.21.2008"})
    log = ExportLog.objects.get()
    assert log.rows is None  # the log is written when the download starts ...
    body = b"".join(resp.streaming_content).decode()
    log.refresh_from_db()
    assert len(list(csv.reader(io.StringIO(body)))) - 1 == log.rows == 5  # ... its rows when the last is out
    assert (log.actor, log.actor_name, log.organisation) == (
        world.lahat_manager,
        "lahat_manager",
        "Pemerintah Kabupaten Lahat",
    )
    assert log.area == ["16.04"]
    assert (log.export, log.path, log.filename, log.file_format) == (
        "registry:person_export",
        "/orang/ekspor.csv",
        "orang.csv",
        "csv",
    )
    assert log.filters == {"q": "Ani", "region": "16.04.21.2008"}

    c.get(reverse("memberships:participants_xlsx", args=["lahat-uji"]))
    xlsx = ExportLog.objects.first()
    assert (xlsx.export, xlsx.file_format, xlsx.rows) == (
        "memberships:participants_xlsx",
        "xlsx",
        len(HOSTILE),
    )
    assert xlsx.filters == {"code": "lahat-uji"}
    c.get(reverse("memberships:cards_pdf", args=["lahat-uji", "16.04.21.2008"]))
    pdf = ExportLog.objects.first()
    assert (pdf.file_format, pdf.rows, pdf.filters) == (
        "pdf",
        None,
        {"code": "lahat-uji", "village": "16.04.21.2008"},
    )


def test_a_nik_searched_for_is_logged_masked(world, hostile_people, client_for):
    nik = "1604216512900001"
    b"".join(
        client_for(world.lahat_manager).get(reverse("registry:person_export"), {"q": nik}).streaming_content
    )
    log = ExportLog.objects.get()
    assert nik not in str(log.filters)
    assert log.filters == {"q": mask_nik(nik)}


def test_refused_or_anonymous_downloads_are_not_logged(world, hostile_people, client_for):
    url = reverse("memberships:participants_csv", args=["lahat-uji"])
    assert client_for(world.sarolangun_manager).get(url).status_code == 404
    assert Client().get(url).status_code == 302
    assert not ExportLog.objects.exists()


def test_export_log_page_for_admins_only(world, hostile_people, client_for):
    b"".join(client_for(world.lahat_manager).get(reverse("registry:person_export")).streaming_content)
    b"".join(client_for(world.sarolangun_manager).get(reverse("registry:person_export")).streaming_content)
    url = reverse("export_log")

    page = client_for(world.admin).get(url).content.decode()  # the national admin sees everything
    assert "lahat_manager" in page and "sarolangun_manager" in page and "orang.csv" in page
    assert "registry:person_export" in page

    lahat_admin = user_create(
        actor=None, username="lahat_admin", password=PASSWORD, organisation=world.pemkab_lahat, role="admin"
    )
    page = client_for(lahat_admin).get(url).content.decode()  # an organisation's admin sees its own users
    assert "lahat_manager" in page and "sarolangun_manager" not in page
    filtered = client_for(world.admin).get(url, {"pengguna": "saro"}).content.decode()
    assert "sarolangun_manager" in filtered and "lahat_manager" not in filtered

    for user in (world.lahat_manager, world.desa_operator, world.lahat_viewer):
        assert client_for(user).get(url).status_code == 404
    english = client_for(world.admin).get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Data export log" in english
