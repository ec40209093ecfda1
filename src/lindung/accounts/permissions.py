from django.conf import settings


def can_view_full_nik(user) -> bool:
    return bool(
        user and user.is_authenticated and (user.is_superuser or user.role in settings.LINDUNG_FULL_NIK_ROLES)
    )


def can_write(user) -> bool:
    """Roles that create and change records (viewers only read)."""
    return bool(user and user.is_authenticated and (user.is_superuser or user.role != "viewer"))


def can_manage(user) -> bool:
    return bool(user and user.is_authenticated and (user.is_superuser or user.role in {"manager", "admin"}))


# Companies (CSR) and SERTAKAN individuals: they see only what they fund, on their own portal.
SPONSOR_ORG_KINDS = {"perusahaan", "sponsor"}


def is_sponsor_user(user) -> bool:
    org = getattr(user, "organisation", None)
    return bool(org and org.kind in SPONSOR_ORG_KINDS and not user.is_superuser)


# --- claims ---
# Village/kelurahan offices, OPDs and the regional governments report claims and upload their documents; the BPJS
# branch (or regional office) verifies, approves or rejects, and records the payment; managers see the reports;
# sponsors (companies, SERTAKAN individuals) see only the claims of the people they sponsor, and change nothing.


def _org_kind(user) -> str:
    org = getattr(user, "organisation", None)
    return org.kind if org is not None else ""


def _claims_reporter_kinds() -> set[str]:
    from lindung.accounts.models import Organisation

    K = Organisation.Kind  # noqa: N806
    return {K.DESA, K.KELURAHAN, K.OPD, K.PEMKAB, K.PEMKOT, K.PEMPROV, K.KPU, K.BAWASLU}


def _bpjs_kinds() -> set[str]:
    from lindung.accounts.models import Organisation

    return {Organisation.Kind.BPJS_KC, Organisation.Kind.BPJS_KANWIL}


def is_bpjs_user(user) -> bool:
    return bool(user and user.is_authenticated and _org_kind(user) in _bpjs_kinds())


def can_report_claim(user) -> bool:
    """Report a claim, upload its documents, submit it to the branch, record the handover."""
    if not (user and user.is_authenticated):
        return False
    if user.is_superuser:
        return True
    from lindung.accounts.models import User

    return user.role != User.Role.VIEWER and _org_kind(user) in _claims_reporter_kinds()


def can_edit_family(user) -> bool:
    """Enter or import a person's family members (the possible heirs)."""
    return can_report_claim(user) or (can_write(user) and is_bpjs_user(user))


def can_decide_claim(user) -> bool:
    """Approve (with the amount) or reject (with a reason) a submitted claim; record the payment."""
    if not (user and user.is_authenticated):
        return False
    if user.is_superuser:
        return True
    from lindung.accounts.models import User

    return is_bpjs_user(user) and user.role in {User.Role.VERIFIER, User.Role.MANAGER, User.Role.ADMIN}


def can_hand_over_claim(user) -> bool:
    return can_report_claim(user) or can_decide_claim(user)


def can_view_claim_reports(user) -> bool:
    return bool(
        user
        and user.is_authenticated
        and not is_sponsor_user(user)
        and (can_manage(user) or is_bpjs_user(user))
    )


def can_edit_benefit_rules(user) -> bool:
    from lindung.accounts.models import User

    return bool(user and user.is_authenticated and (user.is_superuser or user.role == User.Role.ADMIN))
