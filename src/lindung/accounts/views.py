from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from lindung.accounts import selectors, services
from lindung.accounts.permissions import is_sponsor_user
from lindung.audit.selectors import audit_history_for


def _home_url(user) -> str:
    if user.is_authenticated and is_sponsor_user(user):
        return reverse("billing:sponsor_portal")
    return reverse("coverage:home")


def home(request):
    """Where "/" and a fresh login lead: sponsors (CSR companies, SERTAKAN individuals) to their portal,
    everyone else to the coverage home."""
    return redirect(_home_url(request.user))


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    redirect_authenticated_user = True

    def get_default_redirect_url(self):
        return _home_url(self.request.user)


class LogoutView(auth_views.LogoutView):
    pass


@login_required
def organisation_list(request):
    orgs = selectors.organisation_list(user=request.user)
    return render(request, "accounts/organisation_list.html", {"organisations": orgs})


@login_required
def organisation_detail(request, code: str):
    org = selectors.organisation_get(user=request.user, code=code)
    return render(
        request,
        "accounts/organisation_detail.html",
        {
            "org": org,
            "members": selectors.organisation_users(organisation=org),
            "history": audit_history_for(instance=org),
        },
    )


@login_required
def token_list(request):
    return render(
        request, "accounts/token_list.html", {"tokens": selectors.api_token_list(user=request.user)}
    )


@login_required
@require_POST
def token_create(request):
    name = request.POST.get("name", "").strip()[:100]
    _token, secret = services.api_token_create(actor=request.user, user=request.user, name=name)
    return render(
        request,
        "accounts/token_list.html",
        {"tokens": selectors.api_token_list(user=request.user), "new_secret": secret},
    )


@login_required
@require_POST
def token_revoke(request, pk: int):
    token = selectors.api_token_get(user=request.user, pk=pk)
    if token.revoked_at is None:
        services.api_token_revoke(actor=request.user, token=token)
        messages.success(request, _("Token %(prefix)s… dicabut.") % {"prefix": token.prefix})
    return redirect("accounts:token_list")
