"""Every page and API route, as every duty, on a record inside the user's area and one outside it.

Routes are read from the URL conf and the OpenAPI schema, so a new route fails this test until it is
given a line in ROUTES / API_ROUTES saying which record it is about and who may see it. Expected answers
come from the explicit table in test_permission_matrix (not from the predicates), so the pages are
checked against what the document promises:

- a record outside the user's area answers 404 for every duty but the national admin, and a write there
  changes nothing (no audit row);
- a record inside answers 200 to the duties that need it and 403/404 to the others;
- no response a duty may see (HTML, CSV, XLSX, PDF, JSON) contains a whole NIK, or a NIK's serial next to a
  masked NIK, unless that duty may see the whole NIK there and the view was audited.
"""

from __future__ import annotations

import io
import re
import subprocess
import tempfile

import openpyxl
import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from lindung.accounts.matrix import PERSONAS
from lindung.api.api import api
from lindung.audit.models import AuditLog
from tests.helpers import api_client
from tests.security.test_permission_matrix import EXPECTED

ALL = {p.key for p in PERSONAS}
INSIDE_ALL = ALL - {"outsider"}
# Duties whose area is the whole regency (the village operator's is one village).
REGENCY_WIDE = INSIDE_ALL - {"desa_operator"}
SPONSORS = EXPECTED["sponsor_portal"]
PEOPLE = EXPECTED["view_people"]
MONEY = EXPECTED["view_money"]
COMPLIANCE = EXPECTED["view_compliance"]
COMPLIANCE_WRITERS = COMPLIANCE - {"pemkab_viewer", "dpmptsp_officer", "kejari_viewer"}


def _kw(**builders):
    return lambda side, town: {k: f(side, town) for k, f in builders.items()}


def _org_user(side, town):
    """A user of the programme owner's organisation (Pemkab Lahat inside, Pemkab Sarolangun outside)."""
    return town.users["pemkab_viewer"] if side is town.inside else town.users["outsider"]


