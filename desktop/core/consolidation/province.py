"""How a province figure is formed, per indicator: the units below, the lead department,
or the lead department's provincial part plus the units below (GLOSSARY, "Cơ quan chủ
trì", "Đối chiếu").

Sits between the sums of the units below (`accumulate.py`, either route of `engine.py`)
and the table: `province_cells()` takes those sums and the figures of the *provincial
bodies* — the departments (sở, ban, ngành and the central agencies that report to the
province) and the province office itself (its own entries as the province unit) — and
returns the cells the table shows plus a reconciliation (đối chiếu) of every indicator
where a body's figure and the units' figure both exist.

The rule each indicator declares (`province_source` in the form, default the form's):
- `units`: the units' consolidated figure.  A body's figure for it is only reconciled;
  where no unit below gave the figure, the body's figure is the province's (the province
  office's own entries of a province-only indicator), with a note saying whose it is;
- `lead_department`: the lead's whole-province figure IS the province figure; the units'
  sum is shown beside it in the reconciliation, never added (nothing is counted twice).
  Until the lead reports, the units' sum stands provisionally and the cell and the
  reconciliation say so («Tạm tính từ N đơn vị; Sở Tài chính chưa báo cáo»);
- `department_plus_units`: the lead's provincial part plus the units' sums, added as one
  more contribution (so percentages are recomputed over both).
The lead is the first body with the figure among the departments the indicator names
(`lead`, codes before and after the 2025 mergers), then the province office; without a
declared lead, any department (in catalog order), then the province office.  Other bodies
that gave the same indicator are named in the reconciliation note, never added.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import field
from decimal import Decimal

from desktop.core.consolidation.accumulate import (
    Acc,
    AccKey,
    Values,
    add_into,
    contributions,
    total_of,
    value_measures,
)
from desktop.core.consolidation.cells import Cell, finalize
from desktop.core.consolidation.model import Reconciliation, UnitRef
from desktop.core.formdef.models import (
    Catalog,
    FormDefinition,
    Indicator,
    ProvinceSource,
    ValueKind,
)
from desktop.core.record import record

DEPARTMENT = "department"  # the unit catalog's level for sở, ban, ngành and agencies


@record
class Body:
    """A provincial body's figures for one form and period."""

    unit: UnitRef
    values: Values
    is_office: bool = False  # the province office's own entries (the province unit)


@record
class ProvinceFigures:
    """The whole-province figures a lead body gives, and how they reconcile with the units' sum."""

    cells: dict[tuple[str, str], Cell]
    reconciliation: list[Reconciliation] = field(default_factory=list)
    from_bodies: frozenset[str] = frozenset()  # indicators whose figure is a body's
    # indicator → the body whose figure stands for the province (`ConsolidatedRow.body`)
    shown: Mapping[str, UnitRef] = field(default_factory=dict)


def provincial_bodies(catalog, on) -> list:
    """The bodies that report to the province on day `on`: its departments (catalog
    order), then the province office itself."""
    return catalog.valid_on(on, DEPARTMENT) + [catalog.province]


def _givers(form: FormDefinition, ind: Indicator, bodies: Sequence[Body], vms) -> list[Body]:
    """The bodies that gave a figure of `ind`, the lead first."""
    have = [b for b in bodies if any((ind.code, m) in b.values for m in vms)]
    lead = form.lead_of(ind)
    if lead:
        rank = {c: n for n, c in enumerate(lead)}
        leads = sorted((b for b in have if b.unit.code in rank), key=lambda b: rank[b.unit.code])
        office = [b for b in have if b.is_office]
        return leads + office + [b for b in have if b not in leads and not b.is_office]
    return [b for b in have if not b.is_office] + [b for b in have if b.is_office]


def _eligible(form: FormDefinition, ind: Indicator, body: Body) -> bool:
    """Whether a body's figure may stand for the province: a named lead, the office,
    or any department when the indicator names none."""
    lead = form.lead_of(ind)
    return body.is_office or not lead or body.unit.code in lead


