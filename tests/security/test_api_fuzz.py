"""Schemathesis over /api/v1/openapi.json as an admin and as a village operator: no 5xx, every answer as the
schema documents it (status code, content type, body), schema-invalid input refused with a 4xx.

Bounded for CI: LINDUNG_FUZZ_EXAMPLES examples per operation and mode (default 20 positive + 20
negative, about 450 requests per role, ~40 s for both roles); raise it for a deeper run. The examples are
derandomised so a CI failure can be replayed; the counts are printed (pytest -s)."""

from __future__ import annotations

import datetime as dt
import os
from collections import Counter

import pytest
import schemathesis
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, given, settings
from hypothesis.errors import Unsatisfiable
from schemathesis import GenerationMode
from schemathesis.checks import (
    content_type_conformance,
    negative_data_rejection,
    not_a_server_error,
    response_schema_conformance,
    status_code_conformance,
)

from lindung.accounts.services import api_token_create
from lindung.billing import services as billing
from tests.billing.conftest import people
from tests.helpers import make_programme

pytestmark = pytest.mark.django_db

EXAMPLES = int(os.environ.get("LINDUNG_FUZZ_EXAMPLES", "20"))
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]


@pytest.fixture
def wsgi_app():
    """Django's WSGI application in this thread, inside the test's transaction (the test client does the
    same: it keeps the request signals from closing the connection that holds the transaction)."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield WSGIHandler()
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


@pytest.fixture
def api_data(world):
    programme = make_programme("lahat-bpu", world.pemkab_lahat, "16.04", start_date=dt.date(2026, 1, 1))
    people(programme, 3)
    billing.billing_run(actor=world.lahat_manager, programme=programme, period=dt.date(2026, 3, 1))
    return programme


def fuzz(operation, mode: GenerationMode, headers: dict, stats: Counter) -> None:
    checks = CHECKS + ([negative_data_rejection] if mode == GenerationMode.NEGATIVE else [])

    @settings(
        max_examples=EXAMPLES,
        deadline=None,
        database=None,
        derandomize=True,
        suppress_health_check=list(HealthCheck),
    )
    @given(case=operation.as_strategy(generation_mode=mode, headers=headers))
    def run(case):
        response = case.call(headers=headers)
        stats["requests"] += 1
        stats[f"{response.status_code // 100}xx"] += 1
        case.validate_response(response, checks=checks, headers=headers)

    try:
        run()
    except Unsatisfiable:
        # An operation without parameters or body (GET /programs) has nothing to make invalid.
        assert mode == GenerationMode.NEGATIVE, operation.label
        stats["operations without negative cases"] += 1


@pytest.mark.parametrize("username", ["admin", "desa_operator"])
def test_api_fuzz(world, api_data, wsgi_app, username):
    user = getattr(world, username)
    _token, secret = api_token_create(actor=None, user=user)
    headers = {"Authorization": f"Bearer {secret}"}
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", wsgi_app, headers=headers)
    stats: Counter[str] = Counter()
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) >= 12

    for operation in operations:
        for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):
            fuzz(operation, mode, headers, stats)
    print(f"\nschemathesis as {username}: {len(operations)} operations, {dict(stats)}")
    assert stats["5xx"] == 0
    assert stats["requests"] >= len(operations) * 2
    assert stats["2xx"] > 0  # the fuzzing got past authentication and validation
