"""Runs over all programmes (billing, lapse, late fees) touch only the programmes the actor runs: inside
the actor's area and running that month; each programme is its own transaction and the report says, per
programme, what was done, what failed and what was skipped, and why."""

import datetime as dt
import io
import json

import pytest
from django.core.management import call_command
from django.urls import reverse

from lindung.billing import selectors, services
from lindung.billing.models import BillingRun, Invoice
from lindung.memberships.models import Membership
from lindung.programs.models import Programme
from tests.billing.conftest import people, post_confirmed
from tests.helpers import api_client, make_programme

D = dt.date
MUSI_RAWAS_DESA = "16.05.01.2001"
pytestmark = pytest.mark.django_db


@pytest.fixture
def province_bpu(world):
    """A Sumatera Selatan programme (region 16): Lahat sees it, but it is the province's to run."""
    p = make_programme("sumsel-bpu", world.national, "16", start_date=D(2026, 1, 1), name="Program Provinsi")
    people(p, 2, village=MUSI_RAWAS_DESA, start=500)
    return p


def outcomes(result) -> dict[str, tuple[str, str]]:
    return {p.code: (p.outcome, p.reason) for p in result.programmes}


def test_programmes_to_run_are_inside_the_area_and_running_that_month(world, lahat_bpu, province_bpu):
    draft = make_programme("lahat-draf", world.pemkab_lahat, "16.04", status=Programme.Status.DRAFT)
    later = make_programme("lahat-nanti", world.pemkab_lahat, "16.04", start_date=D(2026, 6, 1))
    ended = make_programme(
        "lahat-lama", world.pemkab_lahat, "16.04", start_date=D(2024, 1, 1), end_date=D(2025, 12, 31)
    )
    plan = selectors.run_plan(user=world.lahat_manager, period=D(2026, 3, 15))
    assert [p.code for p in plan.to_run] == ["lahat-bpu"]
    assert {n.programme.code: n.code for n in plan.not_run} == {
        province_bpu.code: "outside_area",
        draft.code: "draft",
        later.code: "not_started",
        ended.code: "ended",
    }
    assert selectors.programmes_to_run(user=world.lahat_manager, period=D(2026, 6, 1)) == [lahat_bpu, later]
    # The province runs its own programme; the system (no user) runs everything running that month.
    assert province_bpu in selectors.programmes_to_run(user=world.admin, period=D(2026, 3, 1))
    assert {p.code for p in selectors.programmes_to_run(user=None, period=D(2026, 3, 1))} == {
        "lahat-bpu",
        "sumsel-bpu",
    }


def test_bill_all_skips_a_province_programme_and_goes_on_after_a_failure(world, lahat_bpu, province_bpu):
    people(lahat_bpu, 2)
    broken = make_programme(
        "lahat-rusak", world.pemkab_lahat, "16.04", start_date=D(2026, 1, 1), name="A rusak"
    )
    broken.funders.update(share_percent=60)  # shares do not add up to 100%: billing refuses it
    people(broken, 1, start=300)
    result = services.billing_run_all(actor=world.lahat_manager, period=D(2026, 3, 1))
    report = outcomes(result)
    assert report["lahat-bpu"][0] == "done"
    assert report["lahat-rusak"] == (
        "failed",
        "Porsi penyandang dana tidak berjumlah 100%; perbaiki pembagian pada halaman program.",
    )
    assert (
        report["sumsel-bpu"][0] == "skipped"
        and "lebih luas dari wilayah kerja Anda" in report["sumsel-bpu"][1]
    )
    # The failure came first (programmes in name order) and did not stop the run; it wrote nothing.
    assert [p.code for p in result.programmes][:2] == ["lahat-rusak", "lahat-bpu"]
    assert list(Invoice.objects.values_list("programme__code", flat=True)) == ["lahat-bpu"]
    assert not BillingRun.objects.filter(programme=broken).exists()
    assert (result.invoices, result.lines, result.total) == (1, 4, 33_600)
    billed = next(p for p in result.programmes if p.code == "lahat-bpu")
    assert billed.figures["invoice_numbers"] == [Invoice.objects.get().number]


