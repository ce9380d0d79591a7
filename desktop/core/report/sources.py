"""What a draft báo cáo is written from: per form, the figures, the previous month's
figures (monthly reports: "so với tháng trước") and the narrative paragraphs by unit.

Two builders, one shape (`ReportData`):
- `unit_data`: a unit's own stored figures (draft included), percentages as the clerk
  typed them, computed from their bases when not typed;
- `province_data`: a `ConsolidationResult` (from `consolidation.engine.consolidate_period`):
  the consolidated figures, percentages recomputed from consolidated bases, and every
  reporting unit's narratives collated under its name (never merged).
"""

from __future__ import annotations

from dataclasses import field
from decimal import Decimal

from desktop.core.formdef.models import FormDefinition, PeriodType
from desktop.core.formdef.period_form import form_for_period
from desktop.core.periods import Period
from desktop.core.record import record

Key = tuple[str, str]


@record
class FormData:
    """One form's figures (and the previous period's) and narratives for the draft báo cáo."""

    form: FormDefinition
    figures: dict[Key, Decimal | str]
    previous: dict[Key, Decimal | str] | None = None
    # (unit name, narrative section code → text), in the units' order
    narratives: list[tuple[str, dict[str, str]]] = field(default_factory=list)
    missing_note: str = ""  # "Thiếu số liệu 2 đơn vị: …" (province)
    # province: whether any figure of the table is the units' sum (else every figure is a
    # department's whole-province one, and the units missing change nothing written)
    units_counted: bool = True
    # province: a percentage over fewer units than its row's figure → (units, of units)
    partial: dict[Key, tuple[int, int]] = field(default_factory=dict)


@record
class ReportData:
    """Everything the draft báo cáo is written from."""

    level: str  # "unit" or "province"
    period: str
    period_label: str  # "6 tháng đầu năm 2023"
    agency: str  # second line under ỦY BAN NHÂN DÂN: "THÀNH PHỐ LẠNG SƠN"
    area: str  # as in the title: "thành phố Lạng Sơn"
    place: str  # "Lạng Sơn" (địa danh of the date line)
    forms: list[FormData]


def _place(name: str, kind: str) -> str:
    for prefix in (kind, "Tỉnh", "Thành phố", "Huyện", "Thị xã", "Thị trấn", "Xã", "Phường"):
        if prefix and name.startswith(prefix + " "):
            return name[len(prefix) + 1 :]
    return name


def _area(name: str) -> str:
    return name[:1].lower() + name[1:]


def _fits(form: FormDefinition, period: Period) -> bool:
    return period.type in form.period_types or PeriodType.MONTH in form.period_types


def _previous(period: Period) -> Period | None:
    return period.previous() if period.type is PeriodType.MONTH else None


def unit_data(repo, pack, unit, period_text: str) -> ReportData:
    """A unit's draft: its current revision of every form for the period."""
    period = Period.parse(period_text)
    before = _previous(period)
    valid_from = unit.key[1]
    forms: list[FormData] = []
    for header in pack.by_number():
        form = form_for_period(pack.get(header.id), period)  # the period's columns
        if not _fits(form, period):
            continue
        stored = repo.get(unit.code, valid_from, form.id, str(period))
        if stored is None:  # never entered: nothing to write, not a row of zeros
            continue
        sub = stored.submission
        prev = repo.get(unit.code, valid_from, form.id, str(before)) if before else None
        forms.append(
            FormData(
                form,
                {k: v for k, v in sub.values.items() if v is not None},
                {k: v for k, v in prev.submission.values.items() if v is not None}
                if prev
                else None,
                [(unit.name, dict(sub.narratives))] if sub.narratives else [],
            )
        )
    return ReportData(
        level="unit",
        period=str(period),
        period_label=period.label,
        agency=unit.name.upper(),
        area=_area(unit.name),
        place=_place(unit.name, unit.kind),
        forms=forms,
    )


def _table_figures(cform) -> dict[Key, Decimal | str]:
    figures: dict[Key, Decimal | str] = {}
    for row in cform.rows:
        if row.indicator is None:
            continue
        for measure, v in row.values.items():
            if v is not None:
                figures[(row.indicator.code, measure)] = v
    return figures


def _units_summed(cform) -> bool:
    """Whether any figure of the table is the units' sum (a row no provincial body's figure
    stands for, `ConsolidatedRow.body`): the only figures the units missing change.  The
    budget's rows are Sở Tài chính's whole-province figures even when districts reported."""
    return any(
        row.indicator is not None
        and row.body is None
        and any(v is not None for v in row.values.values())
        for row in cform.rows
    )


def _partial(cform) -> dict[Key, tuple[int, int]]:
    """(indicator, percentage) → (units it covers, units of the row's figure), for the
    percentages the table computed over fewer units than its row (`ConsolidatedRow.partial`)."""
    out = {}
    for row in cform.rows:
        if row.indicator is None or not row.partial:
            continue
        main = next((m for m, n in row.counts.items() if n), None)
        for m in row.partial:
            out[(row.indicator.code, m)] = (row.counts[m], row.counts[main])
    return out


def province_data(result, previous=None) -> ReportData:
    """The province's (or a district's) draft from consolidated tables; `previous` is the
    previous month's `ConsolidationResult` for "so với tháng trước", or None."""
    before = {f.form.id: _table_figures(f) for f in previous.forms} if previous else {}
    forms = []
    for f in result.forms:
        if not f.reported and not f.provincial:  # a department's figures count too
            continue
        names = {u.key: u.name for u in [*f.reported, *f.expected, *f.provincial]}
        narratives = [
            (names.get(key, key[0]), texts) for key, texts in f.narratives.items() if texts
        ]
        forms.append(
            FormData(
                f.form,
                _table_figures(f),
                before.get(f.form.id),
                narratives,
                f.missing_note,
                units_counted=bool(f.reported) and _units_summed(f),
                partial=_partial(f),
            )
        )
    area = result.area_name
    return ReportData(
        level=result.level,
        period=result.period,
        period_label=result.period_label,
        agency=area.upper(),
        area=_area(area),
        place=_place(area, ""),
        forms=forms,
    )