# route name -> (method, who gets 200 on the Lahat record, kwargs builder or None for list pages)
# "who" is a set of persona keys; for list pages everyone else gets 403/404 (or a redirect, see REDIRECTS).
ROUTES = {
    "home": ("GET", ALL - SPONSORS, None),  # each duty its own home page; sponsors go to their portal
    "coverage:national": ("GET", EXPECTED["home_national"], None),
    "accounts:login": ("SKIP", set(), None),  # the login page itself: tests/accounts
    "accounts:logout": ("SKIP", set(), None),
    "set_language": ("SKIP", set(), None),
    "accounts:organisation_list": ("GET", ALL, None),
    "accounts:organisation_detail": (
        "GET",
        REGENCY_WIDE - SPONSORS,
        _kw(code=lambda s, t: s.programme.owner.code),
    ),
    "accounts:token_list": ("GET", ALL, None),
    "export_log": ("GET", EXPECTED["view_export_log"], None),
    "accounts:token_create": ("POST", ALL, None),
    "accounts:token_revoke": ("POST", ALL, _kw(pk=lambda s, t: s.token.pk)),
    "accounts:user_list": ("GET", EXPECTED["manage_users"], None),
    "accounts:user_create": ("GET", EXPECTED["manage_users"], None),
    "accounts:user_detail": ("GET", EXPECTED["manage_users"], _kw(pk=lambda s, t: _org_user(s, t).pk)),
    "accounts:user_update": ("POST", EXPECTED["manage_users"], _kw(pk=lambda s, t: _org_user(s, t).pk)),
    "accounts:user_password_reset": (
        "POST",
        EXPECTED["manage_users"],
        _kw(pk=lambda s, t: _org_user(s, t).pk),
    ),
    "accounts:user_set_active": ("POST", EXPECTED["manage_users"], _kw(pk=lambda s, t: _org_user(s, t).pk)),
    "accounts:password_set": ("SKIP", set(), None),  # the one-time link itself: tests/accounts/test_users.py
    "coverage:home": ("GET", ALL, None),
    "coverage:region_detail": ("GET", REGENCY_WIDE, _kw(code=lambda s, t: s.regency)),
    "coverage:figure_set": (
        "POST",
        EXPECTED["working_population"] | EXPECTED["bpjs_figures"],
        _kw(code=lambda s, t: s.regency),
    ),
    "coverage:target_set": ("POST", EXPECTED["working_population"], _kw(code=lambda s, t: s.regency)),
    "regions:region_list": ("GET", ALL, None),
    "regions:region_search": ("GET", ALL, None),
    "regions:picker": ("GET", ALL, None),
    "regions:region_detail": ("GET", INSIDE_ALL, _kw(code=lambda s, t: s.regency)),
    "registry:person_list": ("GET", PEOPLE, None),
    "registry:person_export": ("GET", PEOPLE, None),
    "registry:person_create": ("GET", EXPECTED["edit_person"], None),
    "registry:person_detail": ("GET", PEOPLE, _kw(pk=lambda s, t: s.person.pk)),
    "registry:person_edit": ("GET", EXPECTED["edit_person"], _kw(pk=lambda s, t: s.person.pk)),
    "registry:person_nik": ("POST", EXPECTED["view_full_nik"], _kw(pk=lambda s, t: s.person.pk)),
    "registry:correction_create": ("POST", EXPECTED["edit_person"], _kw(pk=lambda s, t: s.person.pk)),
    "registry:correction_list": ("GET", PEOPLE, None),
    "registry:correction_decide": (
        "POST",
        EXPECTED["decide_correction"],
        _kw(pk=lambda s, t: s.correction.pk),
    ),
    "programs:programme_list": ("GET", ALL, None),
    "programs:programme_create": ("GET", EXPECTED["create_programme"], None),
    "programs:programme_detail": ("GET", INSIDE_ALL, _kw(code=lambda s, t: s.programme.code)),
    "programs:programme_edit": ("GET", EXPECTED["edit_programme"], _kw(code=lambda s, t: s.programme.code)),
    "programs:funders_edit": ("GET", EXPECTED["edit_programme"], _kw(code=lambda s, t: s.programme.code)),
    "programs:legal_basis_add": ("POST", EXPECTED["edit_programme"], _kw(code=lambda s, t: s.programme.code)),
    "programs:legal_basis_file": (
        "GET",
        INSIDE_ALL,
        _kw(code=lambda s, t: s.programme.code, pk=lambda s, t: s.legal_basis.pk),
    ),
    "programs:quotas_generate": ("POST", EXPECTED["edit_programme"], _kw(code=lambda s, t: s.programme.code)),
    "programs:village_quota_set": (
        "POST",
        EXPECTED["edit_programme"],
        _kw(code=lambda s, t: s.programme.code),
    ),
    "enrolment:batch_list": (
        "GET",
        ALL - SPONSORS - {"kejari_viewer", "dpmptsp_officer", "bpkad_manager"},
        None,
    ),
    "enrolment:batch_upload": ("GET", EXPECTED["upload_batch"], None),
    "enrolment:programme_template": ("GET", INSIDE_ALL, _kw(code=lambda s, t: s.programme.code)),
    "enrolment:batch_detail": ("GET", PEOPLE, _kw(pk=lambda s, t: s.batch.pk)),
    "enrolment:batch_report": ("GET", PEOPLE, _kw(pk=lambda s, t: s.batch.pk)),
    "enrolment:batch_progress": ("GET", PEOPLE, _kw(pk=lambda s, t: s.batch.pk)),
    "enrolment:batch_replace": ("POST", set(), _kw(pk=lambda s, t: s.batch.pk)),
    "enrolment:batch_submit": ("POST", set(), _kw(pk=lambda s, t: s.batch.pk)),
    "enrolment:batch_verify": ("POST", EXPECTED["verify_batch"], _kw(pk=lambda s, t: s.batch.pk)),
    "enrolment:batch_accept": ("POST", set(), _kw(pk=lambda s, t: s.batch.pk)),
    "enrolment:batch_reject": ("POST", EXPECTED["verify_batch"], _kw(pk=lambda s, t: s.batch.pk)),
    "enrolment:batch_row_return": (
        "POST",
        EXPECTED["verify_batch"],
        _kw(pk=lambda s, t: s.batch.pk, row_no=lambda s, t: 1),
    ),
    "enrolment:batch_job_cancel": ("POST", set(), _kw(pk=lambda s, t: s.batch.pk)),
    "enrolment:batch_retry": ("POST", set(), _kw(pk=lambda s, t: s.batch.pk)),
    "enrolment:batch_discard": ("POST", set(), _kw(pk=lambda s, t: s.batch.pk)),
    "memberships:membership_end": ("POST", EXPECTED["end_membership"], _kw(pk=lambda s, t: s.membership.pk)),
    "memberships:membership_wage": ("POST", EXPECTED["end_membership"], _kw(pk=lambda s, t: s.membership.pk)),
    "memberships:memberships_end_bulk": (
        "POST",
        EXPECTED["edit_programme"],
        _kw(code=lambda s, t: s.programme.code),
    ),
    "memberships:participants_xlsx": (
        "GET",
        EXPECTED["view_participants"],
        _kw(code=lambda s, t: s.programme.code),
    ),
    "memberships:participants_csv": (
        "GET",
        EXPECTED["view_participants"],
        _kw(code=lambda s, t: s.programme.code),
    ),
    "memberships:cards_pdf": (
        "GET",
        EXPECTED["view_participants"],
        _kw(code=lambda s, t: s.programme.code, village=lambda s, t: s.village),
    ),
    "memberships:batch_cards_pdf": (
        "GET",
        EXPECTED["view_participants"],
        _kw(code=lambda s, t: s.programme.code, batch=lambda s, t: s.batch.pk),
    ),
    # Without a village chosen it sends the user back to the programme page (REDIRECTS).
    "memberships:cards_pick": ("GET", EXPECTED["view_participants"], _kw(code=lambda s, t: s.programme.code)),
    "billing:home": ("GET", MONEY, None),
    "billing:run": ("POST", EXPECTED["run_billing"], None),
    "billing:run_cancel": ("POST", EXPECTED["run_billing"], _kw(pk=lambda s, t: s.invoice.run_id)),
    "billing:invoice_detail": ("GET", MONEY, _kw(number=lambda s, t: s.invoice.number)),
    "billing:invoice_pdf": ("GET", MONEY, _kw(number=lambda s, t: s.invoice.number)),
    "billing:invoice_xlsx": ("GET", MONEY, _kw(number=lambda s, t: s.invoice.number)),
    "billing:payments": ("GET", MONEY, None),
    "billing:payment_record": ("POST", EXPECTED["record_payment_public"], None),
    "billing:payments_import": ("POST", EXPECTED["import_statement"], None),
    "billing:receipt_pdf": ("GET", MONEY, _kw(receipt=lambda s, t: s.payment.receipt_number)),
    "billing:arrears": ("GET", MONEY, None),
    "billing:arrears_xlsx": ("GET", MONEY, None),
    "billing:arrears_pdf": ("GET", MONEY, None),
    "billing:lapse_run": ("POST", EXPECTED["run_billing"], None),
    "billing:late_fee_run": ("POST", EXPECTED["run_billing"], None),
    "billing:budget": ("GET", EXPECTED["view_budget"], _kw(code=lambda s, t: s.programme.code)),
    "billing:budget_set": ("POST", EXPECTED["plan_budget"], _kw(code=lambda s, t: s.programme.code)),
    "billing:budget_allocation": (
        "POST",
        EXPECTED["set_allocation"],
        _kw(code=lambda s, t: s.programme.code),
    ),
    "billing:budget_xlsx": ("GET", EXPECTED["view_budget"], _kw(code=lambda s, t: s.programme.code)),
    "billing:budget_pdf": ("GET", EXPECTED["view_budget"], _kw(code=lambda s, t: s.programme.code)),
    "billing:funder_detail": ("GET", MONEY, _kw(pk=lambda s, t: s.funder.pk)),
    "billing:funder_statement_xlsx": ("GET", MONEY, _kw(pk=lambda s, t: s.funder.pk)),
    "billing:funder_statement_pdf": ("GET", MONEY, _kw(pk=lambda s, t: s.funder.pk)),
    "billing:funder_certificate": ("GET", MONEY, _kw(pk=lambda s, t: s.funder.pk)),
    "billing:sponsor_assign": ("POST", EXPECTED["assign_sponsor"], _kw(pk=lambda s, t: s.sponsor_funder.pk)),
    "billing:sponsor_portal": ("GET", SPONSORS, None),
    "billing:rates": ("GET", MONEY, None),
    "billing:calculator": ("GET", EXPECTED["use_calculator"], None),
    "claims:claim_list": ("GET", EXPECTED["view_claims"], None),
    "claims:claim_report": (
        "GET",
        EXPECTED["report_claim"] - {"kpu_operator"},
        _kw(person_id=lambda s, t: s.person.pk),
    ),
    "claims:protection_check": ("GET", PEOPLE, _kw(person_id=lambda s, t: s.person.pk)),
    "claims:claim_detail": ("GET", PEOPLE, _kw(pk=lambda s, t: s.claim.pk)),
    "claims:document_upload": ("POST", EXPECTED["report_claim"], _kw(pk=lambda s, t: s.claim.pk)),
    "claims:claim_submit": ("POST", EXPECTED["report_claim"], _kw(pk=lambda s, t: s.claim.pk)),
    "claims:claim_decide": ("POST", EXPECTED["decide_claim"], _kw(pk=lambda s, t: s.claim.pk)),
    "claims:claim_pay": ("POST", EXPECTED["decide_claim"], _kw(pk=lambda s, t: s.claim.pk)),
    "claims:claim_hand_over": ("POST", EXPECTED["report_claim"], _kw(pk=lambda s, t: s.claim.pk)),
    "claims:cover_letter_pdf": ("GET", PEOPLE, _kw(pk=lambda s, t: s.claim.pk)),
    "claims:handover_pdf": ("GET", PEOPLE, _kw(pk=lambda s, t: s.claim.pk)),
    "claims:document_file": ("GET", PEOPLE, _kw(pk=lambda s, t: s.document.pk)),
    "claims:family_add": ("POST", EXPECTED["report_claim"], _kw(person_id=lambda s, t: s.person.pk)),
    "claims:family_import": ("POST", EXPECTED["report_claim"], _kw(person_id=lambda s, t: s.person.pk)),
    "claims:family_edit": ("POST", EXPECTED["report_claim"], _kw(pk=lambda s, t: s.family.pk)),
    "claims:family_remove": ("POST", EXPECTED["report_claim"], _kw(pk=lambda s, t: s.family.pk)),
    "claims:scholarship_stop": ("POST", EXPECTED["report_claim"], _kw(pk=lambda s, t: s.family.pk)),
    "claims:scholarships": ("GET", PEOPLE, None),
    "claims:scholarship_pay": ("POST", EXPECTED["decide_claim"], _kw(pk=lambda s, t: s.scholarship.pk)),
    "claims:report": ("GET", EXPECTED["view_claim_reports"], None),
    "claims:report_xlsx": ("GET", EXPECTED["view_claim_reports"], None),
    "claims:report_pdf": ("GET", EXPECTED["view_claim_reports"], None),
    "claims:rules": ("GET", ALL, None),
    "health": ("GET", ALL, None),
    "compliance:dashboard": ("GET", COMPLIANCE, None),
    "compliance:employer_list": ("GET", COMPLIANCE, None),
    "compliance:employer_detail": ("GET", COMPLIANCE, _kw(pk=lambda s, t: s.employer.pk)),
    "compliance:case_open": ("POST", EXPECTED["open_case"], _kw(pk=lambda s, t: s.employer.pk)),
    "compliance:import_upload": ("GET", COMPLIANCE, None),
    "compliance:import_detail": ("GET", COMPLIANCE, _kw(pk=lambda s, t: s.employer_import.pk)),
    "compliance:match_list": ("GET", COMPLIANCE, None),
    "compliance:match_decide": ("POST", EXPECTED["open_case"], _kw(pk=lambda s, t: s.match.pk)),
    "compliance:case_list": ("GET", COMPLIANCE, None),
    "compliance:case_detail": ("GET", COMPLIANCE, _kw(pk=lambda s, t: s.case.pk)),
    "compliance:case_step": ("POST", EXPECTED["sanction_case"], _kw(pk=lambda s, t: s.case.pk)),
    "compliance:case_recovery": ("POST", EXPECTED["resolve_handed_case"], _kw(pk=lambda s, t: s.case.pk)),
    "compliance:letter_pdf": ("GET", COMPLIANCE, _kw(pk=lambda s, t: s.step.pk)),
    "compliance:signed_upload": ("POST", COMPLIANCE_WRITERS, _kw(pk=lambda s, t: s.step.pk)),
    "compliance:signed_download": ("GET", COMPLIANCE, _kw(pk=lambda s, t: s.step.pk)),
    "compliance:check": ("GET", EXPECTED["check_compliance"], None),
    "compliance:check_log": ("GET", ALL, None),  # each duty its own checks (a business: who checked it)
    "compliance:rules": ("GET", COMPLIANCE, None),
    "compliance:scorecard": ("GET", COMPLIANCE, _kw(code=lambda s, t: s.regency)),
    "compliance:scorecard_pdf": ("GET", COMPLIANCE, _kw(code=lambda s, t: s.regency)),
}
# Pages that send some duties elsewhere instead of refusing them.
REDIRECTS = {
    "home": SPONSORS,
    "coverage:home": EXPECTED["home_national"],  # the national administrator: the national table
    "billing:home": SPONSORS,
    "memberships:cards_pick": EXPECTED["view_participants"],
}

