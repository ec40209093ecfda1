"""The sample lists in examples/ are what `lindung examples` writes, and the importer finds the faults their
keys document."""

from __future__ import annotations

import datetime as dt
import io
import json
from pathlib import Path

import openpyxl
import pytest
from django.core.management import call_command

from lindung.accounts.services import organisation_create, user_create
from lindung.demo.examples import example_files
from lindung.enrolment.services import batch_accept, batch_submit, batch_upload, batch_verify, kpj_from_file
from lindung.programs.models import Programme, ProgrammeFunder
from tests.factories import PASSWORD

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


def _cells(data: bytes) -> list:
    wb = openpyxl.load_workbook(io.BytesIO(data))
    return [[(c.value, c.data_type) for c in row] for ws in wb for row in ws.iter_rows()]


def test_committed_examples_are_what_the_command_writes(tmp_path):
    call_command("examples", out=str(tmp_path))
    generated = {p.name: p.read_bytes() for p in tmp_path.iterdir()}
    assert generated.keys() == example_files().keys()
    for name, data in generated.items():
        committed = (EXAMPLES / name).read_bytes()
        if name.endswith(".xlsx"):  # compared cell by cell: the zip's compression may differ between zlibs
            assert _cells(committed) == _cells(data), name
        else:
            assert committed == data, name


def _programme(code: str, owner, region: str, group: str = "pekerja_rentan", **kw) -> Programme:
    p = Programme.objects.create(
        code=code,
        name=code,
        owner=owner,
        region_code=region,
        target_group=group,
        start_date=dt.date(2024, 7, 1),
        **kw,
    )
    ProgrammeFunder.objects.create(programme=p, kind="apbd_kab", share_percent=100)
    return p


def _operator(code: str, kind: str, area: str, **kw):
    org = organisation_create(actor=None, code=code, name=code, kind=kind, area_codes=[area], **kw)
    return user_create(
        actor=None, username=f"op-{code}", password=PASSWORD, organisation=org, role="operator"
    )


def _statuses(batch) -> dict[int, tuple[str, list[str]]]:
    return {r.row_no: (r.status, [m["code"] for m in r.messages]) for r in batch.row_set.all()}


@pytest.mark.django_db
@pytest.mark.parametrize(
    "filename, regency, kind",
    [("desa-lahat.xlsx", "16.04", "desa"), ("desa-sarolangun.xlsx", "15.03", "kelurahan")],
)
def test_village_examples_show_their_documented_faults(world, filename, regency, kind):
    key = json.loads((EXAMPLES / filename.replace(".xlsx", ".key.json")).read_text())
    operator = _operator(f"kantor-{kind}", kind, key["village"])
    programme = _programme(f"uji-{regency}", world.pemkab_lahat, regency)
    batch = batch_upload(
        actor=operator, programme=programme, filename=filename, data=(EXAMPLES / filename).read_bytes()
    )
    s = _statuses(batch)
    f = key["faults"]
    assert batch.rows == key["rows"] == 60
    assert s[f["nik_as_number_row"]][0] == "rejected" and "nik_excel_number" in s[f["nik_as_number_row"]][1]
    assert s[f["short_nik_row"]] == ("rejected", ["format"])
    first, again = f["duplicate_in_file_rows"]
    assert s[first][0] == "warning" and "duplicate_in_file_first" in s[first][1]
    assert s[again][0] == "rejected" and "duplicate_in_file" in s[again][1]
    assert s[f["nik_date_invalid_row"]][0] == "rejected" and "birth_date" in s[f["nik_date_invalid_row"]][1]
    for row in f["probable_duplicate_rows"]:
        assert "probable_duplicate" in s[row][1], row
    assert s[f["impossible_birth_date_row"]][0] == "rejected"
    assert "date_not_a_day" in s[f["impossible_birth_date_row"]][1]  # "does not exist", not "unreadable"
    assert s[f["outside_area_row"]][0] == "rejected" and "outside_programme" in s[f["outside_area_row"]][1]
    assert batch.rejected >= key["min_rejected"]
    # Every other row is acceptable: the faults are exactly the documented ones.
    faulty = {first, again, *f["probable_duplicate_rows"]} | {v for k, v in f.items() if isinstance(v, int)}
    assert all(s[n][0] == "valid" for n in s if n not in faulty), {
        n: s[n] for n in s if n not in faulty and s[n][0] != "valid"
    }


@pytest.mark.django_db
def test_the_staffing_office_csv_is_read_whole(world):
    operator = _operator("disnaker-uji", "opd", "16.05", opd_kind="disnaker")
    programme = _programme("uji-non-asn", operator.organisation, "16.05", group="non_asn", segment="PU")
    data = (EXAMPLES / "non-asn-musi-rawas.csv").read_bytes()
    data.decode("cp1252")  # Windows-1252, as Excel saves a CSV
    batch = batch_upload(actor=operator, programme=programme, filename="non-asn-musi-rawas.csv", data=data)
    assert (batch.rows, batch.rejected) == (200, 0), _statuses(batch)
    incomes = set(batch.row_set.values_list("monthly_income", flat=True))
    assert incomes <= {1_200_000, 1_500_000, 1_850_000, 2_000_000} and len(incomes) > 1
    assert batch.row_set.filter(full_name__contains="Ma\u2019ruf").exists()


@pytest.mark.django_db
def test_the_branch_response_example_accepts_all_but_two_rows_and_lists_a_stranger(world):
    """examples/balasan-bpjs-desa-lahat.csv answers desa-lahat.xlsx: partial acceptance as the README tells."""
    key = json.loads((EXAMPLES / "balasan-bpjs-desa-lahat.key.json").read_text())
    operator = _operator("kantor-desa", "desa", "16.04.21.2008")
    programme = _programme("uji-16.04", world.pemkab_lahat, "16.04")
    batch = batch_upload(
        actor=operator,
        programme=programme,
        filename="desa-lahat.xlsx",
        data=(EXAMPLES / "desa-lahat.xlsx").read_bytes(),
    )
    batch_submit(actor=operator, batch=batch)
    submitted = batch.accepted_rows
    batch_verify(actor=world.lahat_manager, batch=batch)
    response = kpj_from_file(
        data=(EXAMPLES / "balasan-bpjs-desa-lahat.csv").read_bytes(), filename="balasan-bpjs-desa-lahat.csv"
    )
    result = batch_accept(actor=world.lahat_bpjs, batch=batch, kpj=response)
    assert (result.accepted, result.returned) == (submitted - 2, 2)
    assert [row for row, _nik in result.unknown] == [key["unknown_response_row"]]
    returned = dict(batch.row_set.filter(status="returned").values_list("row_no", "return_reason"))
    assert returned == {
        key["no_kpj_row"]: key["no_kpj_reason"],
        key["left_out_row"]: "Tidak tercantum dalam berkas balasan BPJS.",
    }
