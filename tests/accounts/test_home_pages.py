"""Each duty's home page, task first (issue 13), as that duty and as an outsider; and the defaults that fit
the user: their programme on the upload form, the next unbilled month, the budget years with data."""

import datetime as dt
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from lindung.accounts.services import organisation_create, user_create
from lindung.billing import services
from lindung.enrolment.models import Batch
from lindung.programs.models import Programme, VillageQuota
from tests.billing.conftest import people
from tests.factories import LAHAT_DESA, PASSWORD, SAROLANGUN
from tests.helpers import make_programme

D = dt.date
pytestmark = pytest.mark.django_db
SARO_DESA = "15.03.01.2001"


def _batch(programme, org, user, status, days=0, **kw):
    b = Batch.objects.create(
        programme=programme,
        organisation=org,
        region_code=LAHAT_DESA if programme.region_code == "16.04" else SARO_DESA,
        status=status,
        filename=f"daftar-{status}.xlsx",
        content_hash=f"hash-{status}-{days}",
        created_by=user,
        rows=kw.pop("rows", 10),
        **kw,
    )
    moment = timezone.now() - dt.timedelta(days=days)
    Batch.objects.filter(pk=b.pk).update(submitted_at=moment, verified_at=moment)
    return b


@pytest.fixture
def town(world):
    """Lahat: a BPU programme with a quota of 10 in the village and 4 members, billed for January; a list
    returned to the village, one waiting for verification (5 days), one for the BPJS branch (2 days).
    Sarolangun: a programme of its own with a list waiting for verification (must never show in Lahat)."""
    lahat = make_programme(
        "lahat-bpu", world.pemkab_lahat, "16.04", start_date=D(2026, 1, 1), name="BPU Lahat"
    )
    VillageQuota.objects.create(programme=lahat, region_code=LAHAT_DESA, quota=10)
    people(lahat, 4)
    services.billing_run(actor=world.lahat_manager, programme=lahat, period=D(2026, 1, 1))
    saro = make_programme(
        "saro-bpu", world.pemkab_sarolangun, SAROLANGUN, start_date=D(2026, 1, 1), name="BPU Sarolangun"
    )
    returned = _batch(
        lahat, world.desa, world.desa_operator, "draft", rejection_reason="NIK baris 3 salah", rejected=3
    )
    waiting = _batch(lahat, world.desa, world.desa_operator, "submitted", days=5, rows=60)
    verified = _batch(lahat, world.desa, world.desa_operator, "verified", days=2, rows=58)
    _batch(saro, world.pemkab_sarolangun, world.sarolangun_manager, "submitted", days=40)
    return {"lahat": lahat, "saro": saro, "returned": returned, "waiting": waiting, "verified": verified}


def _home(client_for, user) -> str:
    resp = client_for(user).get("/")
    assert resp.status_code == 200
    return resp.content.decode()


def test_the_village_operator_sees_lists_to_fix_places_left_and_cards(world, client_for, town):
    page = _home(client_for, world.desa_operator)
    assert 'id="home-to-fix"' in page and "NIK baris 3 salah" in page
    assert f'href="/pendaftaran/{town["returned"].pk}/?status=rejected"' in page
    assert 'id="home-my-lists"' in page and page.count("<tr data-batch=") == 3
    places = re.search(r'<tr data-program="lahat-bpu">(.*?)</tr>', page, re.S).group(1)
    # quota 10, 4 members hold a place: 6 left, 4 cards to print for the village
    assert re.findall(r'<td class="num">(?:<strong>)?([\d.]+)', places) == ["10", "4", "6"]
    assert (
        reverse("memberships:cards_pdf", args=["lahat-bpu", LAHAT_DESA]) in page and "Cetak 4 kartu" in page
    )
    assert "saro-bpu" not in page and "BPU Sarolangun" not in page
    assert 'id="home-queues"' not in page and 'id="home-budget"' not in page and 'id="national"' not in page


def test_rows_returned_after_acceptance_are_on_the_village_home(world, client_for, town):
    accepted = _batch(town["lahat"], world.desa, world.desa_operator, "accepted", rows=60)
    Batch.objects.filter(pk=accepted.pk).update(returned=2)
    page = _home(client_for, world.desa_operator)
    to_fix = page[page.index('id="home-to-fix"') : page.index('id="home-my-lists"')]
    assert "2 baris dikembalikan di daftar BPU Lahat" in to_fix
    assert f'href="/pendaftaran/{accepted.pk}/?status=returned"' in to_fix