def _lead_name(form: FormDefinition, ind: Indicator, bodies: Sequence[Body]) -> str:
    """The name of the indicator's lead department (the first named one that exists on
    the period's day), for a note saying it has not reported."""
    lead = form.lead_of(ind)
    named = sorted(
        (b for b in bodies if b.unit.code in lead and not b.is_office),
        key=lambda b: lead.index(b.unit.code),
    )
    return named[0].unit.name if named else "Cơ quan chủ trì"


def province_cells(
    form: FormDefinition,
    catalog: Catalog,
    totals: Mapping[AccKey, Acc],
    bodies: Sequence[Body],
    n_units: int,
    n_expected: int = 0,
) -> ProvinceFigures:
    """The province's cells from the units' sums and the bodies' figures (module doc);
    `n_expected`: the units that should have reported, for the reconciliation's note."""
    unit_cells = finalize(form, catalog, totals)
    if not bodies:  # a district's table, a unit's own biểu: the units' figures
        return ProvinceFigures(unit_cells)
    vms = value_measures(form, catalog)
    cells = dict(unit_cells)
    own: dict[str, dict] = {}  # body code → its figures as one contribution's cells
    plus: dict[str, dict] = {}  # body code → units' sums + its provincial part
    recon: list[Reconciliation] = []
    from_bodies: set[str] = set()
    shown: dict[str, UnitRef] = {}
    for ind in form.iter_indicators():
        if ind.kind is ValueKind.TEXT:
            continue
        givers = _givers(form, ind, bodies, vms)
        source = form.source_of(ind)
        if not givers and source is ProvinceSource.UNITS:
            continue
        body = next((b for b in givers if _eligible(form, ind, b)), None)
        measures = [m for m in form.measures_of(ind) if (ind.code, m) in cells]
        units_have = any(unit_cells[(ind.code, m)].value is not None for m in measures if m in vms)
        use_body = body is not None and (
            source is ProvinceSource.LEAD_DEPARTMENT
            or (source is ProvinceSource.UNITS and not units_have)
        )
        key = body.unit.code if body else ""
        if use_body:
            assert body is not None
            if key not in own:
                own[key] = finalize(form, catalog, total_of(form, catalog, [body.values]))
            note = f"Số liệu của {body.unit.name}"
            for m in measures:
                typed = body.values.get((ind.code, m))
                got = own[key][(ind.code, m)]
                # the body's own figures stand, its typed percentages too (a seed's
                # "tăng 15% so với cùng kỳ" often comes without the base figure)
                value = typed if isinstance(typed, Decimal) else got.value
                cells[(ind.code, m)] = Cell(value, 1 if value is not None else 0, note)
            from_bodies.add(ind.code)
            shown[ind.code] = body.unit
        elif body is not None and source is ProvinceSource.DEPARTMENT_PLUS_UNITS:
            if key not in plus:
                both = add_into(dict(totals), contributions(form, catalog, body.values))
                plus[key] = finalize(form, catalog, both)
            for m in measures:
                got = plus[key][(ind.code, m)]
                note = f"Gồm phần của {body.unit.name} và {n_units} đơn vị cấp dưới"
                cells[(ind.code, m)] = Cell(got.value, got.count, note)
        elif source is ProvinceSource.LEAD_DEPARTMENT and units_have:
            # the lead has not reported: the units' sum stands, provisionally and said so
            n = max(unit_cells[(ind.code, m)].count for m in measures)
            note = f"Tạm tính từ {n} đơn vị; {_lead_name(form, ind, bodies)} chưa báo cáo"
            for m in measures:
                got = unit_cells[(ind.code, m)]
                cells[(ind.code, m)] = Cell(got.value, got.count, note)
            from_bodies.add(ind.code)
        elif body is not None and source is ProvinceSource.UNITS:
            _say_partial(cells, ind, measures, body, vms, n_expected)
        recon.extend(
            _reconcile(
                form, catalog, ind, source, body, givers, unit_cells, cells, vms, bodies, n_expected
            )
        )
    return ProvinceFigures(cells, recon, frozenset(from_bodies), shown)


