"""Partial acceptance: the OPD verifier returns single rows, the BPJS branch accepts the rows it gives KPJ
numbers for and returns the others with a reason per row; NIKs of the response that are not in the list are
listed; every fault of a response is reported with its row; returned rows go back to the village to fix."""

import io

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from lindung.audit.models import AuditLog
from lindung.core.errors import ApplicationError
from lindung.enrolment.models import Batch, BatchRow
from lindung.enrolment.selectors import batch_rows
from lindung.enrolment.services import (
    batch_accept,
    batch_row_return,
    batch_submit,
    batch_upload,
    batch_verify,
    kpj_from_file,
)
from lindung.memberships.models import Membership
from lindung.registry.models import Person

pytestmark = pytest.mark.django_db

A, B, C, D = "1604216512900001", "1604211203850002", "1604214107920003", "1604211508880004"
STRANGER = "1604210101900099"
LIST = (
    "NIK;Nama;Tanggal Lahir;L/P;Kode Desa\n"
    f"{A};Siti Aminah;25/12/1990;P;16.04.21.2008\n"
    f"{B};Budi Santoso;12/03/1985;L;16.04.21.2008\n"
    f"{C};Rina Marlina;01/07/1992;P;16.04.21.2008\n"
    f"{D};Dedi Kurniawan;15/08/1988;L;16.04.21.2008\n"
).encode()


@pytest.fixture
def submitted(world, lahat_programme):
    batch = batch_upload(actor=world.desa_operator, programme=lahat_programme, filename="desa.csv", data=LIST)
    assert batch.valid == 4
    return batch_submit(actor=world.desa_operator, batch=batch)


def test_verifier_returns_one_row_and_the_rest_goes_on(world, submitted):
    with pytest.raises(ApplicationError, match="Tuliskan alasan"):
        batch_row_return(actor=world.lahat_manager, batch=submitted, row_no=3, reason="  ")
    with pytest.raises(ApplicationError, match="tidak boleh memeriksanya sendiri"):
        batch_row_return(actor=world.desa_operator, batch=submitted, row_no=3, reason="x")
    batch_row_return(actor=world.lahat_manager, batch=submitted, row_no=3, reason="Bukan warga desa ini")
    with pytest.raises(ApplicationError, match="Baris 3 tidak diajukan"):
        batch_row_return(actor=world.lahat_manager, batch=submitted, row_no=3, reason="lagi")
    submitted.refresh_from_db()
    assert (submitted.valid, submitted.warnings, submitted.returned) == (3, 0, 1)
    row = submitted.row_set.get(row_no=3)
    assert (row.status, row.return_reason) == ("returned", "Bukan warga desa ini")
    log = AuditLog.objects.filter(object_type="enrolment.batch", action="update").latest("id")
    assert log.extra == {"row": 3, "reason": "Bukan warga desa ini"}
    assert log.changes == {"baris 3": ["valid", "returned"]}
    assert batch_verify(actor=world.lahat_manager, batch=submitted) == 3
    assert not Person.objects.filter(nik=C).exists()  # a returned row never reaches the registry
    assert set(submitted.memberships.values_list("person__nik", flat=True)) == {A, B, D}


def test_branch_accepts_rows_with_kpj_and_returns_the_others_with_their_reasons(world, submitted):
    batch_row_return(actor=world.lahat_manager, batch=submitted, row_no=3, reason="Bukan warga desa ini")
    batch_verify(actor=world.lahat_manager, batch=submitted)
    response = kpj_from_file(
        data=(
            "NIK;KPJ;Alasan\n"
            f"{A};24000000001;\n"
            f"{B};;NIK tidak cocok dengan data Dukcapil\n"
            f"{STRANGER};24000000099;\n"
        ).encode(),
        filename="balasan.csv",
    )
    result = batch_accept(actor=world.lahat_bpjs, batch=submitted, kpj=response)
    assert (result.accepted, result.returned, result.unknown) == (1, 2, [(3, STRANGER)])
    batch = Batch.objects.get(pk=submitted.pk)
    assert batch.status == "accepted"
    assert (batch.valid, batch.warnings, batch.returned) == (1, 0, 3)
    assert batch.unknown_niks == [{"row": 3, "nik": STRANGER}]
    rows = {r.row_no: (r.status, r.return_reason, r.kpj_shown) for r in batch_rows(batch=batch)}
    # The KPJ is written once, on the membership: acceptance leaves the accepted rows' own KPJ column alone.
    assert set(batch.row_set.values_list("kpj", flat=True)) == {""}
    assert rows == {
        1: ("valid", "", "24000000001"),
        2: ("returned", "NIK tidak cocok dengan data Dukcapil", ""),
        3: ("returned", "Bukan warga desa ini", ""),
        4: ("returned", "Tidak tercantum dalam berkas balasan BPJS.", ""),
    }
    # Only the accepted person is a member; the returned ones' pending memberships are withdrawn.
    assert list(Membership.objects.values_list("person__nik", "status", "kpj")) == [
        (A, "active", "24000000001")
    ]
    assert not Membership.objects.filter(person__nik=STRANGER).exists()
    withdrawn = AuditLog.objects.get(object_type="memberships.membership", action="bulk_delete")
    assert withdrawn.extra["count"] == 2
    assert withdrawn.extra["returned_rows"][0] == {"row": 2, "reason": "NIK tidak cocok dengan data Dukcapil"}
    decision = AuditLog.objects.filter(object_type="enrolment.batch", action="update").latest("id")
    assert decision.extra == {"accepted": 1, "returned": 2, "unknown_niks": 1}