def test_the_verifier_and_the_branch_see_their_queues_with_the_oldest(world, client_for, town):
    page = _home(client_for, world.lahat_manager)
    verify = re.search(r'<li id="queue-verify">(.*?)</li>', page, re.S).group(1)
    assert '<span class="count">1</span>' in verify and "60 baris" in verify and "tertua 5 hari" in verify
    assert reverse("enrolment:batch_detail", args=[town["waiting"].pk]) in verify
    assert 'id="queue-accept"' not in page
    branch = _home(client_for, world.lahat_bpjs)
    accept = re.search(r'<li id="queue-accept">(.*?)</li>', branch, re.S).group(1)
    assert '<span class="count">1</span>' in accept and "58 baris" in accept and "tertua 2 hari" in accept
    assert 'id="queue-verify"' not in branch and 'id="home-budget"' not in branch
    # Sarolangun's manager: its own list (40 days), nothing of Lahat's
    outsider = _home(client_for, world.sarolangun_manager)
    assert "tertua 40 hari" in outsider and "BPU Lahat" not in outsider and "lahat-bpu" not in outsider


def test_the_manager_sees_coverage_budget_arrears_and_months_to_bill(world, client_for, town):
    page = _home(client_for, world.lahat_manager)
    assert 'id="home-coverage"' in page and 'data-region="16.04"' in page
    budget = re.search(
        r'<tr data-program="lahat-bpu">(.*?)</tr>', page[page.index('id="home-budget"') :], re.S
    )
    assert "Rp67.200" in budget.group(1)  # billed in January: 4 x Rp16.800
    assert "belum diisi" in budget.group(1)  # no DPA allocation entered yet
    decisions = page[page.index('id="home-decisions"') :]
    assert "Februari 2026 belum ditagih" in decisions
    assert re.search(r'<li id="home-arrears"><span class="count">1</span>.*Rp67\.200', decisions, re.S)
    assert "BPU Sarolangun" not in page


def test_bpkad_sees_allocations_and_realisation_without_the_manager_blocks(world, client_for, town):
    page = _home(client_for, world.lahat_finance)
    assert 'id="home-budget"' in page and 'data-program="lahat-bpu"' in page
    assert 'id="home-decisions"' not in page and 'id="home-queues"' not in page
    assert "BPU Sarolangun" not in _home(client_for, world.lahat_finance)
    assert "BPU Lahat" not in _home(client_for, world.sarolangun_finance)


def test_the_admin_sees_a_national_table_by_activity_with_search(
    world, client_for, town, django_assert_max_num_queries
):
    c = client_for(world.admin)
    with django_assert_max_num_queries(40):
        page = c.get("/").content.decode()
    rows = re.findall(r'<tr data-region="([\d.]+)">', page)
    # the busiest first: Lahat (4 participants) and its province, then Sarolangun and Jambi (a programme)
    assert rows[:2] == ["16", "16.04"] and set(rows[2:4]) == {"15", "15.03"}
    assert len(rows) == 4 and 'id="national-quiet"' in page  # 548 quiet regions are not listed
    found = c.get(reverse("coverage:national"), {"q": "sarolangun"}, HTTP_HX_REQUEST="true").content.decode()
    assert re.findall(r'<tr data-region="([\d.]+)">', found) == ["15.03"]
    assert "<html" not in found  # the htmx answer is the table alone
    quiet = c.get(reverse("coverage:national"), {"q": "Kota Jambi"}).content.decode()
    assert re.findall(r'<tr data-region="([\d.]+)">', quiet) == ["15.71"]
    assert c.get(reverse("coverage:home")).status_code == 302  # no more 38 province cards
    for user in (world.lahat_manager, world.desa_operator, world.sarolangun_manager):
        assert client_for(user).get(reverse("coverage:national")).status_code == 403


def test_home_queries_are_bounded(world, client_for, town, django_assert_max_num_queries):
    for user in (world.desa_operator, world.lahat_manager, world.lahat_finance, world.lahat_bpjs):
        c = client_for(user)
        with django_assert_max_num_queries(45):
            assert c.get("/").status_code == 200


def test_anonymous_users_are_sent_to_the_login(client):
    resp = client.get("/")
    assert resp.status_code == 302 and resp.url.startswith(reverse("accounts:login"))


