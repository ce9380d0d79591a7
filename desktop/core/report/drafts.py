"""The two use cases the CLI (`baocao report`) and the GUI buttons call: a unit's draft
from its own figures, and the province's (or a district's) draft from the consolidation.
"""

from __future__ import annotations

from pathlib import Path

from desktop.core.periods import Period
from desktop.core.report.sources import ReportData, province_data, unit_data
from desktop.core.report.writer import ReportError, ReportOptions, write_report


def _refuse_empty(data: ReportData, who: str) -> None:
    if not data.forms:
        raise ReportError(
            f"Chưa có số liệu nào của {who} cho kỳ {Period.parse(data.period).phrase}: "
            "chưa viết được báo cáo. Hãy nhập hoặc nhận số liệu trước.",
            code="chua_co_so_lieu",
        )


def write_unit_draft(
    repo,
    pack,
    units,
    unit_code: str,
    period_text: str,
    out: Path,
    options: ReportOptions,
) -> Path:
    """A unit's draft báo cáo from its own stored figures (drafts included)."""
    period = Period.parse(period_text)
    unit = units.for_period(unit_code, period)
    data = unit_data(repo, pack, unit, str(period))
    _refuse_empty(data, unit.name)
    return write_report(data, pack.catalog, out, options)


def write_consolidated_draft(
    svc,
    period_text: str,
    out: Path,
    options: ReportOptions,
    *,
    level: str = "province",
    unit_code: str | None = None,
) -> Path:
    """The province's (or, with level="district", a district's) draft from the
    consolidated figures of `consolidation.engine.consolidate_period`.  Monthly periods
    also consolidate the previous month, for "so với tháng trước"."""
    from desktop.core.consolidation.engine import consolidate_period
    from desktop.core.formdef.models import PeriodType

    period = Period.parse(period_text)
    result = consolidate_period(svc, str(period), level=level, unit_code=unit_code)
    previous = None
    if period.type is PeriodType.MONTH:
        previous = consolidate_period(svc, str(period.previous()), level=level, unit_code=unit_code)
    return write_draft_from_result(result, svc.pack.catalog, out, options, previous=previous)


def write_draft_from_result(
    result, catalog, out: Path, options: ReportOptions, *, previous=None
) -> Path:
    """The draft from a `ConsolidationResult` already made (the consolidation page's)."""
    data = province_data(result, previous)
    _refuse_empty(data, result.area_name)
    return write_report(data, catalog, out, options)
