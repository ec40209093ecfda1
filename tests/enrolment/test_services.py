import datetime as dt
import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from lindung.audit.models import AuditLog
from lindung.core.errors import ApplicationError
from lindung.core.formatting import mask_nik
from lindung.enrolment.models import Batch, BatchRow
from lindung.enrolment.selectors import batch_rows
from lindung.enrolment.services import (
    batch_accept,
    batch_reject,
    batch_replace_file,
    batch_submit,
    batch_upload,
    batch_verify,
    kpj_from_file,
)
from lindung.memberships.models import Membership
from lindung.programs.models import Programme, ProgrammeFunder
from lindung.registry.models import Person
from tests.enrolment.conftest import sample
from tests.helpers import enrol, make_person

HEADER = "NIK;Nama;Tanggal Lahir;L/P;Kode Desa\n"


def csv(*rows: str) -> bytes:
    return (HEADER + "".join(r + "\n" for r in rows)).encode()


def statuses(batch):
    return {r.row_no: (r.status, [m["code"] for m in r.messages]) for r in batch.row_set.all()}


@pytest.mark.django_db
def test_lahat_sample_every_fault_found_and_nothing_written(world, lahat_programme):
    batch = batch_upload(
        actor=world.desa_operator,
        programme=lahat_programme,
        filename="desa-lahat.xlsx",
        data=sample("desa-lahat.xlsx"),
    )
    s = statuses(batch)
    assert s[6][0] == "rejected" and "nik_excel_number" in s[6][1]
    assert s[10] == ("rejected", ["format"])
    assert s[15][0] == "rejected" and "duplicate_in_file" in s[15][1]
    assert s[4][0] == "warning" and "duplicate_in_file_first" in s[4][1]
    assert s[21][0] == "rejected" and "birth_date" in s[21][1]
    assert "probable_duplicate" in s[26][1] and "probable_duplicate" in s[41][1]
    assert s[34][0] == "rejected" and "date_not_a_day" in s[34][1]
    assert s[48][0] == "rejected" and "outside_programme" in s[48][1]
    assert batch.rows == 60 and batch.rejected >= 5
    assert (batch.duplicates_in_file, batch.probable_duplicates) == (1, 2)
    assert batch.valid + batch.warnings + batch.rejected == 60
    assert not Person.objects.exists() and not Membership.objects.exists()
    assert AuditLog.objects.filter(
        object_type="enrolment.batch", object_id=str(batch.pk), action="create"
    ).exists()
    with pytest.raises(ApplicationError, match=f"unggahan #{batch.pk}"):
        batch_upload(
            actor=world.desa_operator,
            programme=lahat_programme,
            filename="lagi.xlsx",
            data=sample("desa-lahat.xlsx"),
        )


@pytest.mark.django_db
def test_full_flow_draft_to_active(world, lahat_programme):
    data = csv(
        "1604216512900001;Siti Aminah;25/12/1990;P;16.04.21.2008", "1604211203850002;Budi;12/03/1985;L;"
    )
    batch = batch_upload(actor=world.desa_operator, programme=lahat_programme, filename="d.csv", data=data)
    assert batch.valid == 2  # the village code defaults to the operator's village
    with pytest.raises(
        ApplicationError, match="Pengunggah atau pengaju daftar tidak boleh memeriksanya sendiri"
    ):
        batch_submit(actor=world.desa_operator, batch=batch)
        batch_verify(actor=world.desa_operator, batch=batch)
    batch.refresh_from_db()
    assert batch.status == "submitted" and not Person.objects.exists()
    with pytest.raises(ApplicationError):
        batch_verify(actor=world.kc_verifier, batch=batch)  # BPJS does not verify for the OPD
    assert batch_verify(actor=world.lahat_manager, batch=batch) == 2
    assert Membership.objects.filter(status="pending").count() == 2
    assert Person.objects.get(nik="1604211203850002").region_code == "16.04.21.2008"
    kpj = kpj_from_file(
        data=b"NIK;KPJ\n1604216512900001;24000000001\n1604211203850002;24000000002\n", filename="kpj.csv"
    )
    with pytest.raises(ApplicationError, match="kantor cabang BPJS"):
        batch_accept(actor=world.lahat_manager, batch=batch, kpj=kpj)
    from lindung.accounts.services import organisation_create, user_create

    kc = organisation_create(
        actor=None, code="kc-me", name="KC Muara Enim", kind="bpjs_kc", area_codes=["16.04"]
    )
    bpjs = user_create(actor=None, username="kc_me", password="x-12345678", organisation=kc, role="verifier")
    assert batch_accept(actor=bpjs, batch=batch, kpj=kpj).accepted == 2
    m = Membership.objects.get(person__nik="1604216512900001")
    # Accepted today: the membership starts today (the programme started in July 2024 and does not back-date).
    assert (m.status, m.kpj, m.start_date) == ("active", "24000000001", timezone.localdate())
    batch.refresh_from_db()
    assert batch.status == "accepted"
    assert (
        list(
            AuditLog.objects.filter(object_type="enrolment.batch", action="status").values_list(
                "changes__status", flat=True
            )
        )
        == [["draft", "submitted"], ["submitted", "verified"], ["verified", "accepted"]]
        or AuditLog.objects.filter(object_type="enrolment.batch", action="status").count() == 3
    )


