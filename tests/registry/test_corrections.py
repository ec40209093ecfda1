import datetime as dt

import pytest
from django.urls import reverse

from lindung.audit.models import AuditLog
from lindung.core.errors import ApplicationError
from lindung.registry.corrections import correction_decide, correction_request
from lindung.registry.models import CorrectionRequest
from tests.helpers import make_person


@pytest.fixture
def siti(world):
    return make_person(
        "1604216512900001", "Siti Aminh", "16.04.21.2008", birth_date=dt.date(1990, 12, 25), sex="P"
    )


@pytest.mark.django_db
def test_name_correction_maker_checker(world, siti):
    req = correction_request(
        actor=world.desa_operator,
        person=siti,
        field="full_name",
        new_value="Siti  Aminah",
        reason="Salah ketik, sesuai KTP",
    )
    assert (req.old_value, req.new_value) == ("Siti Aminh", "Siti Aminah")
    with pytest.raises(ApplicationError, match="Koreksi diputuskan oleh verifikator."):
        correction_decide(actor=world.desa_operator, request=req, approve=True)
    own = correction_request(
        actor=world.lahat_manager, person=siti, field="birth_date", new_value="24/12/1990", reason="x"
    )
    with pytest.raises(ApplicationError, match="Pengaju tidak boleh menyetujui permohonannya sendiri."):
        correction_decide(actor=world.lahat_manager, request=own, approve=True)
    correction_decide(actor=world.lahat_manager, request=req, approve=True)
    siti.refresh_from_db()
    assert (siti.full_name, siti.name_key) == ("Siti Aminah", "siti aminah")
    assert AuditLog.objects.filter(
        object_type="registry.person",
        object_id=str(siti.pk),
        action="update",
        changes__full_name=["Siti Aminh", "Siti Aminah"],
    ).exists()
    with pytest.raises(ApplicationError, match="sudah diputuskan"):
        correction_decide(actor=world.lahat_manager, request=req, approve=False)


@pytest.mark.django_db
def test_nik_and_birth_date_corrections_are_validated(world, siti):
    make_person("1604216512900002", "Lain", "16.04.21.2008")
    with pytest.raises(ApplicationError, match="NIK harus terdiri dari 16 digit angka."):
        correction_request(actor=world.desa_operator, person=siti, field="nik", new_value="123", reason="x")
    with pytest.raises(ApplicationError, match="NIK ini sudah terdaftar di registri."):
        correction_request(
            actor=world.desa_operator, person=siti, field="nik", new_value="1604216512900002", reason="x"
        )
    with pytest.raises(ApplicationError, match="Tuliskan alasan"):
        correction_request(
            actor=world.desa_operator, person=siti, field="nik", new_value="1604216512900003", reason=" "
        )
    req = correction_request(
        actor=world.desa_operator,
        person=siti,
        field="nik",
        new_value="1604-2165-1290-0003",
        reason="KTP baru",
    )
    correction_decide(actor=world.lahat_manager, request=req, approve=True)
    siti.refresh_from_db()
    assert siti.nik == "1604216512900003"
    req = correction_request(
        actor=world.desa_operator, person=siti, field="birth_date", new_value="24/12/1990", reason="Akta"
    )
    correction_decide(actor=world.lahat_manager, request=req, approve=False, note="Dokumen tidak cocok")
    siti.refresh_from_db()
    assert siti.birth_date == dt.date(1990, 12, 25)
    assert CorrectionRequest.objects.get(pk=req.pk).status == "rejected"


@pytest.mark.django_db
def test_correction_pages_scoped(world, siti, client_for):
    client_for(world.desa_operator).post(
        reverse("registry:correction_create", args=[siti.pk]),
        {"field": "full_name", "new_value": "Siti Aminah", "reason": "KTP"},
    )
    req = CorrectionRequest.objects.get()
    assert (
        "Siti Aminah"
        in client_for(world.lahat_manager).get(reverse("registry:correction_list")).content.decode()
    )
    assert (
        "Siti Aminh"
        not in client_for(world.sarolangun_manager).get(reverse("registry:correction_list")).content.decode()
    )
    assert (
        client_for(world.sarolangun_manager)
        .post(reverse("registry:correction_decide", args=[req.pk]), {"decision": "approve"})
        .status_code
        == 404
    )
    client_for(world.lahat_manager).post(
        reverse("registry:correction_decide", args=[req.pk]), {"decision": "approve"}
    )
    siti.refresh_from_db()
    assert siti.full_name == "Siti Aminah"
