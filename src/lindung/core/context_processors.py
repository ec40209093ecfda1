from django.conf import settings


def lindung(request):
    user = getattr(request, "user", None)
    org = getattr(user, "organisation", None) if user is not None and user.is_authenticated else None
    return {"LINDUNG_ENV": settings.LINDUNG_ENV, "current_org": org}
