import datetime as dt

import pytest
from django.urls import reverse

from lindung.audit.models import AuditLog
from lindung.core.errors import ApplicationError
from lindung.programs.models import Programme, VillageQuota
from lindung.programs.services import (
    legal_basis_add,
    programme_create,
    programme_funders_set,
    village_quotas_generate,
)
from tests.helpers import api_client, enrol, make_person, make_programme


def base_args(world, **kw):
    args = dict(
        actor=world.lahat_manager,
        code="lahat-rentan-2024",
        name="Pekerja rentan desa Lahat",
        owner=world.pemkab_lahat,
        region_code="16.04",
        target_group="pekerja_rentan",
        start_date=dt.date(2024, 7, 1),
    )
    args.update(kw)
    return args


@pytest.mark.django_db
def test_lahat_quota_is_60_per_desa(world):
    p = programme_create(**base_args(world))
    total = village_quotas_generate(actor=world.lahat_manager, programme=p, quota_per_village=60)
    assert total == 21_600
    p.refresh_from_db()
    assert p.quota_total == 21_600 and p.quota_per_village == 60
    assert VillageQuota.objects.filter(programme=p).count() == 360
    assert not VillageQuota.objects.filter(
        programme=p, region_code__regex=r"\.1\d{3}$"
    ).exists()  # no kelurahan
    assert AuditLog.objects.filter(object_type="programs.villagequota", action="bulk_create").exists()


@pytest.mark.django_db
def test_funder_shares_must_add_up_to_100(world):
    p = programme_create(**base_args(world))
    with pytest.raises(ApplicationError) as exc:
        programme_funders_set(
            actor=world.lahat_manager,
            programme=p,
            funders=[{"kind": "apbd_kab", "share_percent": 60}, {"kind": "apbd_prov", "share_percent": 30}],
        )
    assert exc.value.message == "Porsi penyandang dana harus berjumlah 100% (sekarang 90%)."
    assert not p.funders.exists()
    programme_funders_set(
        actor=world.lahat_manager,
        programme=p,
        funders=[
            {"kind": "apbd_kab", "share_percent": "70.5"},
            {"kind": "apbd_prov", "share_percent": "29.5"},
        ],
    )
    assert sorted(str(f.share_percent) for f in p.funders.all()) == ["29.50", "70.50"]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("kw", "message"),
    [
        (
            {"target_group": "badan_adhoc", "officer_kinds": ["KPPS"]},
            "Program badan ad hoc pemilu/pilkada wajib punya tanggal selesai (masa tugas).",
        ),
        (
            {"target_group": "badan_adhoc", "end_date": dt.date(2024, 12, 31), "officer_kinds": ["Satpam"]},
            "Pilih jenis petugas ad hoc: PPK, PPS, KPPS, Pantarlih, Panwascam, PPL.",
        ),
        ({"end_date": dt.date(2024, 1, 1)}, "Tanggal selesai tidak boleh sebelum tanggal mulai."),
        ({"has_jkk": False, "has_jkm": False}, "Program harus mencakup sekurang-kurangnya JKK atau JKM."),
        ({"wage_basis": "fixed"}, "Isi nominal iuran tetap per orang per bulan (Rp)."),
        ({"region_code": "15.03"}, "Kabupaten Sarolangun (15.03) di luar wilayah kerja Anda."),
    ],
)
def test_programme_rules(world, kw, message):
    with pytest.raises(ApplicationError) as exc:
        programme_create(**base_args(world, **kw))
    assert exc.value.message == message
    assert not Programme.objects.exists()


@pytest.mark.django_db
def test_adhoc_programme_with_duty_period(world):
    p = programme_create(
        **base_args(
            world,
            code="adhoc",
            target_group="badan_adhoc",
            end_date=dt.date(2024, 12, 31),
            officer_kinds=["KPPS", "PPS"],
            segment="PU",
        )
    )
    assert p.officer_kinds == ["KPPS", "PPS"]
    lb = legal_basis_add(
        actor=world.lahat_manager, programme=p, kind="nphd", number="NPHD/1/2024", date=dt.date(2024, 5, 2)
    )
    assert lb.pk and AuditLog.objects.filter(object_type="programs.legalbasis", object_id=str(lb.pk)).exists()


@pytest.mark.django_db
def test_programme_pages_scoped(world, client_for):
    p = make_programme("lahat-uji", world.pemkab_lahat, "16.04", quota_total=21_600)
    enrol(make_person("1604216512900001", "Siti", "16.04.21.2008"), p)
    enrol(make_person("1604010101900002", "Budi", "16.04.01.2001"), p)
    html = client_for(world.desa_operator).get(reverse("programs:programme_list")).content.decode()
    assert "Program lahat-uji" in html
    detail = (
        client_for(world.desa_operator)
        .get(reverse("programs:programme_detail", args=["lahat-uji"]))
        .content.decode()
    )
    assert 'id="active-count">1<' in detail  # the village sees its own participant only
    detail = (
        client_for(world.lahat_manager)
        .get(reverse("programs:programme_detail", args=["lahat-uji"]))
        .content.decode()
    )
    assert 'id="active-count">2<' in detail and "21.600" in detail
    assert (
        client_for(world.sarolangun_manager)
        .get(reverse("programs:programme_detail", args=["lahat-uji"]))
        .status_code
        == 404
    )
    assert (
        "Program lahat-uji"
        not in client_for(world.kc_verifier).get(reverse("programs:programme_list")).content.decode()
    )


@pytest.mark.django_db
def test_programme_create_form_and_quota_button(world, client_for):
    c = client_for(world.lahat_manager)
    resp = c.post(
        reverse("programs:programme_create"),
        {
            "code": "lahat-2025",
            "name": "Rentan Lahat 2025",
            "region_code": "16.04",
            "target_group": "pekerja_rentan",
            "has_jkk": "on",
            "has_jkm": "on",
            "segment": "BPU",
            "wage_basis": "declared_income",
            "start_date": "2025-01-01",
            "funder_kind": "apbd_kab",
        },
    )
    assert resp.status_code == 302
    p = Programme.objects.get(code="lahat-2025")
    assert p.owner == world.pemkab_lahat and p.funders.get().share_percent == 100
    c.post(reverse("programs:quotas_generate", args=["lahat-2025"]), {"quota_per_village": "60"})
    p.refresh_from_db()
    assert p.quota_total == 21_600
    bad = c.post(reverse("programs:programme_create"), {"code": "x", "name": "X", "region_code": "16.04"})
    assert "Wajib diisi." in bad.content.decode()
    assert client_for(world.desa_operator).get(reverse("programs:programme_create")).status_code == 403
    assert (
        client_for(world.sarolangun_manager)
        .post(reverse("programs:quotas_generate", args=["lahat-2025"]), {"quota_per_village": "1"})
        .status_code
        == 404
    )


@pytest.mark.django_db
def test_programs_api(world):
    p = make_programme("lahat-uji", world.pemkab_lahat, "16.04", quota_total=21_600)
    enrol(make_person("1604216512900001", "Siti", "16.04.21.2008"), p)
    data = api_client(world.lahat_manager).get("/api/v1/programs").json()
    assert [d["code"] for d in data] == ["lahat-uji"]
    assert data[0]["quota_total"] == 21_600 and data[0]["active_participants"] == 1
    assert data[0]["funders"] == [
        {"kind": "apbd_kab", "name": "", "share_percent": "100.00", "amount_per_person": None}
    ]
    assert api_client(world.sarolangun_manager).get("/api/v1/programs").json() == []
    assert api_client(world.sarolangun_manager).get("/api/v1/programs/lahat-uji").status_code == 404
