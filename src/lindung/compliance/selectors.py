"""Reads of the compliance app, scoped to the user's area (404 for one object outside it)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Count, Q, QuerySet, Sum
from django.http import Http404
from django.utils import timezone

from lindung.accounts.models import Organisation
from lindung.accounts.permissions import (
    can_view_check_log,
    can_view_compliance,
    is_bpjs,
    is_opd,
    org_kind,
)
from lindung.billing.models import Budget
from lindung.compliance.categorise import rules_on
from lindung.compliance.models import (
    CATEGORY_ORDER,
    Case,
    CategorySnapshot,
    ComplianceCheck,
    ComplianceRule,
    Employer,
    EmployerImport,
    MinimumWage,
    ProbableMatch,
)
from lindung.core.formatting import number, rupiah
from lindung.core.scoping import region_q, user_area_codes
from lindung.core.workdays import working_days_between
from lindung.memberships.models import Membership
from lindung.programs.models import LegalBasis, Programme
from lindung.regions.models import Region

Stage = Case.Stage
CATEGORY_FILTERS = {
    "PWBD": Q(is_pwbd=True),
    "PDS_TK": Q(is_pds_tk=True),
    "PDS_UPAH": Q(is_pds_upah=True),
    "PDS_PROGRAM": Q(is_pds_program=True),
    "COMPLIANT": Q(category="COMPLIANT"),
    "NOT_OBLIGED": Q(category="NOT_OBLIGED"),
}


def _scoped(qs: QuerySet, user, field: str = "regency_code") -> QuerySet:
    if not can_view_compliance(user):
        return qs.none()
    return qs.filter(region_q(user_area_codes(user), field))


def employer_list(*, user, region: str = "", category: str = "", q: str = "") -> QuerySet:
    qs = _scoped(Employer.objects.all(), user)
    if region:
        qs = qs.filter(
            Q(regency_code=region) | Q(region_code=region) | Q(region_code__startswith=region + ".")
        )
    if category:
        qs = qs.filter(CATEGORY_FILTERS[category])
    if q:
        qs = qs.filter(Q(name__icontains=q) | Q(nib=q) | Q(npwp=q) | Q(npp=q))
    return qs.order_by("name", "id")


def employer_get(*, user, pk: int) -> Employer:
    employer = _scoped(Employer.objects.all(), user).filter(pk=pk).first()
    if employer is None:
        raise Http404("Tidak ditemukan.")
    return employer


def employer_open_cases(employer_ids: list[int]) -> dict[int, str]:
    return dict(
        Case.objects.filter(employer_id__in=employer_ids)
        .exclude(stage=Stage.RESOLVED)
        .values_list("employer_id", "number")
    )


@dataclass
class Evidence:
    category: str
    label: str
    text: str
    numbers: dict = field(default_factory=dict)
    sources: list[str] = field(default_factory=list)
    rule: str = ""


def _src(name: str, file: str, day: dt.date | None) -> str:
    if not file:
        return ""
    return f"{name}: {file}" + (f" ({day:%d-%m-%Y})" if day else "")


def evidence(employer: Employer) -> list[Evidence]:
    """Why the employer is in each of its categories: the numbers, the file and date they come from, and the
    rule (with its source) that was applied."""

    day = employer.categorised_on or timezone.localdate()
    try:
        rules = rules_on(day)
    except Exception:  # no rule for that date: the evidence is still the numbers
        rules = {}
    oss = _src("OSS", employer.oss_file, employer.oss_date)
    wlkp = _src("WLKP", employer.wlkp_file, employer.wlkp_date)
    bpjs = _src("BPJS", employer.bpjs_file, employer.bpjs_date)
    out = []

    def rule(code):
        r = rules.get(code)
        return f"{r.description} ({r.source})" if r else ""

    if employer.is_pwbd:
        reported = employer.wlkp_workers
        out.append(
            Evidence(
                "PWBD",
                "PWBD",
                (
                    f"{number(reported)} pekerja dilaporkan ke Disnaker, tetapi tidak ada NPP maupun pekerja terdaftar "
                    "di BPJS Ketenagakerjaan."
                    if reported is not None
                    else f"Berskala {employer.get_scale_display().lower()} tanpa laporan WLKP, dan tidak terdaftar di "
                    "BPJS Ketenagakerjaan."
                ),
                {
                    "wlkp_workers": reported,
                    "bpjs_workers": employer.bpjs_workers or 0,
                    "scale": employer.scale,
                },
                [s for s in (wlkp, oss, bpjs) if s],
                rule("PWBD"),
            )
        )
    if employer.is_pds_tk:
        out.append(
            Evidence(
                "PDS_TK",
                "PDS TK",
                f"{number(employer.bpjs_workers or 0)} pekerja terdaftar di BPJS dari {number(employer.wlkp_workers)} "
                f"yang dilaporkan ke Disnaker: {number((employer.wlkp_workers or 0) - (employer.bpjs_workers or 0))} "
                "belum didaftarkan.",
                {"bpjs_workers": employer.bpjs_workers, "wlkp_workers": employer.wlkp_workers},
                [s for s in (bpjs, wlkp) if s],
                rule("PDS_TK"),
            )
        )
    if employer.is_pds_upah:
        avg = (employer.bpjs_wage_total or 0) // max(employer.bpjs_workers or 1, 1)
        parts = [
            f"rata-rata upah dilaporkan ke BPJS {rupiah(avg)} ({rupiah(employer.bpjs_wage_total)} untuk "
            f"{number(employer.bpjs_workers)} pekerja)"
        ]
        if employer.umk_used and avg < employer.umk_used:
            parts.append(f"di bawah upah minimum {rupiah(employer.umk_used)}")
        if employer.wlkp_avg_wage and avg < employer.wlkp_avg_wage:
            parts.append(
                f"di bawah rata-rata upah yang dilaporkan ke Disnaker {rupiah(employer.wlkp_avg_wage)}"
            )
        out.append(
            Evidence(
                "PDS_UPAH",
                "PDS Upah",
                "; ".join(parts)[:1].upper() + "; ".join(parts)[1:] + ".",
                {
                    "average_wage": avg,
                    "wage_total": employer.bpjs_wage_total,
                    "umk": employer.umk_used,
                    "wlkp_avg_wage": employer.wlkp_avg_wage,
                },
                [s for s in (bpjs, wlkp) if s],
                rule("PDS_UPAH"),
            )
        )
    if employer.is_pds_program:
        r = rules.get("PDS_PROGRAM")
        mandatory = (r.params.get("mandatory", {}) if r else {}).get(
            "publik" if employer.is_public else employer.scale, []
        )
        have = [p for p in employer.bpjs_programmes.split(",") if p]
        missing = [p for p in mandatory if p not in have]
        out.append(
            Evidence(
                "PDS_PROGRAM",
                "PDS Program",
                f"Program diikuti: {', '.join(have) or '-'}; wajib untuk skala "
                f"{'penyelenggara negara' if employer.is_public else employer.get_scale_display().lower()}: "
                f"{', '.join(mandatory)}; belum: {', '.join(missing)}.",
                {"programmes": have, "mandatory": mandatory, "missing": missing},
                [s for s in (bpjs, oss) if s],
                rule("PDS_PROGRAM"),
            )
        )
    return out


def evidence_text(employer: Employer) -> str:
    items = evidence(employer)
    if not items:
        return ""
    return " ".join(f"{e.label}: {e.text} Sumber: {'; '.join(e.sources) or '-'}." for e in items)


def category_counts(*, user, region: str = "") -> dict[str, int]:
    qs = employer_list(user=user, region=region)
    agg = qs.aggregate(
        total=Count("id"),
        PWBD=Count("id", filter=Q(is_pwbd=True)),
        PDS_TK=Count("id", filter=Q(is_pds_tk=True)),
        PDS_UPAH=Count("id", filter=Q(is_pds_upah=True)),
        PDS_PROGRAM=Count("id", filter=Q(is_pds_program=True)),
        COMPLIANT=Count("id", filter=Q(category="COMPLIANT")),
        NOT_OBLIGED=Count("id", filter=Q(category="NOT_OBLIGED")),
    )
    return agg


# --- cases ---------------------------------------------------------------------------------------------


def case_list(*, user, stage: str = "", kejari_only: bool = False) -> QuerySet:
    qs = _scoped(Case.objects.select_related("employer", "kejari"), user)
    if org_kind(user) == Organisation.Kind.KEJARI or kejari_only:
        qs = qs.filter(stage__in=[Stage.PROSECUTOR, Stage.RESOLVED]).exclude(skk_number="")
        if getattr(user, "organisation_id", None) and org_kind(user) == Organisation.Kind.KEJARI:
            qs = qs.filter(kejari_id=user.organisation_id)
    if stage:
        qs = qs.filter(stage=stage)
    return qs.order_by("deadline", "-id")


def case_get(*, user, pk: int) -> Case:
    case = _scoped(Case.objects.select_related("employer", "kejari"), user).filter(pk=pk).first()
    if case is None:
        raise Http404("Tidak ditemukan.")
    if org_kind(user) == Organisation.Kind.KEJARI and case.kejari_id != user.organisation_id:
        raise Http404("Tidak ditemukan.")
    return case


NEXT_STEP = {
    Stage.FINDING: Stage.WARNING_1,
    Stage.WARNING_1: Stage.WARNING_2,
    Stage.WARNING_2: Stage.FINE,
    Stage.FINE: Stage.SERVICE_DENIAL,
    Stage.SERVICE_DENIAL: Stage.PROSECUTOR,
}


@dataclass
class DeadlineRow:
    case: Case
    state: str  # overdue | soon | running | none
    working_days_left: int | None
    next_stage: str | None


def deadline_rows(cases, today: dt.date | None = None) -> list[DeadlineRow]:
    """Open cases with their deadline state: passed deadlines rise to the top by themselves."""
    today = today or timezone.localdate()
    rows = []
    for c in cases:
        if c.stage == Stage.RESOLVED:
            continue
        if c.deadline is None:
            state, left = ("ready" if c.stage in (Stage.FINDING, Stage.SERVICE_DENIAL) else "none"), None
        elif today > c.deadline:
            state, left = "overdue", -working_days_between(c.deadline, today)
        else:
            left = working_days_between(today, c.deadline)
            state = "soon" if left <= 3 else "running"
        rows.append(DeadlineRow(c, state, left, NEXT_STEP.get(c.stage)))
    order = {"overdue": 0, "ready": 1, "soon": 2, "running": 3, "none": 4}
    rows.sort(key=lambda r: (order[r.state], r.case.deadline or dt.date.max, r.case.pk))
    return rows


def dashboard(*, user) -> dict:
    """What each role works on: the BPJS branch and the labour inspectors their cases by deadline and the
    register by category; the prosecutor its SKKs with their age and the amounts recovered."""
    today = timezone.localdate()
    kejari = org_kind(user) == Organisation.Kind.KEJARI
    cases = list(case_list(user=user).exclude(stage=Stage.RESOLVED)[:500])
    out = {
        "role": "kejari"
        if kejari
        else ("bpjs" if is_bpjs(user) else ("disnaker" if is_opd(user, "disnaker") else "other")),
        "deadlines": deadline_rows(cases, today),
        "counts": category_counts(user=user) if not kejari else None,
    }
    if kejari or out["role"] in ("bpjs", "other"):
        skk = case_list(user=user, kejari_only=True)
        out["skk"] = [
            {"case": c, "age_days": (today - c.skk_date).days if c.skk_date else None}
            for c in skk.order_by("skk_date")[:200]
        ]
        out["recovered"] = skk.aggregate(total=Sum("recovered_amount"), owed=Sum("contributions_owed"))
    out["pending_matches"] = _scoped(
        ProbableMatch.objects.filter(status=ProbableMatch.Status.PENDING), user
    ).count()
    out["imports"] = _scoped(EmployerImport.objects.exclude(regency_code=""), user)[:5] if not kejari else []
    return out


def import_get(*, user, pk: int) -> EmployerImport:
    imp = EmployerImport.objects.filter(pk=pk).first()
    if imp is None or not can_view_compliance(user):
        raise Http404("Tidak ditemukan.")
    if imp.uploaded_by_id != user.pk and imp.regency_code:
        codes = user_area_codes(user)
        if codes is not None and not any(
            imp.regency_code == c
            or imp.regency_code.startswith(c + ".")
            or c.startswith(imp.regency_code + ".")
            for c in codes
        ):
            raise Http404("Tidak ditemukan.")
    return imp


def match_list(*, user) -> QuerySet:
    return _scoped(
        ProbableMatch.objects.filter(status=ProbableMatch.Status.PENDING).select_related(
            "employer", "employer_import"
        ),
        user,
    )


def match_get(*, user, pk: int) -> ProbableMatch:
    m = (
        _scoped(ProbableMatch.objects.select_related("employer", "employer_import"), user)
        .filter(pk=pk)
        .first()
    )
    if m is None:
        raise Http404("Tidak ditemukan.")
    return m


# --- checks --------------------------------------------------------------------------------------------


def check_log(*, user, nib: str = "", employer: Employer | None = None) -> QuerySet:
    """Checks of a business, for the compliance offices of its area and for the business itself (a company
    user whose organisation is the employer's)."""
    qs = ComplianceCheck.objects.select_related("employer")
    if employer is not None:
        if not can_view_check_log(user, employer):
            raise Http404("Tidak ditemukan.")
        return qs.filter(employer=employer)
    own = Employer.objects.filter(organisation_id=getattr(user, "organisation_id", None) or -1)
    if can_view_compliance(user):
        scope = Q(employer__in=_scoped(Employer.objects.all(), user)) | Q(
            employer__isnull=True, checked_by=user
        )
    else:
        scope = Q(employer__in=own)
    qs = qs.filter(scope | Q(employer__in=own))
    if nib:
        qs = qs.filter(nib=nib)
    return qs


# --- rule data ----------------------------------------------------------------------------------------


def rules_page() -> dict:
    return {
        "rules": ComplianceRule.objects.all(),
        "wages": MinimumWage.objects.all()[:300],
    }


# --- scorecard -----------------------------------------------------------------------------------------


@dataclass
class Scorecard:
    region: object
    year: int
    regulations: list = field(default_factory=list)
    budget_allocated: int = 0
    budget_planned: int = 0
    non_asn_reported: int = 0
    non_asn_covered: int = 0
    adhoc_reported: int = 0
    adhoc_covered: int = 0
    vulnerable_covered: int = 0
    categories: dict = field(default_factory=dict)
    trend: list = field(default_factory=list)
    children: list = field(default_factory=list)

    @staticmethod
    def _pct(a, b):
        return round(100 * a / b, 2) if b else None

    @property
    def non_asn_percent(self):
        return self._pct(self.non_asn_covered, self.non_asn_reported)

    @property
    def adhoc_percent(self):
        return self._pct(self.adhoc_covered, self.adhoc_reported)


def scorecard(*, user, code: str, year: int | None = None) -> Scorecard:
    """A regency's Inpres 2/2021 scorecard, or a province's as the sum of its regencies (with one row each)."""

    region = Region.objects.filter(code=code, level__in=(1, 2)).first()
    if region is None or not can_view_compliance(user):
        raise Http404("Tidak ditemukan.")
    codes = user_area_codes(user)
    if codes is not None and not any(
        code == c or code.startswith(c + ".") or c.startswith(code + ".") for c in codes
    ):
        raise Http404("Tidak ditemukan.")
    if region.level == 1 and codes is not None and not any(c == code for c in codes):
        # a regency office sees its province only through its own regency
        raise Http404("Tidak ditemukan.")
    year = year or timezone.localdate().year
    within = Q(region_code=code) | Q(region_code__startswith=code + ".")
    card = Scorecard(region=region, year=year)
    programmes = Programme.objects.filter(within)
    card.regulations = list(
        LegalBasis.objects.filter(programme__in=programmes).select_related("programme").order_by("date")[:50]
    )
    budgets = Budget.objects.filter(programme__in=programmes, year=year).aggregate(
        allocated=Sum("allocation"), planned=Sum("planned_total")
    )
    card.budget_allocated, card.budget_planned = budgets["allocated"] or 0, budgets["planned"] or 0
    active = Membership.objects.filter(status=Membership.Status.ACTIVE).filter(
        Q(regency_code=code) | Q(regency_code__startswith=code + ".")
    )
    by_group = dict(
        active.values("programme__target_group")
        .annotate(n=Count("id"))
        .values_list("programme__target_group", "n")
    )
    card.non_asn_covered = by_group.get(Programme.TargetGroup.NON_ASN, 0)
    card.adhoc_covered = by_group.get(Programme.TargetGroup.BADAN_ADHOC, 0)
    card.vulnerable_covered = by_group.get(Programme.TargetGroup.PEKERJA_RENTAN, 0) + by_group.get(
        Programme.TargetGroup.PEKEBUN_SAWIT, 0
    )
    employers = Employer.objects.filter(Q(regency_code=code) | Q(regency_code__startswith=code + "."))
    public = employers.filter(organisation__isnull=False)
    card.non_asn_reported = (
        public.exclude(kind__in=[Employer.Kind.KPU, Employer.Kind.BAWASLU]).aggregate(n=Sum("wlkp_workers"))[
            "n"
        ]
        or 0
    )
    card.adhoc_reported = (
        public.filter(kind__in=[Employer.Kind.KPU, Employer.Kind.BAWASLU]).aggregate(n=Sum("wlkp_workers"))[
            "n"
        ]
        or 0
    )
    agg = employers.aggregate(
        total=Count("id"),
        **{c.value: Count("id", filter=CATEGORY_FILTERS[c.value]) for c in CATEGORY_ORDER},
        COMPLIANT=Count("id", filter=Q(category="COMPLIANT")),
        NOT_OBLIGED=Count("id", filter=Q(category="NOT_OBLIGED")),
    )
    card.categories = agg
    snaps = (
        CategorySnapshot.objects.filter(Q(regency_code=code) | Q(regency_code__startswith=code + "."))
        .values("date", "category")
        .annotate(n=Sum("count"))
        .order_by("date")
    )
    by_date: dict = {}
    for s in snaps:
        by_date.setdefault(s["date"], {})[s["category"]] = s["n"]
    card.trend = [{"date": d, **v} for d, v in sorted(by_date.items())][-12:]
    if region.level == 1:
        for child in Region.objects.filter(level=2, code__startswith=code + ".").order_by("code"):
            if (
                Employer.objects.filter(regency_code=child.code).exists()
                or Membership.objects.filter(regency_code=child.code).exists()
            ):
                card.children.append(scorecard(user=user, code=child.code, year=year))
    return card


def home_summary(*, user) -> dict:
    """The compliance work on the home page (issue 13), in a few counting queries: open cases and those
    past their deadline, probable matches to decide; for the prosecutor its SKKs, the oldest and the amounts
    recovered."""
    today = timezone.localdate()
    kejari = org_kind(user) == Organisation.Kind.KEJARI
    cases = case_list(user=user).exclude(stage=Stage.RESOLVED)
    out = {
        "kejari": kejari,
        "open": cases.count(),
        "overdue": cases.filter(deadline__lt=today).count(),
        "pending_matches": 0
        if kejari
        else _scoped(ProbableMatch.objects.filter(status=ProbableMatch.Status.PENDING), user).count(),
    }
    if kejari:
        skk = case_list(user=user, kejari_only=True).exclude(stage=Stage.RESOLVED)
        oldest = skk.exclude(skk_date=None).order_by("skk_date").first()
        out["skk"] = skk.count()
        out["oldest_skk_days"] = (today - oldest.skk_date).days if oldest else None
        out["recovered"] = case_list(user=user, kejari_only=True).aggregate(
            total=Sum("recovered_amount"), owed=Sum("contributions_owed")
        )
    return out
