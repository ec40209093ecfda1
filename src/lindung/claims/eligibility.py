"""Was the person protected on the day it happened? Decided from Lindung's own data, for many events at once.

For each event (person, date, benefit) ``eligibility_bulk`` finds the membership protecting the person that day
(started, not ended or lapsed before it, not pending, with the element the benefit needs), then the
contribution of that month from the funder group's invoices: paid; unpaid for BPU but within the months the
rules let BPU arrears be paid (eligible once settled); unpaid beyond them (not protected); unpaid for PU (still
eligible: the employer pays the benefits first, PP 44/2015). It also counts the months of contributions up to
the event (months of membership less months invoiced and left unpaid).

Set-based: one query for the memberships of all the events' people (in chunks of ids), one for their
programmes and funders, one for the invoices of those programmes (a few rows per month per funder); the rest is
dictionary work per event, no query per event.
"""

from __future__ import annotations

import bisect
import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from lindung.billing.calendar import add_months, month_start
from lindung.billing.models import Invoice
from lindung.claims.benefits import Reason, Rules, d, rules_on
from lindung.claims.models import RuleKey
from lindung.memberships.models import Membership
from lindung.programs.models import Programme, ProgrammeFunder

CHUNK = 5000


@dataclass(frozen=True)
class Event:
    key: object
    person_id: int
    event_date: dt.date
    benefit: str  # JKM, JKK_DEATH, JKK_TOTAL_DISABILITY, JKK_STMB


@dataclass
class Eligibility:
    key: object
    eligible: bool = False
    membership_id: int | None = None
    programme_id: int | None = None
    funder_id: int | None = None
    segment: str = ""
    membership_start: dt.date | None = None
    contribution_months: int = 0
    employer_pays_first: bool = False
    reasons: list[Reason] = field(default_factory=list)


@dataclass
class _Group:
    """One funder group's months: period -> paid?"""

    months: dict[dt.date, bool] = field(default_factory=dict)
    unpaid_sorted: list[dt.date] = field(default_factory=list)


def _chunks(values: list, size: int = CHUNK):
    for i in range(0, len(values), size):
        yield values[i : i + size]


def eligibility_bulk(events: list[Event], *, rules: Rules | None = None) -> dict[object, Eligibility]:
    if not events:
        return {}
    rules = rules or rules_on(max(e.event_date for e in events))
    grace = rules[RuleKey.BPU_GRACE_MONTHS]
    person_ids = sorted({e.person_id for e in events})
    members: dict[int, list[tuple]] = defaultdict(list)
    fields = ("id", "person_id", "programme_id", "funder_id", "status", "start_date", "end_date")
    for ids in _chunks(person_ids):
        for row in Membership.objects.filter(person_id__in=ids).values_list(*fields):
            members[row[1]].append(row)
    programme_ids = {row[2] for rows in members.values() for row in rows}
    programmes = {
        p["id"]: p
        for p in Programme.objects.filter(pk__in=programme_ids).values(
            "id", "segment", "has_jkk", "has_jkm", "start_date"
        )
    }
    named: set[int] = set()
    for f in ProgrammeFunder.objects.filter(programme_id__in=programme_ids).values(
        "id", "share_percent", "amount_per_person"
    ):
        if f["share_percent"] is None and f["amount_per_person"] is None:
            named.add(f["id"])
    groups: dict[tuple, _Group] = defaultdict(_Group)
    for programme_id, funder_id, period, status in Invoice.objects.filter(
        programme_id__in=programme_ids, kind=Invoice.Kind.CONTRIBUTION
    ).values_list("programme_id", "funder_id", "period", "status"):
        g = groups[(programme_id, funder_id if funder_id in named else None)]
        g.months[period] = g.months.get(period, True) and status == Invoice.Status.PAID
    for g in groups.values():
        g.unpaid_sorted = sorted(p for p, paid in g.months.items() if not paid)

    def group_of(row) -> _Group:
        return groups.get((row[2], row[3] if row[3] in named else None)) or _Group()

    out: dict[object, Eligibility] = {}
    for e in events:
        res = Eligibility(e.key)
        out[e.key] = res
        rows = members.get(e.person_id, [])
        need = "has_jkm" if e.benefit == "JKM" else "has_jkk"
        element = "JKM" if e.benefit == "JKM" else "JKK"
        covering = [
            r
            for r in rows
            if r[4] != Membership.Status.PENDING
            and r[5] <= e.event_date
            and (r[6] is None or r[6] >= e.event_date)
        ]
        with_element = [r for r in covering if programmes[r[2]][need]]
        res.contribution_months = _contribution_months(rows, e.event_date, group_of)
        if not with_element:
            res.reasons.append(_not_covered(rows, covering, e, element, programmes))
            if covering:
                r = covering[0]
                res.membership_id, res.programme_id, res.funder_id = r[0], r[2], r[3]
            elif rows:
                r = max(rows, key=lambda r: r[5])
                res.membership_id, res.programme_id, res.funder_id = r[0], r[2], r[3]
            continue
        r = max(with_element, key=lambda r: r[5])
        res.membership_id, res.programme_id, res.funder_id = r[0], r[2], r[3]
        res.segment = programmes[r[2]]["segment"]
        res.membership_start = r[5]
        res.eligible = True
        month = month_start(e.event_date)
        g = group_of(r)
        if g.months.get(month, True):
            continue  # paid, or not invoiced (yet): nothing says it is unpaid
        streak = _unpaid_streak(g, month)
        if res.segment == Programme.Segment.PU:
            res.employer_pays_first = True
            res.reasons.append(
                Reason(
                    "employer_arrears",
                    _(
                        "Iuran PU bulan %(month)s belum dibayar pemberi kerja: peserta tetap dilindungi, dan pemberi "
                        "kerja wajib membayar manfaat lebih dulu (PP 44/2015)."
                    )
                    % {"month": f"{month:%m-%Y}"},
                )
            )
        elif streak <= grace:
            res.reasons.append(
                Reason(
                    "arrears_within_grace",
                    _(
                        "Iuran BPU bulan %(month)s belum dibayar (%(streak)s bulan berturut-turut); tunggakan BPU masih "
                        "dapat dibayar sampai %(grace)s bulan (aturan %(since)s): klaim dapat dibayar setelah "
                        "tunggakan dilunasi."
                    )
                    % {
                        "month": f"{month:%m-%Y}",
                        "streak": streak,
                        "grace": grace,
                        "since": rules.rule(RuleKey.BPU_GRACE_MONTHS).since(),
                    },
                )
            )
        else:
            res.eligible = False
            res.reasons.append(
                Reason(
                    "arrears_beyond_grace",
                    _(
                        "Pada %(date)s iuran BPU sudah %(streak)s bulan berturut-turut tidak dibayar, lebih dari "
                        "%(grace)s bulan yang dibolehkan (aturan %(since)s): peserta tidak dilindungi."
                    )
                    % {
                        "date": d(e.event_date),
                        "streak": streak,
                        "grace": grace,
                        "since": rules.rule(RuleKey.BPU_GRACE_MONTHS).since(),
                    },
                )
            )
    return out


