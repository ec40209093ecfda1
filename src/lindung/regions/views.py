from django.contrib.auth.decorators import login_required
from django.shortcuts import render


@login_required
def region_list(request):
    return render(request, "regions/region_list.html", {})
