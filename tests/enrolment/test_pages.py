import io

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from lindung.enrolment.models import Batch
from tests.enrolment.conftest import sample


def upload(client, programme, name="desa-lahat.xlsx", data=None):
    f = SimpleUploadedFile(name, data if data is not None else sample(name))
    return client.post(reverse("enrolment:batch_upload"), {"programme": programme.code, "file": f})


@pytest.mark.django_db
def test_upload_shows_report_and_xlsx_download(world, lahat_programme, client_for):
    c = client_for(world.desa_operator)
    resp = upload(c, lahat_programme)
    batch = Batch.objects.get()
    assert resp.status_code == 302 and resp["Location"] == reverse("enrolment:batch_detail", args=[batch.pk])
    html = c.get(resp["Location"]).content.decode()
    assert 'id="count-rows">60<' in html
    assert "NIK tersimpan sebagai angka oleh Excel" in html
    rejected = c.get(resp["Location"], {"status": "rejected"}, HTTP_HX_REQUEST="true").content.decode()
    assert 'data-status="valid"' not in rejected and 'data-status="rejected"' in rejected
    report = c.get(reverse("enrolment:batch_report", args=[batch.pk]))
    wb = openpyxl.load_workbook(io.BytesIO(b"".join(report.streaming_content)))
    ws = wb["Hasil"]
    assert [c.value for c in ws[1]][:3] == ["Baris", "Status", "Pesan"]
    assert ws.max_row == 61
    row10 = next(
        r for r in ws.iter_rows(min_row=2, values_only=True) if r[0] == 10
    )  # row numbers are numbers (sortable)
    assert row10[1] == "Ditolak" and "NIK harus terdiri dari 16 digit angka." in row10[2]


@pytest.mark.django_db
def test_upload_errors_are_shown_and_nothing_saved(world, lahat_programme, client_for):
    c = client_for(world.desa_operator)
    resp = upload(c, lahat_programme, name="rusak.xlsx", data=b"PK\x03\x04rusak")
    assert resp.status_code == 200
    assert "Berkas XLSX rusak dan tidak dapat dibuka." in resp.content.decode()
    assert not Batch.objects.exists()
    resp = c.post(reverse("enrolment:batch_upload"), {"programme": lahat_programme.code})
    assert "Pilih berkas yang akan diunggah." in resp.content.decode()


@pytest.mark.django_db
def test_batch_pages_scoped_and_actions_by_role(world, lahat_programme, client_for):
    upload(client_for(world.desa_operator), lahat_programme)
    batch = Batch.objects.get()
    url = reverse("enrolment:batch_detail", args=[batch.pk])
    assert client_for(world.lahat_manager).get(url).status_code == 200
    assert client_for(world.sarolangun_manager).get(url).status_code == 404
    assert client_for(world.kc_verifier).get(url).status_code == 404
    assert (
        client_for(world.sarolangun_manager)
        .post(reverse("enrolment:batch_submit", args=[batch.pk]))
        .status_code
        == 404
    )
    assert (
        client_for(world.sarolangun_manager)
        .get(reverse("enrolment:batch_report", args=[batch.pk]))
        .status_code
        == 404
    )
    # The viewer sees masked NIKs in the report.
    report = client_for(world.lahat_viewer).get(reverse("enrolment:batch_report", args=[batch.pk]))
    ws = openpyxl.load_workbook(io.BytesIO(b"".join(report.streaming_content)))["Hasil"]
    assert ws.cell(row=2, column=4).value == "160421**********"
    c = client_for(world.desa_operator)
    c.post(reverse("enrolment:batch_submit", args=[batch.pk]))
    batch.refresh_from_db()
    assert batch.status == "submitted"
    queue = client_for(world.lahat_manager).get(reverse("enrolment:batch_list")).content.decode()
    assert f"#{batch.pk} desa-lahat.xlsx" in queue
    c.post(reverse("enrolment:batch_verify", args=[batch.pk]))  # the operator cannot verify
    batch.refresh_from_db()
    assert batch.status == "submitted"
    client_for(world.lahat_manager).post(
        reverse("enrolment:batch_reject", args=[batch.pk]), {"reason": "Lengkapi NIK"}
    )
    batch.refresh_from_db()
    assert batch.status == "draft" and batch.rejection_reason == "Lengkapi NIK"


@pytest.mark.django_db
def test_template_download(world, lahat_programme, client_for):
    page = client_for(world.desa_operator).get(reverse("enrolment:batch_upload")).content.decode()
    link = reverse("enrolment:programme_template", args=[lahat_programme.code])
    assert f'href="{link}"' in page  # the upload page offers each programme's template
    resp = client_for(world.desa_operator).get(
        reverse("enrolment:programme_template", args=[lahat_programme.code])
    )
    wb = openpyxl.load_workbook(io.BytesIO(resp.content))
    assert wb.sheetnames == ["Data", "Petunjuk"]
    assert wb["Data"]["A1"].value == "NIK" and wb["Data"]["A2"].number_format == "@"
    assert (
        client_for(world.sarolangun_manager)
        .get(reverse("enrolment:programme_template", args=[lahat_programme.code]))
        .status_code
        == 404
    )


@pytest.mark.django_db
def test_each_role_sees_its_own_work_queue(world, lahat_programme, client_for):
    upload(client_for(world.desa_operator), lahat_programme)
    batch = Batch.objects.get()

    def mine(user):
        html = client_for(user).get(reverse("enrolment:batch_list")).content.decode()
        part = html.split('id="my-queue"')[1].split("</section>")[0]
        return f"#{batch.pk} desa-lahat.xlsx" in part

    assert mine(world.desa_operator) and not mine(world.lahat_manager)
    client_for(world.desa_operator).post(reverse("enrolment:batch_submit", args=[batch.pk]))
    assert mine(world.lahat_manager) and not mine(world.desa_operator)


