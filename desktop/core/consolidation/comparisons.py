"""Same period last year (cùng kỳ) for units that did not type it, from stored figures.

When the unit existed last year with the same identity, its own figures are used.  Across
the 1/7/2025 reform a new commune's last year is the sum of its predecessors — but only
when every predecessor went into it whole ("full" in the crosswalk).  Where a predecessor
was split ("partial"), no number is invented: the table says so instead.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from desktop.core.consolidation import transition
from desktop.core.formdef.models import Aggregation, Calendar, FormDefinition, ValueKind
from desktop.core.periods import Period
from desktop.core.storage import sums

COUNTED = ("final", "sent", "received")


def _reported_th_ky(svc, form: FormDefinition, period: Period, unit_keys: list) -> dict:
    """The `th_ky` figures these units reported (counted) for `period`: unit → figures;
    a unit that reported none of them maps to {}, one that did not report is absent."""
    conn = svc.repo.conn
    wanted = set(unit_keys)
    ids = {
        k: sid
        for k, sid in sums.counted(conn, str(period), form.id, COUNTED).items()
        if k in wanted
    }
    got = sums.values_of(conn, list(ids.values()), measures=("th_ky",))
    return {k: got[sid] for k, sid in ids.items()}


def fill_same_period_last_year(
    svc, form: FormDefinition, period: Period, units: list, contributions: dict
) -> list[str]:
    """Add derived `cung_ky` figures to `contributions` in place; return notes for the table."""
    if "cung_ky" not in form.measures or not contributions:
        return []
    last = period.same_period_last_year()
    last_day: dt.date = last.window(Calendar.CALENDAR)[1]
    additive = [
        i
        for i in form.iter_indicators()
        if i.kind is not ValueKind.TEXT
        and i.aggregation in (Aggregation.FLOW, Aggregation.STOCK, Aggregation.COUNT_OF_UNITS)
        and "cung_ky" in form.measures_of(i)
    ]
    notes: list[str] = []
    derived_same, derived_cross, founded = [], [], []
    for unit in units:
        values = contributions.get(unit.key)
        if values is None:
            continue
        todo = [i for i in additive if (i.code, "cung_ky") not in values]
        if not todo:
            continue
        sources: list = []
        try:
            same = svc.units.for_period(unit.code, last)
        except Exception:
            same = None
        if same is not None and same.key == unit.key:
            if transition.covered(last, same) != last:  # formed on 1/7/2025: a part of last year
                founded.append(unit.name)
                continue
            sources = [same]
        else:
            links = list(getattr(unit, "predecessors", []) or [])
            if not links:
                continue
            partial = [lk for lk in links if lk.type != "full"]
            if partial:
                notes.append(
                    f"Cùng kỳ của {unit.name} không tính được theo địa giới mới: "
                    f"{', '.join(lk.name for lk in partial)} chỉ nhập một phần vào đơn vị này."
                )
                continue
            try:
                sources = [svc.units.get(lk.code, last_day) for lk in links]
            except Exception:
                continue
        got = _reported_th_ky(svc, form, last, [s.key for s in sources])
        if len(got) != len(sources):
            continue  # some predecessor has no figures for last year: nothing to derive
        filled = 0
        for ind in todo:
            parts = [got[s.key].get((ind.code, "th_ky")) for s in sources]
            if parts and all(isinstance(p, Decimal) for p in parts):
                values[(ind.code, "cung_ky")] = sum(parts, Decimal(0))
                filled += 1
        if filled:
            (
                derived_same if len(sources) == 1 and sources[0].key == unit.key else derived_cross
            ).append(unit.name)
    if founded:
        notes.append(
            f"Cùng kỳ của {len(founded)} đơn vị thành lập từ 01/07/2025 không lấy từ báo cáo "
            f"{last.label} của chính đơn vị (chỉ gồm phần từ ngày thành lập): "
            f"{', '.join(founded)}."
        )
    if derived_same:
        notes.append(f"Cùng kỳ lấy từ số liệu đã báo cáo năm trước của: {', '.join(derived_same)}.")
    if derived_cross:
        notes.append(
            f"Cùng kỳ quy đổi theo địa giới mới (cộng các đơn vị cũ nhập toàn bộ) cho: {', '.join(derived_cross)}."
        )
    return notes


PREVIOUS_MONTH = "th_tt"  # thực hiện tháng trước (so với tháng trước: % = th_ky / th_tt)


def fill_previous_month(
    svc, form: FormDefinition, period: Period, units: list, contributions: dict
) -> list[str]:
    """Add `th_tt` (the previous month's figure) to a monthly table's units that did not
    type it, from the figures the same unit reported for the previous month; in place.
    Returns a note naming them.  A unit whose identity changed (the 2025 reform) gets none."""
    if PREVIOUS_MONTH not in form.measures or period.type.value != "month" or not contributions:
        return []
    rows = [
        i
        for i in form.iter_indicators()
        if i.kind is not ValueKind.TEXT
        and i.aggregation is not Aggregation.NONE
        and PREVIOUS_MONTH in form.measures_of(i)
    ]
    want = [u for u in units if u.key in contributions]
    before = _reported_th_ky(svc, form, period.previous(), [u.key for u in want])
    filled_for = []
    for unit in want:
        values, old = contributions[unit.key], before.get(unit.key)
        if not old:
            continue
        added = 0
        for ind in rows:
            prev = old.get((ind.code, "th_ky"))
            if (ind.code, PREVIOUS_MONTH) not in values and isinstance(prev, Decimal):
                values[(ind.code, PREVIOUS_MONTH)] = prev
                added += 1
        if added:
            filled_for.append(unit.name)
    if not filled_for:
        return []
    return [f"Số tháng trước lấy từ số liệu đã báo cáo tháng trước của: {', '.join(filled_for)}."]
