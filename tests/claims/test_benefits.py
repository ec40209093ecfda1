"""The benefit engine: exact Rupiah for every rule and its edges, heirs order, scholarships."""

import datetime as dt

import pytest

from lindung.claims.benefits import quote
from lindung.claims.models import BenefitRule, ScholarshipRate
from lindung.core.errors import ApplicationError

TODAY = dt.date(2026, 11, 30)
WIDOW = {"relation": "spouse", "birth_date": "1985-02-01"}


def q(**kw):
    data = {
        "kind": "JKM",
        "segment": "BPU",
        "wage": 1_000_000,
        "event_date": "2026-03-10",
        "claim_date": "2026-04-01",
        "membership_start": "2022-01-01",
        "contribution_months": 50,
        "family": [WIDOW],
    }
    data.update(kw)
    return quote(data, today=TODAY)


def amounts(result):
    return {i["code"]: i["amount"] for i in result["items"]}


@pytest.mark.django_db
class TestJkm:
    def test_jkm_death_pays_42_million(self):
        r = q()
        assert r["eligible"] is True
        assert amounts(r) == {"jkm_lump_sum": 20_000_000, "jkm_periodic": 12_000_000, "funeral": 10_000_000}
        assert r["total_cash"] == 42_000_000
        assert r["heirs"] == [{"index": 0, "relation": "spouse", "rank": 1}]

    def test_waiting_period_bpu_death_within_three_months_gets_ten_million(self):
        r = q(membership_start="2026-01-01", event_date="2026-03-31")
        assert amounts(r) == {"waiting_death": 8_000_000, "funeral": 2_000_000}
        assert r["total_cash"] == 10_000_000
        assert r["reasons"][0]["code"] == "waiting_period"
        assert (
            "01-01-2026" in r["reasons"][0]["message"] and "belum terverifikasi" in r["reasons"][0]["message"]
        )
        assert r["scholarship_eligible"] is False

    def test_waiting_period_ends_on_the_day_three_months_after_joining(self):
        r = q(membership_start="2026-01-01", event_date="2026-04-01")
        assert r["total_cash"] == 42_000_000

    def test_no_waiting_period_for_pu(self):
        r = q(segment="PU", membership_start="2026-01-01", event_date="2026-02-01")
        assert r["total_cash"] == 42_000_000

    def test_no_heir_funeral_to_burial_arranger(self):
        r = q(family=[])
        assert amounts(r) == {"funeral": 10_000_000}
        assert r["funeral_to_burial_arranger"] is True
        assert "no_heir" in [x["code"] for x in r["reasons"]]
        assert r["heirs"] == []

    def test_a_changed_rule_applies_from_its_date_only(self):
        BenefitRule.objects.create(key="jkm_lump_sum", effective_from=dt.date(2026, 6, 1), value=25_000_000)
        assert q()["total_cash"] == 42_000_000
        assert q(event_date="2026-06-01", claim_date="2026-06-02")["total_cash"] == 47_000_000


