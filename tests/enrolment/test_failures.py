"""A batch whose processing failed is never stuck: its owner retries or discards it (issue 14: a batch stuck
at 60%, "Batalkan proses" saying there is no job, and the same file refused as a duplicate)."""

import datetime as dt

import pytest
from django.db import DataError
from django.urls import reverse
from django.utils import timezone

from lindung.audit.models import AuditLog
from lindung.core.errors import ApplicationError
from lindung.enrolment import bulk, services
from lindung.enrolment.models import Batch
from lindung.enrolment.services import (
    MSG_PROCESSING_CRASHED,
    batch_process,
    batch_retry,
    batch_submit,
    batch_upload,
)
from lindung.memberships.models import Membership
from lindung.registry.models import Person
from tests.enrolment.test_pages import upload

DATA = b"NIK;Nama;Tanggal Lahir;L/P;Kode Desa\n1604216512900001;Siti;25/12/1990;P;16.04.21.2008\n"


def _store_fails(*args, **kwargs):
    raise DataError("value too long for type character varying(20)")


@pytest.fixture
def failed(world, lahat_programme, monkeypatch):
    """A background check that raised after the validation (where it used to stay at 60%)."""
    monkeypatch.setattr(bulk, "rows_insert", _store_fails)
    batch = batch_upload(
        actor=world.desa_operator, programme=lahat_programme, filename="d.csv", data=DATA, background=True
    )
    batch_process(batch_id=batch.pk)  # what the worker runs
    monkeypatch.undo()
    batch.refresh_from_db()
    return batch


@pytest.mark.django_db
def test_a_check_that_raises_fails_the_batch_instead_of_leaving_it_processing(failed):
    assert (failed.status, failed.progress, failed.error_message) == ("failed", 100, MSG_PROCESSING_CRASHED)
    assert not failed.row_set.exists()
    assert failed.content_hash.startswith("gagal-")  # the same file is not refused as a duplicate


@pytest.mark.django_db
def test_the_owner_sees_retry_and_discard_a_viewer_does_not(world, failed, client_for):
    url = reverse("enrolment:batch_detail", args=[failed.pk])
    page = client_for(world.desa_operator).get(url).content.decode()
    assert 'id="retry-batch"' in page and 'id="discard-batch"' in page
    assert 'hx-trigger="every 1s"' not in page  # nothing left to poll
    page = client_for(world.lahat_viewer).get(url).content.decode()
    assert "Berkas tidak dapat diproses" in page and 'id="retry-batch"' not in page
    assert (
        client_for(world.sarolangun_manager)
        .post(reverse("enrolment:batch_retry", args=[failed.pk]))
        .status_code
        == 404
    )
    with pytest.raises(ApplicationError, match="Hanya pengunggah"):
        batch_retry(actor=world.lahat_viewer, batch=failed)


@pytest.mark.django_db
def test_retry_checks_the_stored_file_again(world, failed, client_for, django_capture_on_commit_callbacks):
    c = client_for(world.desa_operator)
    with django_capture_on_commit_callbacks(execute=True):
        resp = c.post(reverse("enrolment:batch_retry", args=[failed.pk]))
    assert resp.status_code == 302
    failed.refresh_from_db()
    assert (failed.status, failed.valid, failed.error_message) == ("draft", 1, "")
    assert failed.row_set.count() == 1
    assert AuditLog.objects.filter(object_id=str(failed.pk), action="status", extra__retry=True).exists()
    with pytest.raises(ApplicationError, match="Hanya unggahan yang gagal"):
        batch_retry(actor=world.desa_operator, batch=failed)


