"""Who may do what: every rule about roles lives here, as one named predicate per action.

Services, selectors, views, the API and templates (through ``perms`` in the context) all ask these
predicates; nothing else compares role names or organisation kinds. Each predicate takes the user first and,
where the answer depends on it, the object acted on. Region scoping (``core.scoping``) is part of the
answer: an object outside the user's area is never allowed (pages answer 404 for it before asking).

A user's *duty* is the pair (organisation kind, role): a village operator, an OPD verifier, a Pemkab
manager, BPKAD, a BPJS branch, the prosecutor's office, an election body, a company, a SERTAKAN sponsor, the
system administrator. ``docs/permissions.md`` is generated from ``MATRIX_ACTIONS`` below by
``lindung permissions_matrix`` and checked by the test suite, so the document cannot drift from the code.
"""

from __future__ import annotations

from django.conf import settings

from lindung.accounts.models import Organisation, User
from lindung.core.scoping import code_in_area, user_area_codes

Kind = Organisation.Kind
OpdKind = Organisation.OpdKind
Role = User.Role

BPJS_KINDS = frozenset({Kind.BPJS_KC, Kind.BPJS_KANWIL})
VILLAGE_KINDS = frozenset({Kind.DESA, Kind.KELURAHAN})
GOVERNMENT_KINDS = frozenset({Kind.PEMPROV, Kind.PEMKAB, Kind.PEMKOT})
ELECTION_KINDS = frozenset({Kind.KPU, Kind.BAWASLU})
# Companies (CSR) and SERTAKAN individuals: they see only what they fund, on their own portal.
SPONSOR_KINDS = frozenset({Kind.PERUSAHAAN, Kind.SPONSOR})
SPONSOR_ORG_KINDS = SPONSOR_KINDS  # older name
# OPDs whose work is with people (labour, village affairs, plantations); BPKAD (finance), DPMPTSP (permits)
# and Bappeda (planning) work with figures, not with personal data.
PEOPLE_OPD_KINDS = frozenset({OpdKind.DISNAKER, OpdKind.DPMD, OpdKind.DISBUN, OpdKind.LAINNYA})
CHECKER_ROLES = frozenset({Role.VERIFIER, Role.MANAGER, Role.ADMIN})
MANAGER_ROLES = frozenset({Role.MANAGER, Role.ADMIN})


# --- who the user is ------------------------------------------------------------------------------------


def _authenticated(user) -> bool:
    return bool(user is not None and getattr(user, "is_authenticated", False) and user.is_active)


def _org(user) -> Organisation | None:
    org = getattr(user, "organisation", None)
    return org if org is not None and org.is_active else None


def org_kind(user) -> str | None:
    org = _org(user)
    return org.kind if org else None


def opd_kind(user) -> str | None:
    org = _org(user)
    return org.opd_kind if org and org.kind == Kind.OPD else None


def is_system_admin(user) -> bool:
    """The operator of the whole system: a superuser, or an admin of a national organisation."""
    if not _authenticated(user):
        return False
    if user.is_superuser:
        return True
    org = _org(user)
    return bool(org and org.is_national and user.role == Role.ADMIN)


def is_bpjs(user) -> bool:
    return org_kind(user) in BPJS_KINDS


def is_village(user) -> bool:
    return org_kind(user) in VILLAGE_KINDS


def is_sponsor_user(user) -> bool:
    return _authenticated(user) and not user.is_superuser and org_kind(user) in SPONSOR_KINDS


def is_opd(user, *kinds: str) -> bool:
    return org_kind(user) == Kind.OPD and (not kinds or opd_kind(user) in kinds)


def is_bpkad(user) -> bool:
    return is_opd(user, OpdKind.BPKAD)


def works_with_people(user) -> bool:
    """Villages, the regional government and its people-facing OPDs: the offices that collect and check
    the people's data (not BPJS, finance, permits, planning, prosecutors, election bodies or sponsors)."""
    kind = org_kind(user)
    return (
        kind in VILLAGE_KINDS
        or kind in GOVERNMENT_KINDS
        or (kind == Kind.OPD and opd_kind(user) in PEOPLE_OPD_KINDS)
    )


