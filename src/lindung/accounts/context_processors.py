"""What the menus may offer this user (the same predicates the views enforce)."""

from lindung.accounts import permissions as perm


def duties(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"may": {}}
    sponsor = perm.is_sponsor_user(user)
    return {
        "may": {
            "sponsor_portal": sponsor,
            "coverage": not sponsor,
            "people": perm.can_view_people(user),
            "programmes": not sponsor,
            "enrolment": perm.can_view_people(user) or perm.can_upload_batch(user),
            "money": perm.can_view_money(user),
            "calculator": perm.can_use_calculator(user),
            "claims": perm.can_view_claims(user),
            "compliance": perm.can_view_compliance(user),
            "check_log": perm.org_kind(user) == perm.Kind.PERUSAHAAN,
            "manage_users": perm.can_open_user_management(user),
            "system_admin": perm.is_system_admin(user),
        }
    }
