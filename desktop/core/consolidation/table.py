"""From a form's sums to its summary table (`ConsolidatedForm`): the province's cells
(province.py), the «chưa có số liệu» notes, the columns shown, the rows with their STT
numbering and each unit's own figures (the breakdown: read when first used,
breakdown.py), the cut-off date.  Called by
`engine.consolidate_form` once the sums are made (route.py); no database here.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from desktop.core.consolidation import across
from desktop.core.consolidation.accumulate import Acc, AccKey
from desktop.core.consolidation.aggregate import ratio_measures, value_measures
from desktop.core.consolidation.breakdown import UnitFigures
from desktop.core.consolidation.cells import Cell
from desktop.core.consolidation.model import ConsolidatedForm, ConsolidatedRow, UnitRef
from desktop.core.consolidation.province import Body, province_cells
from desktop.core.consolidation.reading import data_cutoff
from desktop.core.formdef.layout import form_rows
from desktop.core.formdef.models import Aggregation, FormDefinition, MeasureKind
from desktop.core.periods import Period
from desktop.core.record import assemble


@dataclass
class Gathered:
    """What a table is made of, besides its sums: who reported and who did not, where
    each unit's figures are read from, narratives, notes, the bodies' figures, the
    units that marked a row «chưa có số liệu», the cut-off dates stated."""

    reported: list[UnitRef] = field(default_factory=list)
    missing: list[UnitRef] = field(default_factory=list)
    figures: UnitFigures | None = None
    narratives: dict = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)
    provincial: list[Body] | None = None
    unknown: dict[str, list[str]] = field(default_factory=dict)
    cutoffs: Iterable[str] = ()
    has_breakdown: bool = True
    # across 1/7/2025: measure → the table whose province figures it is (across.py)
    compared: dict[str, ConsolidatedForm] = field(default_factory=dict)
    at_end: int | None = None  # across 1/7/2025: reported units there at the period's end


def chosen_measures(form: FormDefinition, catalog, cells) -> list[str]:
    """Columns of the table: the form's measures that have at least one figure."""
    measures = [*value_measures(form, catalog), *ratio_measures(form, catalog)]
    have = {k[1] for k, c in cells.items() if c.value is not None}  # one pass over the cells
    shown = [m for m in measures if m in have]
    return shown or value_measures(form, catalog)[:1]


_LAYOUTS: dict[int, tuple[FormDefinition, list]] = {}
_NO_UNIT = object()


def _layout(form: FormDefinition) -> list:
    """The form's rows with their STT numbers (formdef/layout.py), made once per form."""
    hit = _LAYOUTS.get(id(form))
    if hit is None or hit[0] is not form:
        hit = _LAYOUTS[id(form)] = (form, form_rows(form))
    return hit[1]


