"""Django settings. Everything that differs between machines comes from the environment (lindung.env)."""

from __future__ import annotations

from pathlib import Path

import dj_database_url

from lindung.env import ConfigError, env_bool, env_choice, env_int, env_list, env_str, secret_key_problem

BASE_DIR = Path(__file__).resolve().parent
DATA_DIR = Path(env_str("LINDUNG_DATA_DIR", str(Path.cwd() / "var")))

# demo/dev/test run with safe defaults on http://127.0.0.1; production must configure everything.
LINDUNG_ENV = env_choice("LINDUNG_ENV", "production", {"demo", "dev", "test", "production"})
DEV_LIKE = LINDUNG_ENV in {"demo", "dev", "test"}

DEBUG = env_bool("DEBUG", False)
if DEBUG and not DEV_LIKE:
    raise ConfigError(
        "DEBUG=1 tidak boleh dipakai dalam mode production (halaman galat DEBUG membuka data dan "
        "pengaturan); hapus DEBUG atau set LINDUNG_ENV=dev di mesin pengembang."
    )
SECRET_KEY = env_str("SECRET_KEY")
if not SECRET_KEY:
    if not DEV_LIKE:
        raise ConfigError(
            "SECRET_KEY wajib diisi di luar mode demo/dev/test (set LINDUNG_ENV=demo untuk mencoba)."
        )
    SECRET_KEY = "lindung-insecure-key-for-" + LINDUNG_ENV + "-only"  # noqa: S105
elif not DEV_LIKE and (problem := secret_key_problem(SECRET_KEY)):
    raise ConfigError(problem)

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost"] if DEV_LIKE else [])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_htmx",
    "ninja",  # serves Swagger UI from its own static files (never a CDN)
    "csp",
    "axes",
    "django_tasks",
    "django_tasks_db",
    "lindung.core",
    "lindung.audit",
    "lindung.regions",
    "lindung.accounts",
    "lindung.registry",
    "lindung.programs",
    "lindung.memberships",
    "lindung.coverage",
    "lindung.api",
    "lindung.enrolment",
    "lindung.billing",
    "lindung.claims",
    "lindung.compliance",
    "lindung.schedule",
    "lindung.demo",
]

# Static files are answered by WhiteNoise before anything below runs; every other response gets the
# security headers, ``Cache-Control: no-store`` and, when it is a file download, an export log row.
MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "lindung.core.middleware.RejectNulMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_permissions_policy.PermissionsPolicyMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "axes.middleware.AxesMiddleware",
    "lindung.core.middleware.IdleSessionMiddleware",
    "lindung.core.middleware.NoStoreMiddleware",
    "lindung.audit.middleware.ExportLogMiddleware",
]

ROOT_URLCONF = "lindung.urls"
WSGI_APPLICATION = "lindung.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "lindung.core.context_processors.lindung",
                "lindung.accounts.context_processors.duties",
            ],
            "builtins": ["lindung.core.templatetags.lindung"],
        },
    }
]

_default_db = "sqlite:///" + str(DATA_DIR / "lindung.sqlite3")
DATABASES = {"default": dj_database_url.parse(env_str("DATABASE_URL", _default_db), conn_max_age=60)}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # NORMAL in WAL mode: a power cut may lose the last commits, never corrupts. FULL flushes every commit,
    # as PostgreSQL does (the benchmarks compare the two databases at equal durability).
    _sync = env_str("SQLITE_SYNCHRONOUS", "NORMAL").upper()
    if _sync not in ("NORMAL", "FULL"):
        raise ConfigError("SQLITE_SYNCHRONOUS harus NORMAL atau FULL")
    # SQLite's own page cache is 2 MB by default; 128 MB (allocated only as used) matches PostgreSQL's
    # default shared_buffers and cut a 1.000.000-member billing run from 9,0 s to 6,5 s (decision 82).
    _cache_mb = env_int("SQLITE_CACHE_MB", 128)
    DATABASES["default"]["OPTIONS"] = {
        "init_command": (
            f"PRAGMA journal_mode=WAL; PRAGMA synchronous={_sync}; PRAGMA foreign_keys=ON; "
            f"PRAGMA cache_size=-{_cache_mb * 1024};"
        ),
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }
    DATABASES["default"]["CONN_MAX_AGE"] = 0
