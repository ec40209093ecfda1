from django.contrib.auth.decorators import login_required
from django.shortcuts import render


@login_required
def programme_list(request):
    return render(request, "programs/programme_list.html", {})
