"""The demo data reproduces the seed figures (loaded once for the module: ~64k people)."""

import pytest
from django.db.models import Sum

from lindung.accounts.models import Organisation, User
from lindung.coverage.selectors import coverage_for_regions
from lindung.demo.data import DEMO_PASSWORD, USERS, demo_load
from lindung.memberships.models import Membership
from lindung.programs.models import Programme
from lindung.regions.models import Region
from lindung.registry.models import Person


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        from django.db import transaction

        with transaction.atomic():
            result = demo_load()
            yield result
            transaction.set_rollback(True)


@pytest.mark.django_db
def test_seed_figures(demo):
    assert demo["created"] and demo["people"] == 64_447
    lahat = Programme.objects.get(code="lahat-rentan-2024")
    assert lahat.village_quotas.count() == 360
    assert lahat.village_quotas.aggregate(s=Sum("quota"))["s"] == 21_600
    assert Membership.objects.filter(programme__code="mura-non-asn", status="active").count() == 4_332
    assert Membership.objects.filter(programme__code="mura-sawit-2024").count() == 2_009
    # Room for the example lists (examples/), so they show their own faults rather than "quota full".
    for code, room in (("mura-non-asn", 200), ("saro-rentan-2024", 60)):
        p = Programme.objects.get(code=code)
        assert p.quota_total - Membership.objects.filter(programme=p).count() >= room, code
    assert Membership.objects.filter(programme__code__startswith="saro-").count() == 27_214
    assert Programme.objects.get(code="mura-non-asn").fixed_amount_per_person == 10_000
    assert lahat.legal_bases.get().number == "400.10.2.4/6/DPMD/IV/2024"
    cards = {
        c.region.code: c
        for c in coverage_for_regions(regions=list(Region.objects.filter(code__in=["16.04", "15.03"])))
    }
    assert cards["16.04"].ucj_display == "21,43%"
    assert cards["15.03"].ucj_display == "40,84%" and cards["15.03"].band.name == "Rendah"


@pytest.mark.django_db
def test_generated_niks_are_valid_for_their_village(demo):
    import polars as pl

    from lindung.registry.nik import nik_validate_frame

    df = pl.DataFrame(list(Person.objects.values("nik", "birth_date", "sex", "region_code")))
    out = nik_validate_frame(df, birth_date_col="birth_date", sex_col="sex", region_col="region_code")
    assert out.height == 64_447
    assert out["nik_valid"].all()
    assert out["nik_warning_codes"].list.len().sum() == 0
    assert df["nik"].n_unique() == df.height


@pytest.mark.django_db
def test_logins_for_every_kind_and_role_and_idempotent(demo):
    kinds = set(Organisation.objects.values_list("kind", flat=True))
    assert kinds >= {
        "sistem",
        "pemprov",
        "pemkab",
        "opd",
        "desa",
        "kelurahan",
        "bpjs_kanwil",
        "bpjs_kc",
        "kejari",
        "perusahaan",
        "kpu",
        "bawaslu",
        "sponsor",
    }
    roles = set(User.objects.filter(username__in=[u.username for u in USERS]).values_list("role", flat=True))
    assert roles == {"operator", "verifier", "manager", "viewer", "admin"}
    assert User.objects.get(username="desa.operator").check_password(DEMO_PASSWORD)
    # People are shown by name, not by a title-cased login ("Kc Muaraenim").
    assert User.objects.get(username="kc.muaraenim").get_full_name() == "Eko Prasetyo"
    # An organisation's admin manages its own users only; the system's admin is the only superuser.
    lahat_admin = User.objects.get(username="lahat.admin")
    assert (lahat_admin.role, lahat_admin.is_superuser, lahat_admin.organisation.code) == (
        "admin",
        False,
        "pemkab-lahat",
    )
    assert set(User.objects.filter(is_superuser=True).values_list("username", flat=True)) == {"admin"}
    assert demo_load() == {"created": False}
    assert Person.objects.count() == 64_447


@pytest.mark.django_db
def test_compliance_demo_has_every_category_and_two_cases(demo):
    from django.test import Client

    from lindung.compliance.models import Case, Employer

    cats = dict(Employer.objects.filter(regency_code="16.04").values_list("name", "category"))
    assert cats["PT Sawit Lahat Lestari"] == "PWBD"
    assert cats["Toko Sinar Lahat"] == "PDS_TK"
    assert cats["CV Bangun Lahat Konstruksi"] == "PDS_UPAH"
    assert cats["PT Batubara Bukit Lahat"] == "PDS_PROGRAM"
    assert cats["PT Karet Lahat Sejahtera"] == "COMPLIANT"
    assert (
        Employer.objects.get(name="Pemerintah Kabupaten Musi Rawas").category == "COMPLIANT"
    )  # 4.332 of 4.332
    assert Case.objects.get(employer__name="Toko Sinar Lahat").stage == "warning_1"
    handed = Case.objects.get(employer__name="PT Sawit Lahat Lestari")
    assert handed.stage == "prosecutor" and handed.kejari.code == "kejari-lahat"
    c = Client()
    c.force_login(User.objects.get(username="kejari.lahat"))
    assert handed.skk_number in c.get("/kepatuhan/").content.decode()
    c = Client()
    c.force_login(User.objects.get(username="dpmptsp.lahat"))
    page = c.get("/kepatuhan/cek/?nib=9120401000015").content.decode()
    assert 'data-compliant="true"' in page


@pytest.mark.django_db
def test_late_fee_journey_charges_the_company_not_the_pemkab(demo):
    from lindung.billing import services
    from lindung.billing.models import Invoice

    result = services.late_fee_run(actor=User.objects.get(username="mura.manajer"))
    fees = Invoice.objects.filter(kind="denda")
    assert result.invoices >= 1 and set(fees.values_list("programme__code", flat=True)) == {"mura-kebun-pu"}
    # 12 day workers, wage Rp3.000.000, risk class 3: (0,89% + 0,30%) x 3.000.000 x 12 = Rp428.400 a month;
    # 2% of it per month of delay.
    late = Invoice.objects.get(programme__code="mura-kebun-pu", kind="iuran", period="2026-10-01")
    assert late.total == 428_400 and set(fees.values_list("total", flat=True)) == {8_568}
    assert not Invoice.objects.filter(programme__code="mura-non-asn", kind="denda").exists()
    assert Invoice.objects.get(programme__code="mura-non-asn", kind="iuran", period="2026-10-01").paid == 0
