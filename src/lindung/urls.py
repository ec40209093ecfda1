from django.contrib import admin
from django.urls import include, path

from lindung.accounts.audit_views import export_log
from lindung.accounts.views import home
from lindung.api.api import api, not_found
from lindung.core.views import health

urlpatterns = [
    path("", home, name="home"),
    path("healthz", health, name="health"),
    path("akun/", include("lindung.accounts.urls")),
    path("cakupan/", include("lindung.coverage.urls")),
    path("wilayah/", include("lindung.regions.urls")),
    path("orang/", include("lindung.registry.urls")),
    path("program/", include("lindung.programs.urls")),
    path("pendaftaran/", include("lindung.enrolment.urls")),
    path("peserta/", include("lindung.memberships.urls")),
    path("iuran/", include("lindung.billing.urls")),
    path("klaim/", include("lindung.claims.urls")),
    path("audit/ekspor/", export_log, name="export_log"),
    path("kepatuhan/", include("lindung.compliance.urls")),
    path("api/v1/", api.urls),
    path("api/v1/<path:rest>", not_found),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
]
