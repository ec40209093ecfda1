"""The contribution calculator: the API's answers and 422s, and the page reachable from the Iuran menu."""

import pytest
from django.urls import reverse

from tests.helpers import api_client, rendered_form

pytestmark = pytest.mark.django_db

URL = "/api/v1/rules/contribution"


def test_pu_with_jp_in_june_2024(world):
    c = api_client(world.lahat_viewer)
    r = c.get(URL, {"segment": "PU", "wage": "12000000", "risk_class": "5", "elements": "JKK,JKM,JP",
                    "period": "2024-06", "jkp": "false", "funder_kind": "apbd_kab"})  # fmt: skip
    assert r.status_code == 200, r.content
    assert r.json() == {
        "period": "2024-06",
        "items": [
            {"element": "JKK", "rate": "1.74", "base": 12_000_000, "amount": 208_800},
            {"element": "JKM", "rate": "0.3", "base": 12_000_000, "amount": 36_000},
            {"element": "JP", "rate": "3", "base": 10_042_300, "amount": 301_269},
        ],
        "discount": None,
        "total": 546_069,
        "due_date": "2024-07-15",
    }


def test_bpu_with_the_pp_50_discount_and_without_it_for_public_money(world):
    c = api_client(world.lahat_viewer)
    query = {"segment": "BPU", "elements": "JKK,JKM", "period": "2026-04", "funder_kind": "csr"}
    body = c.get(URL, query).json()
    assert body["items"] == [
        {"element": "JKK", "rate": "1", "base": 1_000_000, "amount": 10_000},
        {"element": "JKM", "rate": None, "base": None, "amount": 6_800},
    ]
    assert body["discount"]["amount"] == 8_400 and body["discount"]["percent"] == "50"
    assert body["discount"]["verified"] is False
    assert (body["total"], body["due_date"]) == (8_400, "2026-04-15")
    public = c.get(URL, {**query, "funder_kind": "apbdes"}).json()
    assert (public["discount"], public["total"]) == (None, 16_800)
    transport = c.get(URL, {**query, "period": "2026-02", "sector": "transport"}).json()
    assert transport["total"] == 8_400
    assert c.get(URL, {**query, "period": "2026-02"}).json()["total"] == 16_800


def test_jkp_participant_in_june_2025(world):
    r = api_client(world.lahat_viewer).get(
        URL,
        {"segment": "PU", "wage": "5000000", "risk_class": "1", "elements": "JKK,JKM", "period": "2025-06",
         "jkp": "true"},
    )  # fmt: skip
    assert [i["amount"] for i in r.json()["items"]] == [5_000, 15_000]


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ({"segment": "XX", "elements": "JKK", "period": "2026-01"}, "Segmen 'XX' tidak dikenal"),
        ({"segment": "PU", "elements": "JKK", "period": "2026-01", "risk_class": "1"}, "Upah sebulan wajib"),
        ({"segment": "PU", "wage": "3000000", "elements": "JKK", "period": "2026-01"}, "Kelompok risiko wajib"),
        ({"segment": "PU", "wage": "3000000", "elements": "JKK", "period": "2026-01", "risk_class": "6"},
         "Kelompok risiko harus 1"),
        ({"segment": "PU", "wage": "3.000.000", "elements": "JKM", "period": "2026-01"}, "bilangan bulat Rupiah"),
        ({"segment": "PU", "wage": "-5", "elements": "JKM", "period": "2026-01"}, "harus lebih dari Rp0"),
        ({"segment": "BPU", "elements": "JKK,XYZ", "period": "2026-01"}, "XYZ tidak dikenal"),
        ({"segment": "BPU", "elements": "JP", "period": "2026-01"}, "JP (pensiun) hanya untuk peserta PU"),
        ({"segment": "BPU", "elements": "", "period": "2026-01"}, "paling sedikit satu program"),
        ({"segment": "BPU", "elements": "JKK", "period": "2026-13"}, "Periode '2026-13' tidak valid"),
        ({"segment": "BPU", "elements": "JKK", "period": "2026-01", "funder_kind": "apbn"},
         "Sumber dana 'apbn' tidak dikenal"),
        ({"segment": "BPU", "elements": "JKK", "period": "2026-01", "jkp": "maybe"}, "jkp harus true atau false"),
        ({"segment": "BPU", "elements": "JKK", "period": "2026-01", "sector": "air"}, "Sektor 'air' tidak dikenal"),
        ({"segment": "BPU", "elements": "JKK", "period": "2014-01"}, "Tidak ada tarif iuran BPU JKK"),
        ({"segment": "BPU", "elements": "JKK"}, "period wajib diisi"),
        ({"segment": "BPU", "elements": "JKK", "period": "2026-01", "upah": "1"}, "upah kolom tidak dikenal"),
    ],
)  # fmt: skip
def test_bad_parameters_answer_422_in_indonesian(world, query, message):
    r = api_client(world.lahat_viewer).get(URL, query)
    assert r.status_code == 422, r.content
    assert message in r.json()["message"]