# API path -> (who gets 200 on the Lahat record, path parameters or None, query string); POST paths are
# refused outside the area by tests/billing and the services' own tests.
API_ROUTES = {
    "/api/v1/nik/{nik}": (ALL, lambda s: {"nik": "1604216512900001"}, ""),
    "/api/v1/people": (PEOPLE, None, ""),
    "/api/v1/people/{person_id}": (PEOPLE, lambda s: {"person_id": s.person.pk}, ""),
    "/api/v1/regions": (ALL, None, ""),
    "/api/v1/regions/{code}": (INSIDE_ALL, lambda s: {"code": s.regency}, ""),
    "/api/v1/programs": (ALL, None, ""),
    "/api/v1/programs/{code}": (INSIDE_ALL, lambda s: {"code": s.programme.code}, ""),
    "/api/v1/coverage": (REGENCY_WIDE, None, "?region=16.04&year=2026"),
    "/api/v1/programs/{code}/budget": (
        EXPECTED["view_budget"],
        lambda s: {"code": s.programme.code},
        "?year=2026",
    ),
    "/api/v1/invoices": (MONEY | SPONSORS, None, ""),
    "/api/v1/invoices/{number}": (MONEY, lambda s: {"number": s.invoice.number}, ""),
    "/api/v1/claims": (EXPECTED["view_claims"], None, ""),
    "/api/v1/claims/{claim_id}": (PEOPLE, lambda s: {"claim_id": s.claim.pk}, ""),
    "/api/v1/claims/quote": (ALL, "POST", ""),
    "/api/v1/payments": (EXPECTED["record_payment_public"], "POST", ""),
    "/api/v1/billing/run": (EXPECTED["run_billing"], "POST", ""),
    "/api/v1/billing/late-fees": (EXPECTED["run_billing"], "POST", ""),
    "/api/v1/compliance/check": (EXPECTED["check_compliance"], None, "?nib=9120301000001"),
    "/api/v1/compliance/employers": (COMPLIANCE, None, ""),
    "/api/v1/compliance/checks": (ALL, None, ""),
    "/api/v1/rules/contribution": (
        EXPECTED["use_calculator"],
        None,
        "?segment=PU&wage=5000000&risk_class=1&elements=JKK,JKM&period=2026-06",
    ),
    "/api/v1/rules/due-date": (EXPECTED["use_calculator"], None, "?segment=BPU&period=2024-04"),
}


