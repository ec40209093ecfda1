"""Typed helpers that read settings from the environment and fail loudly on bad values."""

from __future__ import annotations

import os


class ConfigError(RuntimeError):
    pass


def env_str(name: str, default: str | None = None, *, required: bool = False) -> str:
    value = os.environ.get(name)
    if value is None or value == "":
        if required:
            raise ConfigError(f"Variabel lingkungan {name} wajib diisi.")
        if default is None:
            return ""
        return default
    return value


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    lowered = value.strip().lower()
    if lowered in {"1", "true", "yes", "on", "ya"}:
        return True
    if lowered in {"0", "false", "no", "off", "tidak"}:
        return False
    raise ConfigError(f"{name}={value!r} bukan nilai boolean (pakai 1/0, true/false).")


def env_int(name: str, default: int) -> int:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    try:
        return int(value)
    except ValueError as exc:
        raise ConfigError(f"{name}={value!r} bukan bilangan bulat.") from exc


def env_list(name: str, default: list[str]) -> list[str]:
    value = os.environ.get(name)
    if value is None or value.strip() == "":
        return list(default)
    return [item.strip() for item in value.split(",") if item.strip()]


def env_choice(name: str, default: str, choices: set[str]) -> str:
    value = env_str(name, default)
    if value not in choices:
        raise ConfigError(f"{name}={value!r} tidak dikenal; pilihan: {', '.join(sorted(choices))}.")
    return value


# Keys anyone can read: the development fallback of each non-production mode and Django's generated
# development keys. Production refuses them even when they are long.
PUBLISHED_SECRET_KEYS = frozenset(f"lindung-insecure-key-for-{mode}-only" for mode in ("demo", "dev", "test"))
SECRET_KEY_MIN_LENGTH = 50
SECRET_KEY_MIN_DISTINCT = 10


def secret_key_problem(key: str) -> str | None:
    """Why ``key`` must not sign production sessions, or None when it is strong enough.

    Django's own deploy check asks for 50 characters and 5 distinct ones; a key made by
    ``secrets.token_urlsafe(50)`` has ~40 distinct characters, so 10 refuses only hand-typed patterns."""
    if key in PUBLISHED_SECRET_KEYS or key.startswith("django-insecure-"):
        return "SECRET_KEY adalah kunci yang sudah dipublikasikan (kunci demo/dev); buat kunci baru."
    if len(key) < SECRET_KEY_MIN_LENGTH:
        return (
            f"SECRET_KEY terlalu pendek ({len(key)} karakter; minimal {SECRET_KEY_MIN_LENGTH}). "
            "Buat dengan: python3 -c 'import secrets; print(secrets.token_urlsafe(50))'"
        )
    if len(set(key)) < SECRET_KEY_MIN_DISTINCT:
        return (
            f"SECRET_KEY terlalu lemah (hanya {len(set(key))} karakter berbeda; minimal "
            f"{SECRET_KEY_MIN_DISTINCT}). Buat dengan: python3 -c 'import secrets; print(secrets.token_urlsafe(50))'"
        )
    return None
