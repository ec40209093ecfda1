"""The OpenAPI schema tells the truth: every answer an operation gives is listed, unknown fields and values
the database cannot hold are refused with 422, and what the schema allows the code accepts."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from lindung.api.api import api
from lindung.billing import services as billing
from lindung.billing.models import Payment
from tests.billing.conftest import people
from tests.helpers import api_client, make_programme

pytestmark = pytest.mark.django_db

HUGE = [2**63, 99_999_999_999_999_999_999_999, -(2**63) - 1]


@pytest.fixture(scope="module")
def schema() -> dict:
    return api.get_openapi_schema()


def resolve(schema: dict, node: dict) -> dict:
    while "$ref" in node:
        node = schema["components"]["schemas"][node["$ref"].rsplit("/", 1)[-1]]
    return node


def operations(schema):
    for path, ops in schema["paths"].items():
        for method, op in ops.items():
            yield f"{method.upper()} {path}", op


def test_every_operation_lists_the_error_answers_with_the_error_body(schema):
    assert len(list(operations(schema))) >= 12
    for name, op in operations(schema):
        for status in ("400", "401", "403", "404", "422"):
            content = op["responses"].get(status, {}).get("content", {})
            assert content.get("application/json", {}).get("schema") == {
                "$ref": "#/components/schemas/ErrorOut"
            }, f"{name} {status}"
    error = schema["components"]["schemas"]["ErrorOut"]
    assert set(error["required"]) == {"code", "message"}


def test_every_json_body_refuses_unknown_fields(schema):
    bodies = 0
    for name, op in operations(schema):
        if "requestBody" in op:
            body = resolve(schema, op["requestBody"]["content"]["application/json"]["schema"])
            assert body.get("additionalProperties") is False, name
            bodies += 1
    assert bodies >= 3


def test_every_integer_input_is_bounded(schema):
    """Ids, pages, offsets, years and amounts carry documented maxima, so 2^63 is a 422, never a 500."""
    found = []
    for name, op in operations(schema):
        for param in op.get("parameters", []):
            s = param["schema"]
            for option in s.get("anyOf", [s]):
                if option.get("type") == "integer":
                    found.append(f"{name} {param['name']}")
                    assert "maximum" in option and "minimum" in option, f"{name} {param['name']}"
        if "requestBody" in op:
            body = resolve(schema, op["requestBody"]["content"]["application/json"]["schema"])
            for field, s in body["properties"].items():
                for option in s.get("anyOf", [s]):
                    if option.get("type") == "integer":
                        found.append(f"{name} {field}")
                        assert "maximum" in option and "minimum" in option, f"{name} {field}"
    assert len(found) >= 6


@pytest.fixture
def billed(world):
    programme = make_programme("lahat-bpu", world.pemkab_lahat, "16.04", start_date=dt.date(2026, 1, 1))
    people(programme, 2)
    billing.billing_run(actor=world.lahat_manager, programme=programme, period=dt.date(2026, 3, 1))
    return programme


def post(c, url, data):
    return c.post(url, data=json.dumps(data), content_type="application/json")


def test_unknown_fields_are_refused_and_nothing_is_written(world, billed):
    c = api_client(world.lahat_finance)  # BPKAD records the payments of public funders
    number = c.get("/api/v1/invoices").json()[0]["number"]
    body = {"invoice": number, "amount": 16_800, "reference": "TRF-1", "paid_on": "2026-03-20"}
    resp = post(c, "/api/v1/payments", {**body, "allow_kredit": True})  # misspelt allow_credit
    assert resp.status_code == 422
    assert resp.json()["code"] == "invalid_input"
    assert resp.json()["message"] == "Masukan tidak valid: allow_kredit kolom tidak dikenal."
    assert not Payment.objects.exists()
    assert post(c, "/api/v1/payments", body).status_code == 201


@pytest.mark.parametrize("huge", HUGE)
def test_huge_integers_anywhere_are_422(world, billed, huge):
    c = api_client(world.admin)
    urls = [
        f"/api/v1/people/{huge}",
        f"/api/v1/people?page={huge}",
        f"/api/v1/invoices?offset={huge}",
        f"/api/v1/invoices?limit={huge}",
        f"/api/v1/programs/lahat-bpu/budget?year={huge}",
        f"/api/v1/coverage?region=16.04&year={huge}",
    ]
    for url in urls:
        resp = c.get(url)
        assert resp.status_code == 422, url
        assert resp.json()["code"] == "invalid_input"
    number = c.get("/api/v1/invoices").json()[0]["number"]
    body = {
        "invoice": number,
        "amount": huge,
        "reference": "X-1",
        "paid_on": "2026-03-20",
        "allow_credit": True,
    }
    assert post(c, "/api/v1/payments", body).status_code == 422
    assert not Payment.objects.exists()


def test_values_the_code_refuses_are_refused_by_the_schema(world, billed):
    """Year 0 and an empty period used to pass the schema and be refused later; now the schema says so."""
    c = api_client(world.lahat_manager)
    assert c.get("/api/v1/programs/lahat-bpu/budget?year=0").status_code == 422
    assert c.get("/api/v1/coverage?region=16.04&year=0").status_code == 422
    assert post(c, "/api/v1/billing/run", {"period": ""}).status_code == 422
    assert post(c, "/api/v1/billing/run", {"period": "2026-13"}).status_code == 422
    assert post(c, "/api/v1/billing/late-fees", {"as_of": "0001-01-01"}).status_code == 422
    number = c.get("/api/v1/invoices").json()[0]["number"]
    body = {"invoice": number, "amount": 16_800, "reference": "R-1", "paid_on": "0001-01-01"}
    assert post(c, "/api/v1/payments", body).status_code == 422
    # ... and the edges the schema allows are accepted.
    assert c.get("/api/v1/programs/lahat-bpu/budget?year=2000").status_code == 200
    assert c.get("/api/v1/invoices?period=").status_code == 200
    assert c.get("/api/v1/invoices?offset=1000000").json() == []


def test_an_error_body_matches_the_documented_schema(world):
    c = api_client(world.lahat_manager)
    for resp in (c.get("/api/v1/people/999999"), c.get("/api/v1/people?page=0"), c.get("/api/v1/nik/1")):
        if resp.status_code >= 400:
            assert {"code", "message"} <= set(resp.json())
    from django.test import Client

    unauthorized = Client().get("/api/v1/people")
    assert unauthorized.status_code == 401 and set(unauthorized.json()) == {"code", "message"}


def test_unknown_query_parameters_are_refused_after_authentication(world, billed):
    c = api_client(world.lahat_manager)
    assert len(c.get("/api/v1/invoices?program=lahat-bpu").json()) == 1
    typo = c.get("/api/v1/invoices?programme=saro-bpu")  # must not silently list every invoice
    assert typo.status_code == 422
    assert typo.json()["message"] == "Masukan tidak valid: programme kolom tidak dikenal."
    assert c.get("/api/v1/programs?x=1").status_code == 422
    from django.test import Client

    assert Client().get("/api/v1/invoices?programme=x").status_code == 401


def test_the_schema_has_each_answer_once():
    """Swagger UI refuses a schema with a status code twice (YAMLException): an operation's own 403/422 and the
    shared ones must merge into one key each."""
    import json

    from django.core.serializers.json import DjangoJSONEncoder

    from lindung.api.api import api

    text = json.dumps(api.get_openapi_schema(), cls=DjangoJSONEncoder)
    duplicates = []

    def pairs(items):
        keys = [k for k, _ in items]
        duplicates.extend(k for k in set(keys) if keys.count(k) > 1)
        return dict(items)

    json.loads(text, object_pairs_hook=pairs)
    assert duplicates == []
