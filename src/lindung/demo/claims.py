"""Demo claims (issue 10): a work-accident death in Lahat paid and handed over to the widow, with the two children's
scholarship schedule (TK and SMP); an ad hoc Pilkada officer's accident in Sarolangun with STMB in progress; a
death refused because the membership had lapsed. Dates and references are illustrative ("ilustrasi demo")."""

from __future__ import annotations

import datetime as dt

from django.core.files.base import ContentFile

from lindung.accounts.models import User
from lindung.claims import documents, services
from lindung.claims.models import Claim, Scholarship
from lindung.memberships.models import Membership

D = dt.date
PDF = b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"


def _doc(kind: str) -> ContentFile:
    return ContentFile(PDF, name=f"{kind}-contoh.pdf")


def _nik(person, birth: dt.date, female: bool, serial: int) -> str:
    day = birth.day + (40 if female else 0)
    return f"{person.region_code[:8].replace('.', '')}{day:02d}{birth.month:02d}{birth.year % 100:02d}{serial:04d}"


def _submit(claim: Claim, reporter: User) -> Claim:
    for kind in documents.required_documents(claim):
        services.claim_document_add(
            actor=reporter, claim=claim, kind=kind, file=_doc(kind), note="Contoh demo"
        )
    return services.claim_submit(actor=reporter, claim=claim)


def demo_claims() -> None:
    users = {u.username: u for u in User.objects.filter(username__contains=".")}
    dpmd, kc_me, kc_saro = users["dpmd.lahat"], users["kc.muaraenim"], users["kc.sarolangun"]
    kpu, kelurahan = users["kpu.sarolangun"], users["kelurahan.operator"]

    # 1. Lahat: a rubber tapper dies in a work accident; the widow and two children (TK, SMP).
    m = (
        Membership.objects.filter(programme__code="lahat-rentan-2024", status="active", person__sex="L")
        .select_related("person")
        .order_by("id")
        .first()
    )
    person = m.person
    widow_birth = D(1990, 8, 17)
    widow = services.family_member_add(
        actor=dpmd,
        person=person,
        relation="spouse",
        full_name="Sri Wahyuni",
        nik=_nik(person, widow_birth, True, 9001),
        birth_date=widow_birth,
    )
    for name, birth, level in (
        ("Aditya Pratama", D(2021, 3, 15), "TK"),
        ("Nabila Putri", D(2013, 6, 20), "SMP"),
    ):
        services.family_member_add(
            actor=dpmd,
            person=person,
            relation="child",
            full_name=name,
            birth_date=birth,
            school_level=level,
            school_year=1,
        )
    claim = services.claim_report(
        actor=dpmd,
        person=person,
        event_kind="work_accident",
        benefit="JKK_DEATH",
        event_date=D(2026, 9, 14),
        place="Kebun karet, Dusun 3",
        cause="Tertimpa pohon tumbang saat menyadap karet",
        at_work=True,
    )
    _submit(claim, dpmd)
    services.claim_decide(actor=kc_me, claim=claim, approve=True, amount=claim.estimated_cash, note="Lengkap")
    services.claim_pay(
        actor=kc_me,
        claim=claim,
        amount=claim.estimated_cash,
        paid_on=D(2026, 10, 20),
        reference="JKK-LHT-2026-0001 (ilustrasi)",
        paid_to=widow,
    )
    services.claim_hand_over(
        actor=dpmd,
        claim=claim,
        handed_over_on=D(2026, 10, 28),
        place="Pendopo Rumah Dinas Bupati Lahat",
        by="Bupati Lahat (penyerahan simbolis)",
    )
    for s in Scholarship.objects.filter(claim=claim, due_on=D(2026, 10, 20)):
        services.scholarship_pay(
            actor=dpmd,
            scholarship=s,
            proof="Surat keterangan sekolah 2026/2027",
            paid_on=D(2026, 10, 28),
            reference="BEA-LHT-2026 (ilustrasi)",
        )

    # 2. Sarolangun: an ad hoc Pilkada officer injured on voting day; temporary incapacity (STMB) in progress.
    m = (
        Membership.objects.filter(programme__code="saro-adhoc-pilkada-2024", officer_kind="KPPS")
        .select_related("person")
        .order_by("id")
        .first()
    )
    claim = services.claim_report(
        actor=kpu,
        person=m.person,
        event_kind="work_accident",
        benefit="JKK_STMB",
        event_date=D(2024, 11, 27),
        place="TPS 03",
        cause="Terjatuh saat membongkar logistik pemungutan suara",
        at_work=True,
        months_off=3,
    )
    _submit(claim, kpu)

    # 3. Sarolangun: a death refused because the membership had lapsed months before (illustrative arrears).
    m = (
        Membership.objects.filter(
            programme__code="saro-rentan-2024", status="active", region_code__in=kelurahan.area_codes
        )
        .select_related("person")
        .order_by("id")
        .first()
    )
    Membership.objects.filter(pk=m.pk).update(
        status="lapsed", end_date=D(2026, 6, 30), lapsed_on=D(2026, 10, 1)
    )
    claim = services.claim_report(
        actor=kelurahan,
        person=m.person,
        event_kind="death",
        benefit="JKM",
        event_date=D(2026, 10, 5),
        place="Rumah, Kelurahan",
        cause="Sakit",
    )
    _submit(claim, kelurahan)
    services.claim_decide(
        actor=kc_saro,
        claim=claim,
        approve=False,
        note="Kepesertaan terhenti sejak 01-07-2026 karena tunggakan iuran; tidak dilindungi pada tanggal meninggal.",
    )
