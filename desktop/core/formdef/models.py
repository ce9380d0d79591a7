"""Form-definition models: what a reporting form (biểu mẫu) is made of.

Forms live as YAML files in `forms/` (data, not code).  The loader turns each file into
a frozen `FormDefinition`; `checks.py` then verifies everything a pydantic field type
cannot express (references, cycles, rule expressions).  `forms/_catalog.yaml` holds the
shared vocabulary: units of measure (đơn vị tính), measures (TH kỳ báo cáo, lũy kế, …)
and reporting domains.

Vocabulary kept in Vietnamese where it is the term of art:
- `th_ky`: thực hiện kỳ báo cáo; `luy_ke`: lũy kế từ đầu năm; `kh_nam`: kế hoạch năm;
  `du_toan_tinh` / `du_toan_huyen`: dự toán tỉnh giao / đơn vị giao (phấn đấu);
  `cung_ky`: cùng kỳ năm trước; `pct_*`: tỷ lệ (%) giữa hai số đo trên.
"""

from dataclasses import field
from decimal import Decimal
from enum import StrEnum
from functools import cached_property
from typing import Annotated

from desktop.core.dataspec import Model, NonEmpty, Pattern, Range
from desktop.core.record import record

CODE_PATTERN = r"^[A-Z][A-Z0-9_]{1,39}$"
SLUG_PATTERN = r"^[a-z][a-z0-9_]{0,39}$"

IndicatorCode = Annotated[str, Pattern(CODE_PATTERN)]
Slug = Annotated[str, Pattern(SLUG_PATTERN)]
Text = Annotated[str, NonEmpty()]
# Frozen dataclasses (dataspec.py): pydantic checks the YAML only when the pack cache
# misses.  Their docstrings are Vietnamese: `baocao forms schema` gives them to form authors.
# No `from __future__ import annotations` here: real (not string) annotations let the cache
# reader resolve the field types without compiling each one (~100 compiles per command).
_frozen = record(kw_only=True)  # a frozen dataclass, defined without compiling (record.py)


class ValueKind(StrEnum):
    DECIMAL = "decimal"
    INTEGER = "integer"
    PERCENT = "percent"
    TEXT = "text"


class Aggregation(StrEnum):
    """How an indicator adds up over units and over time (see GLOSSARY)."""

    FLOW = "flow"  # sum over units; sum of months over time
    STOCK = "stock"  # sum over units; value at end of period over time
    RATIO = "ratio"  # recomputed from numerator/denominator (or weighted by a base)
    COUNT_OF_UNITS = "count_of_units"  # "08/10 xã đạt chuẩn": sum of both parts
    NONE = "none"  # not consolidated (text, or a rate with no base): shown per unit


class ProvinceSource(StrEnum):
    """Where the province's figure of an indicator comes from (GLOSSARY, "Cơ quan chủ trì")."""

    UNITS = "units"  # the units below: sum for flows, last for stocks, recomputed ratios
    LEAD_DEPARTMENT = "lead_department"  # the lead department's whole-province figure
    DEPARTMENT_PLUS_UNITS = "department_plus_units"  # its provincial part + the units below


class Calendar(StrEnum):
    ADMINISTRATIVE = "administrative"  # cut-off 15th → 14th (Nghị định 09/2019/NĐ-CP)
    CALENDAR = "calendar"  # statistical reports: calendar months


class PeriodType(StrEnum):
    MONTH = "month"
    QUARTER = "quarter"
    HALF_YEAR = "half_year"
    NINE_MONTHS = "nine_months"
    YEAR = "year"


class ChildrenRule(StrEnum):
    NONE = "none"  # children are details, no arithmetic link
    EQUAL = "equal"  # children add up exactly to the parent
    AT_MOST = "at_most"  # "trong đó": children add up to no more than the parent
    # the parent IS the sum of its children: computed from them in the entry grid (greyed,
    # not typed); a figure that arrives typed (JSON, Excel) is checked like `equal`
    SUM = "sum"


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"


class MeasureKind(StrEnum):
    VALUE = "value"
    RATIO = "ratio"  # a percentage of two other measures of the same indicator


class MeasureTime(StrEnum):
    """How a measure behaves over time when months are combined into a longer period."""

    PERIOD = "period"  # belongs to the period (th_ky, cung_ky): follows the indicator
    YEAR_TO_DATE = "ytd"  # lũy kế: value at the end of the period
    ANNUAL = "annual"  # the year's target: the latest value given in the year


# ---------------------------------------------------------------- catalog


