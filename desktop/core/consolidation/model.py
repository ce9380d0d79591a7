"""The result of consolidation: what the summary tables (biểu tổng hợp) show.

Produced by `consolidation.engine.consolidate_period()`; read by the Excel workbook writer,
the CLI's JSON output and the GUI's consolidation page.  Plain frozen data: no I/O here.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from desktop.core.formdef.models import FormDefinition, Indicator

UnitKey = tuple[str, str]  # (unit code, valid_from ISO date or "")


@dataclass(frozen=True)
class UnitRef:
    """A reporting unit as shown in a table: code, name and identity."""

    code: str
    name: str
    valid_from: str = ""

    @property
    def key(self) -> UnitKey:
        return (self.code, self.valid_from)


@dataclass(frozen=True)
class ConsolidatedRow:
    stt: str
    level: int  # 0 = section heading, 1 = top indicator, 2 = child …
    label: str
    indicator: Indicator | None  # None for a section heading
    unit_label: str = ""
    # consolidated value per measure code (value measures and recomputed percentages);
    # None = no unit gave a figure, or a percentage whose base is missing
    values: dict[str, Decimal | None] = field(default_factory=dict)
    # each reporting unit's own figures, for the breakdown sheet and "who contributed"
    by_unit: dict[UnitKey, dict[str, Decimal | str | None]] = field(default_factory=dict)
    # how many units gave a figure per measure (a total over fewer units says so)
    counts: dict[str, int] = field(default_factory=dict)
    note: str = (
        ""  # Ghi chú: e.g. "Thiếu số liệu 2 đơn vị: …", "Không cộng được: tỷ lệ không có quyền số"
    )

    @property
    def is_heading(self) -> bool:
        return self.indicator is None


@dataclass(frozen=True)
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


@dataclass(frozen=True)
class ConsolidatedForm:
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
    # False for a national run: the rows carry totals only, no unit's own figures
    has_breakdown: bool = True
    # the provincial bodies (departments, the province office) whose figures were read
    provincial: list[UnitRef] = field(default_factory=list)
    reconciliation: list[Reconciliation] = field(default_factory=list)
    # «số liệu tính đến ngày …» (ISO): stated by the units, else the form's calendar
    data_cutoff: str = ""

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


@dataclass(frozen=True)
class ConsolidationResult:
    period: str
    period_label: str
    level: str  # "province" (from the reporting units up) or "district"
    as_of: str  # ISO date-time of the data used
    issuer: str  # "UBND TỈNH LẠNG SƠN"
    area_name: str  # "Tỉnh Lạng Sơn" or the district's name
    forms: list[ConsolidatedForm]