@pytest.mark.django_db
def test_discard_removes_the_batch_and_its_file_and_the_file_can_be_sent_again(
    world, lahat_programme, failed, client_for
):
    storage, name = failed.original.storage, failed.original.name
    assert storage.exists(name)
    c = client_for(world.desa_operator)
    resp = c.post(reverse("enrolment:batch_discard", args=[failed.pk]))
    assert resp.status_code == 302 and resp["Location"] == reverse("enrolment:batch_list")
    assert not Batch.objects.filter(pk=failed.pk).exists()
    assert AuditLog.objects.filter(object_id=str(failed.pk), action="delete").exists()
    again = batch_upload(actor=world.desa_operator, programme=lahat_programme, filename="d.csv", data=DATA)
    assert again.status == "draft" and again.valid == 1


@pytest.mark.django_db
def test_retry_is_refused_when_the_same_file_was_uploaded_again(world, lahat_programme, failed):
    again = batch_upload(actor=world.desa_operator, programme=lahat_programme, filename="d.csv", data=DATA)
    with pytest.raises(ApplicationError, match=f"unggahan #{again.pk}"):
        batch_retry(actor=world.desa_operator, batch=failed)


@pytest.mark.django_db
def test_a_check_that_stopped_without_a_word_can_be_retried(
    world, lahat_programme, django_capture_on_commit_callbacks
):
    batch = batch_upload(
        actor=world.desa_operator, programme=lahat_programme, filename="d.csv", data=DATA, background=True
    )
    with pytest.raises(ApplicationError, match="Hanya unggahan yang gagal"):
        batch_retry(actor=world.desa_operator, batch=batch)  # still running: not yet
    # The worker died: no progress for longer than PROCESSING_STALE_AFTER.
    Batch.objects.filter(pk=batch.pk).update(
        updated_at=timezone.now() - services.PROCESSING_STALE_AFTER - dt.timedelta(minutes=1)
    )
    batch.refresh_from_db()
    assert services.processing_is_stale(batch)
    with django_capture_on_commit_callbacks(execute=True):
        batch_retry(actor=world.desa_operator, batch=batch)
    batch.refresh_from_db()
    assert (batch.status, batch.valid) == ("draft", 1)


@pytest.mark.django_db
def test_an_upload_checked_in_the_request_that_raises_gives_a_message_not_a_500(
    world, lahat_programme, client_for, monkeypatch
):
    monkeypatch.setattr(bulk, "rows_insert", _store_fails)
    page = upload(client_for(world.desa_operator), lahat_programme, "d.csv", DATA).content.decode()
    assert "Terjadi kesalahan sistem saat memeriksa berkas ini; tidak ada yang tersimpan." in page
    assert not Batch.objects.exists()
    monkeypatch.undo()
    batch = batch_upload(actor=world.desa_operator, programme=lahat_programme, filename="d.csv", data=DATA)
    assert batch.valid == 1  # the same file, not refused as a duplicate


@pytest.mark.django_db
def test_a_background_verification_that_raises_clears_the_job_and_writes_nothing(
    world, lahat_programme, monkeypatch
):
    batch = batch_upload(actor=world.desa_operator, programme=lahat_programme, filename="d.csv", data=DATA)
    batch_submit(actor=world.desa_operator, batch=batch)
    monkeypatch.setattr(services, "BACKGROUND_ROWS", 1)
    assert services.batch_verify_start(actor=world.lahat_manager, batch=batch) is None  # queued
    monkeypatch.setattr(bulk, "memberships_insert", _store_fails)
    services.batch_job_run(batch_id=batch.pk)  # the worker: raises inside, logs, tells the batch
    batch.refresh_from_db()
    assert (batch.status, batch.job) == ("submitted", "")
    assert batch.job_error.startswith("Terjadi kesalahan sistem")
    assert not Person.objects.exists() and not Membership.objects.exists()
    monkeypatch.undo()
    monkeypatch.setattr(services, "BACKGROUND_ROWS", 1)
    services.batch_verify_start(actor=world.lahat_manager, batch=batch)
    services.batch_job_run(batch_id=batch.pk)
    batch.refresh_from_db()
    assert (batch.status, batch.job_error) == ("verified", "")
