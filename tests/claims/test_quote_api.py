import json

import pytest
from django.core.management import CommandError, call_command

from lindung.claims.models import Claim
from tests.helpers import api_client

BODY = {
    "kind": "JKM",
    "segment": "BPU",
    "wage": 1_000_000,
    "event_date": "2026-03-10",
    "claim_date": "2026-04-01",
    "membership_start": "2022-01-01",
    "contribution_months": 50,
    "family": [
        {"relation": "spouse", "birth_date": "1985-02-01"},
        {"relation": "child", "birth_date": "2021-05-01", "school_level": "TK", "school_year": 1},
    ],
}


def post(client, body):
    return client.post("/api/v1/claims/quote", data=json.dumps(body), content_type="application/json")


@pytest.mark.django_db
def test_quote_api_answers_the_family_s_entitlement(world):
    r = post(api_client(world.desa_operator), BODY)
    assert r.status_code == 200, r.content
    data = r.json()
    assert data["eligible"] is True and data["total_cash"] == 42_000_000
    assert [h["relation"] for h in data["heirs"]] == ["spouse", "child"]
    assert data["scholarship_children"] == 1 and data["scholarship_max_total"] == 174_000_000
    assert data["scholarships"][0] == {
        "index": 1,
        "level": "TK",
        "grade": 1,
        "year": 2025,
        "due_on": "2026-04-01",
        "amount": 1_500_000,
    }
    assert Claim.objects.count() == 0


@pytest.mark.django_db
@pytest.mark.parametrize(
    "change,status,needle",
    [
        ({"kind": "JHT"}, 400, "Jenis manfaat 'JHT' tidak dikenal"),
        ({"event_date": "2021-06-01"}, 400, "sebelum kepesertaan dimulai"),
        ({"event_date": "2099-01-01"}, 400, "di masa depan"),
        ({"wage": -5}, 422, "wage"),
        ({"event_date": "2026-02-31"}, 400, "bukan tanggal yang mungkin"),
        ({"family": [{"relation": "child", "nik": "9904011234560001"}]}, 400, "NIK tidak valid"),
        ({"contribution_months": "banyak"}, 422, "Masukan tidak valid"),
    ],
)
def test_bad_input_is_a_4xx_in_indonesian(world, change, status, needle):
    r = post(api_client(world.desa_operator), {**BODY, **change})
    assert r.status_code == status
    assert needle in r.json()["message"]


@pytest.mark.django_db
def test_quote_needs_a_token(world):
    assert post(__import__("django.test").test.Client(), BODY).status_code == 401


@pytest.mark.django_db
def test_cli_prints_the_same_json_as_the_api(world, tmp_path, capsys):
    f = tmp_path / "q.json"
    f.write_text(json.dumps(BODY))
    call_command("claims", "quote", "--json", str(f))
    printed = json.loads(capsys.readouterr().out)
    assert printed == post(api_client(world.desa_operator), BODY).json()
    f.write_text(json.dumps({**BODY, "kind": "X"}))
    with pytest.raises(CommandError, match="tidak dikenal"):
        call_command("claims", "quote", "--json", str(f))


@pytest.mark.django_db
def test_openapi_schema_lists_the_claims_endpoints(world):
    schema = api_client(world.desa_operator).get("/api/v1/openapi.json").json()
    assert {"/api/v1/claims/quote", "/api/v1/claims", "/api/v1/claims/{claim_id}"} <= set(schema["paths"])
