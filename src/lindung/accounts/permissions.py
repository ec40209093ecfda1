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
