"""Membership cards: where they are linked from, what a sheet shows, and how they are laid out."""

from __future__ import annotations

import subprocess
import tempfile
from pathlib import Path

import pytest
from django.urls import reverse

from lindung.enrolment.models import Batch
from lindung.memberships import exports
from lindung.programs.models import ProgrammeFunder
from tests.helpers import enrol, make_person, make_programme

pytestmark = pytest.mark.django_db
VILLAGE = "16.04.21.2008"
OTHER = "16.04.01.2001"


def _pdf_pages(body: bytes) -> list[str]:
    with tempfile.NamedTemporaryFile(suffix=".pdf") as f:
        f.write(body)
        f.flush()
        text = subprocess.run(
            ["/usr/bin/pdftotext", "-layout", f.name, "-"], capture_output=True, text=True, check=True
        ).stdout
    return text.split("\f")[:-1]


@pytest.fixture
def village_of_12(world):
    p = make_programme("lahat-kartu", world.pemkab_lahat, "16.04")
    f = p.funders.get()
    f.organisation = world.pemkab_lahat
    f.save()
    members = []
    for i in range(12):
        m = enrol(make_person(f"16042101019{i:05d}", f"Peserta Kartu {i:02d}", VILLAGE), p)
        m.kpj = f"2400000{i:04d}"
        m.save()
        members.append(m)
    enrol(make_person("1604010101900099", "Orang Desa Lain", OTHER), p)
    return p, members


def test_a_village_sheet_names_the_funder_and_starts_with_cards(world, client_for, village_of_12):
    resp = client_for(world.desa_operator).get(
        reverse("memberships:cards_pdf", args=["lahat-kartu", VILLAGE])
    )
    assert resp.status_code == 200 and resp["Content-Type"] == "application/pdf"
    pages = _pdf_pages(resp.content)
    assert len(pages) == 2  # ten cards a sheet, and no blank first page
    assert "Peserta Kartu 00" in pages[0] and "Peserta Kartu 11" in pages[1]
    assert "lembar 1 dari 2" in pages[0] and "12 orang" in pages[0]
    # The funder by name (and kind), not only its kind.
    assert "Pemerintah Kabupaten Lahat" in pages[0].replace("\n", " ")
    assert "160421**********" in pages[0] and "1604210101900000" not in "".join(pages)
    assert "Orang Desa Lain" not in "".join(pages)


def test_a_named_sponsor_is_printed_on_the_cards_it_pays_for(world, client_for, village_of_12):
    p, members = village_of_12
    budi = ProgrammeFunder.objects.create(programme=p, kind="sertakan", name="Budi Santoso")
    members[0].funder = budi
    members[0].save()
    body = (
        client_for(world.lahat_manager)
        .get(reverse("memberships:cards_pdf", args=["lahat-kartu", VILLAGE]))
        .content
    )
    first = _pdf_pages(body)[0]
    assert "Budi Santoso" in first and first.count("Budi Santoso") == 1


def test_the_cards_template_uses_no_flex_or_grid_layout():
    """WeasyPrint lays out flex and grid boxes slowly: 60 cards took 20 s with flex (bench/cards_pdf.py)."""
    template = Path(exports.__file__).parent / "templates/memberships/cards.html"
    css = template.read_text().split("<style>")[1].split("</style>")[0]
    assert "flex" not in css and "grid" not in css and "display" not in css


def test_sheets_hold_ten_cards_in_pairs():
    sheets = exports.card_sheets([("v1", list(range(21))), ("v2", [1])])
    assert [(s["number"], s["of"], len(s["rows"])) for s in sheets] == [
        (1, 3, 5),
        (2, 3, 5),
        (3, 3, 1),
        (1, 1, 1),
    ]
    assert sheets[2]["rows"] == [[20, None]]


def test_village_page_links_the_cards_of_each_programme_for_those_who_see_participants(
    world, client_for, village_of_12
):
    url = reverse("regions:region_detail", args=[VILLAGE])
    page = client_for(world.desa_operator).get(url).content.decode()
    assert reverse("memberships:cards_pdf", args=["lahat-kartu", VILLAGE]) in page
    assert "12" in page
    # BPKAD works with figures, not people: the village page shows no cards.
    page = client_for(world.lahat_finance).get(url).content.decode()
    assert "memberships/" not in page and "/kartu/" not in page
    # A district page has no cards panel.
    assert (
        "/kartu/"
        not in client_for(world.lahat_manager)
        .get(reverse("regions:region_detail", args=["16.04.21"]))
        .content.decode()
    )


def test_programme_page_offers_the_cards_per_village(world, client_for, village_of_12):
    page = (
        client_for(world.lahat_manager)
        .get(reverse("programs:programme_detail", args=["lahat-kartu"]))
        .content.decode()
    )
    assert 'action="/peserta/lahat-kartu/kartu/"' in page
    assert f'<option value="{VILLAGE}">' in page and f'<option value="{OTHER}">' in page
    pick = client_for(world.lahat_manager).get(
        reverse("memberships:cards_pick", args=["lahat-kartu"]), {"desa": OTHER}
    )
    assert pick.status_code == 302 and pick["Location"] == reverse(
        "memberships:cards_pdf", args=["lahat-kartu", OTHER]
    )
    # The village operator has one village: a direct link.
    page = (
        client_for(world.desa_operator)
        .get(reverse("programs:programme_detail", args=["lahat-kartu"]))
        .content.decode()
    )
    assert 'id="cards-link"' in page and "Cetak kartu" in page
    assert (
        client_for(world.desa_operator)
        .get(reverse("memberships:cards_pick", args=["lahat-kartu"]), {"desa": OTHER})
        .status_code
        == 404
    )


def test_batch_page_links_the_cards_of_the_people_it_brought_in(world, client_for, village_of_12):
    p, members = village_of_12
    batch = Batch.objects.create(
        programme=p,
        organisation=world.desa,
        region_code=VILLAGE,
        filename="daftar.xlsx",
        content_hash="kartu",
        created_by=world.desa_operator,
        status=Batch.Status.SUBMITTED,
        rows=3,
        valid=3,
    )
    for m in members[:3]:
        m.batch_id = batch.pk
        m.save()
    url = reverse("memberships:batch_cards_pdf", args=["lahat-kartu", batch.pk])
    detail = reverse("enrolment:batch_detail", args=[batch.pk])
    assert url not in client_for(world.desa_operator).get(detail).content.decode()  # not verified yet
    batch.status = Batch.Status.VERIFIED
    batch.save()
    assert url in client_for(world.desa_operator).get(detail).content.decode()
    pages = _pdf_pages(client_for(world.desa_operator).get(url).content)
    assert len(pages) == 1 and "3 orang" in pages[0]
    assert "Peserta Kartu 02" in pages[0] and "Peserta Kartu 03" not in pages[0]
    assert client_for(world.sarolangun_manager).get(url).status_code == 404
    empty = reverse("memberships:batch_cards_pdf", args=["lahat-kartu", batch.pk + 1])
    assert client_for(world.lahat_manager).get(empty).status_code == 404
