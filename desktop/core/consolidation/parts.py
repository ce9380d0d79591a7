"""Where a table's figures come from for units without their own report for the period
(`engine.consolidate_form`): a unit that existed in part of it (the year 2025: the
districts until 30/6, the communes from 1/7; transition.py) by its figures for that part,
a district from its communes, a unit from its months or quarters; and the districts'
lũy kế at 30/6/2025 that a later 2025 period's lũy kế carries on from.
"""

from __future__ import annotations

from desktop.core.consolidation import transition
from desktop.core.consolidation.reading import COUNTED, from_communes, months_values
from desktop.core.formdef.models import FormDefinition, MeasureTime
from desktop.core.periods import Period


def fallbacks(
    svc,
    form: FormDefinition,
    period: Period,
    units: list,
    keys: list,
    refs: list,
    own: dict,
    got,
    plain: bool,
) -> dict:
    """Units without their own submission: a unit that existed in part of the period (the
    year 2025: the districts until 30/6, the communes from 1/7) by its figures for that
    part (transition.py), a district from its communes, a unit from its months or
    quarters (`plain` runs only); the others are missing.  Fills `got.reported` and
    `got.missing` in the units' order."""
    out: dict = {}
    rest = [n for n, k in enumerate(keys) if k not in own]  # (most units: their own)
    for part, group in transition.by_part(period, [units[n] for n in rest]).items():
        out.update(_part_values(svc, form, period, part, group, got.notes, plain))
        lacking = [u.name for u in group if u.key not in out]
        if part != period and lacking:  # a district missing from the year: missing what
            got.notes.append(f"Thiếu số liệu {part.label}: {', '.join(lacking)}.")
    got.missing.extend(refs[n] for n in rest if keys[n] not in out)
    if rest:
        got.reported.extend([r for r, k in zip(refs, keys, strict=True) if k in own or k in out])
    else:  # every unit has its own
        got.reported.extend(refs)
    return out


def _part_values(
    svc, form: FormDefinition, period: Period, part: Period, units: list, notes: list, plain: bool
) -> dict:
    """The figures of units without their own report for `period`, for `part` of it: their
    own reports for the part (when it is not the period), else combined from its months
    or quarters, else a district from its communes; of a part ending before the period,
    what counts in the whole period (`transition.kept`)."""
    out: dict = {}
    if part != period and plain:  # a run «as of» a day, or of accepted reports: not read
        mine = svc.repo.values_by_unit(str(part), form.id, [u.key for u in units], statuses=COUNTED)
        out.update({k: v for k, v in mine.items() if v})
        if named := [u.name for u in units if u.key in out]:
            notes.append(
                f"Số liệu {part.label} ({transition.validity(units[0])}): {', '.join(named)}."
            )
    rest = [u for u in units if u.key not in out]
    by_parts = months_values(svc, form, rest, part) if plain else {}
    combined: dict[str, list[str]] = {}
    for unit in rest:
        values = None
        if unit.level == "district" and plain:
            values = from_communes(svc, form, part, unit, notes)
        if values is None and unit.key in by_parts:
            values, word = by_parts[unit.key]
            combined.setdefault(word, []).append(unit.name)
        if values is not None:
            out[unit.key] = dict(values)
    for word, named in combined.items():  # one note per kind: 65 communes are one line
        notes.append(f"Đơn vị cộng từ các báo cáo {word}{_of(part, period)}: {', '.join(named)}.")
    if part.last_month_index < period.last_month_index:
        out = {k: transition.kept(form, svc.pack.catalog, v) for k, v in out.items()}
    return out


def keep_in_place(form: FormDefinition, catalog, units: list, figures: dict) -> None:
    """Of the figures of units whose part ends before the period, what counts in it, the
    dicts changed in place (the fallbacks' figures are the same objects)."""
    for unit in units:
        values = figures.get(unit.key)
        if values is not None:
            left = transition.kept(form, catalog, values)
            values.clear()
            values.update(left)


def carried(svc, form: FormDefinition, period: Period, earlier: list, notes: list, plain: bool):
    """The districts' lũy kế at 30/6/2025 that the province's lũy kế of `period` (2025,
    after 1/7) carries on from: each district's figures for 2025-H1 (its own report, its
    quarters or months, its communes), lũy kế of flows only.  A table said so."""
    part = transition.carried_part(period)
    catalog = svc.pack.catalog
    if part is None or not any(
        (md := catalog.measure(m)) and md.time is MeasureTime.YEAR_TO_DATE for m in form.measures
    ):
        return []
    if not plain:
        notes.append("Lũy kế chỉ gồm số liệu từ 01/07/2025 (phần của các huyện đến 30/06/2025 "
                     "chỉ được cộng khi tổng hợp số liệu hiện có).")  # fmt: skip
        return []
    got = _part_values(svc, form, period, part, earlier, [], plain)
    values = [transition.kept(form, catalog, v, only_to_date=True) for v in got.values()]
    values = [v for v in values if v]
    missing = [u.name for u in earlier if not got.get(u.key)]
    note = (
        f"Lũy kế từ đầu năm gồm phần đến 30/06/2025 của {len(values)}/{len(earlier)} huyện, "
        "thành phố (cấp huyện kết thúc ngày 30/06/2025; lũy kế của xã, phường tính từ 01/07/2025)"
    )
    notes.append(note + (f"; thiếu: {', '.join(missing)}." if missing else "."))
    return values


def _of(part: Period, period: Period) -> str:
    return f" ({part.label})" if part != period else ""
