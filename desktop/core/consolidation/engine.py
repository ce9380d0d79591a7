"""Consolidation over units and over time: from the stored submissions to the summary
tables (`ConsolidationResult`), ready for Excel, JSON or the GUI.

Route (GLOSSARY, "Who reports to whom"):
- periods ending before 1/7/2025: communes → district → province.  The province table
  adds up the 11 district-level units; a district that sent nothing but whose communes
  did is consolidated from its communes (and says which communes are missing);
- periods ending from 1/7/2025: communes → province (65 units).
Missing units are never zeros: each table lists them, and each total says how many units
it covers.  A unit that reported monthly but not for a longer period is combined from
its months (all months needed).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import replace

from desktop.core.consolidation.accumulate import Cell, add_into, contributions, total_of
from desktop.core.consolidation.aggregate import (
    ratio_measures,
    value_measures,
)
from desktop.core.consolidation.comparisons import fill_previous_month, fill_same_period_last_year
from desktop.core.consolidation.model import (
    ConsolidatedForm,
    ConsolidatedRow,
    ConsolidationResult,
)
from desktop.core.consolidation.province import Body, province_cells, provincial_bodies
from desktop.core.consolidation.reading import (
    COUNTED,
    VN_TIME,
    bodies_values,
    data_cutoff,
    from_communes,
    last_day_of,
    months_values,
    ref,
    values_as_of,
)
from desktop.core.consolidation.to_json import result_to_json

__all__ = ["consolidate_form", "consolidate_period", "result_to_json", "unit_report"]
from desktop.core.errors import BaoCaoError
from desktop.core.formdef.layout import form_rows
from desktop.core.formdef.models import FormDefinition, PeriodType
from desktop.core.marks import CHUA_CO_SO_LIEU
from desktop.core.periods import Period

REFORM_DATE = dt.date(2025, 7, 1)


def expected_units(
    svc, period: Period, level: str, unit_code: str | None = None
) -> tuple[list, str, str]:
    """The units whose figures make up the table, the issuing body and the area name."""
    last_day = last_day_of(period)
    province = svc.units.province
    if level == "district":
        if last_day >= REFORM_DATE:
            raise BaoCaoError(
                "Từ 1/7/2025 không còn cấp huyện: hãy tổng hợp cấp tỉnh.",
                code="khong_con_cap_huyen",
            )
        if not unit_code:
            raise BaoCaoError(
                "Tổng hợp cấp huyện cần chỉ rõ huyện (--unit MÃ).", code="thieu_don_vi"
            )
        district = svc.units.get(unit_code, last_day)
        if district.level != "district":
            raise BaoCaoError(
                f"{district.name} không phải đơn vị cấp huyện.", code="khong_phai_cap_huyen"
            )
        return (
            svc.units.children(district, last_day),
            f"UBND {district.name.upper()}",
            district.name,
        )
    if level != "province":
        raise BaoCaoError(
            f"Cấp tổng hợp «{level}» không hợp lệ; dùng province hoặc district.",
            code="cap_khong_hop_le",
        )
    kind = "district" if last_day < REFORM_DATE else "commune"
    return svc.units.reporting_units(period, kind), f"UBND {province.name.upper()}", province.name


def chosen_measures(form: FormDefinition, catalog, cells) -> list[str]:
    """Columns of the table: the form's measures that have at least one figure."""
    measures = [*value_measures(form, catalog), *ratio_measures(form, catalog)]
    shown = [
        m for m in measures if any(k[1] == m and c.value is not None for k, c in cells.items())
    ]
    return shown or value_measures(form, catalog)[:1]


def build_rows(
    form: FormDefinition,
    catalog,
    cells,
    measures: list[str],
    n_reported: int,
    contributions: dict,
    from_bodies: frozenset[str] = frozenset(),
) -> list[ConsolidatedRow]:
    """The table's rows (headings and indicators, STT numbering) from the consolidated cells."""
    by_indicator: dict[tuple[str, str], dict[str, dict]] = {}
    for k, vals in contributions.items():
        grouped: dict[str, dict] = {}
        for (i, m), v in vals.items():
            grouped.setdefault(i, {})[m] = v
        by_indicator[k] = grouped
    rows = []
    for row in form_rows(form):
        ind = row.indicator
        if ind is None:
            rows.append(ConsolidatedRow(row.stt, 0, row.section.title, None))
            continue
        values = {
            m: cells[(ind.code, m)].value if (ind.code, m) in cells else None for m in measures
        }
        counts = {m: cells[(ind.code, m)].count for m in measures if (ind.code, m) in cells}
        by_unit = {k: per_ind.get(ind.code, {}) for k, per_ind in by_indicator.items()}
        notes = [c.note for m in measures if (c := cells.get((ind.code, m))) and c.note]
        main = next((m for m in measures if counts.get(m)), None)
        partial = main and 0 < counts[main] < n_reported and ind.code not in from_bodies
        if partial and values.get(main) is not None:
            notes.append(f"Số liệu của {counts[main]}/{n_reported} đơn vị đã báo cáo")
        unit = catalog.unit(ind.unit)
        rows.append(
            ConsolidatedRow(
                row.stt,
                row.level,
                ind.label,
                ind,
                unit.label if unit else ind.unit,
                values,
                by_unit,
                counts,
                "; ".join(dict.fromkeys(notes)),
            )
        )
    return rows