class Reading(StrEnum):
    """Cách đọc một số đo theo %: chỉ số (kỳ gốc = 100) hay hiệu hai tỷ lệ (điểm phần trăm)."""

    INDEX = "index"  # «Chỉ số … (cùng kỳ năm trước = 100)»: 100,81 = tăng 0,81%
    POINTS = "points"  # «… (điểm %)»: 3,28 điểm phần trăm


@_frozen
class LabelReading(Model):
    """Chỉ tiêu có tên chứa `mark` được đọc theo `reads_as`, không phải «x%»."""

    mark: Text  # e.g. "= 100)" or "(điểm %)"
    reads_as: Reading


@_frozen
class UnitOfMeasure(Model):
    """Đơn vị tính và độ lớn của nó so với đơn vị gốc cùng loại."""

    code: Slug
    label: Text  # as printed in the ĐVT column, e.g. "triệu đồng"
    dimension: Slug  # money, area, count, … — units of one dimension convert
    factor: Decimal = Decimal(1)  # size relative to the dimension's base unit
    # how the draft báo cáo reads a figure whose indicator label carries a mark (an index,
    # a difference of two percentages); without a mark, as the unit's label says
    readings: list[LabelReading] = field(default_factory=list)

    def reading_of(self, label: str) -> Reading | None:
        return next((r.reads_as for r in self.readings if r.mark in label), None)


@_frozen
class MeasureDef(Model):
    """Số đo: một cột của biểu, ví dụ TH kỳ, lũy kế, % so cùng kỳ."""

    code: Slug
    label: Text  # column heading, e.g. "Thực hiện kỳ báo cáo"
    short: Text  # short heading for narrow columns, e.g. "TH kỳ"
    kind: MeasureKind = MeasureKind.VALUE
    time: MeasureTime = MeasureTime.PERIOD
    # ratio measures: value = first present numerator ÷ denominator × 100
    numerator: list[Slug] = field(default_factory=list)
    denominator: Slug | None = None


@_frozen
class Domain(Model):
    """Lĩnh vực báo cáo."""

    code: Slug
    title: Text
    # báo cáo: the heading above this domain and the ones after it in the same group (seed
    # 002's «1. Lĩnh vực phát triển kinh tế» over «1.1. …» … «1.6. Thu, chi ngân sách»)
    group: Text | None = None


@_frozen
class Catalog(Model):
    """Danh mục dùng chung của bộ biểu mẫu (forms/_catalog.yaml)."""

    units_of_measure: list[UnitOfMeasure]
    measures: list[MeasureDef]
    domains: list[Domain]

    def unit(self, code: str) -> UnitOfMeasure | None:
        return self._units.get(code)

    def measure(self, code: str) -> MeasureDef | None:
        return self._measures.get(code)

    # looked up by code for every row of every form: indexed once per catalog object (the
    # first of duplicated codes wins, as a search of the list would; checks.py refuses them)
    @cached_property
    def _units(self) -> dict[str, UnitOfMeasure]:
        return {u.code: u for u in reversed(self.units_of_measure)}

    @cached_property
    def _measures(self) -> dict[str, MeasureDef]:
        return {m.code: m for m in reversed(self.measures)}

    def domain(self, code: str) -> Domain | None:
        return next((d for d in self.domains if d.code == code), None)


# ---------------------------------------------------------------- forms


@_frozen
class Indicator(Model):
    """Chỉ tiêu: một dòng của biểu."""

    code: IndicatorCode
    label: Text
    unit: Slug  # code of a unit of measure in the catalog
    kind: ValueKind = ValueKind.DECIMAL
    required: bool = False
    min: Decimal | None = None
    max: Decimal | None = None
    parent: IndicatorCode | None = None
    children: ChildrenRule = ChildrenRule.NONE
    aggregation: Aggregation = Aggregation.FLOW
    numerator: IndicatorCode | None = None  # ratio
    denominator: IndicatorCode | None = None  # ratio
    scale: Decimal = Decimal(100)  # ratio: numerator / denominator × scale
    weight: IndicatorCode | None = None  # ratio without parts: weighted by this base
    total: IndicatorCode | None = None  # count_of_units: the "out of" indicator
    measures: list[Slug] | None = None  # subset of the form's measures; None = all
    note: str | None = None  # guidance shown to the clerk
    sentence: str | None = None  # report sentence pattern (docs/report.md)
    # the province's draft words it so instead (seed 002 «250,95 nghìn lượt khách», where
    # a city's report writes «1.798.700 lượt khách»)
    province_sentence: str | None = None
    # when its figure is 0: these words («không có vụ ngộ độc thực phẩm»); "" = say nothing
    zero_sentence: str | None = None
    # how the province's figure is formed; None = the form's `province_source`
    province_source: ProvinceSource | None = None
    lead: list[str] | None = None  # lead department codes (before/after mergers); None = form's