def _role_in(user, roles) -> bool:
    return _authenticated(user) and (user.is_superuser or user.role in roles)


def can_write(user) -> bool:
    """Roles that create and change records at all (viewers only read)."""
    return _authenticated(user) and (user.is_superuser or user.role != Role.VIEWER)


def can_manage(user) -> bool:
    return _role_in(user, MANAGER_ROLES)


def is_checker(user) -> bool:
    return _role_in(user, CHECKER_ROLES)


def in_area(user, region_code: str) -> bool:
    """The region lies inside the user's area (writes need this; seeing an ancestor region is not enough)."""
    return _authenticated(user) and code_in_area(region_code or "", user_area_codes(user))


# --- people (registry) ----------------------------------------------------------------------------------


def can_view_people(user) -> bool:
    """Browse and search the registry of people in the area (lists, person pages, exports, API).

    Offices that work with the people themselves: villages, the regional government and its people-facing
    OPDs, the BPJS branch, the system operator. Sponsors, companies, prosecutors, election bodies, BPKAD,
    DPMPTSP and Bappeda reach people only through what they fund or run (sponsor portal, their programme's
    participants), never the registry."""
    if is_system_admin(user):
        return True
    kind = org_kind(user)
    if kind in VILLAGE_KINDS or kind in GOVERNMENT_KINDS or kind in BPJS_KINDS or kind == Kind.SISTEM:
        return True
    return kind == Kind.OPD and opd_kind(user) in PEOPLE_OPD_KINDS


def can_view_contact(user) -> bool:
    """Address, phone and declared income: the offices that contact the people and check their data."""
    if is_system_admin(user):
        return True
    if not can_view_people(user):
        return False
    return org_kind(user) not in GOVERNMENT_KINDS or can_manage(user)


def can_view_full_nik(user) -> bool:
    """The whole NIK (after an explicit, audited click), for the roles configured in
    ``LINDUNG_FULL_NIK_ROLES`` inside offices that may see people at all."""
    if not _authenticated(user):
        return False
    if user.is_superuser:
        return True
    return can_view_people(user) and user.role in settings.LINDUNG_FULL_NIK_ROLES


def can_create_person(user) -> bool:
    """Register people by hand (their village must then lie inside the user's area); the BPJS branch
    registers them in its own system, not here."""
    return is_system_admin(user) or (works_with_people(user) and can_write(user))


def can_edit_person(user, region_code: str) -> bool:
    return can_create_person(user) and in_area(user, region_code)


def can_request_correction(user, person) -> bool:
    return can_edit_person(user, person.region_code)


def can_decide_correction(user, correction) -> bool:
    """Maker-checker: a verifier, manager or admin of a people office in the area, never the requester."""
    if not _authenticated(user) or correction.requested_by_id == user.pk:
        return False
    if is_system_admin(user):
        return True
    return works_with_people(user) and is_checker(user) and in_area(user, correction.region_code)


def can_end_membership(user, region_code: str) -> bool:
    return can_edit_person(user, region_code)


# --- programmes -----------------------------------------------------------------------------------------


def can_create_programme(user) -> bool:
    """Managers of a regional government, its people-facing OPDs or an election body (their own schemes)."""
    if is_system_admin(user):
        return True
    return (
        can_manage(user)
        and (works_with_people(user) or org_kind(user) in ELECTION_KINDS)
        and not is_village(user)
    )


def can_edit_programme(user, programme) -> bool:
    return (can_create_programme(user) or is_system_admin(user)) and in_area(user, programme.region_code)


def can_view_participants(user, programme) -> bool:
    """The participants of one programme (list, CSV): people offices, and the organisation running it."""
    if can_view_people(user):
        return True
    org = _org(user)
    return bool(org and programme.owner_id == org.pk and org.kind not in SPONSOR_KINDS)