def test_every_fault_of_a_response_is_reported_with_its_row_and_nothing_changes(world, submitted):
    batch_verify(actor=world.lahat_manager, batch=submitted)
    body = (
        "NIK;KPJ\n"
        f"{A};24000000001\n"
        f"{B};24-0002\n"  # row 2: not digits
        f"{C};24000000001\n"  # row 3: the KPJ of row 1
        f"{A};24000000004\n"  # row 4: NIK of row 1 again
        "16042112;24000000005\n"  # row 5: not a NIK
    ).encode()
    with pytest.raises(ApplicationError) as refused:
        kpj_from_file(data=body, filename="balasan.csv")
    assert refused.value.message.startswith("Berkas balasan BPJS memuat 4 masalah; tidak ada yang diterima.")
    assert refused.value.extra["errors"] == [
        "baris 2: nomor KPJ 24-0002 harus 6–20 digit angka.",
        "baris 3: nomor KPJ 24000000001 sudah dipakai di baris 1 untuk NIK lain.",
        "baris 4: NIK 1604216512900001 sudah ada di baris 1.",
        "baris 5: NIK 16042112 bukan 16 digit angka.",
    ]
    assert set(Membership.objects.values_list("status", flat=True)) == {"pending"}
    assert Batch.objects.get(pk=submitted.pk).status == "verified"


def test_the_journey_through_the_pages_and_the_village_fixes_its_returned_rows(world, submitted, client_for):
    verifier, branch, village = (
        client_for(u) for u in (world.lahat_manager, world.lahat_bpjs, world.desa_operator)
    )
    detail = reverse("enrolment:batch_detail", args=[submitted.pk])
    page = verifier.get(detail).content.decode()
    assert page.count('class="filters row-return"') == 4
    r = verifier.post(
        reverse("enrolment:batch_row_return", args=[submitted.pk, 4]), {"reason": "Sudah pindah"}, follow=True
    )
    assert "Baris 4 dikembalikan ke operator desa untuk diperbaiki." in r.content.decode()
    verifier.post(reverse("enrolment:batch_verify", args=[submitted.pk]))
    body = f"NIK;KPJ;Alasan\n{A};24000000001;\n{B};24000000002;\n{C};;Data ganda di BPJS\n{STRANGER};24000000099;\n"
    r = branch.post(
        reverse("enrolment:batch_accept", args=[submitted.pk]),
        {"kpj_file": SimpleUploadedFile("balasan.csv", body.encode())},
        follow=True,
    )
    html = r.content.decode()
    assert "Diterima: 2 peserta aktif. 1 baris dikembalikan ke desa dengan alasannya." in html
    assert "1 NIK di berkas balasan tidak ada di daftar ini" in html
    unknown = html.split('id="unknown-niks"')[1].split("</section>")[0]
    assert "<tr><td>4</td>" in unknown  # the response's row 4 (data rows below the header)
    # The village sees the rows to fix with their reasons, downloads them and uploads the fixed list.
    html = village.get(detail).content.decode()
    assert "2 baris dikembalikan untuk diperbaiki" in html
    assert "Dikembalikan: Data ganda di BPJS" in html and "Dikembalikan: Sudah pindah" in html
    to_fix = village.get(reverse("enrolment:batch_list")).content.decode().split('id="rows-to-fix"')[1]
    assert f"#{submitted.pk} desa.csv" in to_fix.split("</section>")[0] and "2 baris" in to_fix
    english = village.get(detail, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "2 rows returned to be fixed" in english and "Returned: Data ganda di BPJS" in english
    xlsx = village.get(reverse("enrolment:batch_report", args=[submitted.pk]) + "?status=returned")
    sheet = openpyxl.load_workbook(io.BytesIO(b"".join(xlsx.streaming_content))).active
    rows = list(sheet.iter_rows(values_only=True))
    assert [(r[0], r[1], r[2], r[3]) for r in rows[1:]] == [
        (3, "Dikembalikan", "Dikembalikan: Data ganda di BPJS", C),
        (4, "Dikembalikan", "Dikembalikan: Sudah pindah", D),
    ]
    fixed = village.get(reverse("enrolment:batch_report", args=[submitted.pk]) + "?status=returned")
    again = batch_upload(
        actor=world.desa_operator,
        programme=submitted.programme,
        filename="perbaikan.xlsx",
        data=b"".join(fixed.streaming_content),
    )
    assert (again.rows, again.valid + again.warnings, again.rejected) == (2, 2, 0)
    assert set(again.row_set.values_list("nik", flat=True)) == {C, D}
    assert BatchRow.objects.filter(batch=submitted, status="returned").count() == 2