@pytest.mark.django_db
def test_commit_records_batch_and_sharing_funder_not_a_named_sponsor(world, lahat_programme):
    lahat_programme.funders.all().delete()
    sponsor = ProgrammeFunder.objects.create(programme=lahat_programme, kind="sertakan", name="Budi")
    apbd = ProgrammeFunder.objects.create(programme=lahat_programme, kind="apbd_kab", share_percent=100)
    assert sponsor.pk < apbd.pk
    data = csv(
        "1604216512900001;Siti Aminah;25/12/1990;P;16.04.21.2008", "1604211203850002;Budi;12/03/1985;L;"
    )
    batch = batch_upload(actor=world.desa_operator, programme=lahat_programme, filename="d.csv", data=data)
    batch_submit(actor=world.desa_operator, batch=batch)
    assert batch_verify(actor=world.lahat_manager, batch=batch) == 2
    assert set(batch.memberships.values_list("funder_id", flat=True)) == {apbd.pk}
    assert set(Membership.objects.values_list("batch_id", flat=True)) == {batch.pk}
    # Partial acceptance: the person the response leaves out goes back to the village, not into a refusal.
    result = batch_accept(actor=world.admin, batch=batch, kpj={"1604216512900001": "24000000001"})
    assert (result.accepted, result.returned, result.unknown) == (1, 1, [])
    row = batch.row_set.get(row_no=2)
    assert (row.status, row.return_reason) == ("returned", "Tidak tercantum dalam berkas balasan BPJS.")
    assert list(batch.memberships.values_list("person__nik", "status")) == [("1604216512900001", "active")]