# --- enrolment ------------------------------------------------------------------------------------------


def can_upload_batch(user, programme=None) -> bool:
    """Villages, the regional government, its people-facing OPDs and election bodies send lists (not BPJS,
    finance, sponsors or the prosecutor); the programme must be visible to them (``programme_list``)."""
    if is_system_admin(user):
        return True
    return can_write(user) and (works_with_people(user) or org_kind(user) in ELECTION_KINDS)


def can_edit_batch(user, batch) -> bool:
    """Replace the file of, or submit, a draft: the uploading organisation's writers."""
    if is_system_admin(user):
        return True
    return can_write(user) and user.organisation_id == batch.organisation_id


def _not_maker(user, batch) -> bool:
    return user.pk not in {batch.created_by_id, getattr(batch, "submitted_by_id", None)}


def can_view_batch_niks(user, batch) -> bool:
    """The rows of a list with their NIKs as typed: the person who uploaded it (to fix them) and the
    full-NIK duties; every such view is audited (enrolment.selectors.batch_nik_view)."""
    return _authenticated(user) and (batch.created_by_id == user.pk or can_view_full_nik(user))


def can_verify_batch(user, batch) -> bool:
    """The programme's side checks a submitted list: verifiers/managers of the regional government or a
    people-facing OPD whose area holds the programme, never whoever uploaded or submitted it
    (maker-checker)."""
    if not _authenticated(user) or not _not_maker(user, batch):
        return False
    if is_system_admin(user):
        return True
    return bool(
        is_checker(user)
        and works_with_people(user)
        and not is_village(user)
        and in_area(user, batch.programme.region_code)
    )


def can_accept_batch(user, batch) -> bool:
    """The BPJS branch registers a verified list (KPJ numbers); never its uploader or submitter."""
    if not _authenticated(user) or not _not_maker(user, batch):
        return False
    if user.is_superuser:
        return True
    return bool(is_checker(user) and is_bpjs(user) and in_area(user, batch.programme.region_code))


def can_reject_batch(user, batch) -> bool:
    """Return a list to its operator: whoever may take the step the batch is waiting for."""
    status = batch.status
    if status == "submitted":
        return can_verify_batch(user, batch)
    if status == "verified":
        return can_accept_batch(user, batch)
    return False


# --- money ----------------------------------------------------------------------------------------------


def can_start_billing_runs(user) -> bool:
    """Start a billing, lapse or late-fee run at all: the duty part of ``can_run_billing`` (managers of the
    programme's side: regional government, its people-facing OPDs, an election body; or of the BPJS branch).
    A run over all programmes then touches only the programmes whose region lies inside the user's area
    (``billing.selectors.programmes_to_run``)."""
    if is_system_admin(user):
        return True
    owner_side = (works_with_people(user) and not is_village(user)) or org_kind(user) in ELECTION_KINDS
    return bool(can_manage(user) and (owner_side or is_bpjs(user)))


def can_run_billing(user, programme) -> bool:
    """Monthly billing, lapse and late-fee runs on one programme: ``can_start_billing_runs`` and the
    programme's area inside the user's (a province programme is run by the province, not by one of its
    regencies)."""
    return can_start_billing_runs(user) and in_area(user, programme.region_code)


def can_plan_budget(user, programme) -> bool:
    """The yearly plan (members x months x amount) of the programme's owner side."""
    return can_run_billing(user, programme) and not is_bpjs(user)


def can_set_budget_allocation(user, programme) -> bool:
    """The DPA allocation is BPKAD's (regional finance), or the system administrator's."""
    if is_system_admin(user):
        return True
    return can_manage(user) and is_bpkad(user) and in_area(user, programme.region_code)