def _routes() -> dict[str, str]:
    found = {}

    def walk(resolver, namespace=""):
        for p in resolver.url_patterns:
            if isinstance(p, URLResolver):
                if p.namespace in ("admin", "api"):  # Django admin: staff only; the API: API_ROUTES
                    continue
                walk(p, f"{namespace}{p.namespace}:" if p.namespace else namespace)
            elif isinstance(p, URLPattern) and p.name:
                found[f"{namespace}{p.name}"] = str(p.pattern)

    walk(get_resolver())
    return found


def test_every_route_is_in_the_table():
    missing = sorted(set(_routes()) - set(ROUTES))
    assert not missing, f"routes without a line in tests/security/test_routes.py ROUTES: {missing}"
    api_paths = set(api.get_openapi_schema()["paths"])
    assert not sorted(api_paths - set(API_ROUTES)), "API paths without a line in API_ROUTES"


def _text(resp) -> str:
    """What a person reading the response would read: HTML/CSV/JSON as text, XLSX cells, PDF text."""
    ctype = resp.get("Content-Type", "")
    body = b"".join(resp.streaming_content) if resp.streaming else resp.content
    if "spreadsheetml" in ctype:
        wb = openpyxl.load_workbook(io.BytesIO(body), read_only=True)
        return "\n".join(
            " ".join("" if v is None else str(v) for v in row)
            for ws in wb
            for row in ws.iter_rows(values_only=True)
        )
    if body.startswith(FAKE_PDF):
        return body[len(FAKE_PDF) :].decode()
    if "pdf" in ctype:
        with tempfile.NamedTemporaryFile(suffix=".pdf") as f:
            f.write(body)
            f.flush()
            return subprocess.run(
                ["/usr/bin/pdftotext", f.name, "-"], capture_output=True, check=False, text=True
            ).stdout
    return body.decode("utf-8", "replace")