def _unpaid_streak(g: _Group, month: dt.date) -> int:
    streak, p = 0, month
    while g.months.get(p) is False:
        streak += 1
        p = add_months(p, -1)
    return streak


def _contribution_months(rows, event_date: dt.date, group_of) -> int:
    """Months of membership up to the event month, less the months invoiced and left unpaid."""
    last = month_start(event_date)
    total = 0
    for r in rows:
        if r[4] == Membership.Status.PENDING or r[5] > event_date:
            continue
        first = month_start(r[5])
        end = month_start(r[6]) if r[6] is not None and r[6] < event_date else last
        months = (end.year - first.year) * 12 + end.month - first.month + 1
        unpaid = group_of(r).unpaid_sorted
        months -= bisect.bisect_right(unpaid, end) - bisect.bisect_left(unpaid, first)
        total += max(0, months)
    return total


def _not_covered(rows, covering, e: Event, element: str, programmes) -> Reason:
    day = d(e.event_date)
    if covering:
        return Reason(
            "element_missing",
            _("Pada %(date)s kepesertaan tidak mencakup program %(element)s.")
            % {"date": day, "element": element},
        )
    lapsed = [
        r for r in rows if r[4] == Membership.Status.LAPSED and r[6] is not None and r[6] < e.event_date
    ]
    if lapsed:
        r = max(lapsed, key=lambda r: r[6])
        return Reason(
            "lapsed",
            _(
                "Kepesertaan terhenti karena tunggakan iuran sejak %(end)s; pada %(date)s peserta tidak dilindungi "
                "(tunggakan BPU lebih dari batas yang dibolehkan)."
            )
            % {"end": d(r[6] + dt.timedelta(days=1)), "date": day},
        )
    ended = [r for r in rows if r[6] is not None and r[6] < e.event_date]
    if ended:
        r = max(ended, key=lambda r: r[6])
        return Reason(
            "ended",
            _("Kepesertaan sudah berakhir pada %(end)s, sebelum peristiwa %(date)s.")
            % {"end": d(r[6]), "date": day},
        )
    if any(r[4] == Membership.Status.PENDING for r in rows):
        return Reason(
            "pending",
            _("Pada %(date)s kepesertaan masih menunggu penerimaan BPJS (belum aktif).") % {"date": day},
        )
    later = [r for r in rows if r[5] > e.event_date]
    if later:
        r = min(later, key=lambda r: r[5])
        return Reason(
            "not_started",
            _("Kepesertaan baru dimulai %(start)s, sesudah peristiwa %(date)s.")
            % {"start": d(r[5]), "date": day},
        )
    return Reason(
        "no_membership",
        _("Orang ini tidak tercatat sebagai peserta program mana pun di Lindung pada %(date)s.")
        % {"date": day},
    )