LARGE_RUN = 400  # above this many units, the store's running totals are read (large run)


def consolidate_form(
    svc,
    form: FormDefinition,
    period: Period,
    units: list,
    *,
    statuses: tuple[str, ...] = COUNTED,
    as_of: dt.date | None = None,
    bodies: list | None = None,
    admit: Callable[[tuple[str, str], str], bool] | None = None,
) -> ConsolidatedForm:
    """One form's table from the units below, and at the province level from the
    provincial bodies too (`bodies`: departments and the province office, province.py).
    `admit(unit key, form id)`, when given, says which submissions count (e.g. only those
    the province accepted, core/trust/accepted.py); the others are left out as missing."""
    catalog = svc.pack.catalog
    keys = [u.key for u in units]
    provincial = bodies_values(svc, form, period, bodies, statuses, as_of)
    left = []  # left out by `admit`: named in the table's notes
    if admit is not None and provincial is not None:
        left = [b.unit.name for b in provincial if b.values and not admit(b.unit.key, form.id)]
        provincial = [
            b if admit(b.unit.key, form.id) else replace(b, values={}) for b in provincial
        ]
    plain = as_of is None and admit is None  # the fallbacks and running sums count everything
    if len(units) > LARGE_RUN and plain and set(statuses) == set(COUNTED):
        large = _consolidate_large(svc, form, period, units, provincial)
        if large is not None:
            return large
    if as_of is not None:
        direct, narratives = values_as_of(svc, form, period, units, statuses, as_of)
    else:
        direct = svc.repo.values_by_unit(str(period), form.id, keys, statuses=statuses)
        narratives = svc.repo.narratives_by_unit(str(period), form.id, keys, statuses=statuses)
    contributions: dict[tuple[str, str], dict] = {}
    notes: list[str] = []
    reported, missing = [], []
    if admit is not None:
        left = [u.name for u in units if u.key in direct and not admit(u.key, form.id)] + left
        direct = {k: v for k, v in direct.items() if admit(k, form.id)}
        narratives = {k: v for k, v in narratives.items() if admit(k, form.id)}
        if left:
            notes.append(f"Chưa được tỉnh chấp nhận, không tính: {', '.join(left)}.")
    # the fallbacks read today's figures, unreviewed: a run "as of" a past date or
    # restricted to accepted submissions does without them
    by_months = {}
    if plain:
        by_months = months_values(svc, form, [u for u in units if u.key not in direct], period)
    for unit in units:
        values = direct.get(unit.key)
        if values is None and unit.level == "district" and plain:
            values = from_communes(svc, form, period, unit, notes)
        if values is None and unit.key in by_months:
            values = by_months[unit.key]
            notes.append(f"{unit.name}: cộng từ các báo cáo tháng.")
        if values is None:
            missing.append(ref(unit))
            continue
        contributions[unit.key] = dict(values)
        reported.append(ref(unit))
    notes.extend(fill_same_period_last_year(svc, form, period, units, contributions))
    notes.extend(fill_previous_month(svc, form, period, units, contributions))
    marks = svc.repo.marks_by_unit(str(period), form.id, list(contributions), statuses=statuses)
    names = {u.key: u.name for u in units}
    unknown: dict[str, list[str]] = {}  # «chưa có số liệu»: missing for that row, never 0
    for key, got in marks.items():
        for code, mark in got.items():
            if mark == CHUA_CO_SO_LIEU:
                unknown.setdefault(code, []).append(names.get(key, key[0]))
    totals = total_of(form, catalog, list(contributions.values()))
    return _table(
        svc,
        form,
        period,
        units,
        reported,
        missing,
        totals,
        contributions,
        narratives,
        notes,
        provincial,
        unknown=unknown,
        statuses=statuses,
    )


def _table(
    svc,
    form,
    period: Period,
    units,
    reported,
    missing,
    totals,
    by_unit,
    narratives,
    notes,
    provincial,
    unknown: dict[str, list[str]] | None = None,
    statuses: tuple[str, ...] = COUNTED,
    **kw,
) -> ConsolidatedForm:
    """The consolidated table from the units' sums (and the provincial bodies' figures):
    columns, rows, the reconciliation, and what goes with them."""
    catalog = svc.pack.catalog
    figures = province_cells(form, catalog, totals, provincial or [], len(reported))
    cells = figures.cells
    for code, who in (unknown or {}).items():
        note = f"Chưa có số liệu: {', '.join(who)}"
        for key in [k for k in cells if k[0] == code]:
            c = cells[key]
            cells[key] = Cell(c.value, c.count, f"{c.note}; {note}" if c.note else note)
    measures = chosen_measures(form, catalog, cells)
    keys = [u.key for u in reported] + [b.unit.key for b in provincial or [] if b.values]
    cutoff, cutoff_note = data_cutoff(svc, form, period, keys, statuses)
    return ConsolidatedForm(
        form=form,
        period=str(period),
        period_label=period.label,
        expected=[ref(u) for u in units],
        reported=reported,
        missing=missing,
        measures=measures,
        rows=build_rows(
            form, catalog, cells, measures, len(reported), by_unit, figures.from_bodies
        ),
        narratives={k: v for k, v in narratives.items() if v},
        notes=[*notes, cutoff_note] if cutoff_note else notes,
        provincial=[b.unit for b in provincial or [] if b.values],
        data_cutoff=cutoff,
        reconciliation=figures.reconciliation,
        **kw,
    )


