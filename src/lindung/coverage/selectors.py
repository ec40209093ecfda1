"""Coverage (UCJ) for the regions in a user's area. UCJ = active participants / working population."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count, OuterRef, Subquery, Sum
from django.db.models.functions import Substr
from django.utils import timezone
from django.utils.translation import gettext as _

from lindung.core.formatting import percent
from lindung.core.scoping import region_q, user_area_codes
from lindung.coverage.models import CoverageBand, CoverageFigure, CoverageTarget
from lindung.memberships.models import Membership, MembershipTally
from lindung.programs.models import Programme, ProgrammeFunder
from lindung.regions.models import Region
from lindung.regions.selectors import area_region_get


@dataclass
class RegionCoverage:
    region: Region
    year: int
    working_population: int | None = None
    working_population_source: str = ""
    active_participants: int | None = None
    active_participants_source: str = ""
    active_in_lindung: int = 0
    ucj: Decimal | None = None
    band: CoverageBand | None = None
    target: Decimal | None = None
    target_basis: str = ""
    trend: list[dict] = field(default_factory=list)

    @property
    def gap(self) -> Decimal | None:
        """UCJ minus the target, in percentage points (negative: below the target)."""
        return self.ucj - self.target if self.ucj is not None and self.target is not None else None

    @property
    def ucj_display(self) -> str:
        return percent(self.ucj)

    @property
    def numerator(self) -> int | None:
        return self.active_participants if self.active_participants is not None else self.active_in_lindung

    @property
    def numerator_is_bpjs(self) -> bool:
        return self.active_participants is not None


def ucj_percent(active: int | None, working: int | None) -> Decimal | None:
    if active is None or not working:
        return None
    return (Decimal(active) * 100 / Decimal(working)).quantize(Decimal("0.0001"), rounding=ROUND_HALF_UP)


def band_for(value: Decimal | None, bands: list[CoverageBand]) -> CoverageBand | None:
    if value is None:
        return None
    chosen = None
    for b in bands:  # ordered by min_percent
        if value >= b.min_percent:
            chosen = b
    return chosen


def coverage_regions(*, user) -> list[Region]:
    """The regions shown on the home page: the user's areas; a province also shows its regencies."""
    codes = user_area_codes(user)
    if codes is None:
        return list(Region.objects.filter(level=1).order_by("code"))
    return list(Region.objects.filter(code__in=codes).order_by("code"))


def coverage_subregions(*, user) -> list[Region]:
    """Regencies/cities of the provinces in the user's area (shown as a table under the cards)."""
    codes = user_area_codes(user)
    provinces = [c for c in (codes or []) if "." not in c]
    return list(Region.objects.filter(parent_id__in=provinces).order_by("code"))


def _active_counts(codes: list[str]) -> dict[str, int]:
    """Active memberships per region code (prefix match), from the tally kept by village (decision 86): one
    grouped query per code length over a few rows per village and programme, whatever the membership count."""
    result: dict[str, int] = {}
    by_len: dict[int, list[str]] = {}
    for c in codes:
        by_len.setdefault(len(c), []).append(c)
    for length, group in by_len.items():
        qs = (
            MembershipTally.objects.filter(region_q(group))
            .annotate(prefix=Substr("region_code", 1, length))
            .values_list("prefix")
            .annotate(n=Sum("members"))
            .order_by()
        )
        result.update(dict(qs))
    return result


def coverage_for_regions(*, regions: list[Region], year: int | None = None) -> list[RegionCoverage]:
    codes = [r.code for r in regions]
    bands = list(CoverageBand.objects.order_by("min_percent"))
    figures: dict[str, dict[int, CoverageFigure]] = {}
    for f in CoverageFigure.objects.filter(region_code__in=codes):
        figures.setdefault(f.region_code, {})[f.year] = f
    targets: dict[str, dict[int, CoverageTarget]] = {}
    for t in CoverageTarget.objects.filter(region_code__in=codes):
        targets.setdefault(t.region_code, {})[t.year] = t
    active = _active_counts(codes)
    out = []
    for r in regions:
        figs = figures.get(r.code, {})
        tgs = targets.get(r.code, {})
        y = year or (max(figs) if figs else None) or (max(tgs) if tgs else None)
        if y is None:
            y = timezone.localdate().year
        rc = RegionCoverage(region=r, year=y, active_in_lindung=active.get(r.code, 0))
        f = figs.get(y)
        if f:
            rc.working_population = f.working_population
            rc.working_population_source = f.working_population_source
            rc.active_participants = f.active_participants
            rc.active_participants_source = f.active_participants_source
        rc.ucj = ucj_percent(rc.numerator, rc.working_population)
        rc.band = band_for(rc.ucj, bands)
        t = tgs.get(y)
        if t:
            rc.target, rc.target_basis = t.target_percent, t.basis
        for yy in sorted(set(figs) | set(tgs) | {y}):
            fy = figs.get(yy)
            if (
                yy == y
            ):  # the shown year: the same numerator as the card (Lindung's count when BPJS' is absent)
                value = rc.ucj
            else:
                value = ucj_percent(fy.active_participants, fy.working_population) if fy else None
            ty = tgs.get(yy)
            rc.trend.append({"year": yy, "ucj": value, "target": ty.target_percent if ty else None})
        out.append(rc)
    return out


