"""Shared fixtures: the full region list is loaded once per test database; named users for access tests."""

from __future__ import annotations

import pytest
from django.test import Client
from django.utils import translation
from hypothesis import settings

from tests import factories

# Property tests (parsers): bounded examples, no deadline (the first call of a polars expression compiles it).
settings.register_profile("lindung", max_examples=150, deadline=None)
settings.load_profile("lindung")


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    from lindung.regions.services import regions_load

    with django_db_blocker.unblock():
        regions_load()


@pytest.fixture
def regions_present(transactional_db):
    """Transactional tests empty the database afterwards; reload the regions when an earlier one did."""
    from lindung.regions.models import Region
    from lindung.regions.services import regions_load

    if not Region.objects.filter(code="16.04").exists():
        regions_load()
    # Flushing also removed the rows seeded by data migrations (the default UCJ bands).
    import importlib

    from lindung.coverage.models import CoverageBand

    seed = importlib.import_module("lindung.coverage.migrations.0002_default_bands")
    for name, low, colour in seed.DEFAULT_BANDS:
        CoverageBand.objects.get_or_create(min_percent=low, defaults={"name": name, "colour": colour})
    # ... and the contribution rates.
    from django.apps import apps

    from lindung.billing.models import ContributionRate, LateFeeRule

    if not ContributionRate.objects.exists():
        importlib.import_module("lindung.billing.migrations.0002_seed_rates").seed(apps, None)
    if not LateFeeRule.objects.exists():
        importlib.import_module("lindung.billing.migrations.0003_late_fees").seed(apps, None)
    # JP caps per year, PP 6/2025, PP 50/2025 by sector, late fees per element and employer kind (idempotent).
    importlib.import_module("lindung.billing.migrations.0005_money_rules_as_data").forward(apps, None)
    # ... and the benefit rules.
    from lindung.claims.seed import seed as seed_benefit_rules

    seed_benefit_rules(apps)
    # ... and the compliance category and sanction rules.
    importlib.import_module("lindung.compliance.migrations.0002_seed_rules").seed(apps, None)


@pytest.fixture
def world(db) -> factories.World:
    """Organisations and users: Lahat (Pemkab, a desa), BPJS KC Lubuk Linggau (Musi Rawas), Sarolangun."""
    return factories.make_world()


@pytest.fixture
def client_for():
    def make(user) -> Client:
        c = Client()
        c.force_login(user)
        return c

    return make


def pytest_collection_modifyitems(config, items):
    # Browser tests use transactional databases that are emptied afterwards: run them last.
    items.sort(key=lambda item: 1 if item.get_closest_marker("e2e") else 0)
    from django.conf import settings

    if settings.DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql":
        skip = pytest.mark.skip(reason="PostgreSQL only: run with DATABASE_URL=postgres://... (CI does)")
        for item in items:
            if item.get_closest_marker("postgres"):
                item.add_marker(skip)


@pytest.fixture(autouse=True)
def _language_reset():
    """A request with Accept-Language: en leaves English active in the thread (LocaleMiddleware activates, nothing
    deactivates): every test starts from the default language, whatever ran before it."""
    translation.deactivate()
    yield
    translation.deactivate()
