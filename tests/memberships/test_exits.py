import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from lindung.audit.models import AuditLog
from lindung.core.errors import ApplicationError
from lindung.memberships.models import Membership
from lindung.memberships.services import membership_end, memberships_end_from_file
from tests.helpers import enrol, make_person, make_programme


@pytest.fixture
def members(world):
    p = make_programme("lahat-uji", world.pemkab_lahat, "16.04")
    a = enrol(make_person("1604216512900001", "Siti", "16.04.21.2008"), p)
    b = enrol(make_person("1604011203850002", "Budi", "16.04.01.2001"), p)
    return p, a, b


@pytest.mark.django_db
def test_end_one_membership_with_reason(world, members):
    _, a, _ = members
    m = membership_end(actor=world.lahat_manager, membership=a, reason="death", end_date=dt.date(2025, 3, 1))
    assert (m.status, m.end_reason, m.end_date) == ("ended", "death", dt.date(2025, 3, 1))
    log = AuditLog.objects.get(object_type="memberships.membership", object_id=str(a.pk))
    assert log.changes["status"] == ["active", "ended"]
    with pytest.raises(ApplicationError, match="Kepesertaan ini sudah berakhir."):
        membership_end(actor=world.lahat_manager, membership=a, reason="death")
    with pytest.raises(ApplicationError, match="Pilih alasan"):
        membership_end(actor=world.lahat_manager, membership=members[2], reason="bosan")


@pytest.mark.django_db
def test_end_in_bulk_from_file_is_scoped_and_all_or_nothing(world, members):
    p, a, b = members
    bad = b"NIK\n1604216512900001\n12345\n"
    with pytest.raises(ApplicationError, match="NIK tidak valid pada baris 2"):
        memberships_end_from_file(
            actor=world.lahat_manager, programme=p, data=bad, filename="x.csv", reason="end_of_term"
        )
    assert Membership.objects.filter(status="active").count() == 2
    data = b"NIK\n1604216512900001\n1604011203850002\n1604211708919624\n"
    r = memberships_end_from_file(
        actor=world.desa_operator, programme=p, data=data, filename="x.csv", reason="moved"
    )
    assert r == {"listed": 3, "ended": 1, "not_found": 2}  # the village ends only its own people
    a.refresh_from_db()
    b.refresh_from_db()
    assert (a.status, a.end_reason, b.status) == ("ended", "moved", "active")


@pytest.mark.django_db
def test_end_in_bulk_refuses_niks_excel_stored_as_numbers(world, members):
    """A NIK stored as a number may have lost its last digit: it could end someone else's membership."""
    import io

    import xlsxwriter

    p, a, b = members
    buf = io.BytesIO()
    wb = xlsxwriter.Workbook(buf, {"in_memory": True})
    ws = wb.add_worksheet()
    ws.write_string(0, 0, "DAFTAR PESERTA BERHENTI")
    ws.write_string(2, 0, "No. KTP")
    ws.write_string(3, 0, "1604216512900001")
    ws.write_number(4, 0, 1604011203850002)
    wb.close()
    with pytest.raises(ApplicationError) as exc:
        memberships_end_from_file(
            actor=world.lahat_manager, programme=p, data=buf.getvalue(), filename="x.xlsx", reason="moved"
        )
    assert exc.value.code == "nik_as_number" and "baris 2" in exc.value.message
    assert Membership.objects.filter(status="active").count() == 2


@pytest.mark.django_db
def test_end_pages(world, members, client_for):
    p, a, b = members
    resp = client_for(world.sarolangun_manager).post(
        reverse("memberships:membership_end", args=[a.pk]), {"reason": "death"}
    )
    assert resp.status_code == 404
    client_for(world.lahat_manager).post(
        reverse("memberships:membership_end", args=[a.pk]), {"reason": "death"}
    )
    a.refresh_from_db()
    assert a.status == "ended"
    f = SimpleUploadedFile("akhir.csv", b"NIK\n1604011203850002\n")
    client_for(world.lahat_manager).post(
        reverse("memberships:memberships_end_bulk", args=[p.code]), {"file": f, "reason": "end_of_term"}
    )
    b.refresh_from_db()
    assert b.status == "ended"