DATABASES["default"]["TEST"] = {"NAME": env_str("TEST_DATABASE_NAME") or None}

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "home"  # sponsors to their portal, everyone else to the coverage home
LOGOUT_REDIRECT_URL = "accounts:login"

# Login throttling: lock a username+IP pair after 5 failures for 15 minutes.
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = 0.25  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "accounts/lockout.html"
AXES_VERBOSE = False

# Sessions end after LINDUNG_SESSION_IDLE_MINUTES without a request (rolling: each request moves the end;
# lindung.core.middleware.IdleSessionMiddleware signs the user out with a message). The stored session
# lives a little longer so the middleware, not a silently missing session, ends it.
SESSION_IDLE_SECONDS = env_int("LINDUNG_SESSION_IDLE_MINUTES", 30) * 60
if SESSION_IDLE_SECONDS < 60:
    raise ConfigError("LINDUNG_SESSION_IDLE_MINUTES harus paling sedikit 1 (menit).")
SESSION_COOKIE_AGE = SESSION_IDLE_SECONDS + 120
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SECURE_COOKIES = env_bool("SECURE_COOKIES", not DEV_LIKE)
SESSION_COOKIE_SECURE = SECURE_COOKIES
CSRF_COOKIE_SECURE = SECURE_COOKIES
CSRF_COOKIE_HTTPONLY = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
if not DEV_LIKE:
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SECURE_REDIRECT_EXEMPT = [r"^healthz$"]  # the process supervisor asks over plain http
    SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 365 * 24 * 3600)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
    # Preloading is a promise to browsers that cannot be taken back quickly; the operator opts in.
    SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", False)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    if not SECURE_HSTS_PRELOAD:
        SILENCED_SYSTEM_CHECKS = ["security.W021"]

# Content-Security-Policy (django-csp): scripts only from our own static files (htmx from django-htmx,
# lindung/lindung.js, Swagger UI from django-ninja); no inline script or event handler anywhere. Inline
# *styles* stay allowed: a few templates size bars with style="width: ..%" and htmx adds its indicator
# style; a style cannot run code.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'", "'unsafe-inline'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'", "data:"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'none'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}
# Permissions-Policy (django-permissions-policy): no page needs a device or sensor.
PERMISSIONS_POLICY = {
    feature: []
    for feature in (
        "accelerometer",
        "camera",
        "geolocation",
        "gyroscope",
        "magnetometer",
        "microphone",
        "payment",
        "usb",
    )
}

LANGUAGE_CODE = "id"
LANGUAGES = [("id", "Bahasa Indonesia"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Jakarta"
USE_I18N = True
USE_TZ = True
USE_THOUSAND_SEPARATOR = False  # numbers are formatted explicitly (angka, rupiah, persen filters)

STATIC_URL = "/static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = DATA_DIR / "static"
STATIC_ROOT.mkdir(parents=True, exist_ok=True)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True
MEDIA_ROOT = DATA_DIR / "media"
MEDIA_URL = "/media/"
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024

TASKS = {
    "default": {
        "BACKEND": env_str(
            "TASKS_BACKEND",
            "django_tasks.backends.immediate.ImmediateBackend"
            if LINDUNG_ENV in {"test", "demo"}
            else "django_tasks_db.DatabaseBackend",
        )
    }
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "WARNING")},
}

# Roles allowed to see a whole NIK (on a person's detail page, audited). Others see it masked.
LINDUNG_FULL_NIK_ROLES = env_list("LINDUNG_FULL_NIK_ROLES", ["verifier", "manager", "admin"])
