"""`lindung billing run|lapse`: one JSON object on stdout, or a non-zero exit with the Indonesian message."""

import datetime as dt
import io
import json

import pytest
from django.core.management import CommandError, call_command
from django.db import connections

from lindung.billing.management.commands.billing import Command
from lindung.billing.models import BillingRun, Invoice, InvoiceLine
from lindung.memberships.models import Membership
from tests.billing.conftest import people

D = dt.date
pytestmark = pytest.mark.django_db


def run_cli(*args) -> dict:
    out = io.StringIO()
    call_command("billing", *args, stdout=out)
    text = out.getvalue()
    assert text.count("\n") == 1  # exactly one JSON object, on one line
    return json.loads(text)


def test_run_prints_one_json_object_and_bills(world, lahat_bpu):
    people(lahat_bpu, 2)
    out = run_cli("run", "--period", "2026-05", "--program", "lahat-bpu")
    inv = Invoice.objects.get()
    assert out == {
        "period": "2026-05",
        "invoices": 1,
        "lines": 4,
        "total": 33_600,
        "programmes": [
            {
                "program": "lahat-bpu",
                "outcome": "done",
                "reason": "",
                "invoices": 1,
                "lines": 4,
                "total": 33_600,
                "invoice_numbers": [inv.number],
            }
        ],
    }
    assert (inv.period, inv.members, inv.total) == (D(2026, 5, 1), 2, 33_600)
    assert InvoiceLine.objects.count() == 4
    assert BillingRun.objects.get().run_by == world.admin  # the first active superuser
    # Again, for every programme: nothing new.
    again = run_cli("run", "--period", "2026-05")
    assert (again["invoices"], again["lines"], again["total"]) == (0, 0, 0)
    assert [(p["program"], p["outcome"]) for p in again["programmes"]] == [("lahat-bpu", "nothing")]
    assert InvoiceLine.objects.count() == 4


def test_run_as_named_user_bills_only_that_users_area(world, lahat_bpu, csr_bpu):
    people(lahat_bpu, 2)
    people(csr_bpu, 1, start=100)
    out = run_cli("run", "--period", "2026-06", "--user", "lahat_manager")
    # lahat-bpu: one invoice, 2 members x (JKK, JKM); csr-bpu: one invoice per share funder (70% / 30%), each
    # with the member's JKK and JKM lines, Rp8.400 after the 2026 discount.
    assert (out["invoices"], out["lines"], out["total"]) == (3, 4 + 2 * 2, 2 * 16_800 + 8_400)
    assert {p["program"]: p["outcome"] for p in out["programmes"]} == {"lahat-bpu": "done", "csr-bpu": "done"}
    assert BillingRun.objects.filter(run_by=world.lahat_manager).count() == 2
    # Sarolangun has no programme: nothing to bill there, and Lahat's programme is outside its area.
    assert run_cli("run", "--period", "2026-07", "--user", "sarolangun_manager")["invoices"] == 0
    with pytest.raises(CommandError, match="di luar wilayah kerja"):
        call_command(
            "billing", "run", "--period", "2026-07", "--program", "lahat-bpu", "--user", "sarolangun_manager"
        )
    assert not Invoice.objects.filter(period=D(2026, 7, 1)).exists()


def test_run_errors(world, lahat_bpu):
    people(lahat_bpu, 2)
    with pytest.raises(
        CommandError, match="Periode 'Mei 2026' tidak valid; tulis tahun dan bulan sebagai YYYY-MM"
    ):
        call_command("billing", "run", "--period", "Mei 2026")
    with pytest.raises(CommandError, match="Program 'tidak-ada' tidak ditemukan"):
        call_command("billing", "run", "--period", "2026-05", "--program", "tidak-ada")
    with pytest.raises(CommandError, match="sebelum program lahat-bpu mulai"):
        call_command("billing", "run", "--period", "2025-05", "--program", "lahat-bpu")
    with pytest.raises(CommandError, match="Pengguna tidak ditemukan"):
        call_command("billing", "run", "--period", "2026-05", "--user", "siapa")
    with pytest.raises(CommandError, match="Hanya manajer yang menjalankan penagihan"):
        call_command("billing", "run", "--period", "2026-05", "--user", "lahat_viewer")
    with pytest.raises(CommandError):
        call_command("billing", "run")  # --period is required
    assert Invoice.objects.count() == 0


def test_run_without_any_superuser_names_the_user_option(db):
    with pytest.raises(CommandError, match="sebutkan --user NAMA"):
        call_command("billing", "run", "--period", "2026-05")


def test_error_exits_non_zero_with_the_message_on_stderr(world, lahat_bpu, monkeypatch, capsys):
    # run_from_argv closes every connection afterwards; keep the test's transaction open.
    monkeypatch.setattr(connections, "close_all", lambda: None)
    with pytest.raises(SystemExit) as exit_info:
        Command().run_from_argv(["lindung", "billing", "run", "--period", "2026-13"])
    assert exit_info.value.code == 1
    err = capsys.readouterr().err
    assert "Periode '2026-13' tidak valid" in err
    assert Invoice.objects.count() == 0


def test_lapse_prints_the_result_and_lapses(world, lahat_bpu):
    members = people(lahat_bpu, 2)
    for m in (1, 2, 3, 4):
        run_cli("run", "--period", f"2026-{m:02d}", "--program", "lahat-bpu")
    # Two months past due (January and February): a warning, nobody lapses yet.
    out = run_cli("lapse", "--as-of", "2026-02-20")
    assert (out["lapsed"], out["reinstated"], out["warnings"]) == (0, 0, {"2": 2})
    assert out["programmes"] == [
        {
            "program": "lahat-bpu",
            "outcome": "nothing",
            "reason": "",
            "lapsed": 0,
            "reinstated": 0,
            "warnings": {"2": 2},
        }
    ]
    assert Membership.objects.filter(status="active").count() == 2
    out = run_cli("lapse", "--as-of", "2026-04-20", "--program", "lahat-bpu")
    assert (out["lapsed"], out["reinstated"], out["warnings"]) == (2, 0, {})
    assert [(p["program"], p["outcome"]) for p in out["programmes"]] == [("lahat-bpu", "done")]
    m = Membership.objects.get(pk=members[0].pk)
    assert (m.status, m.lapsed_on, m.end_date) == ("lapsed", D(2026, 4, 20), D(2025, 12, 31))


def test_lapse_errors(world, lahat_bpu):
    with pytest.raises(CommandError, match="Tanggal 'kemarin' tidak valid; tulis YYYY-MM-DD"):
        call_command("billing", "lapse", "--as-of", "kemarin")
    with pytest.raises(CommandError, match="tidak ditemukan"):
        call_command("billing", "lapse", "--program", "tidak-ada")
    with pytest.raises(CommandError, match="di luar wilayah kerja"):
        call_command("billing", "lapse", "--program", "lahat-bpu", "--user", "sarolangun_manager")
    with pytest.raises(CommandError, match="Hanya manajer yang memproses status tunggakan"):
        call_command("billing", "lapse", "--user", "desa_operator")