def can_record_payment(user, funder) -> bool:
    """Money is recorded by the finance side: the BPJS branch that receives it, BPKAD for public and
    employer funders (the regional treasury pays), or the system administrator. Election bodies, plantation
    offices, villages and viewers never record payments."""
    if is_system_admin(user):
        return True
    if not can_write(user) or not in_area(user, funder.programme.region_code):
        return False
    if is_bpjs(user):
        return True
    return is_bpkad(user) and funder.paid_by_treasury


def can_import_bank_statement(user) -> bool:
    """Upload a bank statement; each of its rows is then checked with ``can_record_payment``."""
    return is_system_admin(user) or (can_write(user) and (is_bpjs(user) or is_bpkad(user)))


def can_assign_sponsor(user, programme) -> bool:
    return can_run_billing(user, programme) and not is_bpjs(user)


def can_add_rate(user) -> bool:
    """Contribution rates, discounts and late-fee rules are national: the system administrator's."""
    return is_system_admin(user)


def can_use_calculator(user) -> bool:
    """The contribution calculator (page and API): public rules, no one's data, so everyone signed in,
    sponsors and villages included (a Pemkab planning, a worker or a company checking its bill)."""
    return _authenticated(user)


def can_view_money(user) -> bool:
    """The regency's billing pages (invoices, payments, arrears, rates): the regional government, its OPDs
    (not the permit office), the BPJS branch and the system administrator. Sponsors have their own portal;
    villages, election bodies and prosecutors do not handle contributions."""
    if is_system_admin(user):
        return True
    kind = org_kind(user)
    if kind in GOVERNMENT_KINDS or kind in BPJS_KINDS:
        return True
    return kind == Kind.OPD and not is_opd(user, OpdKind.DPMPTSP)


def can_view_budget(user, programme) -> bool:
    """A programme's budget (plan, DPA allocation, realisation): the government and BPJS offices whose area
    holds the programme; not villages, and not a regency for its province's programme."""
    return can_view_money(user) and not is_village(user) and in_area(user, programme.region_code)


# --- coverage -------------------------------------------------------------------------------------------


def can_enter_working_population(user, region_code: str) -> bool:
    """The working population (BPS figure) and the coverage targets: managers of the regional government,
    its planning office or its labour office."""
    if is_system_admin(user):
        return True
    planner = org_kind(user) in GOVERNMENT_KINDS or is_opd(user, OpdKind.BAPPEDA, OpdKind.DISNAKER)
    return bool(can_manage(user) and planner and in_area(user, region_code))


def can_enter_bpjs_figures(user, region_code: str) -> bool:
    """BPJS' own count of active participants: only BPJS staff enter it."""
    if is_system_admin(user):
        return True
    return is_checker(user) and is_bpjs(user) and in_area(user, region_code)


# --- accounts -------------------------------------------------------------------------------------------


def can_manage_users(user, organisation) -> bool:
    """An organisation's admin manages its users; the system administrator manages everyone's."""
    if is_system_admin(user):
        return True
    return bool(
        _authenticated(user)
        and user.role == Role.ADMIN
        and organisation is not None
        and user.organisation_id == organisation.pk
    )


# --- claims ---------------------------------------------------------------------------------------------
# Villages, the regional government, its people-facing OPDs and election bodies report claims and upload their
# documents; the BPJS branch (or regional office) verifies, approves or rejects, and records the payment;
# managers see the reports; sponsors see only the claims of the people they sponsor, and change nothing.


def can_report_claim(user) -> bool:
    """Report a claim, upload its documents, submit it to the branch, record the handover."""
    if is_system_admin(user):
        return True
    return can_write(user) and (works_with_people(user) or org_kind(user) in ELECTION_KINDS)


def can_edit_family(user) -> bool:
    """Enter or import a person's family members (the possible heirs)."""
    return can_report_claim(user) or (can_write(user) and is_bpjs(user))


def can_decide_claim(user) -> bool:
    """Approve (with the amount) or reject (with a reason) a submitted claim; record the payment."""
    return is_system_admin(user) or (is_checker(user) and is_bpjs(user))


