"""The figures behind the pictures: what the charts and the history popup show.

Pure data, no Qt: the GUI's chart widgets (desktop/gui/widgets/charts.py) only draw these.
- `unit_bars`: one indicator's figure per unit of a consolidated table, largest first; a
  unit with no figure (not reported, or the cell left empty) is a gap, never a zero.
- `province_line`: the province's consolidated figure over the last periods (oldest first).
- `completeness_line`: how many of the expected reports arrived, per period.
- `cell_history`: one unit's value of one cell in its last periods (as DHIS2 shows the
  last 12 values of a data element beside the entry field).
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal

from desktop.core.consolidation.model import ConsolidatedForm, ConsolidatedRow
from desktop.core.periods import Period
from desktop.core.record import record

HISTORY_LENGTH = 12


@record
class UnitBars:
    """Bars in order: `values[i]` belongs to `names[i]`; the names after the values are the
    gaps (units without a figure), each with why."""

    title: str
    unit_label: str
    names: list[str]
    values: list[Decimal]
    gaps: list[tuple[str, str]]  # (unit name, "chưa báo cáo" | "không có số liệu")
    # the department whose whole-province figure is the row's (its one bar), when no unit
    # below has a figure: Sở Tài chính's budget revenue is no unit's
    whole_province: str = ""

    @property
    def categories(self) -> list[str]:
        return self.names + [name for name, _ in self.gaps]


@record
class Point:
    """One period's figure in a chart's line (None: a gap)."""
    period: Period
    value: Decimal | None  # None: no figure for that period (a gap in the line)


@record
class Completeness:
    """How many of the expected reports had arrived for one period."""
    period: Period
    received: int  # reports finalised or sent (on time or late)
    expected: int

    @property
    def percent(self) -> Decimal | None:
        if not self.expected:
            return None
        return Decimal(self.received) * 100 / Decimal(self.expected)


def last_periods(period: Period, count: int = HISTORY_LENGTH) -> list[Period]:
    """`count` periods of the same kind ending with `period`, oldest first."""
    out = [period]
    while len(out) < count:
        out.append(out[-1].previous())
    return out[::-1]


def unit_bars(
    table: ConsolidatedForm, row: ConsolidatedRow, measure: str, per: Decimal = Decimal(1)
) -> UnitBars:
    """`per`: the units' figures divided by it (1.000 when `row` is shown in tỷ đồng,
    excel/workbook_display.in_billions; its own values are already)."""
    names = {u.key: u.name for u in [*table.expected, *table.reported]}
    present, gaps = [], []
    # the table's own reading of the row (one query when not read yet): a table made
    # without its breakdown carries none in `row.by_unit`
    for key, values in table.unit_figures(row).items():
        v = values.get(measure)
        if isinstance(v, Decimal):
            present.append((names.get(key, key[0]), v / per))
        else:
            gaps.append((names.get(key, key[0]), "không có số liệu"))
    present.sort(key=lambda p: (-p[1], p[0]))
    gaps += [(u.name, "chưa báo cáo") for u in table.missing]
    body = _whole_province(row, measure) if not present else None
    if body is not None:
        present = [(body, row.values[measure])]
    return UnitBars(
        title=row.label,
        unit_label=row.unit_label,
        names=[n for n, _ in present],
        values=[v for _, v in present],
        gaps=gaps,
        whole_province=body or "",
    )


def _whole_province(row: ConsolidatedRow, measure: str) -> str | None:
    """The provincial body whose figure the row shows (`row.body`, from consolidation/
    province.py), when the row has a figure no unit below gave."""
    if row.body is None or not isinstance(row.values.get(measure), Decimal):
        return None
    return row.body.name


def province_line(
    consolidate: Callable[[str], ConsolidatedForm | None],
    period: Period,
    indicator: str,
    measure: str,
    count: int = HISTORY_LENGTH,
    per: Decimal = Decimal(1),
) -> list[Point]:
    """`consolidate(period_code)` gives the form's consolidated table for a period (the
    caller decides how: `consolidation.engine.consolidate_period`, cached …); `per`: the
    figures divided by it (1.000 for tỷ đồng)."""
    points = []
    for p in last_periods(period, count):
        table = consolidate(str(p))
        value = None
        if table is not None:
            row = next(
                (r for r in table.rows if r.indicator and r.indicator.code == indicator), None
            )
            value = row.values.get(measure) if row is not None else None
        points.append(Point(p, value / per if isinstance(value, Decimal) else None))
    return points


def completeness_line(
    svc, period: Period, count: int = HISTORY_LENGTH, *, level: str | None = None
) -> list[Completeness]:
    """Reports received out of expected (every unit × form of the period, at `level` as
    `status.reporting_status` takes it), per period."""
    from desktop.core.status import reporting_status

    out = []
    for p in last_periods(period, count):
        matrix = reporting_status(svc, str(p), level=level)
        received = sum(
            c.status in ("on_time", "late", "revised_late") for c in matrix.cells.values()
        )
        out.append(Completeness(p, received, len(matrix.cells)))
    return out


def cell_history(
    repo,
    unit,
    form_id: str,
    indicator: str,
    measure: str,
    period: Period,
    count: int = HISTORY_LENGTH,
) -> list[tuple[Period, Decimal | str | None, str | None]]:
    """This unit's value of one cell in the `count` periods before `period`, newest first:
    (period, value or None, status of that report or None when there is none)."""
    out = []
    p = period
    for _ in range(count):
        p = p.previous()
        stored = repo.get(unit.code, unit.key[1], form_id, str(p))
        if stored is None:
            out.append((p, None, None))
        else:
            out.append((p, stored.submission.values.get((indicator, measure)), stored.status))
    return out
