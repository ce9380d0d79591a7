"""The result of consolidation: what the summary tables (biểu tổng hợp) show.

Produced by `consolidation.engine.consolidate_period()`; read by the Excel workbook writer,
the CLI's JSON output and the GUI's consolidation page.  Frozen data; the one thing read
later is each unit's own figures of a row (`by_unit`, the breakdown), from the database
when first asked for (breakdown.py).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import field, replace
from decimal import Decimal

from desktop.core.consolidation.breakdown import UnitFigures, is_left_out_note
from desktop.core.formdef.models import FormDefinition, Indicator
from desktop.core.record import assemble, record

UnitKey = tuple[str, str]  # (unit code, valid_from ISO date or "")


@record
class UnitRef:
    """A reporting unit as shown in a table: code, name and identity."""

    code: str
    name: str
    valid_from: str = ""
    validity: str = ""  # «đến 30/06/2025», «từ 01/07/2025» (units.Unit.validity)

    @property
    def key(self) -> UnitKey:
        return (self.code, self.valid_from)


_LAST_REFS: list = [None]  # ((units, keys), their refs) of the last call


def unit_refs(units: Iterable, keys: Iterable[UnitKey]) -> list[UnitRef]:
    """`UnitRef(unit.code, unit.name, key[1])` of each unit (`keys`: each unit's key), the
    fields set straight into each new object: a frozen dataclass's `__init__` sets each
    through `object.__setattr__`, and a national table names 3,321 units per form.  The
    refs of the last call are kept (frozen: shared safely): every form of a run, and the
    next run, name the same units (compared element by element, each by identity first)."""
    units, keys = tuple(units), tuple(keys)
    last = _LAST_REFS[0]
    if last is not None and last[0] == (units, keys):
        return list(last[1])
    out = []
    for unit, key in zip(units, keys, strict=True):
        made = {"code": unit.code, "name": unit.name, "valid_from": key[1], "validity": unit.validity}
        out.append(assemble(UnitRef, made))
    _LAST_REFS[0] = ((units, keys), tuple(out))
    return out


@record
class ConsolidatedRow:
    """One row of a biểu tổng hợp: a section heading or an indicator with its summed cells."""
    stt: str
    level: int  # 0 = section heading, 1 = top indicator, 2 = child …
    label: str
    indicator: Indicator | None  # None for a section heading
    unit_label: str = ""
    # consolidated value per measure code (value measures and recomputed percentages);
    # None = no unit gave a figure, or a percentage whose base is missing
    values: dict[str, Decimal | None] = field(default_factory=dict)
    # each reporting unit's own figures, for the breakdown sheet and "who contributed":
    # read when first used (breakdown.RowFigures); empty when the table goes without
    # its breakdown (then `ConsolidatedForm.unit_figures(row)` reads them on demand)
    by_unit: Mapping[UnitKey, dict[str, Decimal | str | None]] = field(default_factory=dict)
    # how many units gave a figure per measure (a total over fewer units says so)
    counts: dict[str, int] = field(default_factory=dict)
    note: str = (
        ""  # Ghi chú: e.g. "Thiếu số liệu 2 đơn vị: …", "Không cộng được: tỷ lệ không có quyền số"
    )
    # the percentage columns computed over fewer units than the row's figure (only the
    # units that gave both parts): the note says so, and so does the draft báo cáo
    partial: tuple[str, ...] = ()
    # the provincial body whose figure the row shows (province.py): a lead department's
    # whole-province figure, or a body's where no unit below gave one; None: the units'
    # sum (or the units' provisional sum while the lead has not reported)
    body: UnitRef | None = None

    @property
    def is_heading(self) -> bool:
        return self.indicator is None


@record
class Reconciliation:
    """Đối chiếu: a provincial body's figure beside the units' consolidated figure, for
    one indicator and measure (`consolidation/province.py`)."""

    indicator: str
    label: str
    unit_label: str
    measure: str
    source: str  # the indicator's province_source: units, lead_department, …
    body: str  # the department (or the province office) whose figure is shown
    department: Decimal | None  # that body's figure
    units: Decimal | None  # the units below, consolidated
    used: Decimal | None  # what the province table shows
    difference: Decimal | None  # department − units, where both exist and are alternatives
    note: str = ""


@record
class ConsolidatedForm:
    """One form consolidated for a period: its rows, who was expected and who reported."""
    form: FormDefinition
    period: str  # canonical period code
    period_label: str  # "6 tháng đầu năm 2023"
    expected: list[UnitRef]  # units that should report this form for the period
    reported: list[UnitRef]  # units whose figures are in the totals
    missing: list[UnitRef]  # expected but not reported: never treated as zero
    measures: list[str]  # columns, in order (value measures then percentages)
    rows: list[ConsolidatedRow]
    # each unit's narrative paragraphs, collated (never merged): unit → section code → text
    narratives: dict[UnitKey, dict[str, str]] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)  # form-level notes (crosswalk, partial data)
    # False when the table goes without its «CT …» sheet (by default over
    # breakdown.SHEET_UNITS units): the rows' by_unit are empty, unit_figures() reads them
    has_breakdown: bool = True
    # the provincial bodies (departments, the province office) whose figures were read
    provincial: list[UnitRef] = field(default_factory=list)
    reconciliation: list[Reconciliation] = field(default_factory=list)
    # «số liệu tính đến ngày …» (ISO): stated by the units, else the form's calendar
    data_cutoff: str = ""
    # where each unit's own figures are read from when asked for; None for a table
    # made by hand (its rows' by_unit are all there is)
    figures: UnitFigures | None = field(default=None, repr=False, compare=False)

    def unit_figures(self, row: ConsolidatedRow) -> Mapping[UnitKey, dict]:
        """Each unit's own figures of `row` (the drill-down), with or without the
        table's breakdown: one query for that row when first asked for."""
        if self.figures is None or row.indicator is None:
            return row.by_unit
        return self.figures.row(row.indicator.code)

    def units_of_measure(self, measure: str) -> dict[str, dict[UnitKey, object]]:
        """One measure's figure of each unit on each row (the «CT …» sheet): indicator →
        unit → figure, units without one left out; from the rows for a table made by hand."""
        if self.figures is not None:
            return self.figures.measure(measure)
        return {
            r.indicator.code: col
            for r in self.rows
            if r.indicator is not None
            and (col := {k: f[measure] for k, f in r.by_unit.items() if measure in f})
        }

    def with_breakdown(self) -> ConsolidatedForm:
        """This table with its breakdown (the «CT …» sheet): each row's by_unit, read
        when first used; the note that it was left out goes."""
        if self.has_breakdown or self.figures is None:
            return self
        notes = [n for n in self.notes if not is_left_out_note(n)]
        return replace(self, rows=self._rows_of(self.figures), notes=notes, has_breakdown=True)

    def reading_from(self, repository: Callable[[], object]) -> ConsolidatedForm:
        """The same table, its units' figures read from `repository()` (asked at read
        time: e.g. the page's own, where the table was made on a worker's database)."""
        if self.figures is None:
            return self
        figures = self.figures.reading_from(repository)
        rows = self._rows_of(figures) if self.has_breakdown else self.rows
        return replace(self, rows=rows, figures=figures)

    def _rows_of(self, figures: UnitFigures) -> list[ConsolidatedRow]:
        return [
            r if r.indicator is None else replace(r, by_unit=figures.row(r.indicator.code))
            for r in self.rows
        ]

    @property
    def missing_note(self) -> str:
        if not self.missing:
            return ""
        count = f"{len(self.missing):,}".replace(",", ".")
        if len(self.missing) <= MISSING_NAMED:
            return f"Thiếu số liệu {count} đơn vị: {', '.join(u.name for u in self.missing)}"
        names = ", ".join(u.name for u in self.missing[:MISSING_NAMED])
        rest = f"{len(self.missing) - MISSING_NAMED:,}".replace(",", ".")
        return (
            f"Thiếu số liệu {count} đơn vị: {names} và {rest} đơn vị khác "
            "(danh sách đầy đủ ở trang «Tình hình báo cáo»)"
        )


MISSING_NAMED = 30  # beyond this many, a note names the first ones and counts the rest


@record
class ConsolidationResult:
    """Every form consolidated for one period and level, as exported and reported."""
    period: str
    period_label: str
    level: str  # "province" (from the reporting units up) or "district"
    as_of: str  # ISO date-time of the data used
    issuer: str  # "UBND TỈNH LẠNG SƠN"
    area_name: str  # "Tỉnh Lạng Sơn" or the district's name
    forms: list[ConsolidatedForm]

    def with_breakdown(self) -> ConsolidationResult:
        """Every table with its breakdown (`ConsolidatedForm.with_breakdown`)."""
        return replace(self, forms=[f.with_breakdown() for f in self.forms])

    def reading_from(self, repository: Callable[[], object]) -> ConsolidationResult:
        """Every table's units' figures read from `repository()` from now on."""
        return replace(self, forms=[f.reading_from(repository) for f in self.forms])
