import datetime as dt
import re

import pytest

from lindung.billing import services
from lindung.programs.models import Programme, ProgrammeFunder
from tests.factories import LAHAT_DESA
from tests.helpers import enrol, make_person, make_programme

OTHER_VILLAGE = "16.04.21.2001"
FEB_20 = dt.date(2026, 2, 20)


def run(world, programme, period):
    """Bills one month as Lahat's manager."""
    return services.billing_run(actor=world.lahat_manager, programme=programme, period=period)


def pay(world, funder, amount, ref, day=FEB_20, **kw):
    """Records a payment as Lahat's finance office (BPKAD)."""
    return services.payment_record(
        actor=world.lahat_finance, funder=funder, amount=amount, reference=ref, paid_on=day, **kw
    )


def two_months(world, programme):
    """Two members billed for January and February 2026 (2 x Rp33.600); returns the funder."""
    people(programme, 2)
    run(world, programme, dt.date(2026, 1, 1))
    run(world, programme, dt.date(2026, 2, 1))
    return programme.funders.get()


def people(programme: Programme, n: int, *, village: str = LAHAT_DESA, start: int = 0, **kw):
    out = []
    for i in range(start, start + n):
        person = make_person(f"160421010190{i:04d}", f"Peserta {i}", village, birth_date=dt.date(1990, 1, 1))
        m = enrol(person, programme)
        for k, v in kw.items():
            setattr(m, k, v)
        if kw:
            m.save()
        out.append(m)
    return out


def pu_staff(world, code="non-asn-pu", *, members: int = 3, start: int = 0, company: bool = True, **kw):
    """Lahat PU staff from January 2026 at wage Rp3.000.000, lowest risk (JKK 7.200 + JKM 9.000 = Rp16.200 a
    person): employed by a company (a Pemkab paying for its own staff is a state body and owes no late fee)
    unless ``company=False``. Returns the programme with ``members`` people enrolled."""
    options = dict(
        segment="PU", wage_basis="wage", wage=3_000_000, risk_class=1, start_date=dt.date(2026, 1, 1)
    )
    options.update(kw)
    p = make_programme(code, world.pemkab_lahat, "16.04", **options)
    if company:
        p.funders.update(kind="employer", name="PT Contoh Kerja")
    people(p, members, start=start)
    return p


@pytest.fixture
def lahat_bpu(world):
    """A Lahat BPU programme from January 2026, APBD-funded (so no 2026 discount): Rp16.800 per person."""
    return make_programme("lahat-bpu", world.pemkab_lahat, "16.04", start_date=dt.date(2026, 1, 1))


@pytest.fixture
def csr_bpu(world):
    p = Programme.objects.create(
        code="csr-bpu",
        name="CSR BPU",
        owner=world.pemkab_lahat,
        region_code="16.04",
        target_group="informal_bersponsor",
        start_date=dt.date(2026, 1, 1),
    )
    ProgrammeFunder.objects.create(programme=p, kind="csr", name="PT Contoh", share_percent=70)
    ProgrammeFunder.objects.create(programme=p, kind="sertakan", name="Bu Sari", share_percent=30)
    return p


def post_confirmed(client, url, data=None, **kw):
    """POSTs a money run from its page the way a person does: when a preview comes back (a past month, late
    fees), confirms it with its token; returns the page shown at the end (redirects followed)."""
    first = client.post(url, data or {}, **kw)
    if first.status_code != 200:
        return client.post(url, data or {}, follow=True, **kw) if first.status_code == 302 else first
    token = re.search(r'name="konfirmasi" value="([0-9a-f]+)"', first.content.decode())
    if token is None:
        return first
    return client.post(url, {**(data or {}), "konfirmasi": token.group(1)}, follow=True, **kw)
