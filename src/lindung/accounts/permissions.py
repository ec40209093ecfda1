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


# --- security operations (export log) ---


def can_view_export_log(user) -> bool:
    """Admins read the data-export log (a national admin all of it, others their organisation's)."""
    from lindung.accounts.models import User

    return bool(user and user.is_authenticated and (user.is_superuser or user.role == User.Role.ADMIN))