def build_rows(
    form: FormDefinition,
    catalog,
    cells,
    measures: list[str],
    n_reported: int,
    figures: UnitFigures | None,
    from_bodies: frozenset[str] = frozenset(),
    shown: Mapping[str, UnitRef] | None = None,
    n_at_end: int | None = None,
) -> list[ConsolidatedRow]:
    """The table's rows (headings and indicators, STT numbering) from the consolidated
    cells; with `figures`, each row's units' figures (read when first used); `shown`:
    the body whose figure each row shows, where one does (`ProvinceFigures.shown`)."""
    shown = shown or {}
    rows = []
    units: dict = {}
    ratios = [m for m in measures if (md := catalog.measure(m)) and md.kind is MeasureKind.RATIO]
    for row in _layout(form):
        ind = row.indicator
        if ind is None:
            rows.append(ConsolidatedRow(row.stt, 0, row.section.title, None))
            continue
        code = ind.code
        values: dict = {}
        counts: dict = {}
        notes = []
        main = None  # the first measure some unit gave
        for m in measures:  # each cell looked up once
            c = cells.get((code, m))
            if c is None:
                values[m] = None
                continue
            values[m], n, note = c
            counts[m] = n
            if n and main is None:
                main = m
            if note:
                notes.append(note)
        by_unit = figures.row(code) if figures is not None else {}
        # a stock, a count of units of a period across 1/7/2025: the units at its end only
        n = (
            n_at_end
            if n_at_end is not None and ind.aggregation is not Aggregation.FLOW
            else n_reported
        )
        partial = main and 0 < counts[main] < n and ind.code not in from_bodies
        if partial and values.get(main) is not None:
            notes.append(f"Số liệu của {counts[main]}/{n} đơn vị đã báo cáo")
        fewer = ()
        if main and ind.code not in from_bodies:
            fewer = tuple(
                m for m in ratios if values.get(m) is not None and counts[m] < counts[main]
            )
            notes.extend(_fewer_note(catalog, m, counts[m], counts[main]) for m in fewer)
        unit = units.get(ind.unit, _NO_UNIT)
        if unit is _NO_UNIT:  # the catalog's lookup is a scan: once per unit of measure
            unit = units[ind.unit] = catalog.unit(ind.unit)
        made = assemble(  # its fields set straight in (record.assemble)
            ConsolidatedRow,
            dict(
                stt=row.stt,
                level=row.level,
                label=ind.label,
                indicator=ind,
                unit_label=unit.label if unit else ind.unit,
                values=values,
                by_unit=by_unit,
                counts=counts,
                note="; ".join(dict.fromkeys(notes)) if notes else "",
                partial=fewer,
                body=shown.get(code),
            ),
        )
        rows.append(made)
    return rows


def _fewer_note(catalog, measure: str, n: int, of: int) -> str:
    """«% cùng kỳ tính trên 2/4 đơn vị (đơn vị có đủ số liệu để tính)»: a percentage over
    fewer units than its row's figure, which a reader would otherwise take for the row's."""
    md = catalog.measure(measure)
    return f"{md.short if md else measure} tính trên {n}/{of} đơn vị (đơn vị có đủ số liệu để tính)"


def make_table(
    catalog,
    form: FormDefinition,
    period: Period,
    units: list[UnitRef],
    totals: Mapping[AccKey, Acc],
    got: Gathered,
) -> ConsolidatedForm:
    """The consolidated table from the units' sums (and the provincial bodies' figures):
    columns, rows, the reconciliation, and what goes with them."""
    provincial = got.provincial or []
    figures = province_cells(form, catalog, totals, provincial, len(got.reported), len(units))
    cells = figures.cells
    # «chưa có số liệu»: missing for that row, never 0 (the cells gone through once)
    unknown = {code: f"Chưa có số liệu: {', '.join(who)}" for code, who in got.unknown.items()}
    for key in [k for k in cells if k[0] in unknown] if unknown else ():
        c, note = cells[key], unknown[key[0]]
        cells[key] = Cell(c.value, c.count, f"{c.note}; {note}" if c.note else note)
    for measure, earlier in got.compared.items():  # cùng kỳ, tháng trước across 1/7/2025
        n_missing = len(got.missing)
        said = across.apply(
            cells, form, catalog, measure, earlier, n_missing, got.unknown, figures.from_bodies
        )
        got.notes.extend([said] if said else [])
    measures = chosen_measures(form, catalog, cells)
    cutoff, cutoff_note = data_cutoff(form, period, got.cutoffs)
    rows = build_rows(
        form,
        catalog,
        cells,
        measures,
        len(got.reported),
        got.figures if got.has_breakdown else None,
        figures.from_bodies,
        figures.shown,
        got.at_end,
    )
    return ConsolidatedForm(
        form=form,
        period=str(period),
        period_label=period.label,
        expected=list(units),
        reported=got.reported,
        missing=got.missing,
        measures=measures,
        rows=rows,
        narratives={k: v for k, v in got.narratives.items() if v},
        notes=[*got.notes, cutoff_note] if cutoff_note else got.notes,
        provincial=[b.unit for b in provincial if b.values],
        data_cutoff=cutoff,
        reconciliation=figures.reconciliation,
        has_breakdown=got.has_breakdown,
        figures=got.figures,
    )
