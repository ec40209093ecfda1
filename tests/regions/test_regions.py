import pytest
from django.urls import reverse

from lindung.audit.models import AuditLog
from lindung.regions.models import Region
from lindung.regions.services import regions_load
from tests.helpers import api_client


@pytest.mark.django_db
def test_full_hierarchy_loaded_with_kinds_and_postal_codes():
    assert Region.objects.filter(level=1).count() == 38
    assert Region.objects.filter(level=2).count() == 514
    assert Region.objects.filter(level=3).count() == 7_285
    assert Region.objects.filter(level=4).count() == 83_762
    lahat = Region.objects.filter(level=4, code__startswith="16.04.")
    assert lahat.filter(kind="desa").count() == 360
    assert lahat.filter(kind="kelurahan").count() == 18
    v = Region.objects.get(code="16.04.21.2008")
    assert v.parent_id == "16.04.21" and v.kind == "desa" and len(v.postal_code) == 5
    assert Region.objects.get(code="16.04").kind == "kabupaten"
    assert Region.objects.get(code="16.73").kind == "kota"


@pytest.mark.django_db
def test_reload_is_idempotent_and_audited():
    Region.objects.filter(code="16.04.21.2008").update(name="Nama Lama")
    r = regions_load()
    assert (r.created, r.updated) == (0, 1)
    assert Region.objects.get(code="16.04.21.2008").name == "Mandi Angin"
    assert Region.objects.count() == 91_599
    assert AuditLog.objects.filter(object_type="regions.region", action="bulk_update").exists()


@pytest.mark.django_db
def test_browse_starts_at_users_area(world, client_for):
    html = client_for(world.lahat_manager).get(reverse("regions:region_list")).content.decode()
    assert "Kabupaten Lahat" in html and "Sumatera Utara" not in html
    html = client_for(world.admin).get(reverse("regions:region_list")).content.decode()
    assert "Sumatera Utara" in html


@pytest.mark.django_db
def test_region_detail_permitted_ancestor_and_outsider(world, client_for):
    c = client_for(world.desa_operator)
    assert c.get(reverse("regions:region_detail", args=["16.04.21.2008"])).status_code == 200
    assert (
        c.get(reverse("regions:region_detail", args=["16.04"])).status_code == 200
    )  # ancestor of its village
    assert (
        c.get(reverse("regions:region_detail", args=["16.04.21.2001"])).status_code == 404
    )  # neighbouring village
    resp = client_for(world.lahat_manager).get(reverse("regions:region_detail", args=["16.04"]))
    html = resp.content.decode()
    assert "360" in html and "18" in html  # desa and kelurahan counts
    assert (
        client_for(world.sarolangun_manager)
        .get(reverse("regions:region_detail", args=["16.04.21"]))
        .status_code
        == 404
    )


@pytest.mark.django_db
def test_search_is_scoped(world, client_for):
    c = client_for(world.lahat_manager)
    html = c.get(
        reverse("regions:region_search"), {"q": "mandi angin"}, HTTP_HX_REQUEST="true"
    ).content.decode()
    assert "16.04.21.2008" in html and "<html" not in html
    html = (
        client_for(world.sarolangun_manager)
        .get(reverse("regions:region_search"), {"q": "mandi angin"})
        .content.decode()
    )
    assert "16.04.21.2008" not in html


@pytest.mark.django_db
def test_cascading_picker(world, client_for):
    c = client_for(world.lahat_manager)
    html = c.get(
        reverse("regions:picker"), {"field_name": "region_code", "pick": "16.04.21"}
    ).content.decode()
    assert 'name="region_code"' in html
    assert 'value="16.04.21.2008"' in html  # villages of the chosen district
    assert 'value="16.04.21" selected' in html
    assert 'value="16.05"' not in html  # another regency is outside the area
    assert c.get(reverse("regions:picker"), {"pick": "15.03"}).status_code == 404
    # A village operator's picker is fixed on its village.
    html = (
        client_for(world.desa_operator).get(reverse("regions:picker"), {"field_name": "x"}).content.decode()
    )
    assert 'value="16.04.21.2008" selected' in html


@pytest.mark.django_db
def test_regions_api(world):
    c = api_client(world.lahat_manager)
    data = c.get("/api/v1/regions", {"parent": "16.04.21"}).json()
    assert {
        "code": "16.04.21.2008",
        "name": "Mandi Angin",
        "level": 4,
        "kind": "desa",
        "postal_code": data[0]["postal_code"],
        "parent_code": "16.04.21",
    } in data or any(d["code"] == "16.04.21.2008" for d in data)
    assert c.get("/api/v1/regions/16.04").json()["name"] == "Kabupaten Lahat"
    assert c.get("/api/v1/regions/15.03").status_code == 404
    assert c.get("/api/v1/regions", {"parent": "15.03"}).status_code == 404
    assert [d["code"] for d in c.get("/api/v1/regions", {"q": "Lahat"}).json()][0] == "16.04"
