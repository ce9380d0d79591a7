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

One route for every number of units: the sums come from the database (route.py: the
store's running totals or SQL over the table's submissions), the fallbacks and derived
columns are added to them, and the table is made from them (table.py).  Each unit's own
figures are read only when they are asked for (breakdown.py): a row's for the drill-down,
the whole form's for its «CT …» sheet — which a table carries by default up to
breakdown.SHEET_UNITS units, and with `breakdown=True` whatever their number.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import replace

from desktop.core.consolidation import across, parts, route, transition
from desktop.core.consolidation.accumulate import add_into, contributions
from desktop.core.consolidation.breakdown import SHEET_UNITS, UnitFigures, left_out_note
from desktop.core.consolidation.comparisons import (
    PREVIOUS_MONTH,
    fill_previous_month,
    fill_same_period_last_year,
)
from desktop.core.consolidation.model import ConsolidatedForm, ConsolidationResult, unit_refs
from desktop.core.consolidation.province import provincial_bodies
from desktop.core.consolidation.reading import (
    COUNTED,
    VN_TIME,
    bodies_values,
    ids_as_of,
    last_day_of,
)
from desktop.core.consolidation.table import Gathered, make_table
from desktop.core.consolidation.to_json import result_to_json
from desktop.core.errors import BaoCaoError
from desktop.core.formdef.models import FormDefinition, PeriodType
from desktop.core.formdef.period_form import form_for_period
from desktop.core.marks import CHUA_CO_SO_LIEU
from desktop.core.periods import Period
from desktop.core.storage import sums