def coverage_home(*, user, year: int | None = None) -> list[RegionCoverage]:
    return coverage_for_regions(regions=coverage_regions(user=user), year=year)


def coverage_home_table(*, user, year: int | None = None) -> list[RegionCoverage]:
    return coverage_for_regions(regions=coverage_subregions(user=user), year=year)


def coverage_get(*, user, code: str, year: int | None = None) -> RegionCoverage:
    region = area_region_get(user=user, code=code)
    return coverage_for_regions(regions=[region], year=year)[0]


def breakdowns(*, user, region_code: str | None = None) -> dict[str, list[dict]]:
    """Active participants in Lindung by target group and by funder, inside the user's area: one grouped query
    over the tally kept by programme, funder and village (decision 86), whatever the number of members."""
    qs = MembershipTally.objects.filter(region_q(user_area_codes(user)), members__gt=0)
    if region_code:
        qs = qs.filter(region_q([region_code]))
    rows = (
        qs.annotate(
            group=Subquery(Programme.objects.filter(pk=OuterRef("programme_id")).values("target_group")),
            kind=Subquery(ProgrammeFunder.objects.filter(pk=OuterRef("funder_id")).values("kind")),
        )
        .values_list("group", "kind")
        .annotate(n=Sum("members"))
        .order_by()
    )
    by_group_n: dict[str, int] = {}
    by_kind_n: dict[str, int] = {}
    for group, kind, n in rows:
        by_group_n[group or ""] = by_group_n.get(group or "", 0) + n
        by_kind_n[kind or ""] = by_kind_n.get(kind or "", 0) + n  # "": no funder recorded
    groups = dict(Programme.TargetGroup.choices)
    kinds = dict(ProgrammeFunder.Kind.choices)
    return {
        "by_target_group": [
            {"key": k, "label": str(groups.get(k, k)), "count": n}
            for k, n in sorted(by_group_n.items(), key=lambda kn: (-kn[1], kn[0]))
        ],
        "by_funder": [
            {"key": k, "label": str(kinds.get(k) or _("Belum ditetapkan")), "count": n}
            for k, n in sorted(by_kind_n.items(), key=lambda kn: (-kn[1], kn[0]))
        ],
    }


def trend_svg_points(
    trend: list[dict], width: int = 560, height: int = 220, pad: int = 36, selected: int | None = None
) -> dict:
    """Coordinates for the server-rendered SVG trend chart (0-100% on the y axis).

    The plot starts right of the axis labels (``left``) so the first value label never sits on "25%"; the
    first value label is anchored at its start and the last at its end so neither leaves the chart; with
    more than six years only the first, the last and the selected year carry a value label (the table
    below the chart has them all), so labels never overlap."""
    if not trend:
        return {"actual": "", "target": "", "ticks": [], "width": width, "height": height}
    n = len(trend)
    left, right = pad + 14, pad // 2
    step = (width - left - right) / max(n - 1, 1)

    def y(v):
        return round(height - pad - float(v) / 100 * (height - 2 * pad), 1)

    ticks, actual, target = [], [], []
    for i, p in enumerate(trend):
        x = round(left + i * step, 1)
        labelled = n <= 6 or i in (0, n - 1) or p["year"] == selected
        ticks.append(
            {
                "x": x,
                "year": p["year"],
                "ucj": p["ucj"],
                "target": p["target"],
                "y_ucj": y(p["ucj"]) if p["ucj"] is not None else None,
                "y_target": y(p["target"]) if p["target"] is not None else None,
                "label": labelled,
                "anchor": "start" if i == 0 and n > 1 else "end" if i == n - 1 and n > 1 else "middle",
                "label_dx": -4 if i == 0 and n > 1 else 4 if i == n - 1 and n > 1 else 0,
            }
        )
        if p["ucj"] is not None:
            actual.append(f"{x},{y(p['ucj'])}")
        if p["target"] is not None:
            target.append(f"{x},{y(p['target'])}")
    grid = [{"y": y(v), "label": f"{v}%"} for v in (0, 25, 50, 75, 100)]
    return {
        "left": left,
        "axis_x": left - 8,
        "actual": " ".join(actual),
        "target": " ".join(target),
        "ticks": ticks,
        "grid": grid,
        "width": width,
        "height": height,
    }