def test_due_date_api(world):
    c = api_client(world.lahat_viewer)
    r = c.get("/api/v1/rules/due-date", {"segment": "BPU", "period": "2024-04"})
    assert r.json() == {"due_date": "2024-04-16", "moved_from": "2024-04-15", "reason": r.json()["reason"]}
    assert "Idul Fitri" in r.json()["reason"]
    pu = c.get("/api/v1/rules/due-date", {"segment": "PU", "period": "2024-05"}).json()
    # 15-06-2024 is a Saturday; 17-06 Idul Adha and 18-06 cuti bersama follow.
    assert pu == {"due_date": "2024-06-19", "moved_from": "2024-06-15", "reason": "Sabtu"}
    plain = c.get("/api/v1/rules/due-date", {"segment": "BPU", "period": "2026-04"}).json()
    assert plain == {"due_date": "2026-04-15", "moved_from": None, "reason": None}
    weekend = c.get("/api/v1/rules/due-date", {"segment": "BPU", "period": "2026-02"}).json()
    # 15-02-2026 is a Sunday, 16-02 cuti bersama and 17-02 Tahun Baru Imlek.
    assert weekend == {"due_date": "2026-02-18", "moved_from": "2026-02-15", "reason": "Minggu"}
    bad = c.get("/api/v1/rules/due-date", {"segment": "", "period": "2026-02"})
    assert bad.status_code == 422 and "isi BPU atau PU" in bad.json()["message"]
    assert c.get("/api/v1/rules/due-date", {"segment": "PU", "period": "x"}).status_code == 422


def test_calculator_page_from_the_iuran_menu_and_for_everyone_signed_in(world, client_for):
    manager = client_for(world.lahat_manager)
    assert 'id="calculator-link"' in manager.get(reverse("billing:home")).content.decode()
    url = reverse("billing:calculator")
    page = manager.get(url).content.decode()
    assert 'id="calculator-form"' in page and 'id="calculator-result"' not in page
    answer = manager.get(
        url,
        {"segment": "PU", "wage": "12.000.000", "risk_class": "5", "elements": ["JKK", "JKM", "JP"],
         "period": "2024-06", "funder_kind": "apbd_kab", "sector": "non_transport"},
    ).content.decode()  # fmt: skip
    assert 'id="calculator-total">Rp546.069<' in answer
    assert "Rp10.042.300" in answer and "Jatuh tempo: 15-07-2024" in answer
    # Submitting the rendered form unchanged gives the same answer (the Rupiah field reads 12.000.000 back).
    _action, data = rendered_form(answer, form_id="calculator-form")
    again = manager.get(url, data).content.decode()
    assert 'id="calculator-total">Rp546.069<' in again
    error = manager.get(url, {"segment": "PU", "elements": ["JKM"], "period": "2026-01"}).content.decode()
    assert "Upah sebulan wajib diisi" in error
    # A village operator does not see the Iuran pages but has the calculator in the menu.
    village = client_for(world.desa_operator).get(url)
    assert village.status_code == 200 and f'href="{url}"' in village.content.decode()
