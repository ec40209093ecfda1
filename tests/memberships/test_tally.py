"""The maintained tally of active memberships (memberships.tally, decision 83): kept by database triggers on
every write path, equal to a fresh count after each of them, and what the budget's months left read."""

import datetime as dt
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from lindung.billing import selectors
from lindung.memberships import tally
from lindung.memberships.models import Membership, MembershipTally
from lindung.memberships.services import membership_end
from tests.helpers import enrol, make_person, make_programme

D = dt.date


def counts(programme) -> dict:
    """The programme's tally by (village, first month, last month)."""
    return {
        (r, str(s), str(e)): n
        for r, s, e, n in MembershipTally.objects.filter(
            programme_id=programme.pk, members__gt=0
        ).values_list("region_code", "start_month", "end_month", "members")
    }


@pytest.mark.django_db
def test_tally_follows_every_kind_of_write(world):
    p = make_programme("lahat-tally", world.pemkab_lahat, "16.04")
    a = enrol(make_person("1604216512900001", "Siti", "16.04.21.2008"), p)
    b = enrol(make_person("1604011203850002", "Budi", "16.04.01.2001"), p)
    c = enrol(make_person("1604011203850003", "Rina", "16.04.01.2001"), p, status="pending")
    start = f"{p.start_date:%Y-%m}-01"
    v1, v2, v3 = "16.04.21.2008", "16.04.01.2001", "16.04.01.2002"
    # the pending one is not counted
    assert counts(p) == {(v1, start, "9999-12-01"): 1, (v2, start, "9999-12-01"): 1}
    # A service (ORM save), a bulk ORM update and raw SQL all keep it.
    membership_end(actor=world.lahat_manager, membership=a, reason="death", end_date=D(2026, 3, 15))
    assert counts(p) == {(v2, start, "9999-12-01"): 1}
    Membership.objects.filter(pk=c.pk).update(status="active", start_date=D(2026, 2, 20))
    with connection.cursor() as cur:
        cur.execute("UPDATE memberships_membership SET end_date = %s WHERE id = %s", [D(2026, 8, 31), b.pk])
    assert counts(p) == {(v2, start, "2026-08-01"): 1, (v2, "2026-02-01", "9999-12-01"): 1}
    # A member whose village is corrected moves with it.
    Membership.objects.filter(pk=c.pk).update(region_code=v3)
    assert counts(p) == {(v2, start, "2026-08-01"): 1, (v3, "2026-02-01", "9999-12-01"): 1}
    Membership.objects.filter(pk=b.pk).delete()
    assert counts(p) == {(v3, "2026-02-01", "9999-12-01"): 1}
    assert tally.differences() == []
    # The months a budget projects read it: the remaining member covers March to December.
    assert tally.active_by_month(p.pk, [D(2026, 1, 1), D(2026, 3, 1), D(2026, 12, 1)]) == {
        D(2026, 1, 1): 0,
        D(2026, 3, 1): 1,
        D(2026, 12, 1): 1,
    }
    assert selectors.members_in_month(p, D(2026, 3, 1)) == 1


@pytest.mark.django_db
def test_check_reports_a_tally_that_drifted_and_rebuild_repairs_it(world):
    p = make_programme("lahat-tally", world.pemkab_lahat, "16.04")
    enrol(make_person("1604216512900001", "Siti", "16.04.21.2008"), p)
    out = StringIO()
    call_command("tally", "--check", stdout=out)
    assert "cocok" in out.getvalue()
    MembershipTally.objects.filter(programme_id=p.pk).update(members=5)  # what a missed write would leave
    with pytest.raises(CommandError, match="1 hitungan tidak cocok"):
        call_command("tally", "--check", stdout=StringIO(), stderr=StringIO())
    call_command("tally", "--rebuild", stdout=StringIO())
    assert tally.differences() == []
    assert counts(p) == {("16.04.21.2008", f"{p.start_date:%Y-%m}-01", "9999-12-01"): 1}


@pytest.mark.django_db
def test_coverage_breakdowns_and_counts_read_the_tally_by_funder_and_village(world):
    from django.db.models import Count

    from lindung.coverage.selectors import _active_counts, breakdowns
    from lindung.programs.models import ProgrammeFunder

    p = make_programme("lahat-tally", world.pemkab_lahat, "16.04")
    q = make_programme("lahat-kpu", world.pemkab_lahat, "16.04", target_group="badan_adhoc")
    sponsor = ProgrammeFunder.objects.create(programme=p, kind="sertakan", name="Budi")
    a = enrol(make_person("1604216512900001", "Siti", "16.04.21.2008"), p)
    enrol(make_person("1604011203850002", "Budi", "16.04.01.2001"), p)
    enrol(make_person("1604011203850003", "Rina", "16.04.01.2001"), q)
    c = enrol(make_person("1604011203850004", "Dewi", "16.04.01.2001"), q)
    Membership.objects.filter(pk=c.pk).update(funder=None)  # no funder recorded
    Membership.objects.filter(pk=a.pk).update(funder=sponsor)  # a sponsor takes Siti on: the tally follows
    assert tally.differences() == []
    got = breakdowns(user=world.lahat_manager)
    active = Membership.objects.filter(status="active", regency_code="16.04")
    fresh_groups = dict(active.values_list("programme__target_group").annotate(n=Count("id")).order_by())
    fresh_kinds = dict(active.values_list("funder__kind").annotate(n=Count("id")).order_by())
    assert {r["key"]: r["count"] for r in got["by_target_group"]} == fresh_groups
    assert {r["key"]: r["count"] for r in got["by_funder"]} == {k or "": n for k, n in fresh_kinds.items()}
    assert {r["key"]: r["count"] for r in got["by_funder"]} == {"apbd_kab": 2, "sertakan": 1, "": 1}
    assert breakdowns(user=world.lahat_manager, region_code="16.04.21")["by_funder"] == [
        {"key": "sertakan", "label": "SERTAKAN (perorangan)", "count": 1}
    ]
    assert _active_counts(["16", "16.04", "16.04.01", "16.04.01.2001", "16.05"]) == {
        "16": 4,
        "16.04": 4,
        "16.04.01": 3,
        "16.04.01.2001": 3,
    }