def _consolidate_large(
    svc, form: FormDefinition, period: Period, units: list, provincial: list[Body] | None
) -> ConsolidatedForm | None:
    """A national run: the store's running sums (storage/totals.py) instead of millions of
    figures.  The sums cover every counted submission of the period; one from a unit
    outside this table is taken out again, and a unit that only sent its months is added
    from them.  No per-unit breakdown (a table thousands of columns wide is not a
    document anyone prints) and no derived cùng kỳ; the table says so."""
    got = svc.repo.counted_totals(str(period), form.id)
    if got is None:
        return None
    catalog = svc.pack.catalog
    sums = dict(got[0])
    expected = {u.key for u in units}
    counted = [m for m in svc.repo.list_for_period(str(period), [form.id]) if m.status in COUNTED]
    present = {(m.unit_code, m.unit_valid_from) for m in counted}
    for meta in counted:
        if (meta.unit_code, meta.unit_valid_from) not in expected:
            stored = svc.repo.get_by_id(meta.id)
            add_into(sums, contributions(form, catalog, stored.submission.values), -1)
    notes = []
    by_months = months_values(svc, form, [u for u in units if u.key not in present], period)
    for values in by_months.values():
        add_into(sums, contributions(form, catalog, values))
    if by_months:
        notes.append(f"{len(by_months):,} đơn vị: cộng từ các báo cáo tháng.".replace(",", "."))
    reported = [ref(u) for u in units if u.key in present or u.key in by_months]
    missing = [ref(u) for u in units if u.key not in present and u.key not in by_months]
    keys = [u.key for u in units]
    narratives = svc.repo.narratives_by_unit(str(period), form.id, keys, statuses=COUNTED)
    n_units = f"{len(units):,}".replace(",", ".")
    notes.append(
        f"Tổng hợp {n_units} đơn vị từ số cộng dồn lưu sẵn trong cơ sở dữ liệu; "
        "không lập bảng chi tiết từng đơn vị và không tự điền cùng kỳ."
    )
    return _table(
        svc,
        form,
        period,
        units,
        reported,
        missing,
        sums,
        {},
        narratives,
        notes,
        provincial,
        has_breakdown=False,
    )


def consolidate_period(
    svc,
    period_text: str,
    *,
    form_ids: list[str] | None = None,
    level: str = "province",
    unit_code: str | None = None,
    as_of: dt.date | None = None,
    progress: Callable[[int, int], None] | None = None,
    admit: Callable[[tuple[str, str], str], bool] | None = None,
) -> ConsolidationResult:
    period = Period.parse(period_text)
    units, issuer, area = expected_units(svc, period, level, unit_code)
    bodies = provincial_bodies(svc.units, last_day_of(period)) if level == "province" else None
    forms = [svc.pack.get(f) for f in (form_ids or sorted(svc.pack.forms))]
    results = []
    for n, form in enumerate(forms, start=1):
        if period.type not in form.period_types and PeriodType.MONTH not in form.period_types:
            continue
        results.append(
            consolidate_form(svc, form, period, units, as_of=as_of, bodies=bodies, admit=admit)
        )
        if progress:
            progress(n, len(forms))
    stamp = dt.datetime.now(VN_TIME).isoformat(timespec="seconds")
    return ConsolidationResult(
        period=str(period),
        period_label=period.label,
        level=level,
        as_of=as_of.isoformat() if as_of else stamp,
        issuer=issuer,
        area_name=area,
        forms=results,
    )


def unit_report(svc, unit, period_text: str, form_ids: list[str]) -> ConsolidationResult:
    """A unit's own biểu for printing and signing: its current figures (draft included)."""
    period = Period.parse(period_text)
    forms = [
        consolidate_form(
            svc, svc.pack.get(f), period, [unit], statuses=("draft", "final", "sent", "received")
        )
        for f in form_ids
    ]
    stamp = dt.datetime.now(VN_TIME).isoformat(timespec="seconds")
    return ConsolidationResult(
        period=str(period),
        period_label=period.label,
        level="unit",
        as_of=stamp,
        issuer=f"UBND {unit.name.upper()}",
        area_name=unit.name,
        forms=forms,
    )
