"""programme_update, village_quota_set, funders (in place / in use), legal bases with attachments."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from lindung.audit.models import AuditLog
from lindung.core.errors import ApplicationError
from lindung.programs.models import LegalBasis, Programme, ProgrammeFunder, VillageQuota
from lindung.programs.services import (
    legal_basis_add,
    programme_create,
    programme_funders_set,
    programme_update,
    village_quota_set,
    village_quotas_generate,
)
from lindung.regions.models import Region
from tests.helpers import enrol, make_person, make_programme

LAHAT_DESA = "16.04.21.2008"


@pytest.fixture
def lahat(world) -> Programme:
    return programme_create(
        actor=world.lahat_manager,
        code="lahat-rentan-2024",
        name="Pekerja rentan desa Lahat",
        owner=world.pemkab_lahat,
        region_code="16.04",
        target_group="pekerja_rentan",
        start_date=dt.date(2024, 7, 1),
    )


@pytest.mark.django_db
def test_programme_update_changes_and_audits(world, lahat):
    changed = programme_update(
        actor=world.lahat_manager,
        programme=lahat,
        data={"name": " Rentan Lahat 2024 ", "end_date": dt.date(2024, 12, 31), "has_jht": True},
    )
    assert sorted(changed) == ["end_date", "has_jht", "name"]
    lahat.refresh_from_db()
    assert lahat.name == "Rentan Lahat 2024" and lahat.end_date == dt.date(2024, 12, 31)
    assert lahat.elements == ["JKK", "JKM", "JHT"]
    log = AuditLog.objects.filter(object_type="programs.programme", action="update").latest("id")
    assert log.changes["name"] == ["Pekerja rentan desa Lahat", "Rentan Lahat 2024"]
    assert programme_update(actor=world.lahat_manager, programme=lahat, data={"has_jht": True}) == []


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("data", "message"),
    [
        (
            {"target_group": "badan_adhoc", "officer_kinds": ["KPPS"]},
            "Program badan ad hoc pemilu/pilkada wajib punya tanggal selesai (masa tugas).",
        ),
        (
            {"officer_kinds": ["PPS"]},
            "Jenis petugas ad hoc hanya untuk program badan ad hoc pemilu/pilkada.",
        ),
        ({"region_code": "15.03"}, "Kabupaten Sarolangun (15.03) di luar wilayah kerja Anda."),
        ({"min_age": 70}, "Usia minimum harus lebih kecil dari usia maksimum."),
        ({"quota_total": 0}, "Kuota total harus lebih dari 0."),
        ({"code": "lain"}, "Kolom ini tidak dapat diubah: code."),
    ],
)
def test_programme_update_rules_leave_the_row_unchanged(world, lahat, data, message):
    with pytest.raises(ApplicationError) as exc:
        programme_update(actor=world.lahat_manager, programme=lahat, data=data)
    assert exc.value.message == message
    row = Programme.objects.get(pk=lahat.pk)
    assert (row.target_group, row.region_code, row.min_age, row.quota_total, row.officer_kinds) == (
        "pekerja_rentan",
        "16.04",
        15,
        None,
        [],
    )


@pytest.mark.django_db
def test_region_cannot_shrink_away_from_members(world, lahat):
    enrol(make_person("1604216512900001", "Siti", LAHAT_DESA), lahat)
    with pytest.raises(ApplicationError) as exc:
        programme_update(actor=world.lahat_manager, programme=lahat, data={"region_code": "16.04.01"})
    assert exc.value.message == "Wilayah program tidak dapat diubah: ada peserta di luar wilayah baru."
    assert Programme.objects.get(pk=lahat.pk).region_code == "16.04"
    programme_update(actor=world.lahat_manager, programme=lahat, data={"region_code": "16.04.21"})
    assert Programme.objects.get(pk=lahat.pk).region_code == "16.04.21"


@pytest.mark.django_db
def test_outsider_cannot_update_or_add_to_a_programme(world, lahat):
    with pytest.raises(ApplicationError) as exc:
        programme_update(actor=world.sarolangun_manager, programme=lahat, data={"name": "X"})
    assert exc.value.message == "Kabupaten Lahat (16.04) di luar wilayah kerja Anda."
    with pytest.raises(ApplicationError):
        legal_basis_add(
            actor=world.sarolangun_manager,
            programme=lahat,
            kind="perbup",
            number="1",
            date=dt.date(2024, 1, 1),
        )
    with pytest.raises(ApplicationError):
        village_quotas_generate(actor=world.sarolangun_manager, programme=lahat, quota_per_village=60)
    assert Programme.objects.get(pk=lahat.pk).name == "Pekerja rentan desa Lahat"
    assert not LegalBasis.objects.exists() and not VillageQuota.objects.exists()


@pytest.mark.django_db
def test_election_programme_accepts_only_known_officer_kinds(world):
    p = programme_create(
        actor=world.lahat_manager,
        code="pilkada-lahat-2024",
        name="Badan ad hoc Pilkada Lahat 2024",
        owner=world.pemkab_lahat,
        region_code="16.04",
        target_group="badan_adhoc",
        segment="PU",
        start_date=dt.date(2024, 5, 1),
        end_date=dt.date(2024, 12, 31),
        officer_kinds=["PPK", "PPS", "KPPS", "Pantarlih", "Panwascam", "PPL"],
    )
    assert p.end_date == dt.date(2024, 12, 31) and len(p.officer_kinds) == 6
    with pytest.raises(ApplicationError) as exc:
        programme_update(actor=world.lahat_manager, programme=p, data={"end_date": None})
    assert (
        exc.value.message == "Program badan ad hoc pemilu/pilkada wajib punya tanggal selesai (masa tugas)."
    )
    assert Programme.objects.get(pk=p.pk).end_date == dt.date(2024, 12, 31)


@pytest.mark.django_db
def test_village_quota_set_one_village_and_total_follows(world, lahat):
    village_quotas_generate(actor=world.lahat_manager, programme=lahat, quota_per_village=60)
    village_quota_set(actor=world.lahat_manager, programme=lahat, region_code=LAHAT_DESA, quota=75)
    lahat.refresh_from_db()
    assert VillageQuota.objects.get(programme=lahat, region_code=LAHAT_DESA).quota == 75
    assert lahat.quota_total == 21_615
    # A kelurahan can get a quota by hand; 0 removes it again.
    kel = Region.objects.filter(code__startswith="16.04.", kind="kelurahan").order_by("code").first().code
    village_quota_set(actor=world.lahat_manager, programme=lahat, region_code=kel, quota=10)
    assert Programme.objects.get(pk=lahat.pk).quota_total == 21_625
    village_quota_set(actor=world.lahat_manager, programme=lahat, region_code=kel, quota=0)
    assert not VillageQuota.objects.filter(region_code=kel).exists()
    assert Programme.objects.get(pk=lahat.pk).quota_total == 21_615
    with pytest.raises(ApplicationError) as exc:
        village_quota_set(actor=world.lahat_manager, programme=lahat, region_code="15.03.01.2001", quota=5)
    assert exc.value.message == "Desa/kelurahan '15.03.01.2001' tidak ada di wilayah program ini."
    with pytest.raises(ApplicationError) as exc:
        village_quota_set(actor=world.lahat_manager, programme=lahat, region_code=LAHAT_DESA, quota=-1)
    assert exc.value.message == "Kuota desa tidak boleh negatif."
    assert VillageQuota.objects.get(programme=lahat, region_code=LAHAT_DESA).quota == 75


@pytest.mark.django_db
def test_quota_generation_rejects_zero_and_replaces_old_quotas(world, lahat):
    with pytest.raises(ApplicationError) as exc:
        village_quotas_generate(actor=world.lahat_manager, programme=lahat, quota_per_village=0)
    assert exc.value.message == "Kuota per desa harus lebih dari 0."
    village_quotas_generate(actor=world.lahat_manager, programme=lahat, quota_per_village=60)
    assert village_quotas_generate(actor=world.lahat_manager, programme=lahat, quota_per_village=50) == 18_000
    assert VillageQuota.objects.filter(programme=lahat).count() == 360


@pytest.mark.django_db
def test_funders_with_amount_per_person_and_update_in_place(world, lahat):
    programme_funders_set(
        actor=world.lahat_manager,
        programme=lahat,
        funders=[{"kind": "apbd_kab", "share_percent": 100}],
    )
    person = make_person("1604216512900001", "Siti", LAHAT_DESA)
    m = enrol(person, lahat)
    funder_id = m.funder_id
    # The funder members are recorded on stays (updated in place) when the split changes.
    programme_funders_set(
        actor=world.lahat_manager,
        programme=lahat,
        funders=[
            {"kind": "apbd_kab", "share_percent": "60"},
            {"kind": "dbh_sawit", "share_percent": "40"},
        ],
    )
    assert ProgrammeFunder.objects.get(pk=funder_id).share_percent == Decimal("60.00")
    assert lahat.funders.count() == 2
    with pytest.raises(ApplicationError) as exc:
        programme_funders_set(
            actor=world.lahat_manager, programme=lahat, funders=[{"kind": "csr", "amount_per_person": 16_800}]
        )
    assert exc.value.message == (
        "Penyandang dana APBD Kabupaten/Kota tidak dapat dihapus karena sudah ada peserta yang didanai olehnya."
    )
    assert lahat.funders.count() == 2
    log = AuditLog.objects.filter(object_type="programs.programme", object_id=str(lahat.pk)).latest("id")
    assert log.changes["funders"][1] == ["APBD Kabupaten/Kota 60,00%", "DBH Sawit 40,00%"]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("funders", "message"),
    [
        ([], "Program harus punya sekurang-kurangnya satu penyandang dana."),
        ([{"kind": "apbn", "share_percent": 100}], "Sumber dana 'apbn' tidak dikenal."),
        (
            [{"kind": "apbd_kab"}],
            "Isi porsi (%) atau nominal per orang untuk setiap penyandang dana, tidak keduanya "
            "(hanya CSR, SERTAKAN dan pemberi kerja boleh tanpa porsi: mereka menanggung penuh "
            "peserta yang disponsori namanya).",
        ),
        (
            [{"kind": "apbd_kab", "share_percent": "33,335"}, {"kind": "csr", "share_percent": "66,665"}],
            "Porsi penyandang dana paling banyak dua angka di belakang koma.",
        ),
        (
            [{"kind": "apbd_kab", "share_percent": 50}, {"kind": "apbd_kab", "share_percent": 50}],
            "Penyandang dana yang sama tercantum dua kali.",
        ),
        (
            [{"kind": "apbd_kab", "share_percent": "70,5"}, {"kind": "csr", "share_percent": 30}],
            "Porsi penyandang dana harus berjumlah 100% (sekarang 100,5%).",
        ),
    ],
)
def test_funder_rules(world, lahat, funders, message):
    with pytest.raises(ApplicationError) as exc:
        programme_funders_set(actor=world.lahat_manager, programme=lahat, funders=funders)
    assert exc.value.message == message
    assert not lahat.funders.exists()


@pytest.mark.django_db
def test_legal_basis_with_attachment(world, lahat, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    pdf = SimpleUploadedFile("perbup-12-2024.pdf", b"%PDF-1.4 uji", content_type="application/pdf")
    lb = legal_basis_add(
        actor=world.lahat_manager,
        programme=lahat,
        kind="perbup",
        number="12 Tahun 2024",
        date=dt.date(2024, 6, 3),
        title="Perlindungan pekerja rentan",
        attachment=pdf,
    )
    assert lb.attachment.name.startswith("dasar-hukum/") and lb.attachment.read() == b"%PDF-1.4 uji"
    log = AuditLog.objects.get(object_type="programs.legalbasis", object_id=str(lb.pk))
    assert log.changes["attachment"][1] == lb.attachment.name
    exe = SimpleUploadedFile("virus.exe", b"MZ", content_type="application/octet-stream")
    with pytest.raises(ApplicationError) as exc:
        legal_basis_add(
            actor=world.lahat_manager,
            programme=lahat,
            kind="perbup",
            number="13",
            date=dt.date(2024, 6, 3),
            attachment=exe,
        )
    assert exc.value.message == "Lampiran harus berkas PDF, JPG atau PNG."
    with pytest.raises(ApplicationError) as exc:
        legal_basis_add(
            actor=world.lahat_manager, programme=lahat, kind="perbup", number=" ", date=dt.date(2024, 1, 1)
        )
    assert exc.value.message == "Nomor dokumen dasar hukum wajib diisi."
    with pytest.raises(ApplicationError) as exc:
        legal_basis_add(
            actor=world.lahat_manager, programme=lahat, kind="uu", number="1", date=dt.date(2024, 1, 1)
        )
    assert exc.value.message == "Jenis dasar hukum 'uu' tidak dikenal."
    assert LegalBasis.objects.count() == 1


@pytest.mark.django_db
def test_quotas_only_for_regency_programmes(world):
    p = make_programme("desa-uji", world.pemkab_lahat, LAHAT_DESA)
    with pytest.raises(ApplicationError) as exc:
        village_quotas_generate(actor=world.lahat_manager, programme=p, quota_per_village=60)
    assert exc.value.message == "Kuota per desa hanya dapat dibuat untuk program tingkat kabupaten/kota."
    assert not VillageQuota.objects.exists()


def test_amounts_and_quotas_are_bounded(world, lahat):
    """Absurd numbers are refused with a message before anything is written (never an overflow)."""
    from lindung.programs.services import village_quota_set, village_quotas_generate

    with pytest.raises(ApplicationError, match="Kuota desa terlalu besar"):
        village_quota_set(
            actor=world.lahat_manager, programme=lahat, region_code="16.04.21.2008", quota=2**63
        )
    with pytest.raises(ApplicationError, match="Kuota per desa terlalu besar"):
        village_quotas_generate(actor=world.lahat_manager, programme=lahat, quota_per_village=99_999_999_999)
    with pytest.raises(ApplicationError, match="terlalu besar"):
        programme_update(actor=world.lahat_manager, programme=lahat, data={"quota_total": 99_999_999_999})
    lahat.refresh_from_db()
    assert lahat.quota_total is None and not lahat.village_quotas.exists()
