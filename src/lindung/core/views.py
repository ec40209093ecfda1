from django.http import HttpResponse
from django.views.decorators.cache import never_cache


@never_cache
def health(request):
    """Liveness for a load balancer or process supervisor: answers without touching the database."""
    return HttpResponse("ok", content_type="text/plain")