@pytest.mark.django_db
class TestJkk:
    def test_jkk_death_48_times_wage_plus_funeral_and_periodic(self):
        r = q(kind="JKK_DEATH", wage=3_000_000)
        assert amounts(r) == {"jkk_death": 144_000_000, "jkm_periodic": 12_000_000, "funeral": 10_000_000}
        assert r["total_cash"] == 166_000_000

    def test_jkk_death_never_below_jkm_death_amount(self):
        r = q(kind="JKK_DEATH", wage=400_000)  # 48 x 400.000 = 19.200.000 < 20.000.000
        assert amounts(r)["jkk_death"] == 20_000_000
        assert "jkk_death_minimum" in [x["code"] for x in r["reasons"]]
        r = q(kind="JKK_DEATH", wage=416_667)  # 48 x = 20.000.016, above the floor
        assert amounts(r)["jkk_death"] == 20_000_016

    def test_total_permanent_disability_56_times_wage(self):
        r = q(kind="JKK_TOTAL_DISABILITY", wage=2_500_000, family=[])
        assert amounts(r) == {"total_disability": 140_000_000}
        assert r["heirs"] == []

    def test_stmb_full_wage_for_twelve_months_then_half(self):
        r = q(kind="JKK_STMB", wage=2_000_000, months_off=12, family=[])
        assert amounts(r) == {"stmb": 24_000_000} and r["total_cash"] == 24_000_000
        r = q(kind="JKK_STMB", wage=2_000_000, months_off=15, family=[])
        assert amounts(r) == {"stmb": 24_000_000, "stmb_after": 3_000_000}
        assert r["total_cash"] == 27_000_000
        assert "stmb_reduced" in [x["code"] for x in r["reasons"]]

    def test_transport_ceiling_and_medical_are_not_cash(self):
        r = q(
            kind="JKK_STMB",
            months_off=1,
            wage=1_000_000,
            family=[],
            transport_mode="land",
            transport_cost=7_000_000,
            medical_cost=15_000_000,
        )
        assert amounts(r) == {"stmb": 1_000_000, "medical": 15_000_000, "transport": 5_000_000}
        assert r["total_cash"] == 1_000_000
        r = q(kind="JKK_STMB", months_off=1, family=[], transport_mode="air", transport_cost=12_000_000)
        assert amounts(r)["transport"] == 10_000_000
        r = q(kind="JKK_STMB", months_off=1, family=[], transport_mode="sea", transport_cost=1_500_000)
        assert amounts(r)["transport"] == 1_500_000

    def test_jkk_claim_lapses_five_years_after_the_accident(self):
        ok = q(
            kind="JKK_STMB",
            months_off=1,
            event_date="2021-06-15",
            claim_date="2026-06-15",
            membership_start="2021-01-01",
        )
        assert ok["eligible"] is True
        late = q(
            kind="JKK_STMB",
            months_off=1,
            event_date="2021-06-15",
            claim_date="2026-06-16",
            membership_start="2021-01-01",
        )
        assert late["eligible"] is False and late["total_cash"] == 0
        assert late["reasons"][0]["code"] == "jkk_expired"
        assert "15-06-2021" in late["reasons"][0]["message"]


@pytest.mark.django_db
class TestHeirs:
    @pytest.mark.parametrize(
        "relations,expected",
        [
            (["sibling", "spouse", "parent", "child"], [1, 3]),
            (["sibling", "grandparent", "parent", "grandchild", "will"], [1, 2, 3]),
            (["will", "parent_in_law", "sibling"], [2]),
            (["will", "parent_in_law"], [1]),
            (["will"], [0]),
        ],
    )
    def test_first_rank_present_takes_the_benefit(self, relations, expected):
        r = q(family=[{"relation": rel} for rel in relations])
        assert [h["index"] for h in r["heirs"]] == expected
        assert r["total_cash"] == 42_000_000


