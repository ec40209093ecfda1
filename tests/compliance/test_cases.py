"""Cases on the sanction path: each step in order with its numbered letter and working-day deadline, as
each role and as an outsider."""

from __future__ import annotations

import datetime as dt

import pytest

from lindung.audit.models import AuditLog
from lindung.compliance import services
from lindung.compliance.models import Case, CaseStep
from lindung.core.errors import ApplicationError
from tests.compliance.conftest import NIB_PATUH, NIB_SAWIT, NIB_TOKO

D = dt.date


@pytest.fixture
def case(team, register):
    return services.case_open(actor=team.bpjs, employer=register[NIB_SAWIT], date=D(2024, 3, 28))


def test_full_path_to_the_prosecutor_and_back(team, register, case):
    assert case.number == "KPT/00001/16.04/2024" and case.stage == "finding"
    assert "120 pekerja dilaporkan ke Disnaker" in case.finding
    # Warning 1 on Friday 5 April 2024: cuti bersama 8-9, Idul Fitri 10-11, cuti bersama 12 and 15 April.
    s1 = services.case_advance(actor=team.bpjs, case=case, stage="warning_1", date=D(2024, 4, 5))
    assert s1.deadline == D(2024, 4, 29) and s1.letter_number == "SP1/00001/16.04/2024"
    with pytest.raises(
        ApplicationError, match="baru dapat diambil setelah tenggat Peringatan tertulis 1 lewat \\(29-04-2024"
    ):
        services.case_advance(actor=team.bpjs, case=case, stage="warning_2", date=D(2024, 4, 29))
    s2 = services.case_advance(actor=team.disnaker, case=case, stage="warning_2", date=D(2024, 4, 30))
    # 1 May Labour Day, 9 May Ascension, 10 May cuti bersama: ten working days end on 17 May.
    assert s2.deadline == D(2024, 5, 17)
    with pytest.raises(ApplicationError, match="iuran terutang"):
        services.case_advance(actor=team.bpjs, case=case, stage="fine", date=D(2024, 5, 20))
    s3 = services.case_advance(
        actor=team.bpjs,
        case=case,
        stage="fine",
        date=D(2024, 5, 20),
        contributions_owed=120_000_000,
        months_owed=6,
    )
    assert s3.amount == 720_000  # 0,1% x Rp120.000.000 x 6 months
    assert s3.deadline == D(2024, 6, 19)  # 30 calendar days, a working day
    services.case_advance(actor=team.bpjs, case=case, stage="service_denial", date=D(2024, 6, 20))
    with pytest.raises(ApplicationError, match="nomor dan tanggal SKK"):
        services.case_advance(actor=team.bpjs, case=case, stage="prosecutor", date=D(2024, 6, 21))
    s5 = services.case_advance(
        actor=team.bpjs,
        case=case,
        stage="prosecutor",
        date=D(2024, 6, 21),
        skk_number="SKK-01/2024",
        skk_date=D(2024, 6, 21),
    )
    case.refresh_from_db()
    assert case.kejari == team.kejari_org and s5.letter_number.startswith("SKK/")
    services.case_recovery_record(actor=team.kejari_writer, case=case, amount=50_000_000)
    services.case_advance(
        actor=team.kejari_writer,
        case=case,
        stage="resolved",
        date=D(2024, 8, 1),
        note="Terdaftar dan membayar",
        recovered_amount=120_720_000,
    )
    case.refresh_from_db()
    assert (
        case.stage == "resolved"
        and case.recovered_amount == 120_720_000
        and case.resolved_on == D(2024, 8, 1)
    )
    assert list(case.steps.values_list("stage", flat=True)) == [
        "finding",
        "warning_1",
        "warning_2",
        "fine",
        "service_denial",
        "prosecutor",
        "resolved",
    ]
    assert (
        AuditLog.objects.filter(object_type="compliance.case", object_id=str(case.pk)).count() == 8
    )  # opened, 6 steps, 1 recovery


def test_steps_out_of_order_and_letters_on_a_holiday_are_refused(team, case):
    with pytest.raises(
        ApplicationError,
        match="Langkah tidak berurutan: .* langkah berikutnya adalah Peringatan tertulis 1, bukan Denda",
    ):
        services.case_advance(actor=team.bpjs, case=case, stage="fine", date=D(2024, 4, 5))
    with pytest.raises(
        ApplicationError,
        match="15-04-2024 bukan hari kerja \\(Cuti Bersama Hari Raya Idul Fitri\\); pilih hari kerja, misalnya 16-04-2024",
    ):
        services.case_advance(actor=team.bpjs, case=case, stage="warning_1", date=D(2024, 4, 15))
    with pytest.raises(ApplicationError, match="sebelum langkah sebelumnya"):
        services.case_advance(actor=team.bpjs, case=case, stage="warning_1", date=D(2024, 3, 1))
    case.refresh_from_db()
    assert case.stage == "finding" and CaseStep.objects.filter(case=case).count() == 1