@pytest.mark.django_db
def test_large_batches_are_verified_and_accepted_in_the_background(
    world, lahat_programme, client_for, monkeypatch, django_capture_on_commit_callbacks
):
    from lindung.enrolment import services
    from lindung.memberships.models import Membership

    monkeypatch.setattr(services, "BACKGROUND_ROWS", 1)  # every batch counts as large
    op, manager, admin = (
        client_for(world.desa_operator),
        client_for(world.lahat_manager),
        client_for(world.admin),
    )
    data = b"NIK;Nama;Tanggal Lahir;L/P;Kode Desa\n1604216512900001;Siti;25/12/1990;P;16.04.21.2008\n"
    upload(op, lahat_programme, name="d.csv", data=data)
    batch = Batch.objects.get()
    op.post(reverse("enrolment:batch_submit", args=[batch.pk]))
    detail = reverse("enrolment:batch_detail", args=[batch.pk])
    progress = reverse("enrolment:batch_progress", args=[batch.pk])

    with django_capture_on_commit_callbacks(execute=False) as queued:
        resp = manager.post(reverse("enrolment:batch_verify", args=[batch.pk]), follow=True)
    assert "Verifikasi berjalan di latar belakang" in resp.content.decode()
    batch.refresh_from_db()
    assert (batch.status, batch.job) == ("submitted", "verify") and not Membership.objects.exists()
    page = manager.get(detail).content.decode()
    assert "Verifikasi sedang berjalan" in page and 'id="verify-batch"' not in page
    assert "HX-Refresh" not in manager.get(progress)  # still running: keep polling
    refused = manager.post(reverse("enrolment:batch_reject", args=[batch.pk]), {"reason": "x"}, follow=True)
    assert "sedang diproses di latar belakang" in refused.content.decode()
    for callback in queued:  # the worker runs the job (immediate backend)
        callback()
    batch.refresh_from_db()
    assert (batch.status, batch.job, batch.job_error) == ("verified", "", "")
    assert manager.get(progress)["HX-Refresh"] == "true"
    assert Membership.objects.filter(status="pending", batch_id=batch.pk).count() == 1

    def accept(body: bytes):
        f = SimpleUploadedFile("kpj.csv", body)
        with django_capture_on_commit_callbacks(execute=True):
            return admin.post(
                reverse("enrolment:batch_accept", args=[batch.pk]), {"kpj_file": f}, follow=True
            )

    assert (
        "Penerimaan berjalan di latar belakang"
        in accept(b"NIK;KPJ\n1604211203850002;24000000002\n").content.decode()
    )
    batch.refresh_from_db()  # the worker refused it: nothing changed, the reason is on the page
    assert (batch.status, batch.job) == (
        "verified",
        "",
    ) and "Tidak ada NIK dengan nomor KPJ di berkas balasan yang cocok" in batch.job_error
    assert "Tidak ada NIK dengan nomor KPJ di berkas balasan yang cocok" in admin.get(detail).content.decode()
    accept(b"NIK;KPJ\n1604216512900001;24000000001\n")
    batch.refresh_from_db()
    assert (batch.status, batch.job, batch.job_error) == ("accepted", "", "")
    assert Membership.objects.get(batch_id=batch.pk).kpj == "24000000001"


@pytest.mark.django_db
def test_a_stalled_background_job_can_be_cancelled_and_run_again(
    world, lahat_programme, client_for, monkeypatch, django_capture_on_commit_callbacks
):
    import datetime as dt

    from lindung.enrolment import services

    monkeypatch.setattr(services, "BACKGROUND_ROWS", 1)
    op, manager = client_for(world.desa_operator), client_for(world.lahat_manager)
    upload(
        op,
        lahat_programme,
        name="d.csv",
        data=b"NIK;Nama;Tanggal Lahir;L/P\n1604216512900001;Siti;25/12/1990;P\n",
    )
    batch = Batch.objects.get()
    op.post(reverse("enrolment:batch_submit", args=[batch.pk]))
    with django_capture_on_commit_callbacks(execute=False):  # the worker never runs the job
        manager.post(reverse("enrolment:batch_verify", args=[batch.pk]))
    cancel = reverse("enrolment:batch_job_cancel", args=[batch.pk])
    detail = reverse("enrolment:batch_detail", args=[batch.pk])
    assert 'id="cancel-job"' not in manager.get(detail).content.decode()
    refused = manager.post(cancel, follow=True).content.decode()
    assert "Proses masih berjalan" in refused and Batch.objects.get().job == "verify"
    Batch.objects.filter(pk=batch.pk).update(updated_at=dt.datetime.now(dt.UTC) - dt.timedelta(hours=1))
    assert 'id="cancel-job"' in manager.get(detail).content.decode()
    assert client_for(world.desa_operator).post(cancel).status_code == 302  # refused with a message
    assert Batch.objects.get().job == "verify"
    manager.post(cancel)
    batch.refresh_from_db()
    assert (batch.job, batch.status) == ("", "submitted") and "dibatalkan" in batch.job_error
    with django_capture_on_commit_callbacks(execute=True):  # run again: this time the worker does it
        manager.post(reverse("enrolment:batch_verify", args=[batch.pk]))
    batch.refresh_from_db()
    assert (batch.status, batch.job, batch.job_error) == ("verified", "", "")
