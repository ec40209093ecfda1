from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _

from lindung.accounts.permissions import can_enter_bpjs_figures, can_enter_working_population
from lindung.audit.services import audit_created, model_update
from lindung.core.errors import ApplicationError
from lindung.core.limits import MAX_PEOPLE, check_amount
from lindung.core.parsing import ParseError, parse_percent
from lindung.coverage.models import CoverageFigure, CoverageTarget
from lindung.regions.models import Region
from lindung.regions.selectors import region_in_area


def _check(*, actor, region_code: str, year: int) -> Region:
    region = region_in_area(user=actor, code=region_code)
    if not 2000 <= year <= 2100:
        raise ApplicationError(_("Tahun harus antara 2000 dan 2100."), code="year_invalid")
    return region


@transaction.atomic
def coverage_figure_set(
    *,
    actor,
    region_code: str,
    year: int,
    working_population: int | None = None,
    working_population_source: str = "",
    active_participants: int | None = None,
    active_participants_source: str = "",
) -> CoverageFigure:
    """Creates or updates the working population and/or BPJS active participants of a region and year.

    The regional government's managers enter the working population (BPS); only BPJS staff enter BPJS'
    count of active participants (accounts.permissions).
    """
    _check(actor=actor, region_code=region_code, year=year)
    if working_population is not None and not can_enter_working_population(actor, region_code):
        raise ApplicationError(
            _("Hanya manajer pemerintah daerah yang dapat mengisi penduduk bekerja."), code="forbidden"
        )
    if active_participants is not None and not can_enter_bpjs_figures(actor, region_code):
        raise ApplicationError(
            _("Hanya petugas BPJS Ketenagakerjaan yang dapat mengisi peserta aktif BPJS."), code="forbidden"
        )
    if working_population is not None:
        if working_population <= 0:
            raise ApplicationError(
                _("Jumlah penduduk bekerja harus lebih dari 0."), code="working_population"
            )
        check_amount(working_population, label=_("Jumlah penduduk bekerja"), maximum=MAX_PEOPLE)
        if not working_population_source.strip():
            raise ApplicationError(
                _("Sebutkan sumber angka penduduk bekerja (mis. BPS Sakernas Agustus 2023)."),
                code="source_required",
            )
    if active_participants is not None:
        if active_participants <= 0:
            raise ApplicationError(_("Jumlah peserta aktif harus lebih dari 0."), code="active_participants")
        check_amount(active_participants, label=_("Jumlah peserta aktif"), maximum=MAX_PEOPLE)
        if not active_participants_source.strip():
            raise ApplicationError(
                _("Sebutkan sumber angka peserta aktif (mis. data BPJS Ketenagakerjaan KC)."),
                code="source_required",
            )
    fig = CoverageFigure.objects.select_for_update().filter(region_code=region_code, year=year).first()
    data = {}
    if working_population is not None:
        data.update(
            working_population=working_population, working_population_source=working_population_source.strip()
        )
    if active_participants is not None:
        data.update(
            active_participants=active_participants,
            active_participants_source=active_participants_source.strip(),
        )
    if not data:
        raise ApplicationError(_("Isi penduduk bekerja atau peserta aktif."), code="nothing_to_save")
    if fig is None:
        fig = CoverageFigure(region_code=region_code, year=year, updated_by=actor, **data)
        fig.full_clean()
        fig.save()
        audit_created(actor=actor, instance=fig, fields=["region_code", "year", *data.keys()])
    elif any(getattr(fig, name) != value for name, value in data.items()):
        model_update(instance=fig, data={**data, "updated_by": actor}, actor=actor)
    return fig


@transaction.atomic
def coverage_target_set(
    *, actor, region_code: str, year: int, target_percent, basis: str = ""
) -> CoverageTarget:
    _check(actor=actor, region_code=region_code, year=year)
    if not can_enter_working_population(actor, region_code):
        raise ApplicationError(
            _("Hanya manajer pemerintah daerah yang dapat menetapkan target UCJ."), code="forbidden"
        )
    try:
        value = parse_percent(target_percent, label=_("Target UCJ"))
    except ParseError as exc:
        raise ApplicationError(exc.message, code="target_invalid") from exc
    target = CoverageTarget.objects.select_for_update().filter(region_code=region_code, year=year).first()
    if target is None:
        target = CoverageTarget.objects.create(
            region_code=region_code, year=year, target_percent=value, basis=basis.strip()
        )
        audit_created(actor=actor, instance=target, fields=["region_code", "year", "target_percent", "basis"])
    else:
        model_update(instance=target, data={"target_percent": value, "basis": basis.strip()}, actor=actor)
    return target