@pytest.mark.django_db
def test_accept_refuses_bad_repeated_or_taken_kpj_and_changes_nothing(world, lahat_programme):
    data = csv(
        "1604216512900001;Siti Aminah;25/12/1990;P;16.04.21.2008", "1604211203850002;Budi;12/03/1985;L;"
    )
    batch = batch_upload(actor=world.desa_operator, programme=lahat_programme, filename="d.csv", data=data)
    batch_submit(actor=world.desa_operator, batch=batch)
    batch_verify(actor=world.lahat_manager, batch=batch)
    other = make_person(nik="1604215507800003", name="Lain", region_code="16.04.21.2008")
    Membership.objects.create(
        person=other,
        programme=lahat_programme,
        region_code="16.04.21.2008",
        regency_code="16.04",
        start_date=dt.date(2024, 7, 1),
        status="active",
        kpj="24000000009",
    )
    a, b = "1604216512900001", "1604211203850002"
    cases = [
        ({a: "24-0001", b: "24000000002"}, "baris 1: nomor KPJ 24-0001 harus 6–20 digit angka."),
        (
            {a: "24000000001", b: "24000000001"},
            "baris 2: nomor KPJ 24000000001 sudah dipakai di baris 1 untuk NIK lain.",
        ),
        ({a: "24000000001", b: "24000000009"}, "baris 2: nomor KPJ 24000000009 sudah dipakai peserta lain."),
    ]
    for kpj, message in cases:
        with pytest.raises(ApplicationError) as refused:
            batch_accept(actor=world.admin, batch=batch, kpj=kpj)
        assert message in " ".join(refused.value.extra["errors"]), refused.value.extra
    assert set(batch.memberships.values_list("status", "kpj")) == {("pending", "")}
    result = batch_accept(
        actor=world.admin,
        batch=batch,
        kpj={a: "24000000001", b: "24000000002", "1604210101900004": "24000000003"},
    )
    assert (result.accepted, result.returned, result.unknown) == (2, 0, [(3, "1604210101900004")])
    batch.refresh_from_db()
    assert batch.unknown_niks == [{"row": 3, "nik": "1604210101900004"}]
    assert dict(batch.memberships.values_list("person__nik", "kpj")) == {a: "24000000001", b: "24000000002"}
    assert set(batch.memberships.values_list("status", flat=True)) == {"active"}
    assert {r.nik: r.kpj_shown for r in batch_rows(batch=batch)} == {a: "24000000001", b: "24000000002"}


@pytest.mark.django_db
def test_audit_trail_is_written_in_indonesian_whatever_the_page_language(world, lahat_programme):
    from django.utils import translation

    data = csv("1604216512900001;Siti Aminah;25/12/1990;P;16.04.21.2008")
    batch = batch_upload(actor=world.desa_operator, programme=lahat_programme, filename="d.csv", data=data)
    batch_submit(actor=world.desa_operator, batch=batch)
    with translation.override("en"):
        assert str(Membership._meta.verbose_name_plural) != "kepesertaan"  # the page language is English
        batch_verify(actor=world.lahat_manager, batch=batch)
    log = AuditLog.objects.get(object_type="memberships.membership", action="bulk_create")
    assert log.object_repr == "1 kepesertaan"


@pytest.mark.django_db
def test_reject_returns_to_operator_and_corrected_file(world, lahat_programme):
    batch = batch_upload(
        actor=world.desa_operator,
        programme=lahat_programme,
        filename="a.csv",
        data=csv("1604216512900001;Siti;25/12/1990;P;16.04.21.2008", "160421;Rusak;;;"),
    )
    assert batch.rejected == 1
    batch_replace_file(
        actor=world.desa_operator,
        batch=batch,
        filename="b.csv",
        data=csv("1604216512900001;Siti;25/12/1990;P;16.04.21.2008", "1604211203850002;Budi;12/03/1985;L;"),
    )
    batch.refresh_from_db()
    assert (batch.rows, batch.valid, batch.rejected, batch.filename) == (2, 2, 0, "b.csv")
    batch_submit(actor=world.desa_operator, batch=batch)
    with pytest.raises(ApplicationError, match="Tuliskan alasan penolakan"):
        batch_reject(actor=world.lahat_manager, batch=batch, reason=" ")
    batch_reject(actor=world.lahat_manager, batch=batch, reason="Foto KTP belum lengkap")
    batch.refresh_from_db()
    assert batch.status == "draft" and batch.rejection_reason == "Foto KTP belum lengkap"