__all__ = ["consolidate_form", "consolidate_period", "result_to_json", "unit_report"]

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
    units = svc.units.reporting_units(period, kind)
    if transition.spans_reform(period):  # 2025, 2025-9M: the districts' part, then the communes'
        units = svc.units.valid_on(transition.LAST_OLD_DAY, "district") + units
    return units, f"UBND {province.name.upper()}", province.name


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
    breakdown: bool | None = None,
    earlier: list | None = None,
    compared: dict | None = None,
) -> ConsolidatedForm:
    """One form's table from the units below, and at the province level from the
    provincial bodies too (`bodies`: departments and the province office, province.py).
    `admit(unit key, form id)`, when given, says which submissions count (e.g. only those
    the province accepted, core/trust/accepted.py); the others are left out as missing.
    `breakdown`: whether the table carries its «CT …» sheet (its rows' by_unit); by
    default up to SHEET_UNITS units — a sheet thousands of columns wide is not a document
    anyone prints.  Either way nothing of a unit's own figures is read until asked for
    (`ConsolidatedForm.unit_figures`), and the sums are made the same way (route.py).
    `earlier`: the units whose lũy kế at 30/6/2025 runs on into this period's (the
    districts, for a period of 2025 after 1/7: transition.carried_part); `compared`:
    measure → another table of the form (last year's, the previous month's), whose
    whole-province figures are the province's cùng kỳ, tháng trước across the reform
    (across.py)."""
    form = form_for_period(form, period)  # the period's columns only (period_form.py)
    catalog = svc.pack.catalog
    repo = svc.repo
    conn = repo.conn
    if breakdown is None:
        breakdown = len(units) <= SHEET_UNITS
    got = Gathered(has_breakdown=breakdown and bool(units), compared=compared or {})
    provincial = bodies_values(svc, form, period, bodies, statuses, as_of)
    left = []  # left out by `admit`: named in the table's notes
    if admit is not None and provincial is not None:
        left = [b.unit.name for b in provincial if b.values and not admit(b.unit.key, form.id)]
        provincial = [
            b if admit(b.unit.key, form.id) else replace(b, values={}) for b in provincial
        ]
    got.provincial = provincial
    # the submission that stands for each unit
    counted = sums.counted(conn, str(period), form.id, statuses) if as_of is None else None
    if as_of is not None:
        chosen = ids_as_of(svc, form, period, units, statuses, as_of)
    else:
        chosen = counted or {}
    keys = [u.key for u in units]  # each unit's identity, asked once
    refs = unit_refs(units, keys)
    own = {k: sid for k in keys if (sid := chosen.get(k)) is not None}
    if admit is not None:
        left = [
            u.name for u, k in zip(units, keys, strict=True) if k in own and not admit(k, form.id)
        ] + left
        own = {k: sid for k, sid in own.items() if admit(k, form.id)}
        if left:
            got.notes.append(f"Chưa được tỉnh chấp nhận, không tính: {', '.join(left)}.")
    # the fallbacks read today's figures, unreviewed: a run "as of" a past date or
    # restricted to accepted submissions does without them
    plain = as_of is None and admit is None
    fallback = parts.fallbacks(svc, form, period, units, keys, refs, own, got, plain)
    if not units and bodies:  # a form only departments report: they are the ones expected
        refs = _departments_answering(svc, form, bodies, provincial, got)
    totals, from_totals = route.base_sums(
        svc, form, str(period), own, counted if plain and set(statuses) == set(COUNTED) else None
    )
    # of each unit's own figures, only those a derived figure (cùng kỳ, the previous
    # month) changes the sums through; the rest are read when asked for (breakdown.py)
    by_part = transition.by_part(period, units)
    derive = derivable(svc, form, period, by_part)
    measures = route.derived_measures(form, catalog, derive) if derive else []
    fetched = sums.values_of(conn, list(own.values()), measures) if measures else {}
    figures = {k: fetched[sid] for k, sid in own.items() if sid in fetched}
    before = {k: dict(v) for k, v in figures.items()}
    figures.update(fallback)
    if derive:
        for part, group in by_part.items():  # a unit's cùng kỳ: of the part it reports
            got.notes.extend(fill_same_period_last_year(svc, form, part, group, figures))
            if part.last_month_index < period.last_month_index:
                parts.keep_in_place(form, catalog, group, figures)
        got.notes.extend(fill_previous_month(svc, form, period, units, figures))
        route.add_changes(form, catalog, totals, before, {k: figures[k] for k in before}, derive)
    for key in fallback:
        add_into(totals, contributions(form, catalog, figures[key]))
    if earlier:  # lũy kế of 2025 after 1/7 runs from 1/1: the districts' part, carried
        for values in parts.carried(svc, form, period, earlier, got.notes, plain):
            add_into(totals, contributions(form, catalog, values))
    # what is not read back by id: the fallbacks' figures, what derivation added
    extra = dict(fallback)
    for k, old in before.items():
        if len(figures[k]) != len(old):  # derivation only adds figures
            extra[k] = {key: v for key, v in figures[k].items() if key not in old}
    # own and fallback are drawn from keys, apart: with every unit in one, the order is keys
    covered = len(own) + len(fallback) == len(keys)
    order = keys if covered else [k for k in keys if k in own or k in fallback]
    if transition.spans_reform(period):  # a stock's units: those there at the period's end
        end = period.last_month_index
        ends = [transition.covered(period, u).last_month_index == end for u in units]
        got.at_end = sum(
            1 for k, e in zip(keys, ends, strict=True) if e and (k in own or k in fallback)
        )
    if units:  # none below: no «CT …» sheet, none left out to ask for either
        got.figures = UnitFigures(order, own, extra, lambda: repo)
        if not breakdown:
            got.notes.append(left_out_note(len(units), from_totals))
    _texts(svc, form, period, statuses, own, units, keys, provincial, counted, got)
    return make_table(catalog, form, period, refs, totals, got)


def units_reporting(svc, form: FormDefinition, units: list) -> list:
    """The units below that report `form`: all of them or none, since they are of one
    level (districts or communes, `expected_units`) and `Services.reports_form` answers
    such a unit by the form alone (the one answer of the status board too): none for a
    form only departments report (Biểu số 22), whose figures are the departments'."""
    return units if units and svc.reports_form(units[0], form.id) else []


def _departments_answering(svc, form: FormDefinition, bodies: list, provincial, got) -> list:
    """A form only departments report: the departments that report it (the responsibility
    matrix) are the ones expected, each reported or missing by its own figures; the
    districts or communes are neither («Thiếu số liệu 10 đơn vị: Huyện …» on Biểu số 22
    named ones that never report it)."""
    answering = [
        b
        for unit, b in zip(bodies, provincial or [], strict=True)
        if not b.is_office and svc.reports_form(unit, form.id)
    ]
    got.reported.extend(b.unit for b in answering if b.values)
    got.missing.extend(b.unit for b in answering if not b.values)
    return [b.unit for b in answering]