@_frozen
class Section(Model):
    """Mục: một nhóm chỉ tiêu có tiêu đề (I, II, …)."""

    code: str | None = None  # "I", "II" … computed when absent
    title: Text
    indicators: list[Indicator] = field(default_factory=list)
    sentence: str | None = None  # default pattern for the section's indicators
    # báo cáo: the section's paragraph goes under this domain's heading (seed 002 writes
    # the province's industrial products under «Sản xuất công nghiệp; thương mại …»)
    report_under: Slug | None = None
    # … right after the paragraph of this section of that domain's forms (seed 002: the
    # products after the industrial index, transport and banks after trade); else at its end
    report_after: Text | None = None


@_frozen
class Rule(Model):
    """Quy tắc kiểm tra giữa các chỉ tiêu, viết bằng biểu thức."""

    code: Annotated[str, Pattern(r"^[A-Za-z][A-Za-z0-9_.\-]{0,59}$")]
    expr: Text
    severity: Severity = Severity.ERROR
    message: Text
    measures: list[Slug] | None = None  # measures the rule applies to; None = every one


@_frozen
class NarrativeSection(Model):
    """Phần thuyết minh (văn bản tự do) của biểu."""

    code: Slug
    title: Text
    required: bool = False
    max_chars: int = 20000


@_frozen
class FormDefinition(Model):
    """Biểu mẫu báo cáo: tệp forms/<mã biểu>.yaml."""

    id: Slug
    version: Annotated[int, Range(ge=1)]
    title: Text
    bieu_so: Text  # "Biểu số 01"
    domain: Slug
    calendar: Calendar = Calendar.ADMINISTRATIVE
    period_types: list[PeriodType]
    deadline_days: Annotated[int, Range(ge=0, le=60)] = 5  # days after the cut-off date
    measures: list[Slug]
    # số đo chỉ có trong một số loại kỳ: {mã số đo: [loại kỳ]}, ví dụ «du_toan_thang: [month]»
    # (dự toán tháng chỉ có ở báo cáo tháng); số đo không ghi ở đây có trong mọi kỳ của biểu.
    # Các cột của biểu trong một kỳ: formdef/period_form.py (form_for_period)
    measure_periods: dict[Slug, list[PeriodType]] = field(default_factory=dict)
    sections: list[Section]
    rules: list[Rule] = field(default_factory=list)
    narratives: list[NarrativeSection] = field(default_factory=list)
    source: str | None = None  # where the indicators come from (a seed report, a circular)
    province_source: ProvinceSource = ProvinceSource.UNITS  # default for its indicators
    # a year's figures run to this day ("MM-DD") of year N+1: a year's investment plan is
    # disbursed until 31/1 of the next year ("01-31"); None = the calendar's year end
    year_cutoff: Annotated[str, Pattern(r"^\d{2}-\d{2}$")] | None = None
    lead: list[str] = field(default_factory=list)  # default lead department codes

    # -- convenience (pure functions of the frozen data)

    def iter_indicators(self):
        for section in self.sections:
            yield from section.indicators

    def indicator_map(self) -> dict[str, Indicator]:
        return {i.code: i for i in self.iter_indicators()}

    def in_period_type(self, measure: str, period_type: PeriodType | str) -> bool:
        """Whether the column `measure` is part of the form in a period of this type."""
        types = self.measure_periods.get(measure)
        return types is None or period_type in types

    def measures_of(self, indicator: Indicator) -> list[str]:
        return list(indicator.measures) if indicator.measures is not None else list(self.measures)

    def source_of(self, indicator: Indicator) -> ProvinceSource:
        return indicator.province_source or self.province_source

    def lead_of(self, indicator: Indicator) -> list[str]:
        return list(indicator.lead) if indicator.lead is not None else list(self.lead)


@_frozen
class FormHeader(Model):
    """What listing a form needs (`forms list`, the reporting status), kept in the pack cache
    beside the form: a short command reads it without building the whole form."""

    id: str
    version: int
    bieu_so: str
    title: str
    domain: str
    calendar: Calendar
    period_types: list[PeriodType]
    deadline_days: int
    indicators: int  # distinct indicator codes
    hash: str  # the form's content hash (loader.form_hash)
