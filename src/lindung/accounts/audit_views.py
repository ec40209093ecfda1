"""The data-export log page (the audit app sits below accounts, where the permission rules live)."""

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import render

from lindung.accounts.permissions import can_view_export_log
from lindung.audit import selectors


@login_required
def export_log(request):
    if not can_view_export_log(request.user):
        raise Http404
    username = request.GET.get("pengguna", "")[:150]
    page = Paginator(selectors.export_log_list(user=request.user, username=username), 100).get_page(
        request.GET.get("page")
    )
    return render(request, "accounts/export_log.html", {"page": page, "username": username})
