"""Every duty against every action: the expected answers written out, compared with the predicates in
accounts/permissions.py and with docs/permissions.md (which `lindung permissions_matrix` writes)."""

from pathlib import Path

from lindung.accounts.matrix import ACTIONS, PERSONAS, compute, render_markdown

# action -> the duties that may take it on Lahat's records (every other duty may not)
EXPECTED: dict[str, set[str]] = {
    "view_people": {
        "desa_operator",
        "dpmd_verifier",
        "disnaker_operator",
        "pemkab_manager",
        "pemkab_viewer",
        "bpjs_verifier",
        "org_admin",
        "admin",
    },
    "view_contact": {
        "desa_operator",
        "dpmd_verifier",
        "disnaker_operator",
        "pemkab_manager",
        "bpjs_verifier",
        "org_admin",
        "admin",
    },
    "view_full_nik": {"dpmd_verifier", "pemkab_manager", "bpjs_verifier", "org_admin", "admin"},
    "edit_person": {
        "desa_operator",
        "dpmd_verifier",
        "disnaker_operator",
        "pemkab_manager",
        "org_admin",
        "admin",
    },
    "decide_correction": {"dpmd_verifier", "pemkab_manager", "org_admin", "admin"},
    "create_programme": {"pemkab_manager", "org_admin", "admin"},
    "edit_programme": {"pemkab_manager", "org_admin", "admin"},
    "view_participants": {
        "desa_operator",
        "dpmd_verifier",
        "disnaker_operator",
        "pemkab_manager",
        "pemkab_viewer",
        "bpjs_verifier",
        "org_admin",
        "admin",
    },
    "upload_batch": {
        "desa_operator",
        "dpmd_verifier",
        "disnaker_operator",
        "pemkab_manager",
        "kpu_operator",
        "org_admin",
        "admin",
    },
    "verify_batch": {"dpmd_verifier", "pemkab_manager", "org_admin", "admin"},
    "accept_batch": {"bpjs_verifier"},
    "end_membership": {
        "desa_operator",
        "dpmd_verifier",
        "disnaker_operator",
        "pemkab_manager",
        "org_admin",
        "admin",
    },
    "view_money": {
        "dpmd_verifier",
        "disnaker_operator",
        "pemkab_manager",
        "pemkab_viewer",
        "bpkad_manager",
        "bpjs_verifier",
        "org_admin",
        "admin",
    },
    "run_billing": {"pemkab_manager", "org_admin", "admin"},
    "record_payment_public": {"bpkad_manager", "bpjs_verifier", "admin"},
    "record_payment_sponsor": {"bpjs_verifier", "admin"},
    "import_statement": {"bpkad_manager", "bpjs_verifier", "admin"},
    "view_budget": {
        "dpmd_verifier",
        "disnaker_operator",
        "pemkab_manager",
        "pemkab_viewer",
        "bpkad_manager",
        "bpjs_verifier",
        "org_admin",
        "admin",
    },
    "plan_budget": {"pemkab_manager", "org_admin", "admin"},
    "set_allocation": {"bpkad_manager", "admin"},
    "assign_sponsor": {"pemkab_manager", "org_admin", "admin"},
    "add_rate": {"admin"},
    "use_calculator": {p.key for p in PERSONAS},  # public rules: everyone signed in
    "working_population": {"pemkab_manager", "org_admin", "admin"},
    "bpjs_figures": {"bpjs_verifier", "admin"},
    "sponsor_portal": {"company", "sponsor"},
    "view_claims": {
        "desa_operator",
        "dpmd_verifier",
        "disnaker_operator",
        "pemkab_manager",
        "pemkab_viewer",
        "bpjs_verifier",
        "kpu_operator",
        "company",
        "sponsor",
        "org_admin",
        "admin",
    },
    "report_claim": {
        "desa_operator",
        "dpmd_verifier",
        "disnaker_operator",
        "pemkab_manager",
        "kpu_operator",
        "org_admin",
        "admin",
    },
    "decide_claim": {"bpjs_verifier", "admin"},
    "view_claim_reports": {"pemkab_manager", "bpkad_manager", "bpjs_verifier", "org_admin", "admin"},
    "edit_benefit_rules": {"admin"},
    "manage_users": {"org_admin", "admin"},
    "view_export_log": {"org_admin", "admin"},
    # compliance: the compliance team of the regency (BPJS, Disnaker, DPMPTSP, Kejari, Pemkab) sees the
    # register; the check answers any permit office (decision 32); each office loads its own list (the
    # DPMPTSP persona is a viewer, so only the admin loads OSS here); BPJS takes the sanctions.
    "view_compliance": {
        "disnaker_operator",
        "pemkab_manager",
        "pemkab_viewer",
        "dpmptsp_officer",
        "bpjs_verifier",
        "kejari_viewer",
        "org_admin",
        "admin",
    },
    "check_compliance": {
        "disnaker_operator",
        "pemkab_manager",
        "pemkab_viewer",
        "dpmptsp_officer",
        "bpjs_verifier",
        "kejari_viewer",
        "org_admin",
        "admin",
        "outsider",
    },
    "import_oss": {"admin"},
    "import_wlkp": {"disnaker_operator", "admin"},
    "import_bpjs": {"bpjs_verifier", "admin"},
    "open_case": {"bpjs_verifier", "admin"},
    "sanction_case": {"bpjs_verifier", "admin"},
    "resolve_handed_case": {"bpjs_verifier", "admin"},
    "compliance_rules": {"admin"},
    "home_village": {"desa_operator"},
    "home_verify": {"dpmd_verifier", "pemkab_manager", "org_admin", "admin"},
    "home_accept": {"bpjs_verifier"},
    "home_manager": {"pemkab_manager", "org_admin", "admin"},
    "home_budget": {"bpkad_manager", "pemkab_manager", "org_admin", "admin"},
    "home_national": {"admin"},
}


def test_every_duty_and_action_is_answered_as_expected():
    allowed = compute()
    assert set(EXPECTED) == {key for key, _label, _ask in ACTIONS}
    for key, who in EXPECTED.items():
        actual = {p.key for p in PERSONAS if key in allowed[p.key]}
        assert actual == who, f"{key}: allowed {sorted(actual)}, expected {sorted(who)}"


def test_outsiders_and_sponsors_never_act_on_lahat_records():
    allowed = compute()
    # the NIB check answers any permit office (seven fields, no figures; decision 32), nothing else; the
    # contribution calculator shows public rules only, to everyone signed in
    assert allowed["outsider"] == {"check_compliance", "use_calculator"}
    assert allowed["company"] == allowed["sponsor"] == {"sponsor_portal", "view_claims", "use_calculator"}
    # the prosecutor and the permit office work only on employer compliance
    assert (
        allowed["kejari_viewer"]
        == allowed["dpmptsp_officer"]
        == {"view_compliance", "check_compliance", "use_calculator"}
    )


def test_the_published_matrix_is_the_code():
    doc = Path(__file__).resolve().parents[2] / "docs" / "permissions.md"
    assert doc.read_text(encoding="utf-8") == render_markdown(), (
        "docs/permissions.md is out of date: run `lindung permissions_matrix`"
    )