def derivable(svc, form: FormDefinition, period: Period, parts=None) -> list[str]:
    """The measures a unit's figures may be derived in (comparisons.py), where any
    source exists: cùng kỳ from last year's reports (of each part of the period its units
    report, `transition.by_part`), th_tt from last month's."""
    conn = svc.repo.conn
    out = []
    if "cung_ky" in form.measures and any(
        sums.any_counted(conn, str(p.same_period_last_year()), form.id, COUNTED)
        for p in (parts or (period,))
    ):
        out.append("cung_ky")
    if (
        PREVIOUS_MONTH in form.measures
        and period.type is PeriodType.MONTH
        and sums.any_counted(conn, str(period.previous()), form.id, COUNTED)
    ):
        out.append(PREVIOUS_MONTH)
    return out


def _texts(
    svc, form, period, statuses, own: dict, units: list, keys: list, provincial, counted, got
) -> None:
    """Narratives, «chưa có số liệu» marks and stated cut-off dates of the table's
    submissions (and the provincial bodies' cut-off dates), in the units' order."""
    conn = svc.repo.conn
    ids = list(own.values())
    narratives = sums.narratives_of(conn, ids)
    unknown = sums.marked(conn, ids, CHUA_CO_SO_LIEU)
    for unit, key in zip(units, keys, strict=True) if narratives or unknown else ():
        sid = own.get(key)
        if sid in narratives:
            got.narratives[key] = narratives[sid]
        for code in unknown.get(sid, ()):
            got.unknown.setdefault(code, []).append(unit.name)
    bodies = [b.unit.key for b in provincial or [] if b.values]
    if bodies and counted is None:
        counted = sums.counted(conn, str(period), form.id, statuses)
    ids += [counted[k] for k in bodies if k in counted]
    got.cutoffs = sums.cutoff_days(conn, ids)


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
    breakdown: bool | None = None,
) -> ConsolidationResult:
    """Every form's table for the period (`consolidate_form`); `breakdown` True/False
    asks for or leaves out the «CT …» sheets (default: by the number of units)."""
    period = Period.parse(period_text)
    units, issuer, area = expected_units(svc, period, level, unit_code)
    bodies = provincial_bodies(svc.units, last_day_of(period)) if level == "province" else None
    carried = None
    if level == "province" and transition.carried_part(period):
        carried = svc.units.valid_on(transition.LAST_OLD_DAY, "district")
    compare = across.compared_across(period) if level == "province" else {}
    forms = [svc.pack.get(f) for f in (form_ids or [h.id for h in svc.pack.by_number()])]
    results = []
    for n, form in enumerate(forms, start=1):
        if period.type not in form.period_types and PeriodType.MONTH not in form.period_types:
            continue
        below = units_reporting(svc, form, units)
        earlier = carried and units_reporting(svc, form, carried)
        if not below and bodies is None:
            continue  # a form only departments report has no table below the province
        results.append(
            consolidate_form(
                svc,
                form,
                period,
                below,
                as_of=as_of,
                bodies=bodies,
                admit=admit,
                breakdown=breakdown,
                earlier=earlier,
                compared=_compared(svc, form, compare, as_of, admit),
            )
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


def _compared(svc, form: FormDefinition, periods: dict, as_of, admit) -> dict:
    """measure → the province table of `form` for its period (across.compared_across)."""
    tables = {m: _earlier(svc, form, m, p, as_of, admit) for m, p in periods.items()}
    return {m: t for m, t in tables.items() if t is not None}


def _earlier(
    svc, form: FormDefinition, measure: str, period: Period, as_of, admit
) -> ConsolidatedForm | None:
    """The province table of `form` for an earlier `period` (its units, its parts, its
    carried lũy kế), for the province's cùng kỳ or tháng trước across 1/7/2025 (across.py):
    the province figures only.  None when the form has no such column or nothing of that
    period (nor its halves, quarters, months) is stored: a province run of 25 forms makes
    only the tables it compares with."""
    halves, quarters = (period.sub_periods(t) for t in (PeriodType.HALF_YEAR, PeriodType.QUARTER))
    inside = (period, *halves, *quarters, *period.months)
    conn = svc.repo.conn
    if measure not in form.measures or not any(
        sums.any_counted(conn, str(p), form.id, COUNTED) for p in dict.fromkeys(inside)
    ):
        return None
    units = units_reporting(svc, form, expected_units(svc, period, "province")[0])
    carried = None
    if transition.carried_part(period):
        carried = svc.units.valid_on(transition.LAST_OLD_DAY, "district")
    return consolidate_form(
        svc,
        form,
        period,
        units,
        as_of=as_of,
        bodies=provincial_bodies(svc.units, last_day_of(period)),
        admit=admit,
        breakdown=False,
        earlier=carried and units_reporting(svc, form, carried),
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
