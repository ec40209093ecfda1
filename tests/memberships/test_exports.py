import io

import openpyxl
import pytest
from django.urls import reverse

from lindung.audit.models import AuditLog
from tests.helpers import enrol, make_person, make_programme


@pytest.fixture
def participants(world):
    p = make_programme("lahat-uji", world.pemkab_lahat, "16.04")
    siti = make_person("1604216512900001", "Siti Aminah", "16.04.21.2008")
    evil = make_person("1604011203850002", "=cmd|' /C calc'!A0", "16.04.01.2001")
    m = enrol(siti, p)
    m.kpj = "24000000001"
    m.save()
    enrol(evil, p)
    return p


@pytest.mark.django_db
def test_xlsx_export_masked_and_formula_safe(world, participants, client_for):
    resp = client_for(world.lahat_manager).get(reverse("memberships:participants_xlsx", args=["lahat-uji"]))
    ws = openpyxl.load_workbook(io.BytesIO(resp.content))["Peserta"]
    rows = list(ws.iter_rows(min_row=2, values_only=True))
    assert [r[0] for r in rows] == ["160401**********", "160421**********"]
    assert "'=cmd|' /C calc'!A0" in {r[1] for r in rows}
    assert "24000000001" in {r[5] for r in rows}


@pytest.mark.django_db
def test_csv_export_by_village_and_full_nik_only_for_permitted_roles_audited(world, participants, client_for):
    url = reverse("memberships:participants_csv", args=["lahat-uji"])
    body = b"".join(client_for(world.desa_operator).get(url, {"nik": "lengkap"}).streaming_content).decode()
    assert "Siti Aminah" in body and "calc" not in body  # the village sees only its own people
    assert "160421**********" in body and "1604216512900001" not in body  # operators never get whole NIKs
    body = b"".join(client_for(world.lahat_manager).get(url, {"nik": "lengkap"}).streaming_content).decode()
    assert "1604216512900001" in body
    assert AuditLog.objects.filter(action="view_nik", object_type="programs.programme").count() == 1
    assert client_for(world.sarolangun_manager).get(url).status_code == 404


@pytest.mark.django_db
def test_cards_pdf_per_village(world, participants, client_for):
    resp = client_for(world.desa_operator).get(
        reverse("memberships:cards_pdf", args=["lahat-uji", "16.04.21.2008"])
    )
    assert resp.status_code == 200 and resp["Content-Type"] == "application/pdf"
    assert resp.content.startswith(b"%PDF")
    assert (
        client_for(world.desa_operator)
        .get(reverse("memberships:cards_pdf", args=["lahat-uji", "16.04.01.2001"]))
        .status_code
        == 404
    )
    assert (
        client_for(world.sarolangun_manager)
        .get(reverse("memberships:cards_pdf", args=["lahat-uji", "16.04.21.2008"]))
        .status_code
        == 404
    )