def can_hand_over_claim(user) -> bool:
    return can_report_claim(user) or can_decide_claim(user)


def can_view_claim_reports(user) -> bool:
    """Claims per programme, funder and village, the claims ratio: managers and the BPJS branch."""
    if is_system_admin(user):
        return True
    return not is_sponsor_user(user) and (can_manage(user) or is_bpjs(user))


def can_edit_benefit_rules(user) -> bool:
    """Benefit amounts and limits are national rule data: the system administrator's."""
    return is_system_admin(user)


def can_view_claims(user) -> bool:
    """The claims list and pages: people offices and the BPJS branch (their area), election bodies (the
    claims they reported), sponsors (the claims of the people they fund)."""
    return can_view_people(user) or is_sponsor_user(user) or can_report_claim(user) or can_decide_claim(user)


# --- security operations (export log) --------------------------------------------------------------------


def can_view_export_log(user) -> bool:
    """Admins read the data-export log: the system administrator all of it, an organisation's admin the
    downloads of its own users (``audit.selectors.export_log_list``)."""
    return is_system_admin(user) or (_authenticated(user) and user.role == Role.ADMIN)


# --- compliance -----------------------------------------------------------------------------------------
# Employer compliance (issue 11): the BPJS branch, the labour office's inspectors (Disnaker), the permit
# office (DPMPTSP), the prosecutor's compliance team (Kejari) and the regional government work on the
# employer register; the business itself sees who checked it.

COMPLIANCE_SOURCES_BY_OPD = {"oss": OpdKind.DPMPTSP, "wlkp": OpdKind.DISNAKER}


def can_view_compliance(user) -> bool:
    """The employer register, categories, cases and dashboards of the area."""
    if is_system_admin(user):
        return True
    kind = org_kind(user)
    return bool(
        kind in BPJS_KINDS
        or kind in GOVERNMENT_KINDS
        or kind == Kind.KEJARI
        or is_opd(user, OpdKind.DISNAKER, OpdKind.DPMPTSP, OpdKind.BAPPEDA)
    )


def can_check_compliance(user) -> bool:
    """Is this business compliant? Every office on the compliance team, the permit office's viewers
    included (the check is its daily work), and the permit system through a DPMPTSP token."""
    return can_view_compliance(user)


def can_import_employers(user, source: str) -> bool:
    """Each office loads its own list: DPMPTSP the OSS permit list, Disnaker the WLKP list, the BPJS branch
    its employer list."""
    if is_system_admin(user):
        return True
    if not can_write(user):
        return False
    if source == "bpjs":
        return is_bpjs(user)
    opd = COMPLIANCE_SOURCES_BY_OPD.get(source)
    return opd is not None and is_opd(user, opd)


def can_decide_match(user, match) -> bool:
    """A probable match (same name and village, no NIB/NPWP) is decided by a checker of the importing side."""
    return (
        can_view_compliance(user)
        and is_checker(user)
        and (is_system_admin(user) or is_bpjs(user) or is_opd(user, OpdKind.DISNAKER, OpdKind.DPMPTSP))
        and in_area(user, match.regency_code)
    )


def can_open_case(user, employer) -> bool:
    """Findings are recorded by the BPJS branch or the labour inspectors (checkers) of the area."""
    if is_system_admin(user):
        return True
    return bool(
        is_checker(user)
        and (is_bpjs(user) or is_opd(user, OpdKind.DISNAKER))
        and in_area(user, employer.regency_code)
    )


def can_advance_case(user, case, stage: str) -> bool:
    """Warnings: BPJS or Disnaker checkers; fine, recommendation and hand-over to the prosecutor: the BPJS
    branch; resolving: BPJS, or the prosecutor's office once the case is in its hands."""
    if not in_area(user, case.regency_code) and not is_system_admin(user):
        return False
    if is_system_admin(user):
        return True
    if stage in {"warning_1", "warning_2"}:
        return can_open_case(user, case.employer)
    if stage in {"fine", "service_denial", "prosecutor"}:
        return is_checker(user) and is_bpjs(user)
    if stage == "resolved":
        return (is_checker(user) and is_bpjs(user)) or (
            can_write(user) and org_kind(user) == Kind.KEJARI and case.stage == "prosecutor"
        )
    return False


