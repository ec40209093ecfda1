import pytest

from lindung.claims.models import Claim
from lindung.memberships.models import Membership
from tests.claims.conftest import PDF, add_family, make_kc_muaraenim
from tests.e2e.conftest import HOME, login
from tests.factories import LAHAT, LAHAT_DESA, PASSWORD
from tests.helpers import enrol, make_person, make_programme


@pytest.mark.e2e
def test_death_reported_by_the_village_paid_by_the_branch_and_handed_over(
    page, browser, live_server, e2e_regions, world, tmp_path
):
    """The village enters the family, reports the death and uploads the documents; the branch approves and pays
    the widow; the village records the handover and prints the berita acara."""
    make_kc_muaraenim()
    p = make_programme("lahat-bpu", world.pemkab_lahat, LAHAT)
    person = make_person("1604211203850001", "Budi Hartono", LAHAT_DESA, monthly_income=1_000_000)
    membership = enrol(person, p)
    _widow, tk, smp = add_family(person)
    tk.delete(), smp.delete()
    doc = tmp_path / "akta.pdf"
    doc.write_bytes(PDF)

    login(page, "desa_operator", PASSWORD)
    page.wait_for_url(HOME)
    page.goto(f"/orang/{person.pk}/")
    page.click("#family summary")
    page.select_option("#family-form select[name=relation]", "child")
    page.fill("#family-form input[name=full_name]", "Dewi Lestari")
    page.fill("#family-form input[name=birth_date]", "2013-01-10")
    page.select_option("#family-form select[name=school_level]", "SMP")
    page.fill("#family-form input[name=school_year]", "1")
    page.click("#family-form button[type=submit]")
    page.wait_for_selector(".alert.success")
    assert "Dewi Lestari" in page.inner_text("#family")
    assert "160421**********" in page.inner_text("#family")

    page.click("#report-claim")
    page.select_option("#id_event_kind", "death")
    page.select_option("#id_benefit", "JKM")
    page.fill("#id_event_date", "2026-10-02")
    page.fill("#id_place", "Rumah duka")
    page.fill("#id_cause", "Sakit jantung")
    page.click("#report-form button[type=submit]")
    page.wait_for_selector("#estimated-cash")
    assert page.inner_text("#estimated-cash") == "Rp42.000.000"
    assert Membership.objects.get(pk=membership.pk).end_reason == "death"
    for kind in ("death_certificate", "family_card", "heir_ktp", "heir_statement", "school_certificate"):
        page.select_option("#upload-form select[name=kind]", kind)
        page.set_input_files("#upload-form input[type=file]", str(doc))
        page.click("#upload-form button[type=submit]")
        page.wait_for_selector(".alert.success")
    page.click("#submit-form button[type=submit]")
    page.wait_for_selector("#cover-letter")
    assert page.inner_text("#claim-status") == "Diajukan ke BPJS"
    claim = Claim.objects.get()

    kc = browser.new_context(base_url=live_server.url, locale="id-ID", timezone_id="Asia/Jakarta")
    branch = kc.new_page()
    login(branch, "kc_muaraenim", PASSWORD)
    branch.wait_for_url(HOME)
    branch.goto(f"/klaim/{claim.pk}/")
    branch.click("#decide-form button[value=approve]")
    branch.wait_for_selector("#pay-form")
    branch.fill("#pay-form input[name=reference]", "BPJS-JKM-0001")
    branch.fill("#pay-form input[name=paid_on]", "2026-11-20")
    branch.select_option("#pay-form select[name=paid_to]", label="Siti Aminah")
    branch.click("#pay-form button[type=submit]")
    branch.wait_for_selector("#payment")
    assert "Rp42.000.000" in branch.inner_text("#payment")
    kc.close()

    page.reload()
    page.fill("#handover-form input[name=handover_place]", "Balai Desa")
    page.fill("#handover-form input[name=handover_by]", "Kepala Desa")
    page.click("#handover-form button[type=submit]")
    page.wait_for_selector("#handover-pdf")
    assert page.inner_text("#claim-status") == "Diserahkan kepada ahli waris"
    pdf = page.request.get(page.get_attribute("#handover-pdf", "href"))
    assert pdf.status == 200 and pdf.body().startswith(b"%PDF")
    assert Claim.objects.get().status == "handed_over"