# --- home pages (issue 13) ------------------------------------------------------------------------------


@dataclass
class ActivityRow:
    region: Region
    province: str  # the province's name for a regency, "" for a province
    participants: int = 0  # active and pending memberships in Lindung
    programmes: int = 0
    ucj: Decimal | None = None
    year: int | None = None

    @property
    def ucj_display(self) -> str:
        return percent(self.ucj) if self.ucj is not None else "–"

    @property
    def active(self) -> bool:
        return bool(self.participants or self.programmes or self.ucj is not None)


@dataclass
class NationalTable:
    rows: list[ActivityRow]
    matching: int  # regions matching the search (all 38 + 514 without one)
    quiet: int  # of those, regions with no participants, programmes or figures (not listed without a search)


def national_activity(*, user, search: str = "", limit: int = 60) -> NationalTable:
    """Every province and regency/city by activity (participants in Lindung, programmes, latest UCJ), the
    busiest first; without a search only the active ones are listed. For the system administrator (others get
    an empty table). Five queries whatever the number of regions."""
    if user_area_codes(user) is not None:
        return NationalTable(rows=[], matching=0, quiet=0)
    regions = list(Region.objects.filter(level__in=[1, 2]).only("code", "name", "level", "parent_id"))
    provinces = {r.code: r.name for r in regions if r.level == 1}
    members = dict(
        Membership.objects.filter(holding=True)  # an index-only scan of (regency_code, holding)
        .values_list("regency_code")
        .annotate(n=Count("id"))
        .order_by()
    )
    programmes: dict[str, int] = {}
    for code, n in Programme.objects.values_list("region_code").annotate(n=Count("id")).order_by():
        key = code[:5] if len(code) >= 5 else code
        programmes[key] = programmes.get(key, 0) + n
    latest: dict[str, CoverageFigure] = {}
    for f in CoverageFigure.objects.filter(region_code__in=[r.code for r in regions]).order_by("year"):
        latest[f.region_code] = f
    rows = []
    for r in regions:
        if r.level == 1:
            participants = sum(n for code, n in members.items() if code and code.startswith(r.code + "."))
            progs = programmes.get(r.code, 0) + sum(
                n for code, n in programmes.items() if code.startswith(r.code + ".")
            )
        else:
            participants, progs = members.get(r.code, 0), programmes.get(r.code, 0)
        row = ActivityRow(
            region=r,
            province=provinces.get(r.parent_id, "") if r.level == 2 else "",
            participants=participants,
            programmes=progs,
        )
        f = latest.get(r.code)
        if f is not None:
            row.year = f.year
            row.ucj = ucj_percent(f.active_participants, f.working_population)
        rows.append(row)
    search = search.strip().lower()
    if search:
        rows = [
            r
            for r in rows
            if search in r.region.name.lower()
            or r.region.code.startswith(search)
            or search in r.province.lower()
        ]
    matching = len(rows)
    quiet = sum(1 for r in rows if not r.active)
    if not search:
        rows = [r for r in rows if r.active]
    rows.sort(key=lambda r: (-r.participants, -r.programmes, r.ucj is None, r.region.code))
    return NationalTable(rows=rows[:limit], matching=matching, quiet=quiet)


def area_coverage(*, user) -> list[RegionCoverage]:
    """The coverage of the user's own areas against their targets (a manager's home page); none for the
    national administrator, who has the national table."""
    if user_area_codes(user) is None:
        return []
    return coverage_for_regions(regions=coverage_regions(user=user)[:5])