def can_record_recovery(user, case) -> bool:
    """Amounts recovered on a case handed to the prosecutor: the BPJS branch that receives the money, or
    the prosecutor's office (writers)."""
    if is_system_admin(user):
        return True
    if not in_area(user, case.regency_code) or case.stage != "prosecutor":
        return False
    return (is_checker(user) and is_bpjs(user)) or (can_write(user) and org_kind(user) == Kind.KEJARI)


def can_upload_signed_letter(user, case) -> bool:
    return can_write(user) and can_view_compliance(user) and in_area(user, case.regency_code)


def can_view_check_log(user, employer) -> bool:
    """Who checked a business: the compliance offices of its area, and the business itself."""
    if can_view_compliance(user) and in_area(user, employer.regency_code):
        return True
    org = _org(user)
    return bool(org and employer.organisation_id == org.pk)


def can_view_scorecard(user) -> bool:
    """The regency's scorecard (Inpres 2/2021): the regional government, BPJS, the prosecutor, the system."""
    return can_view_compliance(user)


def can_set_compliance_rules(user) -> bool:
    """Category rules, sanction rules and minimum wages (UMK/UMP) are dated data kept by the administrator."""
    return is_system_admin(user)


# --- user management (issue 13) ------------------------------------------------------------------------


def can_open_user_management(user) -> bool:
    """The user-management pages at all: the system administrator, or an admin of an organisation (who then
    manages only that organisation's users, ``can_manage_users``)."""
    if is_system_admin(user):
        return True
    return bool(_authenticated(user) and user.role == Role.ADMIN and _org(user) is not None)


def can_manage_user(user, target) -> bool:
    """Change, reset or deactivate one user: their organisation's admin or the system administrator; only
    the system administrator touches a superuser, and nobody changes their own role or status (another admin
    does, so an organisation never locks itself out)."""
    if not _authenticated(user) or target.pk == user.pk:
        return False
    if target.is_superuser and not user.is_superuser:
        return False
    return can_manage_users(user, target.organisation)


# --- home pages (issue 13) ------------------------------------------------------------------------------
# The home page ("/") is a list of the user's work, task first: each app adds a panel for the duties below
# (core.extensions slot "home"), and each panel shows only what lies in the user's area.


def sees_village_tasks(user) -> bool:
    """A village office's writers: their own lists with their status, returned lists to fix, the places left
    in each programme, the membership cards to print."""
    return is_village(user) and can_write(user)


def sees_verification_queue(user) -> bool:
    """The lists waiting for the programme side's check (the duty part of ``can_verify_batch``)."""
    if is_system_admin(user):
        return True
    return is_checker(user) and works_with_people(user) and not is_village(user)


def sees_acceptance_queue(user) -> bool:
    """The verified lists waiting for the BPJS branch's KPJ numbers (the duty part of ``can_accept_batch``)."""
    return _authenticated(user) and (user.is_superuser or (is_checker(user) and is_bpjs(user)))


def sees_programme_overview(user) -> bool:
    """A manager's dashboard: coverage against the target, budget realisation, arrears and what waits for a
    decision (the regional government's and its OPDs' managers, the system administrator)."""
    if is_system_admin(user):
        return True
    kind = org_kind(user)
    return can_manage(user) and (kind in GOVERNMENT_KINDS or (kind == Kind.OPD and works_with_people(user)))


def sees_budget_overview(user) -> bool:
    """Allocations (DPA) and realisation of the programmes of the area: BPKAD and the managers above."""
    return is_bpkad(user) or sees_programme_overview(user)


def sees_national_overview(user) -> bool:
    """The table of every province and regency by activity: the system administrator only."""
    return is_system_admin(user)