def _leaks(text: str, niks: list[str]) -> list[str]:
    out = []
    for nik in niks:
        if nik in text:
            out.append(f"whole NIK {nik}")
        if re.search(r"\*" + re.escape(nik[-4:]) + r"(?!\d)", text) and nik[:6] in text:
            out.append(f"serial of {nik} beside its mask")
    return out


def _get(client, url):
    before = AuditLog.objects.filter(action="view_nik").count()
    resp = client.get(url)
    return resp, AuditLog.objects.filter(action="view_nik").count() > before


FAKE_PDF = b"%PDF-as-HTML\n"


@pytest.fixture
def html_for_pdf(monkeypatch):
    """PDFs as their HTML source: the same text, without WeasyPrint's second per document (the PDFs
    themselves are rendered and read by each app's own tests)."""
    monkeypatch.setattr("lindung.core.pdf.pdf_from_html", lambda html: FAKE_PDF + html.encode())


@pytest.mark.django_db
def test_pages_as_every_duty_inside_and_outside(town, html_for_pdf):
    checked = leaks = 0
    problems = []
    clients = {}
    for key, user in town.users.items():
        c = Client()
        c.force_login(user)
        clients[key] = c
    for name, (method, who, build) in ROUTES.items():
        if method != "GET":
            continue
        inside_url = reverse(name, kwargs=build(town.inside, town) if build else None)
        outside_url = reverse(name, kwargs=build(town.outside, town)) if build else None
        for key, c in clients.items():
            resp, audited = _get(c, inside_url)
            checked += 1
            # The outsider (Sarolangun's manager) reads list pages of its own regency like Lahat's manager,
            # and is refused every Lahat record.
            allowed = key in who or (key == "outsider" and build is None and "pemkab_manager" in who)
            if name in REDIRECTS and key in REDIRECTS[name]:
                ok = resp.status_code == 302
            elif allowed:
                ok = resp.status_code == 200
            elif key == "outsider" and build is not None:
                ok = resp.status_code == 404
            else:
                ok = resp.status_code in (403, 404)
            if not ok:
                problems.append(
                    f"{key} GET {inside_url}: {resp.status_code} (expected {'200' if allowed else 'refusal'})"
                )
            if resp.status_code == 200:
                found = _leaks(_text(resp), town.niks)
                # The list's uploader and the full-NIK duties see the rows as typed, each view audited.
                if found and name.startswith("enrolment:batch_") and audited:
                    found = [f for f in found if town.inside.person.nik not in f]
                if found:
                    leaks += 1
                    problems.append(f"{key} GET {inside_url}: {found}")
            if outside_url and key not in ("admin", "outsider"):
                resp, _audited = _get(c, outside_url)
                checked += 1
                if resp.status_code != 404:
                    problems.append(f"{key} GET {outside_url} (outside): {resp.status_code}, expected 404")
    assert not problems, "\n".join(problems)
    assert checked > 1000 and leaks == 0