def test_the_upload_form_preselects_the_users_programme(world, client_for, town):
    # alphabetically first, visible to the village, full: never preselected
    full = make_programme("aaa-full", world.pemkab_lahat, "16.04", start_date=D(2026, 1, 1), name="AAA Penuh")
    VillageQuota.objects.create(programme=full, region_code=LAHAT_DESA, quota=1)
    people(full, 1, start=50)
    page = client_for(world.desa_operator).get(reverse("enrolment:batch_upload")).content.decode()
    assert '<option value="lahat-bpu" selected>' in page and '<option value="aaa-full" selected>' not in page
    town["lahat"].status = Programme.Status.DRAFT
    town["lahat"].save()
    page = client_for(world.desa_operator).get(reverse("enrolment:batch_upload")).content.decode()
    assert '<option value="" selected>' in page and '<option value="aaa-full" selected>' not in page


def test_the_billing_form_defaults_to_the_next_unbilled_month(world, client_for, town):
    page = client_for(world.lahat_manager).get(reverse("billing:home")).content.decode()
    assert re.search(r'name="period" value="2026-02"', page)
    services.billing_run(actor=world.lahat_manager, programme=town["lahat"], period=D(2026, 2, 1))
    page = client_for(world.lahat_manager).get(reverse("billing:home")).content.decode()
    assert re.search(r'name="period" value="2026-03"', page)


def test_the_budget_years_cover_every_year_with_data(world, client_for):
    p = make_programme("mura-2022", world.pemkab_lahat, "16.04", start_date=D(2022, 1, 1))
    page = client_for(world.lahat_manager).get(reverse("billing:budget", args=[p.code])).content.decode()
    options = re.findall(r'<option value="(\d{4})"', page)
    assert options[0] == "2022" and str(timezone.localdate().year + 1) in options


def test_home_and_preview_in_english(world, client_for, town):
    c = client_for(world.lahat_manager)
    page = c.get("/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Waiting for your decision" in page and "February 2026 not billed yet" in page
    assert "list waiting for verification (60 rows)" in page and "oldest 5 days" in page
    preview = c.post(
        reverse("billing:run"), {"period": "2026-02", "program": "lahat-bpu"}, HTTP_ACCEPT_LANGUAGE="en"
    ).content.decode()
    assert "Nothing has been written yet" in preview and "Confirm: create 1 invoice (Rp67.200)" in preview


def test_the_prosecutor_and_the_permit_office_see_their_compliance_work(world, client_for, town):
    kejari = organisation_create(
        actor=None, code="kejari-lahat", name="Kejaksaan Negeri Lahat", kind="kejari", area_codes=["16.04"]
    )
    dpmptsp = organisation_create(
        actor=None,
        code="dpmptsp-lahat",
        name="DPMPTSP Lahat",
        kind="opd",
        opd_kind="dpmptsp",
        area_codes=["16.04"],
    )
    jaksa = user_create(actor=None, username="jaksa", password=PASSWORD, organisation=kejari, role="viewer")
    izin = user_create(actor=None, username="izin", password=PASSWORD, organisation=dpmptsp, role="viewer")
    page = _home(client_for, jaksa)
    assert 'id="home-skk"' in page and "0</span><span>SKK berjalan" in page
    assert 'id="home-budget"' not in page and 'id="home-queues"' not in page and "BPU Lahat" not in page
    page = _home(client_for, izin)
    assert 'id="home-nib-check"' in page and 'action="/kepatuhan/cek/"' in page and 'id="home-cases"' in page
    assert 'id="home-budget"' not in page and "BPU Lahat" not in page


def test_the_bpjs_branch_sees_claims_waiting_for_its_decision(world, client_for, town):
    """Claims submitted in its area, counted with the oldest (5 days); one in Sarolangun never counts."""
    import datetime as dt

    from django.utils import timezone

    from lindung.claims.models import Claim
    from tests.helpers import make_person

    def claim(number, nik, village, days):
        person = make_person(nik, f"Peserta {number}", village, birth_date=D(1980, 1, 1))
        return Claim.objects.create(
            number=number,
            person=person,
            event_kind="death",
            benefit="JKM",
            event_date=D(2026, 10, 1),
            place="rumah",
            cause="sakit",
            status="submitted",
            region_code=village,
            submitted_at=timezone.now() - dt.timedelta(days=days),
        )

    claim("KLM-1", "1604215501800001", LAHAT_DESA, 2)
    oldest = claim("KLM-2", "1604215501800002", LAHAT_DESA, 5)
    claim("KLM-3", "1503015501800003", SAROLANGUN, 40)
    assert 'id="home-claims"' not in _home(client_for, world.lahat_manager)  # not the manager's decision
    queue = re.search(r'<li id="queue-claims">(.*?)</li>', _home(client_for, world.lahat_bpjs), re.S).group(1)
    assert '<span class="count">2</span>' in queue and "tertua 5 hari" in queue
    assert reverse("claims:claim_detail", args=[oldest.pk]) in queue
