import datetime as dt
from pathlib import Path

import pytest

from lindung.programs.models import Programme, ProgrammeFunder
from lindung.programs.services import village_quotas_generate

REPO = Path(__file__).resolve().parents[2]
CANDIDATES = [REPO.parent / "shared" / "samples", Path("/work/shared/samples")]
SAMPLES = next((p for p in CANDIDATES if p.is_dir()), CANDIDATES[0])


def sample(name: str) -> bytes:
    path = SAMPLES / name
    if not path.is_file():
        pytest.fail(f"Berkas contoh {path} tidak ada (shared/samples harus berada di samping repositori).")
    return path.read_bytes()


@pytest.fixture
def lahat_programme(world):
    p = Programme.objects.create(
        code="lahat-rentan-2024",
        name="Pekerja rentan desa Lahat",
        owner=world.pemkab_lahat,
        region_code="16.04",
        target_group="pekerja_rentan",
        start_date=dt.date(2024, 7, 1),
        min_age=15,
        max_age=65,
    )
    ProgrammeFunder.objects.create(programme=p, kind="apbd_kab", share_percent=100)
    village_quotas_generate(actor=world.lahat_manager, programme=p, quota_per_village=60)
    return p
