"""The benefit engine: what a family is owed for a death, a work accident or an occupational disease.

``benefit_quote`` is a pure function of its input and the rules valid on the event date (``rules_on``, the only
database read); it never writes. Every amount is integer Rupiah computed with integer arithmetic. Every "no" or
limit carries a reason code and an Indonesian sentence naming the rule and its date.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass, field

from django.utils import timezone
from django.utils.translation import gettext as _

from lindung.claims.models import BenefitRule, Relation, RuleKey, ScholarshipRate, SchoolLevel
from lindung.core.errors import ApplicationError
from lindung.core.formatting import rupiah
from lindung.registry.nik import nik_check

KINDS = ("JKM", "JKK_DEATH", "JKK_TOTAL_DISABILITY", "JKK_STMB")
DEATH_KINDS = ("JKM", "JKK_DEATH")
JKK_KINDS = ("JKK_DEATH", "JKK_TOTAL_DISABILITY", "JKK_STMB")
SEGMENTS = ("BPU", "PU")
LEVELS = [lvl.value for lvl in SchoolLevel]
TRANSPORT_MODES = {"land": RuleKey.TRANSPORT_LAND, "sea": RuleKey.TRANSPORT_SEA, "air": RuleKey.TRANSPORT_AIR}

# The legal order of heirs (PP 82/2019): the first rank with anyone in it takes the benefit.
HEIR_RANK = {
    Relation.SPOUSE: 1,
    Relation.CHILD: 1,
    Relation.PARENT: 2,
    Relation.GRANDCHILD: 2,
    Relation.GRANDPARENT: 2,
    Relation.SIBLING: 3,
    Relation.PARENT_IN_LAW: 4,
    Relation.WILL: 5,
}


def d(day: dt.date) -> str:
    return f"{day:%d-%m-%Y}"


# --- rules --------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Rule:
    value: int
    effective_from: dt.date
    verified: bool
    source: str

    def since(self) -> str:
        text = _("berlaku mulai %(date)s") % {"date": d(self.effective_from)}
        if not self.verified:
            text += ", " + _("belum terverifikasi")
        return text


@dataclass(frozen=True)
class Rules:
    on: dt.date
    rules: dict[str, Rule]
    scholarship: dict[str, tuple[int, int, dt.date]]  # level -> (amount per year, years, effective from)

    def __getitem__(self, key: str) -> int:
        return self.rules[key].value

    def rule(self, key: str) -> Rule:
        return self.rules[key]


def rules_on(day: dt.date) -> Rules:
    """The rules valid on a date: for each key the latest row that took effect on or before it."""
    rules: dict[str, Rule] = {}
    for key, value, since, verified, source in (
        BenefitRule.objects.filter(effective_from__lte=day)
        .order_by("key", "effective_from")
        .values_list("key", "value", "effective_from", "verified", "source")
    ):
        rules[key] = Rule(value, since, verified, source)
    missing = [k for k in RuleKey.values if k not in rules]
    if missing:
        raise ApplicationError(
            _(
                "Aturan manfaat %(keys)s belum ada untuk tanggal %(date)s; tambahkan aturan dengan tanggal berlaku."
            )
            % {"keys": ", ".join(missing), "date": d(day)},
            code="rule_missing",
        )
    scholarship: dict[str, tuple[int, int, dt.date]] = {}
    for level, amount, years, since in (
        ScholarshipRate.objects.filter(effective_from__lte=day)
        .order_by("level", "effective_from")
        .values_list("level", "amount_per_year", "years", "effective_from")
    ):
        scholarship[level] = (amount, years, since)
    return Rules(day, rules, scholarship)


# --- input --------------------------------------------------------------------------------------------------


@dataclass
class FamilyIn:
    relation: str
    birth_date: dt.date | None = None
    married: bool = False
    working: bool = False
    school_level: str = ""
    school_year: int | None = None
    nik: str = ""
    name: str = ""


@dataclass
class QuoteIn:
    kind: str
    segment: str
    wage: int
    event_date: dt.date
    claim_date: dt.date
    membership_start: dt.date
    contribution_months: int
    months_off: int | None = None
    family: list[FamilyIn] = field(default_factory=list)
    medical_cost: int = 0
    transport_mode: str = ""
    transport_cost: int = 0


def _date(value, name: str, *, required: bool = True) -> dt.date | None:
    if value in (None, ""):
        if required:
            raise ApplicationError(_("%(name)s wajib diisi (YYYY-MM-DD).") % {"name": name}, code="required")
        return None
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError:
        raise ApplicationError(
            _("%(name)s %(value)s bukan tanggal yang mungkin; tulis YYYY-MM-DD, misalnya 2026-03-17.")
            % {"name": name, "value": repr(value)},
            code="date_invalid",
        ) from None


def _int(value, name: str, *, default: int | None = None) -> int | None:
    if value in (None, ""):
        if default is None:
            raise ApplicationError(_("%(name)s wajib diisi.") % {"name": name}, code="required")
        return default
    if isinstance(value, bool) or not isinstance(value, int | str):
        raise ApplicationError(_("%(name)s harus bilangan bulat.") % {"name": name}, code="number_invalid")
    try:
        number = int(value)
    except ValueError:
        raise ApplicationError(
            _("%(name)s harus bilangan bulat.") % {"name": name}, code="number_invalid"
        ) from None
    if number < 0:
        raise ApplicationError(_("%(name)s tidak boleh negatif.") % {"name": name}, code="negative")
    return number


def quote_parse(data: dict, *, today: dt.date | None = None) -> QuoteIn:
    """Checks a quote request (the API's JSON) and returns it typed; bad input raises ApplicationError."""

    today = today or timezone.localdate()
    if not isinstance(data, dict):
        raise ApplicationError(_("Masukan harus objek JSON."), code="invalid_input")
    kind = str(data.get("kind") or "")
    if kind not in KINDS:
        raise ApplicationError(
            _("Jenis manfaat %(kind)s tidak dikenal; gunakan %(kinds)s.")
            % {"kind": repr(kind), "kinds": ", ".join(KINDS)},
            code="kind_invalid",
        )
    segment = str(data.get("segment") or "")
    if segment not in SEGMENTS:
        raise ApplicationError(
            _("Segmen %(segment)s tidak dikenal; gunakan BPU atau PU.") % {"segment": repr(segment)},
            code="segment_invalid",
        )
    wage = _int(data.get("wage"), _("Upah/penghasilan"), default=0 if kind == "JKM" else None)
    event = _date(data.get("event_date"), _("Tanggal peristiwa"))
    claim = _date(data.get("claim_date"), _("Tanggal klaim"), required=False) or today
    start = _date(data.get("membership_start"), _("Tanggal mulai kepesertaan"))
    if event > today:
        raise ApplicationError(
            _("Tanggal peristiwa %(date)s ada di masa depan.") % {"date": d(event)}, code="event_in_future"
        )
    if event < start:
        raise ApplicationError(
            _("Tanggal peristiwa %(event)s sebelum kepesertaan dimulai (%(start)s): tidak ada perlindungan.")
            % {"event": d(event), "start": d(start)},
            code="event_before_membership",
        )
    if claim < event:
        raise ApplicationError(
            _("Tanggal klaim %(claim)s sebelum tanggal peristiwa %(event)s.")
            % {"claim": d(claim), "event": d(event)},
            code="claim_before_event",
        )
    if claim > today:
        raise ApplicationError(
            _("Tanggal klaim %(date)s ada di masa depan.") % {"date": d(claim)}, code="claim_in_future"
        )
    months = _int(data.get("contribution_months"), _("Masa iuran (bulan)"))
    months_off = _int(data.get("months_off"), _("Bulan tidak mampu bekerja"), default=-1)
    months_off = None if months_off == -1 else months_off
    if kind == "JKK_STMB" and months_off is None:
        raise ApplicationError(
            _("Untuk STMB isi months_off: berapa bulan peserta tidak mampu bekerja."),
            code="months_off_required",
        )
    medical = _int(data.get("medical_cost"), _("Biaya pengobatan"), default=0)
    transport_mode = str(data.get("transport_mode") or "")
    if transport_mode and transport_mode not in TRANSPORT_MODES:
        raise ApplicationError(
            _("Moda transportasi %(mode)s tidak dikenal; gunakan land, sea atau air.")
            % {"mode": repr(transport_mode)},
            code="transport_invalid",
        )
    transport_cost = _int(data.get("transport_cost"), _("Biaya transportasi"), default=0)
    family_raw = data.get("family") or []
    if not isinstance(family_raw, list):
        raise ApplicationError(_("family harus berupa daftar anggota keluarga."), code="family_invalid")
    family: list[FamilyIn] = []
    relations = set(Relation.values)
    for i, f in enumerate(family_raw):
        if not isinstance(f, dict):
            raise ApplicationError(_("family[%(i)s] harus objek.") % {"i": i}, code="family_invalid")
        relation = str(f.get("relation") or "")
        if relation not in relations:
            raise ApplicationError(
                _("family[%(i)s]: hubungan %(relation)s tidak dikenal; gunakan %(choices)s.")
                % {"i": i, "relation": repr(relation), "choices": ", ".join(Relation.values)},
                code="relation_invalid",
            )
        birth = _date(f.get("birth_date"), _("family[%(i)s].birth_date") % {"i": i}, required=False)
        if birth and birth > claim:
            raise ApplicationError(
                _("family[%(i)s]: tanggal lahir %(date)s sesudah tanggal klaim.")
                % {"i": i, "date": d(birth)},
                code="birth_date_invalid",
            )
        level = str(f.get("school_level") or "")
        if level and level not in LEVELS:
            raise ApplicationError(
                _("family[%(i)s]: jenjang %(level)s tidak dikenal; gunakan TK, SD, SMP, SMA atau PT.")
                % {"i": i, "level": repr(level)},
                code="school_level_invalid",
            )
        grade = _int(
            f.get("school_year"), _("family[%(i)s].school_year") % {"i": i}, default=1 if level else 0
        )
        nik = str(f.get("nik") or "").strip()
        if nik:
            check = nik_check(nik, birth_date=birth)
            if not check.valid:
                raise ApplicationError(
                    _("family[%(i)s]: NIK tidak valid: %(errors)s")
                    % {"i": i, "errors": " ".join(e["message"] for e in check.errors)},
                    code="nik_invalid",
                )
        family.append(
            FamilyIn(
                relation=relation,
                birth_date=birth,
                married=bool(f.get("married", False)),
                working=bool(f.get("working", False)),
                school_level=level,
                school_year=grade or None,
                nik=nik,
                name=str(f.get("name") or ""),
            )
        )
    return QuoteIn(
        kind=kind,
        segment=segment,
        wage=wage,
        event_date=event,
        claim_date=claim,
        membership_start=start,
        contribution_months=months,
        months_off=months_off,
        family=family,
        medical_cost=medical,
        transport_mode=transport_mode,
        transport_cost=transport_cost,
    )


# --- result -------------------------------------------------------------------------------------------------


@dataclass
class Reason:
    code: str
    message: str


@dataclass
class Item:
    code: str
    label: str
    amount: int
    cash: bool = True


@dataclass
class ScholarshipYear:
    index: int
    level: str
    grade: int
    year: int  # the school year it pays (starting July of that year)
    due_on: dt.date
    amount: int


@dataclass
class Quote:
    eligible: bool
    reasons: list[Reason]
    items: list[Item]
    heirs: list[dict]
    scholarship_eligible: bool
    scholarships: list[ScholarshipYear]
    scholarship_children: int
    scholarship_max_total: int
    wage: int
    rules_date: dt.date
    funeral_to_burial_arranger: bool = False

    @property
    def total_cash(self) -> int:
        return sum(i.amount for i in self.items if i.cash)

    @property
    def scholarship_total(self) -> int:
        return sum(s.amount for s in self.scholarships)

    def as_dict(self) -> dict:
        return {
            "eligible": self.eligible,
            "reasons": [asdict(r) for r in self.reasons],
            "items": [
                {"code": i.code, "label": i.label, "amount": i.amount, "cash": i.cash} for i in self.items
            ],
            "total_cash": self.total_cash,
            "heirs": self.heirs,
            "funeral_to_burial_arranger": self.funeral_to_burial_arranger,
            "scholarship_eligible": self.scholarship_eligible,
            "scholarships": [
                {
                    "index": s.index,
                    "level": s.level,
                    "grade": s.grade,
                    "year": s.year,
                    "due_on": s.due_on.isoformat(),
                    "amount": s.amount,
                }
                for s in self.scholarships
            ],
            "scholarship_children": self.scholarship_children,
            "scholarship_total": self.scholarship_total,
            "scholarship_max_total": self.scholarship_max_total,
            "wage": self.wage,
            "rules_date": self.rules_date.isoformat(),
        }


# --- the engine ---------------------------------------------------------------------------------------------


def add_months(day: dt.date, n: int) -> dt.date:
    index = day.year * 12 + day.month - 1 + n
    year, month = divmod(index, 12)
    month += 1
    last = (dt.date(year + (month == 12), month % 12 + 1, 1) - dt.timedelta(days=1)).day
    return dt.date(year, month, min(day.day, last))


def age_on(birth: dt.date, day: dt.date) -> int:
    return day.year - birth.year - ((day.month, day.day) < (birth.month, birth.day))


def heirs_of(family: list[FamilyIn]) -> list[dict]:
    """The rightful heirs: everyone in the first rank of the legal order that has anyone in it."""
    ranked = [(HEIR_RANK[f.relation], i, f.relation) for i, f in enumerate(family) if f.relation in HEIR_RANK]
    if not ranked:
        return []
    best = min(r for r, _i, _rel in ranked)
    return [{"index": i, "relation": rel, "rank": r} for r, i, rel in ranked if r == best]


def school_year_of(day: dt.date) -> int:
    """The school year a date falls in, by its starting calendar year (July to June)."""
    return day.year if day.month >= 7 else day.year - 1


def scholarship_schedule(
    child: FamilyIn, index: int, *, rules: Rules, start: dt.date
) -> list[ScholarshipYear]:
    """One child's years from the current level and grade up to the end of PT, while the child is under the age
    limit, within the cap per child. The first year is due at ``start`` (the claim), the next each July."""
    cap = rules[RuleKey.SCHOLARSHIP_MAX_PER_CHILD]
    max_age = rules[RuleKey.SCHOLARSHIP_MAX_AGE]
    out: list[ScholarshipYear] = []
    level_idx = LEVELS.index(child.school_level)
    grade = child.school_year or 1
    year = school_year_of(start)
    total = 0
    first = True
    while level_idx < len(LEVELS):
        level = LEVELS[level_idx]
        amount, years, _since = rules.scholarship.get(level, (0, 0, None))
        if grade > years:
            level_idx, grade = level_idx + 1, 1
            continue
        due = start if first else dt.date(year, 7, 1)
        if child.birth_date and age_on(child.birth_date, due) >= max_age:
            break
        amount = min(amount, cap - total)
        if amount <= 0:
            break
        out.append(ScholarshipYear(index, level, grade, year, due, amount))
        total += amount
        first = False
        grade += 1
        year += 1
    return out


def benefit_quote(q: QuoteIn, rules: Rules) -> Quote:
    R = rules  # noqa: N806
    reasons: list[Reason] = []
    items: list[Item] = []
    is_death = q.kind in DEATH_KINDS
    heirs = heirs_of(q.family) if is_death else []
    max_children = R[RuleKey.SCHOLARSHIP_MAX_CHILDREN]
    max_total = max_children * R[RuleKey.SCHOLARSHIP_MAX_PER_CHILD]
    result = Quote(
        eligible=True,
        reasons=reasons,
        items=items,
        heirs=heirs,
        scholarship_eligible=False,
        scholarships=[],
        scholarship_children=0,
        scholarship_max_total=max_total,
        wage=q.wage,
        rules_date=rules.on,
    )

    # JKK claims lapse some years after the accident.
    if q.kind in JKK_KINDS:
        limit = R[RuleKey.JKK_CLAIM_LIMIT_MONTHS]
        deadline = add_months(q.event_date, limit)
        if q.claim_date > deadline:
            reasons.append(
                Reason(
                    "jkk_expired",
                    _(
                        "Klaim JKK kedaluwarsa: diajukan %(claim)s, lebih dari %(years)s tahun sesudah kecelakaan "
                        "%(event)s (batas %(deadline)s; aturan %(since)s)."
                    )
                    % {
                        "claim": d(q.claim_date),
                        "years": limit // 12,
                        "event": d(q.event_date),
                        "deadline": d(deadline),
                        "since": R.rule(RuleKey.JKK_CLAIM_LIMIT_MONTHS).since(),
                    },
                )
            )
            result.eligible = False
            return result

    waiting = False
    if q.kind == "JKM" and q.segment == "BPU":
        wmonths = R[RuleKey.WAITING_MONTHS]
        waiting_end = add_months(q.membership_start, wmonths)
        if q.event_date < waiting_end:
            waiting = True
            reasons.append(
                Reason(
                    "waiting_period",
                    _(
                        "Meninggal %(event)s, dalam masa tunggu %(months)s bulan sejak kepesertaan BPU dimulai "
                        "%(start)s (sampai %(end)s; aturan %(since)s): hanya santunan kematian %(death)s dan biaya "
                        "pemakaman %(funeral)s, tanpa santunan berkala dan beasiswa."
                    )
                    % {
                        "event": d(q.event_date),
                        "months": wmonths,
                        "start": d(q.membership_start),
                        "end": d(waiting_end - dt.timedelta(days=1)),
                        "since": R.rule(RuleKey.WAITING_MONTHS).since(),
                        "death": rupiah(R[RuleKey.WAITING_DEATH]),
                        "funeral": rupiah(R[RuleKey.WAITING_FUNERAL]),
                    },
                )
            )

    funeral_label = _("Biaya pemakaman")
    if is_death and not heirs:
        result.funeral_to_burial_arranger = True
        funeral_label = _("Biaya pemakaman, dibayar kepada pihak yang mengurus pemakaman")
        reasons.append(
            Reason(
                "no_heir",
                _(
                    "Tidak ada ahli waris menurut urutan yang sah (suami/istri dan anak; orang tua, cucu, kakek/nenek; "
                    "saudara kandung; mertua; yang ditunjuk dalam wasiat): hanya biaya pemakaman yang dibayarkan, "
                    "kepada pihak yang mengurus pemakaman."
                ),
            )
        )

    periodic_total = R[RuleKey.JKM_PERIODIC_MONTHLY] * R[RuleKey.JKM_PERIODIC_MONTHS]
    periodic_label = _("Santunan berkala %(months)s x %(monthly)s, dibayar sekaligus") % {
        "months": R[RuleKey.JKM_PERIODIC_MONTHS],
        "monthly": rupiah(R[RuleKey.JKM_PERIODIC_MONTHLY]),
    }
    if q.kind == "JKM":
        if waiting:
            if heirs:
                items.append(
                    Item("waiting_death", _("Santunan kematian (masa tunggu)"), R[RuleKey.WAITING_DEATH])
                )
            items.append(Item("funeral", funeral_label, R[RuleKey.WAITING_FUNERAL]))
        else:
            if heirs:
                items.append(Item("jkm_lump_sum", _("Santunan sekaligus"), R[RuleKey.JKM_LUMP_SUM]))
                items.append(Item("jkm_periodic", periodic_label, periodic_total))
            items.append(Item("funeral", funeral_label, R[RuleKey.FUNERAL]))
    elif q.kind == "JKK_DEATH":
        pct, months = R[RuleKey.JKK_DEATH_PERCENT], R[RuleKey.JKK_DEATH_MONTHS]
        amount = q.wage * pct * months // 100
        floor = R[RuleKey.JKM_LUMP_SUM]
        label = _("Santunan kematian %(pct)s%% x %(months)s x upah %(wage)s") % {
            "pct": pct,
            "months": months,
            "wage": rupiah(q.wage),
        }
        if amount < floor:
            reasons.append(
                Reason(
                    "jkk_death_minimum",
                    _(
                        "Santunan kematian JKK %(amount)s lebih kecil dari santunan kematian JKM, jadi dibayar "
                        "%(floor)s (aturan %(since)s)."
                    )
                    % {
                        "amount": rupiah(amount),
                        "floor": rupiah(floor),
                        "since": R.rule(RuleKey.JKM_LUMP_SUM).since(),
                    },
                )
            )
            amount = floor
            label = _("Santunan kematian (paling sedikit santunan kematian JKM)")
        if heirs:
            items.append(Item("jkk_death", label, amount))
            items.append(Item("jkm_periodic", periodic_label, periodic_total))
        items.append(Item("funeral", funeral_label, R[RuleKey.FUNERAL]))
    elif q.kind == "JKK_TOTAL_DISABILITY":
        pct, months = R[RuleKey.JKK_DISABILITY_PERCENT], R[RuleKey.JKK_DISABILITY_MONTHS]
        items.append(
            Item(
                "total_disability",
                _("Santunan cacat total tetap %(pct)s%% x %(months)s x upah %(wage)s")
                % {"pct": pct, "months": months, "wage": rupiah(q.wage)},
                q.wage * pct * months // 100,
            )
        )
    elif q.kind == "JKK_STMB":
        first_months = R[RuleKey.STMB_FIRST_MONTHS]
        off = q.months_off or 0
        m1, m2 = min(off, first_months), max(0, off - first_months)
        p1, p2 = R[RuleKey.STMB_FIRST_PERCENT], R[RuleKey.STMB_AFTER_PERCENT]
        items.append(
            Item(
                "stmb",
                _("STMB %(m1)s bulan x %(p1)s%% upah") % {"m1": m1, "p1": p1},
                q.wage * m1 * p1 // 100,
            )
        )
        if m2:
            items.append(
                Item(
                    "stmb_after",
                    _("STMB %(m2)s bulan sesudah %(first)s bulan pertama x %(p2)s%% upah")
                    % {"m2": m2, "first": first_months, "p2": p2},
                    q.wage * m2 * p2 // 100,
                )
            )
            reasons.append(
                Reason(
                    "stmb_reduced",
                    _("STMB sesudah %(first)s bulan pertama dibayar %(p2)s%% upah (aturan %(since)s).")
                    % {"first": first_months, "p2": p2, "since": R.rule(RuleKey.STMB_AFTER_PERCENT).since()},
                )
            )
    if q.kind in JKK_KINDS:
        if q.medical_cost:
            items.append(
                Item("medical", _("Perawatan dan pengobatan sesuai kebutuhan medis"), q.medical_cost, False)
            )
        if q.transport_mode:
            key = TRANSPORT_MODES[q.transport_mode]
            ceiling = R[key]
            paid = min(q.transport_cost, ceiling)
            if q.transport_cost > ceiling:
                reasons.append(
                    Reason(
                        "transport_ceiling",
                        _("Biaya transportasi %(cost)s melebihi batas %(ceiling)s (aturan %(since)s).")
                        % {
                            "cost": rupiah(q.transport_cost),
                            "ceiling": rupiah(ceiling),
                            "since": R.rule(key).since(),
                        },
                    )
                )
            items.append(
                Item(
                    "transport",
                    _("Biaya transportasi (paling banyak %(c)s)") % {"c": rupiah(ceiling)},
                    paid,
                    False,
                )
            )

    # Scholarships: death and total permanent disability; JKM needs enough years of contributions.
    if q.kind in ("JKM", "JKK_DEATH", "JKK_TOTAL_DISABILITY") and not waiting:
        min_months = R[RuleKey.JKM_SCHOLARSHIP_MIN_MONTHS]
        if q.kind == "JKM" and q.contribution_months < min_months:
            reasons.append(
                Reason(
                    "scholarship_min_contributions",
                    _(
                        "Beasiswa JKM memerlukan masa iuran paling sedikit %(min)s bulan (%(years)s tahun); masa iuran "
                        "%(months)s bulan sampai %(event)s (aturan %(since)s)."
                    )
                    % {
                        "min": min_months,
                        "years": min_months // 12,
                        "months": q.contribution_months,
                        "event": d(q.event_date),
                        "since": R.rule(RuleKey.JKM_SCHOLARSHIP_MIN_MONTHS).since(),
                    },
                )
            )
        else:
            _scholarships(q, R, result, reasons)
    return result


def _scholarships(q: QuoteIn, R: Rules, result: Quote, reasons: list[Reason]) -> None:  # noqa: N803
    max_age = R[RuleKey.SCHOLARSHIP_MAX_AGE]
    max_children = R[RuleKey.SCHOLARSHIP_MAX_CHILDREN]
    chosen = 0
    for i, f in enumerate(q.family):
        if f.relation != Relation.CHILD:
            continue
        why = ""
        if f.married:
            why = _("sudah menikah")
        elif f.working:
            why = _("sudah bekerja")
        elif f.birth_date and age_on(f.birth_date, q.claim_date) >= max_age:
            why = _("berusia %(age)s tahun (batas di bawah %(max)s tahun)") % {
                "age": age_on(f.birth_date, q.claim_date),
                "max": max_age,
            }
        elif not f.school_level:
            why = _("belum bersekolah; beasiswa dapat diajukan saat anak masuk sekolah")
        elif chosen >= max_children:
            why = _("beasiswa paling banyak untuk %(n)s anak") % {"n": max_children}
        if why:
            reasons.append(
                Reason(
                    "scholarship_child_excluded",
                    _("Anak pada family[%(i)s] tidak mendapat beasiswa: %(why)s.") % {"i": i, "why": why},
                )
            )
            continue
        years = scholarship_schedule(f, i, rules=R, start=q.claim_date)
        if years:
            chosen += 1
            result.scholarships.extend(years)
    result.scholarship_children = chosen
    result.scholarship_eligible = chosen > 0


def quote(data: dict, *, today: dt.date | None = None) -> dict:
    """Parse, load the rules of the event date, compute: the API's and the CLI's answer."""
    q = quote_parse(data, today=today)
    return benefit_quote(q, rules_on(q.event_date)).as_dict()
