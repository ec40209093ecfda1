"""Double public funding: the one definition, as SQL, used by the enrolment check (to tell the uploader) and
by the commit's re-check under locks (so two batches cannot both win).

A person is *double funded* by a new programme when they hold (pending or active) a membership of another
programme that

- pays at least one of the same elements (JKK, JKM, JHT, JP) as the new programme: no common element, no
  double funding (a programme paying none of them conflicts with nothing);
- is paid from public money: its programme has a public funder (APBD, APBDes, DBH...) and the membership is
  not recorded on a named sponsor (a CSR/SERTAKAN/employer funder without a share pays in full). A
  membership without a recorded funder counts by its programme, so it is joined with a LEFT JOIN, never
  dropped;
- overlaps the new programme's period.

The check applies only when the new programme is itself publicly funded.
"""

from __future__ import annotations

from lindung.memberships.models import HOLDING, status_sql
from lindung.programs.models import Programme, ProgrammeFunder

# The tables a condition below refers to, joined to ``memberships_membership m``.
MEMBERSHIP_JOINS = (
    "JOIN programs_programme g ON g.id = m.programme_id "
    "LEFT JOIN programs_programmefunder f ON f.id = m.funder_id"
)
ELEMENTS = ("has_jkk", "has_jkm", "has_jht", "has_jp")


def is_publicly_funded(programme: Programme) -> bool:
    return programme.funders.filter(kind__in=ProgrammeFunder.PUBLIC_KINDS).exists()


def double_funding_condition(programme: Programme) -> tuple[str, list]:
    """SQL condition (and its parameters) on ``m`` (a membership, joined by ``MEMBERSHIP_JOINS``) true when
    that membership double-funds a person enrolled in ``programme``; ``FALSE`` when nothing can."""
    elements = [f"g.{e}" for e in ELEMENTS if getattr(programme, e)]
    if not elements or not is_publicly_funded(programme):
        return "FALSE", []
    kinds = sorted(ProgrammeFunder.PUBLIC_KINDS)
    sql = (
        f"(m.status IN {status_sql(HOLDING)} AND m.programme_id <> %s"
        f" AND ({' OR '.join(elements)})"
        " AND (m.end_date IS NULL OR m.end_date >= %s)"
        + (" AND m.start_date <= %s" if programme.end_date else "")
        + " AND (f.id IS NULL OR f.share_percent IS NOT NULL OR f.amount_per_person IS NOT NULL)"
        " AND EXISTS (SELECT 1 FROM programs_programmefunder pf WHERE pf.programme_id = m.programme_id"
        f" AND pf.kind IN ({', '.join(['%s'] * len(kinds))})))"
    )
    params: list = [programme.pk, programme.start_date]
    if programme.end_date:
        params.append(programme.end_date)
    return sql, [*params, *kinds]