def test_lapse_run_of_a_regency_leaves_the_province_programme_alone(world, lahat_bpu, province_bpu):
    for m in (1, 2, 3, 4):
        services.billing_run(actor=world.admin, programme=province_bpu, period=D(2026, m, 1))
    result = services.lapse_run(actor=world.lahat_manager, as_of=D(2026, 4, 20))
    assert result.lapsed == 0
    assert outcomes(result)["sumsel-bpu"][0] == "skipped"
    assert Membership.objects.filter(programme=province_bpu, status=Membership.Status.ACTIVE).count() == 2
    province = services.lapse_run(actor=world.admin, as_of=D(2026, 4, 20))
    assert province.lapsed == 2 and outcomes(province)["sumsel-bpu"][0] == "done"


def test_late_fee_run_of_a_regency_charges_nothing_on_a_province_programme(world):
    pu = make_programme(
        "sumsel-pu",
        world.national,
        "16",
        segment="PU",
        wage_basis="wage",
        wage=3_000_000,
        risk_class=1,
        start_date=D(2026, 1, 1),
    )
    # Paid by an employer that is not a state body (a Pemprov paying from APBD would owe no late fee).
    pu.funders.update(kind="employer", name="PT Contoh Kerja")
    people(pu, 1, village=MUSI_RAWAS_DESA)
    services.billing_run(actor=world.admin, programme=pu, period=D(2026, 1, 1))
    result = services.late_fee_run(actor=world.lahat_manager, as_of=D(2026, 5, 1))
    assert result.invoices == 0 and outcomes(result)["sumsel-pu"][0] == "skipped"
    assert not Invoice.objects.filter(kind=Invoice.Kind.LATE_FEE).exists()
    assert services.late_fee_run(actor=world.admin, as_of=D(2026, 5, 1)).invoices == 3


def test_the_billing_page_shows_what_was_billed_failed_and_skipped(
    world, client_for, lahat_bpu, province_bpu
):
    people(lahat_bpu, 2)
    c = client_for(world.lahat_manager)
    page = post_confirmed(c, reverse("billing:run"), {"period": "2026-03", "program": ""}).content.decode()
    assert 'id="run-report"' in page
    assert 'data-program="lahat-bpu" data-outcome="done"' in page
    assert f"1 tagihan ({Invoice.objects.get().number}), 4 rincian, jumlah Rp33.600." in page
    assert 'data-program="sumsel-bpu" data-outcome="skipped"' in page
    # Shown once: the next visit has no report.
    assert 'id="run-report"' not in c.get(reverse("billing:home")).content.decode()
    english = post_confirmed(
        c, reverse("billing:run"), {"period": "2026-03", "program": ""}, HTTP_ACCEPT_LANGUAGE="en"
    ).content.decode()
    assert "Nothing to bill" in english and "Skipped" in english


def test_the_arrears_page_reports_lapse_and_late_fee_runs_per_programme(
    world, client_for, lahat_bpu, province_bpu
):
    people(lahat_bpu, 1)
    services.billing_run(actor=world.lahat_manager, programme=lahat_bpu, period=D(2026, 1, 1))
    c = client_for(world.lahat_manager)
    page = c.post(reverse("billing:lapse_run"), follow=True).content.decode()
    assert 'data-program="lahat-bpu"' in page and 'data-program="sumsel-bpu" data-outcome="skipped"' in page
    page = post_confirmed(c, reverse("billing:late_fee_run")).content.decode()
    assert "Tidak ada denda baru." in page  # BPU pays no late fee


def test_cli_and_api_list_each_programme(world, lahat_bpu, province_bpu):
    people(lahat_bpu, 1)
    out = io.StringIO()
    call_command("billing", "run", "--period", "2026-02", "--user", "lahat_manager", stdout=out)
    report = {p["program"]: p for p in json.loads(out.getvalue())["programmes"]}
    assert report["lahat-bpu"]["outcome"] == "done" and report["lahat-bpu"]["lines"] == 2
    assert report["sumsel-bpu"]["outcome"] == "skipped" and report["sumsel-bpu"]["invoices"] == 0
    r = api_client(world.lahat_manager).post(
        "/api/v1/billing/late-fees", data={"as_of": "2026-06-01"}, content_type="application/json"
    )
    assert {p["program"]: p["outcome"] for p in r.json()["programmes"]} == {
        "lahat-bpu": "nothing",
        "sumsel-bpu": "skipped",
    }