@pytest.mark.django_db
def test_already_registered_double_funding_and_quota(world, lahat_programme):
    siti = make_person("1604216512900001", "Siti", "16.04.21.2008")
    enrol(siti, lahat_programme)
    other = Programme.objects.create(
        code="lain",
        name="Program lain",
        owner=world.pemkab_lahat,
        region_code="16.04",
        target_group="perangkat_rt",
        start_date=dt.date(2024, 1, 1),
    )
    ProgrammeFunder.objects.create(programme=other, kind="apbd_prov", share_percent=100)
    budi = make_person("1604211203850002", "Budi", "16.04.21.2008")
    enrol(budi, other)
    lahat_programme.village_quotas.filter(region_code="16.04.21.2008").update(quota=2)
    data = csv(
        "1604216512900001;Siti;25/12/1990;P;",
        "1604211203850002;Budi;12/03/1985;L;",
        "1604210101900003;Ani;01/01/1990;L;",
        "1604210202900004;Ana;02/02/1990;L;",
    )
    batch = batch_upload(actor=world.desa_operator, programme=lahat_programme, filename="x.csv", data=data)
    s = statuses(batch)
    assert s[1][1] == ["already_registered"]
    assert "double_funded" in s[2][1]
    assert s[3][0] == "valid"
    assert "village_quota" in s[4][1]  # quota 2: Siti already holds one place, Ani takes the last
    assert (batch.already_registered, batch.double_funded) == (1, 1)
    msg = batch.row_set.get(row_no=2).messages[0]["message"]
    assert msg == "Sudah dilindungi dana publik lewat program Program lain pada periode yang sama."


