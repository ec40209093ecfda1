"""What every API operation shares: the error body, strict input schemas and the documented maxima
(in core so that each app's api.py can use them without importing the api app above it).

Every input schema (JSON bodies and query schemas) derives from ``InputSchema``: a field the API does not
know is refused with 422 instead of being silently dropped (a misspelt ``allow_credit`` must not be
ignored). Integers the database stores are bounded in the schema, so a number too large for a column is a
422, never a 500.
"""

from __future__ import annotations

from typing import Any

from ninja import Schema
from pydantic import ConfigDict, Field

from lindung.core.limits import MAX_RUPIAH, MAX_YEAR, MIN_YEAR  # noqa: F401 - the API's maxima too

# Documented maxima (README, "API"): money and years as everywhere (core/limits.py, so what the schema
# allows the services accept); ids are 64-bit; pages and offsets far beyond any real list are refused
# rather than passed to the database.
MAX_ID = 2**63 - 1
MAX_PAGE = 1_000_000
MAX_OFFSET = 1_000_000
# YYYY-MM with a year in [MIN_YEAR, MAX_YEAR] and a month 01-12 (the billing calendar's window).
PERIOD_PATTERN = r"^(20[0-9]{2}|2100)-(0[1-9]|1[0-2])$"
PERIOD_OR_EMPTY_PATTERN = r"^$|^(20[0-9]{2}|2100)-(0[1-9]|1[0-2])$"


class InputSchema(Schema):
    """Base of every API input schema: unknown fields are an error (422)."""

    model_config = ConfigDict(extra="forbid")


class ErrorOut(Schema):
    """Every 4xx answer: a machine-readable ``code`` and a message in Bahasa Indonesia."""

    code: str = Field(description="kode galat, mis. not_found, unauthorized, invalid_input")
    message: str = Field(description="pesan dalam Bahasa Indonesia")
    errors: list[dict[str, Any]] | None = Field(None, description="untuk 422: rincian per kolom masukan")
