"""Claims in English: quote errors and reasons in the request's language; the claim page; stored data stays
Indonesian."""

import json

import pytest

from lindung.claims.models import Claim
from tests.claims.test_quote_api import BODY
from tests.helpers import api_client

pytestmark = pytest.mark.django_db


def test_quote_errors_and_reasons_in_english(world):
    c = api_client(world.desa_operator)
    eng = c.post(
        "/api/v1/claims/quote",
        data=json.dumps({**BODY, "kind": "JHT"}),
        content_type="application/json",
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert eng.status_code == 400
    assert eng.json()["message"].startswith("Unknown benefit kind 'JHT'; use JKM, JKK_DEATH")
    body = {**BODY, "membership_start": "2026-01-01", "event_date": "2026-03-01"}
    r = c.post(
        "/api/v1/claims/quote",
        data=json.dumps(body),
        content_type="application/json",
        HTTP_ACCEPT_LANGUAGE="en",
    )
    reason = r.json()["reasons"][0]
    assert reason["code"] == "waiting_period"
    assert reason["message"].startswith("Died 01-03-2026, within the 3-month waiting period")
    assert "unverified" in reason["message"]


def test_claim_page_in_english_stored_reasons_stay_indonesian(client_for, world, lahat_family):
    from lindung.memberships.models import Membership
    from tests.claims.conftest import D

    Membership.objects.filter(pk=lahat_family.membership.pk).update(status="lapsed", end_date=D(2026, 5, 31))
    desa = client_for(world.desa_operator)
    desa.post(
        f"/klaim/lapor/{lahat_family.person.pk}/",
        {
            "event_kind": "death",
            "benefit": "JKM",
            "event_date": "2026-10-02",
            "place": "Rumah",
            "cause": "Sakit",
        },
        HTTP_ACCEPT_LANGUAGE="en",
    )
    claim = Claim.objects.get()
    assert claim.estimate["reasons"][0]["message"].startswith("Kepesertaan terhenti")
    page = desa.get(f"/klaim/{claim.pk}/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Benefit estimate" in page and "Not eligible according to Lindung" in page