def _say_partial(cells, ind: Indicator, measures, body: Body, vms, n_expected: int) -> None:
    """A units' row whose sum covers fewer units than expected, beside a body's whole-
    province figure (Sở NN&PTNT's vegetables against 3 of 11 districts): the row's note
    says so, where a reader took the partial sum for the province's (the Đối chiếu sheet
    sets the two side by side)."""
    for m in measures:
        c = cells[(ind.code, m)]
        typed = body.values.get((ind.code, m))
        if m in vms and isinstance(typed, Decimal) and c.value is not None and 0 < c.count < n_expected:
            note = (
                f"Tổng của {c.count}/{n_expected} đơn vị; {body.unit.name} có số liệu toàn "
                "tỉnh (xem Đối chiếu)"
            )
            cells[(ind.code, m)] = Cell(c.value, c.count, f"{c.note}; {note}" if c.note else note)


def _reconcile(
    form, catalog, ind, source, body, givers, unit_cells, cells, vms, bodies, n_expected=0
) -> list[Reconciliation]:
    """One reconciliation line per value measure where the units gave a figure and a body
    did too (or the row is the lead's, who has not reported): the figure used, the
    body's, the units', and body − units — said to cover only the units that reported when
    some have not (the difference then holds their part too)."""
    unit = catalog.unit(ind.unit)
    others = [b.unit.name for b in givers if b is not body]
    out = []
    for m in form.measures_of(ind):
        if m not in vms or (ind.code, m) not in cells:
            continue
        typed = body.values.get((ind.code, m)) if body else None
        dept = typed if isinstance(typed, Decimal) else None
        units = unit_cells[(ind.code, m)].value
        if (units is None and not others) or (dept is None and source is ProvinceSource.UNITS):
            continue  # nothing to set beside the body's figure (a province-only row)
        notes = []
        if source is ProvinceSource.DEPARTMENT_PLUS_UNITS:
            diff = None
            notes.append("Số tỉnh = phần của cơ quan chủ trì + tổng các đơn vị cấp dưới")
        else:
            diff = dept - units if dept is not None and units is not None else None
        if dept is None and source is not ProvinceSource.UNITS and body is not None:
            # the lead reported, not this column (Sở Tài chính's «ước thực hiện» only):
            # neither «chưa báo cáo» nor a provisional sum, which the table does not show
            md = catalog.measure(m)
            notes.append(f"{body.unit.name} không báo cáo cột «{md.label if md else m}»")
            if source is ProvinceSource.LEAD_DEPARTMENT:
                notes.append("số tỉnh để trống, tổng các đơn vị chỉ để đối chiếu")
        elif dept is None and source is not ProvinceSource.UNITS:
            notes.append(f"{_lead_name(form, ind, bodies)} chưa báo cáo")
            if source is ProvinceSource.LEAD_DEPARTMENT:
                notes.append(f"số tỉnh tạm tính từ {unit_cells[(ind.code, m)].count} đơn vị")
        counted = unit_cells[(ind.code, m)].count
        if units is not None and dept is not None and 0 < counted < n_expected:
            notes.append(
                f"tổng của {counted}/{n_expected} đơn vị: chênh lệch gồm cả phần của "
                f"{n_expected - counted} đơn vị chưa có số liệu"
            )
        if others:
            notes.append("Cũng báo cáo (không cộng): " + ", ".join(others))
        out.append(
            Reconciliation(
                indicator=ind.code,
                label=ind.label,
                unit_label=unit.label if unit else ind.unit,
                measure=m,
                source=source.value,
                body=body.unit.name if body else "",
                department=dept,
                units=units,
                used=cells[(ind.code, m)].value,
                difference=diff,
                note="; ".join(notes),
            )
        )
    return out
