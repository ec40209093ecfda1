import datetime as dt

import pytest

from tests.helpers import make_programme


@pytest.fixture
def lahat_bpu(world):
    """A Lahat BPU programme from January 2026, APBD-funded (so no 2026 discount): Rp16.800 per person."""
    return make_programme("lahat-bpu", world.pemkab_lahat, "16.04", start_date=dt.date(2026, 1, 1))