@pytest.mark.django_db
class TestScholarships:
    def test_tk_and_smp_children_schedules(self):
        family = [
            WIDOW,
            {"relation": "child", "birth_date": "2021-05-01", "school_level": "TK", "school_year": 1},
            {"relation": "child", "birth_date": "2013-01-10", "school_level": "SMP", "school_year": 1},
        ]
        r = q(family=family)
        assert r["scholarship_eligible"] is True and r["scholarship_children"] == 2
        first = [s for s in r["scholarships"] if s["index"] == 1]
        second = [s for s in r["scholarships"] if s["index"] == 2]
        assert sum(s["amount"] for s in first) == 87_000_000  # TK 3M + SD 9M + SMP 6M + SMA 9M + PT 60M
        assert len(first) == 19
        assert (first[0]["level"], first[0]["year"], first[0]["amount"]) == ("TK", 2025, 1_500_000)
        assert first[0]["due_on"] == "2026-04-01" and first[1]["due_on"] == "2026-07-01"
        assert sum(s["amount"] for s in second) == 75_000_000  # SMP 6M + SMA 9M + PT 60M
        assert r["scholarship_total"] == 162_000_000 and r["scholarship_max_total"] == 174_000_000
        assert r["total_cash"] == 42_000_000  # scholarships are not cash now

    def test_jkm_scholarship_needs_three_years_of_contributions(self):
        child = {"relation": "child", "birth_date": "2015-01-01", "school_level": "SD", "school_year": 6}
        r = q(contribution_months=35, family=[WIDOW, child])
        assert r["scholarship_eligible"] is False and r["scholarships"] == []
        assert "scholarship_min_contributions" in [x["code"] for x in r["reasons"]]
        assert q(contribution_months=36, family=[WIDOW, child])["scholarship_eligible"] is True

    def test_no_minimum_for_jkk_death_and_total_disability(self):
        child = {"relation": "child", "birth_date": "2015-01-01", "school_level": "SD", "school_year": 6}
        for kind in ("JKK_DEATH", "JKK_TOTAL_DISABILITY"):
            r = q(kind=kind, contribution_months=1, family=[WIDOW, child])
            assert r["scholarship_eligible"] is True
            assert r["scholarships"][0]["amount"] == 1_500_000

    def test_at_most_two_children_and_exclusions(self):
        fam = [
            {"relation": "child", "birth_date": "2003-01-01", "school_level": "PT", "school_year": 1},  # 23
            {"relation": "child", "birth_date": "2006-01-01", "school_level": "PT", "married": True},
            {"relation": "child", "birth_date": "2007-01-01", "school_level": "SMA", "working": True},
            {"relation": "child", "birth_date": "2010-01-01", "school_level": "SMA", "school_year": 1},
            {"relation": "child", "birth_date": "2012-01-01", "school_level": "SMP", "school_year": 1},
            {"relation": "child", "birth_date": "2014-01-01", "school_level": "SD", "school_year": 6},
        ]
        r = q(family=fam)
        assert sorted({s["index"] for s in r["scholarships"]}) == [3, 4]
        assert len([x for x in r["reasons"] if x["code"] == "scholarship_child_excluded"]) == 4

    def test_stops_at_age_23_and_per_child_cap(self):
        # Paid at the claim (1-8-2026) and each 1 July while the child is under 23 on that day.
        child = {"relation": "child", "birth_date": "2006-07-01", "school_level": "PT", "school_year": 1}
        r = q(claim_date="2026-08-01", event_date="2026-07-20", family=[WIDOW, child])
        assert [s["amount"] for s in r["scholarships"]] == [12_000_000] * 3  # 23 on 1-7-2029
        child["birth_date"] = "2006-07-02"
        r = q(claim_date="2026-08-01", event_date="2026-07-20", family=[WIDOW, child])
        assert [s["amount"] for s in r["scholarships"]] == [12_000_000] * 4  # still 22 on 1-7-2029
        ScholarshipRate.objects.create(
            level="PT", effective_from=dt.date(2026, 1, 1), amount_per_year=25_000_000, years=5
        )
        child = {"relation": "child", "birth_date": "2020-01-01", "school_level": "TK", "school_year": 1}
        r = q(family=[WIDOW, child])
        assert sum(s["amount"] for s in r["scholarships"]) == 87_000_000
        # 27M before PT, then 25M + 25M and the remaining 10M of the Rp87.000.000 cap.
        assert [s["amount"] for s in r["scholarships"] if s["level"] == "PT"] == [
            25_000_000,
            25_000_000,
            10_000_000,
        ]


@pytest.mark.django_db
class TestBadInput:
    @pytest.mark.parametrize(
        "kw,code",
        [
            ({"kind": "JHT"}, "kind_invalid"),
            ({"segment": "XX"}, "segment_invalid"),
            ({"event_date": "2021-12-01"}, "event_before_membership"),
            ({"event_date": "2026-12-01"}, "event_in_future"),
            ({"wage": -1}, "negative"),
            ({"event_date": "2026-02-30"}, "date_invalid"),
            ({"claim_date": "2026-03-01"}, "claim_before_event"),
            ({"kind": "JKK_STMB"}, "months_off_required"),
            ({"family": [{"relation": "cousin"}]}, "relation_invalid"),
            ({"family": [{"relation": "child", "nik": "1604011234567890"}]}, "nik_invalid"),
        ],
    )
    def test_refused_with_a_code(self, kw, code):
        with pytest.raises(ApplicationError) as exc:
            q(**kw)
        assert exc.value.code == code
        assert exc.value.message
