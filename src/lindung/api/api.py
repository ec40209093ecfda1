"""REST API /api/v1 (django-ninja), authenticated with personal bearer tokens, scoped like the pages.

Each domain app owns a ``router`` in its ``api.py``; this module mounts them and maps errors to JSON.
"""

from django.http import Http404
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError, ValidationError
from ninja.security import HttpBearer

from lindung.accounts.services import api_token_authenticate
from lindung.core.errors import ApplicationError


class BearerToken(HttpBearer):
    def authenticate(self, request, token):
        user = api_token_authenticate(secret=token)
        if user is None:
            return None
        request.user = user
        return user


api = NinjaAPI(
    title="Lindung API",
    version="1",
    description="API Lindung: registri orang (NIK), program, wilayah, cakupan, tagihan, pembayaran dan anggaran. Autentikasi: "
    "`Authorization: Bearer TOKEN` (buat dengan `lindung token create USERNAME`). Semua data dibatasi pada "
    "wilayah kerja organisasi pemilik token; data di luar wilayah dijawab 404.",
    auth=BearerToken(),
    urls_namespace="api",
)


def _error(request, status: int, code: str, message: str, **extra):
    return api.create_response(request, {"code": code, "message": message, **extra}, status=status)


@api.exception_handler(ApplicationError)
def on_application_error(request, exc: ApplicationError):
    return _error(request, 400, exc.code, exc.message, **exc.extra)


@api.exception_handler(Http404)
def on_not_found(request, exc):
    return _error(request, 404, "not_found", "Data tidak ditemukan atau di luar wilayah kerja Anda.")


@api.exception_handler(AuthenticationError)
def on_auth_error(request, exc):
    return _error(
        request,
        401,
        "unauthorized",
        "Token tidak ada atau tidak berlaku. Kirim header Authorization: Bearer TOKEN.",
    )


@api.exception_handler(ValidationError)
def on_validation_error(request, exc: ValidationError):
    return _error(request, 422, "invalid_input", "Masukan tidak valid.", errors=exc.errors)


@api.exception_handler(HttpError)
def on_http_error(request, exc: HttpError):
    return _error(request, exc.status_code, "error", str(exc))


from lindung.billing.api import router as billing_router  # noqa: E402
from lindung.compliance.api import router as compliance_router  # noqa: E402
from lindung.coverage.api import router as coverage_router  # noqa: E402
from lindung.programs.api import router as programs_router  # noqa: E402
from lindung.regions.api import router as regions_router  # noqa: E402
from lindung.registry.api import router as registry_router  # noqa: E402

api.add_router("/", registry_router)
api.add_router("/regions", regions_router)
api.add_router("/programs", programs_router)
api.add_router("/coverage", coverage_router)
api.add_router("/", billing_router)
api.add_router("/compliance", compliance_router)
