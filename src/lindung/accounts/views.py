from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse, reverse_lazy
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from lindung.accounts import selectors, services
from lindung.accounts.forms import UserForm
from lindung.accounts.models import User
from lindung.accounts.permissions import (
    can_manage_user,
    can_open_user_management,
    is_sponsor_user,
    is_system_admin,
)
from lindung.audit.selectors import audit_history_for
from lindung.core.errors import ApplicationError


def _home_url(user) -> str:
    if user.is_authenticated and is_sponsor_user(user):
        return reverse("billing:sponsor_portal")
    return reverse("home")


def home(request):
    """The user's working day, task first (issue 13): sponsors (CSR companies, SERTAKAN individuals) go to
    their portal (what is due and how to pay); everyone else sees the panels each app adds for their duty
    (``{% panels "home" %}``: lists to fix, queues with their age, coverage against the target, budget,
    arrears, compliance work, the national table), each limited to the user's area."""
    if not request.user.is_authenticated:
        return redirect(reverse("accounts:login") + "?next=/")
    if is_sponsor_user(request.user):
        return redirect("billing:sponsor_portal")
    return render(request, "accounts/home.html", {})


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


# --- user management ------------------------------------------------------------------------------------


def _require_user_management(request) -> None:
    if not can_open_user_management(request.user):
        raise PermissionDenied


def _link_page(request, target, uidb64: str, token: str, *, created: bool):
    link = request.build_absolute_uri(reverse("accounts:password_set", args=[uidb64, token]))
    return render(request, "accounts/user_link.html", {"target": target, "link": link, "created": created})


@login_required
def user_list(request):
    _require_user_management(request)
    q, org = request.GET.get("q", "")[:100], request.GET.get("org", "")[:60]
    page = Paginator(
        selectors.managed_users(user=request.user, search=q, organisation_code=org), 50
    ).get_page(request.GET.get("page"))
    return render(
        request,
        "accounts/user_list.html",
        {
            "page": page,
            "q": q,
            "org": org,
            "organisations": selectors.managed_organisations(user=request.user)
            if is_system_admin(request.user)
            else [],
        },
    )


@login_required
def user_create(request):
    _require_user_management(request)
    organisations = list(selectors.managed_organisations(user=request.user))
    form = UserForm(request.POST or None, organisations=organisations, initial={"role": User.Role.OPERATOR})
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        org = next(o for o in organisations if o.code == d["organisation"])
        try:
            user = services.user_invite(
                actor=request.user,
                organisation=org,
                username=d["username"],
                full_name=d["full_name"],
                email=d["email"],
                role=d["role"],
            )
        except ApplicationError as exc:
            form.add_error(None, exc.message)
        else:
            uidb64, token = services.password_set_link(user=user)
            return _link_page(request, user, uidb64, token, created=True)
    return render(request, "accounts/user_form.html", {"form": form, "single_org": len(organisations) == 1})


@login_required
def user_detail(request, pk: int):
    target = selectors.managed_user_get(user=request.user, pk=pk)  # 404 for other organisations' users
    form = UserForm(
        creating=False,
        initial={"full_name": target.get_full_name(), "email": target.email, "role": target.role},
    )
    return render(
        request,
        "accounts/user_detail.html",
        {
            "target": target,
            "form": form,
            "may_manage": can_manage_user(request.user, target),
            "history": audit_history_for(instance=target),
        },
    )


@login_required
@require_POST
def user_update(request, pk: int):
    target = selectors.managed_user_get(user=request.user, pk=pk)
    form = UserForm(request.POST, creating=False)
    if not form.is_valid():
        for name, errors in form.errors.items():
            messages.error(request, f"{form.fields[name].label}: {' '.join(errors)}")
        return redirect("accounts:user_detail", pk=target.pk)
    try:
        changed = services.user_update(actor=request.user, user=target, **form.cleaned_data)
    except ApplicationError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Data pengguna disimpan.") if changed else _("Tidak ada perubahan."))
    return redirect("accounts:user_detail", pk=target.pk)


@login_required
@require_POST
def user_password_reset(request, pk: int):
    target = selectors.managed_user_get(user=request.user, pk=pk)
    try:
        uidb64, token = services.user_password_reset(actor=request.user, user=target)
    except ApplicationError as exc:
        messages.error(request, exc.message)
        return redirect("accounts:user_detail", pk=target.pk)
    return _link_page(request, target, uidb64, token, created=False)


@login_required
@require_POST
def user_set_active(request, pk: int):
    target = selectors.managed_user_get(user=request.user, pk=pk)
    active = request.POST.get("active") == "1"
    try:
        services.user_set_active(actor=request.user, user=target, active=active)
    except ApplicationError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(
            request,
            (
                _("%(name)s dapat masuk kembali.")
                if active
                else _("%(name)s dinonaktifkan: tidak dapat masuk lagi.")
            )
            % {"name": target.get_full_name() or target.username},
        )
    return redirect("accounts:user_detail", pk=target.pk)


class PasswordSetView(auth_views.PasswordResetConfirmView):
    """The one-time link an admin hands over: the user chooses their own password (audited)."""

    template_name = "accounts/password_set.html"
    success_url = reverse_lazy("accounts:login")

    def form_valid(self, form):
        services.user_password_set(user=form.user, password=form.cleaned_data["new_password1"])
        self.request.session.pop(auth_views.INTERNAL_RESET_SESSION_TOKEN, None)
        messages.success(self.request, _("Kata sandi disimpan. Silakan masuk."))
        return HttpResponseRedirect(self.get_success_url())
