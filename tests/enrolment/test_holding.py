"""Decision 86: the status is in no index key or predicate, so that BPJS acceptance (pending -> active) changes
no indexed value; the unique holding rule reads the generated column ``holding``; on PostgreSQL acceptance is
then a heap-only update in the room fillfactor 45 leaves on each page."""

import pytest
from django.db import IntegrityError, connection, transaction

from lindung.enrolment.services import batch_accept, batch_submit, batch_upload, batch_verify
from lindung.memberships.models import Membership
from tests.enrolment.test_services import csv
from tests.helpers import enrol, make_person


def index_columns() -> dict[str, tuple[list[str], str]]:
    """Every index of the memberships table: its columns and, for a partial one, its predicate."""
    with connection.cursor() as cur:
        constraints = connection.introspection.get_constraints(cur, Membership._meta.db_table)
        if connection.vendor == "postgresql":
            cur.execute(
                "SELECT c.relname, pg_get_expr(i.indpred, i.indrelid) FROM pg_index i "
                "JOIN pg_class c ON c.oid = i.indexrelid WHERE i.indrelid = %s::regclass",
                [Membership._meta.db_table],
            )
        else:
            cur.execute(
                "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = %s",
                [Membership._meta.db_table],
            )
        predicates = {
            name: (sql or "").partition(" WHERE ")[2] if connection.vendor == "sqlite" else (sql or "")
            for name, sql in cur.fetchall()
        }
    return {
        name: (c["columns"], predicates.get(name, ""))
        for name, c in constraints.items()
        if c["index"] or c["unique"]
    }


@pytest.mark.django_db
def test_no_index_reads_the_status():
    indexes = index_columns()
    assert "uniq_holding_membership" in indexes
    assert indexes["uniq_holding_membership"][0] == ["person_id", "programme_id"]
    assert "holding" in indexes["uniq_holding_membership"][1]
    for name, (columns, predicate) in indexes.items():
        assert "status" not in columns, name
        assert "status" not in predicate, name


@pytest.mark.django_db
def test_holding_follows_the_status_and_keeps_one_place_per_programme(world, lahat_programme):
    person = make_person("1604216512900001", "Siti", "16.04.21.2008")
    m = enrol(person, lahat_programme, status="pending")
    m.refresh_from_db()
    assert m.holding is True
    Membership.objects.filter(pk=m.pk).update(status="active")
    with pytest.raises(IntegrityError), transaction.atomic():
        enrol(person, lahat_programme, status="pending")
    Membership.objects.filter(pk=m.pk).update(status="ended")
    assert Membership.objects.get(pk=m.pk).holding is False
    again = enrol(person, lahat_programme, status="pending")  # an ended membership frees the place
    assert Membership.objects.filter(person=person, holding=True).get() == again


@pytest.mark.django_db
@pytest.mark.skipif(connection.vendor != "postgresql", reason="heap-only updates are PostgreSQL's")
def test_acceptance_is_a_heap_only_update(world, lahat_programme):
    with connection.cursor() as cur:
        cur.execute("SELECT reloptions FROM pg_class WHERE relname = 'memberships_membership'")
        assert cur.fetchone()[0] == ["fillfactor=45"]
    a, b = "1604216512900001", "1604211203850002"
    data = csv(f"{a};Siti Aminah;25/12/1990;P;16.04.21.2008", f"{b};Budi;12/03/1985;L;16.04.21.2008")
    batch = batch_upload(actor=world.desa_operator, programme=lahat_programme, filename="d.csv", data=data)
    batch_submit(actor=world.desa_operator, batch=batch)
    batch_verify(actor=world.lahat_manager, batch=batch)

    def updates() -> tuple[int, int]:
        with connection.cursor() as cur:
            cur.execute(
                "SELECT pg_stat_get_xact_tuples_updated(%s::regclass), "
                "pg_stat_get_xact_tuples_hot_updated(%s::regclass)",
                ["memberships_membership"] * 2,
            )
            return cur.fetchone()

    before = updates()
    assert (
        batch_accept(actor=world.admin, batch=batch, kpj={a: "24000000001", b: "24000000002"}).accepted == 2
    )
    after = updates()
    assert (after[0] - before[0], after[1] - before[1]) == (2, 2)  # both updated, both heap-only
    assert set(batch.memberships.values_list("status", "holding")) == {("active", True)}