def test_who_may_take_which_step(team, register, case):
    with pytest.raises(ApplicationError, match="tidak dapat mengambil langkah"):
        services.case_advance(actor=team.kejari_writer, case=case, stage="warning_1", date=D(2024, 4, 5))
    with pytest.raises(ApplicationError, match="tidak dapat mengambil langkah"):
        services.case_advance(actor=team.dpmptsp_op, case=case, stage="warning_1", date=D(2024, 4, 5))
    with pytest.raises(ApplicationError, match="tidak dapat mengambil langkah"):
        services.case_advance(actor=team.outsider, case=case, stage="warning_1", date=D(2024, 4, 5))
    services.case_advance(actor=team.disnaker, case=case, stage="warning_1", date=D(2024, 4, 5))
    services.case_advance(actor=team.disnaker, case=case, stage="warning_2", date=D(2024, 4, 30))
    with pytest.raises(ApplicationError, match="tidak dapat mengambil langkah"):  # the fine is BPJS'
        services.case_advance(
            actor=team.disnaker,
            case=case,
            stage="fine",
            date=D(2024, 5, 20),
            contributions_owed=1,
            months_owed=1,
        )
    with pytest.raises(ApplicationError, match="tidak dapat mencatat temuan"):
        services.case_open(actor=team.dpmptsp_op, employer=register[NIB_TOKO])
    with pytest.raises(ApplicationError, match="tidak dalam kategori tidak patuh"):
        services.case_open(actor=team.bpjs, employer=register[NIB_PATUH])
    with pytest.raises(ApplicationError, match="sudah punya kasus"):
        services.case_open(actor=team.bpjs, employer=register[NIB_SAWIT])


def _at_prosecutor(team, case):
    for stage, day in (("warning_1", D(2024, 4, 5)), ("warning_2", D(2024, 4, 30))):
        services.case_advance(actor=team.bpjs, case=case, stage=stage, date=day)
    services.case_advance(
        actor=team.bpjs,
        case=case,
        stage="fine",
        date=D(2024, 5, 20),
        contributions_owed=10_000_000,
        months_owed=2,
    )
    services.case_advance(actor=team.bpjs, case=case, stage="service_denial", date=D(2024, 6, 20))
    services.case_advance(
        actor=team.bpjs,
        case=case,
        stage="prosecutor",
        date=D(2024, 6, 21),
        skk_number="SKK-9",
        skk_date=D(2024, 6, 21),
    )


def test_case_pages_as_each_role_and_an_outsider(team, case, client_for):
    url = f"/kepatuhan/kasus/{case.pk}/"
    assert client_for(team.bpjs).get(url).status_code == 200
    assert client_for(team.disnaker).get(url).status_code == 200
    assert client_for(team.outsider).get(url).status_code == 404  # another branch's region
    assert client_for(team.world.sarolangun_manager).get(url).status_code == 404
    assert client_for(team.kejari).get(url).status_code == 404  # not handed over yet
    assert (
        client_for(team.world.desa_operator).get(url).status_code == 404
    )  # a village has no compliance pages
    _at_prosecutor(team, case)
    page = client_for(team.kejari).get(url)
    assert page.status_code == 200 and "SKK-9" in page.content.decode()
    assert client_for(team.kejari_mura).get(url).status_code == 404
    dash = client_for(team.kejari).get("/kepatuhan/").content.decode()
    assert "SKK-9" in dash and "PT Sawit Makmur Lahat" in dash


def test_step_through_the_page_and_letter_pdf(team, case, client_for):
    c = client_for(team.bpjs)
    r = c.post(f"/kepatuhan/kasus/{case.pk}/langkah/", {"stage": "warning_1", "date": "2024-04-05"})
    assert r.status_code == 302
    step = CaseStep.objects.get(case=case, stage="warning_1")
    assert step.deadline == D(2024, 4, 29)
    pdf = c.get(f"/kepatuhan/surat/{step.pk}.pdf")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    assert client_for(team.outsider).get(f"/kepatuhan/surat/{step.pk}.pdf").status_code == 404
    r = c.post(f"/kepatuhan/kasus/{case.pk}/langkah/", {"stage": "fine", "date": "2024-04-08"}, follow=True)
    assert "Langkah tidak berurutan" in r.content.decode()
    from django.core.files.uploadedfile import SimpleUploadedFile

    r = c.post(
        f"/kepatuhan/surat/{step.pk}/unggah/",
        {"file": SimpleUploadedFile("sp1.pdf", b"%PDF-1.4 signed", "application/pdf")},
    )
    step.refresh_from_db()
    assert step.signed_copy and c.get(f"/kepatuhan/surat/{step.pk}/salinan/").status_code == 200
    r = c.post(
        f"/kepatuhan/surat/{step.pk}/unggah/",
        {"file": SimpleUploadedFile("x.exe", b"MZ......", "application/octet-stream")},
        follow=True,
    )
    assert "Unggah salinan surat sebagai PDF, JPG atau PNG." in r.content.decode()


def test_deadlines_raise_themselves_on_the_dashboard(team, case, client_for):
    services.case_advance(actor=team.bpjs, case=case, stage="warning_1", date=D(2024, 4, 5))
    page = client_for(team.bpjs).get("/kepatuhan/").content.decode()
    assert "lewat sejak 29-04-2024" in page
    assert Case.objects.get().deadline == D(2024, 4, 29)