@pytest.mark.django_db
def test_writes_outside_the_area_answer_404_and_change_nothing(town):
    for key, user in town.users.items():
        if key == "admin":
            continue
        c = Client()
        c.force_login(user)
        other = town.inside if key == "outsider" else town.outside  # the outsider's outside is Lahat
        for name, (method, _who, build) in ROUTES.items():
            if method != "POST" or build is None:
                continue
            url = reverse(name, kwargs=build(other, town))
            before = AuditLog.objects.count()
            resp = c.post(url, {"reason": "x", "decision": "approve", "period": "2026-04"})
            assert resp.status_code == 404, f"{key} POST {url}: {resp.status_code}"
            assert AuditLog.objects.count() == before, f"{key} POST {url} wrote something"


@pytest.mark.django_db
def test_api_as_every_duty_inside_and_outside(town):
    problems = []
    for key, user in town.users.items():
        c = api_client(user)
        for path, (who, params, query) in API_ROUTES.items():
            if params == "POST":
                continue
            inside = (path.format(**params(town.inside)) if params else path) + query
            resp = c.get(inside)
            if key == "outsider" and "{nik}" not in path:  # its own lists, never a Lahat record
                expected_ok = params is None and "pemkab_manager" in who and "16.04" not in query
            else:
                expected_ok = key in who
            if expected_ok and resp.status_code != 200:
                problems.append(f"{key} GET {inside}: {resp.status_code}, expected 200")
            if not expected_ok and resp.status_code not in (403, 404):
                problems.append(f"{key} GET {inside}: {resp.status_code}, expected 403/404")
            if resp.status_code == 200 and (found := _leaks(resp.content.decode(), town.niks)):
                problems.append(f"{key} GET {inside}: {found}")
            if params and "{nik}" not in path and key not in ("admin", "outsider"):
                outside = path.format(**params(town.outside)) + query
                resp = c.get(outside)
                if resp.status_code != 404:
                    problems.append(f"{key} GET {outside} (outside): {resp.status_code}, expected 404")
    assert not problems, "\n".join(problems)
