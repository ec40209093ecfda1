from ninja import Query, Router, Schema

from lindung.core.schemas import MAX_YEAR, MIN_YEAR
from lindung.coverage import selectors

router = Router(tags=["Cakupan"])


class Breakdown(Schema):
    key: str
    label: str
    count: int


class CoverageOut(Schema):
    region_code: str
    region_name: str
    year: int
    working_population: int | None
    working_population_source: str
    active_participants: int | None
    active_participants_source: str
    active_in_lindung: int
    ucj_percent: str | None
    ucj_display: str
    band: str | None
    target_percent: str | None
    by_target_group: list[Breakdown]
    by_funder: list[Breakdown]


@router.get("", response=CoverageOut, summary="UCJ satu wilayah dan tahun")
def coverage(request, region: str, year: int | None = Query(None, ge=MIN_YEAR, le=MAX_YEAR)):
    c = selectors.coverage_get(user=request.auth, code=region, year=year)
    b = selectors.breakdowns(user=request.auth, region_code=region)
    return {
        "region_code": c.region.code,
        "region_name": c.region.name,
        "year": c.year,
        "working_population": c.working_population,
        "working_population_source": c.working_population_source,
        "active_participants": c.active_participants,
        "active_participants_source": c.active_participants_source,
        "active_in_lindung": c.active_in_lindung,
        "ucj_percent": str(c.ucj.quantize(selectors.Decimal("0.01"))) if c.ucj is not None else None,
        "ucj_display": c.ucj_display,
        "band": c.band.name if c.band else None,
        "target_percent": str(c.target) if c.target is not None else None,
        **b,
    }
