"""REST API /api/v1 (django-ninja), authenticated with personal bearer tokens, scoped like the pages.

Each domain app owns a ``router`` in its ``api.py``; this module mounts them, maps every error to a JSON
``{code, message}`` body and documents those answers on every operation of the OpenAPI schema. The docs
(Swagger UI from django-ninja's own static files) and the schema are served only to a signed-in user or a
valid bearer token.
"""

import logging
from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.db import DataError
from django.http import Http404, JsonResponse
from django.utils.translation import gettext as _
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError, ValidationError
from ninja.params.models import QueryModel
from ninja.security import HttpBearer

from lindung.accounts.services import api_token_authenticate
from lindung.core.errors import ApplicationError
from lindung.core.schemas import ErrorOut

logger = logging.getLogger(__name__)


class BearerToken(HttpBearer):
    def authenticate(self, request, token):
        user = api_token_authenticate(secret=token)
        if user is None:
            return None
        request.user = user
        return user


UNAUTHORIZED_MESSAGE = "Token tidak ada atau tidak berlaku. Kirim header Authorization: Bearer TOKEN."

# The answers every operation can give besides its own success answer (all with the ``ErrorOut`` body).
ERROR_RESPONSES = {
    "400": "Permintaan ditolak oleh aturan bisnis (pesan menjelaskan sebabnya).",
    "401": "Token tidak ada atau tidak berlaku.",
    "403": "Peran Anda tidak boleh melakukan tindakan ini.",
    "404": "Data tidak ditemukan atau di luar wilayah kerja Anda.",
    "422": "Masukan tidak valid (jenis, batas nilai, atau kolom yang tidak dikenal).",
}


def _bearer_user(request):
    header = request.headers.get("Authorization", "")
    scheme, _, secret = header.partition(" ")
    if scheme.lower() != "bearer":
        return None
    return api_token_authenticate(secret=secret.strip())