@pytest.mark.django_db
def test_probable_duplicate_of_a_registered_person_with_another_nik(world, lahat_programme):
    make_person("1604211203900009", "Muhammad Yusuf", "16.04.21.2008", birth_date=dt.date(1990, 3, 12))
    make_person("1604211203900010", "Muhammad Yusuf", "16.04.21.2001", birth_date=dt.date(1990, 3, 12))
    make_person("1604211303900011", "Muhammad Yusuf", "16.04.21.2008", birth_date=dt.date(1990, 3, 13))
    make_person("1604211203900012", "Rina", "16.04.21.2008", birth_date=dt.date(1990, 3, 12))
    data = csv(
        "1604211203900001;MUHAMMAD YUSUF;12/03/1990;L;",  # same village, date and name, another NIK
        "1604211203900009;Muhammad Yusuf;12/03/1990;L;",  # the registered person himself
        "1604211203900002;Rina Wati;12/03/1990;L;",
    )
    batch = batch_upload(actor=world.desa_operator, programme=lahat_programme, filename="x.csv", data=data)
    msgs = {r.row_no: [m["message"] for m in r.messages] for r in batch.row_set.all()}
    registered = (
        "Kemungkinan sama dengan Muhammad Yusuf yang sudah terdaftar dengan NIK lain "
        f"({mask_nik('1604211203900009')})."
    )
    assert registered in msgs[1] and len(msgs[1]) == 2  # and row 2 of the file
    assert len(msgs[2]) == 1 and "baris 1" in msgs[2][0]  # the same NIK as the registered person: no match
    assert msgs[3] == []
    assert batch.probable_duplicates == 2


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("in_registry", [False, True], ids=["new-person", "person-in-registry"])
def test_two_batches_with_the_same_nik_only_one_commits(regions_present, world, lahat_programme, in_registry):
    if in_registry:  # then the commits race on the row lock, not on the insert
        Person.objects.create(
            nik="1604216512900001",
            full_name="Siti",
            birth_date=dt.date(1990, 12, 25),
            sex="P",
            region_code="16.04.21.2008",
            regency_code="16.04",
        )
    data1 = csv("1604216512900001;Siti;25/12/1990;P;16.04.21.2008")
    data2 = csv("1604216512900001;Siti Aminah;25/12/1990;P;16.04.21.2008")
    b1 = batch_upload(actor=world.desa_operator, programme=lahat_programme, filename="1.csv", data=data1)
    b2 = batch_upload(actor=world.desa_operator, programme=lahat_programme, filename="2.csv", data=data2)
    for b in (b1, b2):
        batch_submit(actor=world.desa_operator, batch=b)
    import threading

    results = {}

    def run(b):
        from django.db import connection

        try:
            results[b.pk] = batch_verify(actor=world.lahat_manager, batch=b)
        finally:
            connection.close()

    from django.db import connection

    if connection.vendor == "sqlite":
        # SQLite serialises writers (and its shared in-memory test database cannot wait on table locks):
        # the two commits run one after the other; on PostgreSQL they race in two threads.
        for b in (b1, b2):
            results[b.pk] = batch_verify(actor=world.lahat_manager, batch=b)
    else:
        threads = [threading.Thread(target=run, args=(b,)) for b in (b1, b2)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
    assert sorted(results.values()) == [0, 1]
    assert Membership.objects.filter(person__nik="1604216512900001").count() == 1
    loser = b1 if results[b1.pk] == 0 else b2
    row = BatchRow.objects.get(batch=loser)
    assert row.status == "rejected" and row.messages[-1]["code"] == "committed_elsewhere"


@pytest.mark.django_db
def test_cli_import_prints_json_and_fails_on_unreadable_file(world, lahat_programme, tmp_path):
    f = tmp_path / "desa.xlsx"
    f.write_bytes(sample("desa-lahat.xlsx"))
    out = StringIO()
    call_command(
        "enrol", "import", "--program", "lahat-rentan-2024", str(f), "--user", "desa_operator", stdout=out
    )
    data = json.loads(out.getvalue())
    assert set(data) == {
        "batch_id",
        "rows",
        "valid",
        "warnings",
        "rejected",
        "duplicates_in_file",
        "already_registered",
        "probable_duplicates",
        "double_funded",
    }
    assert data["rows"] == 60 and data["duplicates_in_file"] == 1
    bad = tmp_path / "rusak.xlsx"
    bad.write_bytes(b"PK\x03\x04rusak")
    with pytest.raises(CommandError, match="Berkas XLSX rusak"):
        call_command("enrol", "import", "--program", "lahat-rentan-2024", str(bad), "--user", "desa_operator")
    assert Batch.objects.count() == 1
    g = tmp_path / "ok.csv"
    g.write_bytes(csv("1604216512900001;Siti;25/12/1990;P;16.04.21.2008"))
    out = StringIO()
    call_command(
        "enrol",
        "import",
        "--program",
        "lahat-rentan-2024",
        str(g),
        "--user",
        "desa_operator",
        "--commit",
        "--verifier",
        "lahat_manager",
        stdout=out,
    )
    assert json.loads(out.getvalue())["valid"] == 1
    assert Membership.objects.filter(person__nik="1604216512900001", status="pending").exists()
    # Maker-checker from the command line too: no --commit without a second person.
    with pytest.raises(CommandError, match="--commit memerlukan --verifier"):
        call_command(
            "enrol", "import", "--program", "lahat-rentan-2024", str(g), "--user", "lahat_manager", "--commit"
        )


@pytest.mark.django_db
def test_large_files_are_checked_in_the_background_with_progress(world, lahat_programme, client_for):
    from django.urls import reverse

    from lindung.enrolment.services import batch_process

    data = csv("1604216512900001;Siti;25/12/1990;P;16.04.21.2008")
    # The task is enqueued on commit; inside this test's transaction it has not run yet.
    batch = batch_upload(
        actor=world.desa_operator, programme=lahat_programme, filename="b.csv", data=data, background=True
    )
    assert batch.status == "processing" and batch.progress == 0
    c = client_for(world.desa_operator)
    page = c.get(reverse("enrolment:batch_detail", args=[batch.pk])).content.decode()
    assert "Berkas sedang diperiksa" in page and 'hx-trigger="every 1s"' in page
    assert "HX-Refresh" not in c.get(reverse("enrolment:batch_progress", args=[batch.pk]))
    batch_process(batch_id=batch.pk)  # what the worker runs
    batch.refresh_from_db()
    assert (batch.status, batch.progress, batch.valid) == ("draft", 100, 1)
    assert c.get(reverse("enrolment:batch_progress", args=[batch.pk]))["HX-Refresh"] == "true"


@pytest.mark.django_db
def test_background_failure_is_reported_and_writes_no_rows(world, lahat_programme):
    from lindung.enrolment.services import batch_process

    batch = batch_upload(
        actor=world.desa_operator,
        programme=lahat_programme,
        filename="r.xlsx",
        data=b"PK\x03\x04rusak",
        background=True,
    )
    batch_process(batch_id=batch.pk)
    batch.refresh_from_db()
    assert batch.status == "failed" and "Berkas XLSX rusak" in batch.error_message
    assert not batch.row_set.exists()


@pytest.mark.django_db
def test_task_is_enqueued_on_commit_and_run_by_the_backend(
    world, lahat_programme, django_capture_on_commit_callbacks
):
    data = csv("1604216512900001;Siti;25/12/1990;P;16.04.21.2008")
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        batch = batch_upload(
            actor=world.desa_operator, programme=lahat_programme, filename="c.csv", data=data, background=True
        )
    assert len(callbacks) == 1
    batch.refresh_from_db()
    assert (batch.status, batch.valid) == ("draft", 1)


@pytest.mark.django_db
def test_double_funding_is_the_same_rule_at_upload_and_at_commit(world, lahat_programme):
    """One definition (memberships.funding): a public membership without a recorded funder counts (LEFT
    JOIN), at the upload check and at the commit's re-check alike."""
    from tests.helpers import make_programme

    other = make_programme("lain", world.pemkab_lahat, "16.04", name="Program lain")
    data = csv("1604216512900001;Siti;25/12/1990;P;", "1604211203850002;Budi;12/03/1985;L;")
    batch = batch_upload(actor=world.desa_operator, programme=lahat_programme, filename="x.csv", data=data)
    assert batch.double_funded == 0 and batch.valid == 2
    batch_submit(actor=world.desa_operator, batch=batch)
    # Meanwhile Siti is enrolled elsewhere with public money, her membership recorded without a funder.
    m = enrol(make_person("1604216512900001", "Siti", "16.04.21.2008"), other)
    Membership.objects.filter(pk=m.pk).update(funder=None)
    assert batch_verify(actor=world.lahat_manager, batch=batch) == 1
    assert statuses(batch)[1] == ("rejected", ["committed_elsewhere"])
    again = batch_upload(
        actor=world.desa_operator,
        programme=lahat_programme,
        filename="y.csv",
        data=csv("1604216512900001;Siti;25/12/1990;P;"),
    )
    assert statuses(again)[1] == ("rejected", ["double_funded"])


@pytest.mark.django_db
def test_text_longer_than_its_column_is_a_row_error_on_both_databases(world, lahat_programme):
    """Issue 14: a 32-character phone or a 133-character job title gave a 500 at upload on PostgreSQL (and a
    22-character phone at verification), while SQLite stored them whole."""
    header = "NIK;Nama;Tanggal Lahir;L/P;Kode Desa;No. HP;Pekerjaan\n"
    job = "Buruh harian lepas " * 6 + "di kebun karet warga"  # 134 characters
    rows = [
        "1604216512900001;Siti;25/12/1990;P;;" + "0812" * 8 + ";Petani",
        f"1604216512900002;Rina;25/12/1990;P;;081234567890;{job}",
        "1604216512900003;Ani;25/12/1990;P;;+62 812-3456-7890 ext1;Petani",  # 22: fits a row, not the registry
        "1604211203850004;Budi;12/03/1985;L;;081234567890;Petani",
    ]
    batch = batch_upload(
        actor=world.desa_operator,
        programme=lahat_programme,
        filename="panjang.csv",
        data=(header + "\n".join(rows) + "\n").encode(),
    )
    s = statuses(batch)
    assert [s[i] for i in (1, 2, 3)] == [("rejected", ["too_long"])] * 3
    assert s[4] == ("valid", [])
    assert batch.row_set.get(row_no=2).messages[0]["message"] == (
        "Pekerjaan terlalu panjang (134 karakter; paling banyak 100)."
    )
    stored = {r.row_no: (r.phone, r.occupation) for r in batch.row_set.all()}
    assert len(stored[1][0]) == 30 and len(stored[2][1]) == 100  # the row report keeps what fits its column
    batch_submit(actor=world.desa_operator, batch=batch)
    assert batch_verify(actor=world.lahat_manager, batch=batch) == 1
    assert list(Person.objects.values_list("nik", flat=True)) == ["1604211203850004"]