def docs_access(view):
    """The docs page and the schema: a signed-in user (session) or a valid bearer token; otherwise the
    schema answers 401 JSON and the docs page sends the browser to the login page."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not request.user.is_authenticated:
            user = _bearer_user(request)
            if user is None:
                if request.path.endswith(".json"):
                    return JsonResponse({"code": "unauthorized", "message": UNAUTHORIZED_MESSAGE}, status=401)
                return redirect_to_login(request.get_full_path())
            request.user = user
        return view(request, *args, **kwargs)

    return wrapper


def not_found(request, rest: str = ""):
    """Any other address under /api/v1/ answers like the API does (JSON 404), not with the HTML 404 page."""
    return JsonResponse(
        {"code": "not_found", "message": "Alamat API tidak dikenal; lihat /api/v1/docs."}, status=404
    )


class LindungAPI(NinjaAPI):
    def get_openapi_schema(self, *, path_prefix=None, path_params=None):
        schema = super().get_openapi_schema(path_prefix=path_prefix, path_params=path_params)
        return document_errors(schema)


def document_errors(schema: dict) -> dict:
    """Adds the shared error answers (400/401/403/404/422, ``{code, message}``) to every operation."""
    components = schema.setdefault("components", {}).setdefault("schemas", {})
    components["ErrorOut"] = ErrorOut.model_json_schema(ref_template="#/components/schemas/{model}")
    ref = {"$ref": "#/components/schemas/ErrorOut"}
    for operations in schema.get("paths", {}).values():
        for operation in operations.values():
            # Status codes as strings, once each (an operation may declare 403/422 itself as integers).
            responses = {str(k): v for k, v in operation.get("responses", {}).items()}
            operation["responses"] = responses
            for status, description in ERROR_RESPONSES.items():
                responses[status] = {
                    "description": description,
                    "content": {"application/json": {"schema": ref}},
                }
    return schema


api = LindungAPI(
    title="Lindung API",
    version="1",
    description="API Lindung: registri orang (NIK), program, wilayah, cakupan, tagihan, pembayaran, anggaran, klaim dan manfaat. Autentikasi: "
    "`Authorization: Bearer TOKEN` (buat dengan `lindung token create USERNAME`). Semua data dibatasi pada "
    "wilayah kerja organisasi pemilik token; data di luar wilayah dijawab 404.",
    auth=BearerToken(),
    urls_namespace="api",
    docs_decorator=docs_access,
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
    return _error(request, 401, "unauthorized", UNAUTHORIZED_MESSAGE)


@api.exception_handler(PermissionDenied)
def on_permission_denied(request, exc):
    return _error(request, 403, "forbidden", "Peran Anda tidak boleh melakukan tindakan ini.")


# Pydantic error types -> a sentence in the reader's language (Indonesian first); others keep pydantic's text.
_VALIDATION_TEXTS = {
    "missing": lambda ctx: _("wajib diisi"),
    "extra_forbidden": lambda ctx: _("kolom tidak dikenal"),
    "greater_than_equal": lambda ctx: _("paling kecil %(n)s") % {"n": ctx.get("ge")},
    "greater_than": lambda ctx: _("harus lebih dari %(n)s") % {"n": ctx.get("gt")},
    "less_than_equal": lambda ctx: _("paling besar %(n)s") % {"n": ctx.get("le")},
    "less_than": lambda ctx: _("harus kurang dari %(n)s") % {"n": ctx.get("lt")},
    "string_too_short": lambda ctx: _("paling sedikit %(n)s karakter") % {"n": ctx.get("min_length")},
    "string_too_long": lambda ctx: _("paling banyak %(n)s karakter") % {"n": ctx.get("max_length")},
    "string_pattern_mismatch": lambda ctx: (
        _("tidak sesuai format %(pattern)s") % {"pattern": ctx.get("pattern")}
    ),
    "int_parsing": lambda ctx: _("harus bilangan bulat"),
    "int_type": lambda ctx: _("harus bilangan bulat"),
    "int_from_float": lambda ctx: _("harus bilangan bulat"),
    "string_type": lambda ctx: _("harus teks"),
    "bool_parsing": lambda ctx: _("harus true atau false"),
    "bool_type": lambda ctx: _("harus true atau false"),
    "date_parsing": lambda ctx: _("harus tanggal YYYY-MM-DD"),
    "date_from_datetime_parsing": lambda ctx: _("harus tanggal YYYY-MM-DD"),
    "date_type": lambda ctx: _("harus tanggal YYYY-MM-DD"),
    "json_invalid": lambda ctx: _("bukan JSON yang sah"),
    "model_attributes_type": lambda ctx: _("harus objek JSON"),
    "dict_type": lambda ctx: _("harus objek JSON"),
}


def validation_message(errors: list[dict]) -> str:
    """'Masukan tidak valid: period tidak sesuai format ...; amount paling besar ...' (at most 5 fields)."""
    parts = []
    for error in errors[:5]:
        field = ".".join(str(p) for p in error.get("loc", ()) if p not in ("body", "query", "path")) or "body"
        text = _VALIDATION_TEXTS.get(error.get("type", ""))
        parts.append(f"{field} {text(error.get('ctx') or {}) if text else error.get('msg', '')}".strip())
    return _("Masukan tidak valid: %(details)s.") % {"details": "; ".join(parts)}


@api.exception_handler(ValidationError)
def on_validation_error(request, exc: ValidationError):
    return _error(request, 422, "invalid_input", validation_message(exc.errors), errors=exc.errors)


@api.exception_handler(HttpError)
def on_http_error(request, exc: HttpError):
    return _error(request, exc.status_code, "error", str(exc))


@api.exception_handler(OverflowError)
@api.exception_handler(DataError)
def on_out_of_range(request, exc):
    """Last line of defence: a value the database cannot hold (a number beyond 64 bits, a text longer than
    its column) is the client's error, not the server's. The schemas bound inputs so this should not be
    reached; it is logged so a missing bound gets noticed."""
    logger.warning("API input out of range at %s: %s", request.path, exc)
    return _error(request, 422, "out_of_range", "Nilai di luar batas yang diizinkan.")


def strict_query(run):
    """Router decorator ("view" mode, so it sees the operation): a query parameter the operation does not
    declare is refused with 422 like an unknown body field (``?programme=`` for ``?program=`` must not
    silently return everything). The check runs with the operation's own code, after authentication, so an
    anonymous request still gets 401 first."""
    operation = run.__self__
    allowed: set[str] = set()
    for model in operation.models:
        if issubclass(model, QueryModel):
            allowed |= set(getattr(model, "__ninja_flatten_map__", None) or model.model_fields)
    view_func = operation.view_func

    @wraps(view_func)
    def checked(request, *args, **kwargs):
        unknown = [name for name in request.GET if name not in allowed]
        if unknown:
            raise ValidationError(
                [
                    {
                        "type": "extra_forbidden",
                        "loc": ("query", name),
                        "msg": "Extra inputs are not permitted",
                    }
                    for name in unknown
                ]
            )
        return view_func(request, *args, **kwargs)

    operation.view_func = checked
    return run


from lindung.billing.api import router as billing_router  # noqa: E402
from lindung.claims.api import router as claims_router  # noqa: E402
from lindung.compliance.api import router as compliance_router  # noqa: E402
from lindung.coverage.api import router as coverage_router  # noqa: E402
from lindung.programs.api import router as programs_router  # noqa: E402
from lindung.regions.api import router as regions_router  # noqa: E402
from lindung.registry.api import router as registry_router  # noqa: E402

for _prefix, _router in (
    ("/", registry_router),
    ("/regions", regions_router),
    ("/programs", programs_router),
    ("/coverage", coverage_router),
    ("/", billing_router),
    ("/claims", claims_router),
    ("/compliance", compliance_router),
):
    _router.add_decorator(strict_query, mode="view")
    api.add_router(_prefix, _router)
