"""Cùng kỳ across 1/7/2025: the province's figure is comparable, a commune's is not.

A period that ends after 1/7/2025 whose same period last year began before it (any
period from Q3 2025 to H1 2026, the year 2025 and 2026, nine months 2025 and 2026) is not
made of last year's units: the 65 new communes did not exist, their predecessors were
other areas, and a district's half of 2025 is not its year 2024.  Each unit's own cùng
kỳ is what it typed (or derived through the crosswalk, comparisons.py) and stays in the
unit breakdown; the province's is last year's whole-province figure, from last year's
table (its units, its parts), and % cùng kỳ is the two provincial figures' ratio — where
both tables are whole (no unit missing, no row marked «chưa có số liệu»), else the cell
stays empty and the note says why.  Rows a provincial body gives are the body's own.
The same holds of «tháng trước» (th_tt, % so tháng trước) of July 2025: the province's
June, the districts', against its July, the communes'.
"""

from __future__ import annotations

from decimal import Decimal

from desktop.core.consolidation.cells import Cell
from desktop.core.consolidation.transition import REFORM
from desktop.core.formdef.models import Calendar, MeasureKind, PeriodType
from desktop.core.periods import Period

SAME, PREVIOUS = "cung_ky", "th_tt"
HUNDRED = Decimal(100)
_SAID = {  # what the table says of the figure it compares with, and when it cannot
    SAME: ("Cùng kỳ toàn tỉnh", "% so cùng kỳ", "Chưa so sánh cùng kỳ toàn tỉnh"),
    PREVIOUS: (
        "Số tháng trước toàn tỉnh",
        "% so tháng trước",
        "Chưa so sánh với tháng trước toàn tỉnh",
    ),
}


def last_year_across(period: Period) -> Period | None:
    """Last year's same period when the reform lies between the two (else None)."""
    last = period.same_period_last_year()
    if period.window(Calendar.CALENDAR)[1] >= REFORM > last.window(Calendar.CALENDAR)[0]:
        return last
    return None


def compared_across(period: Period) -> dict[str, Period]:
    """The periods whose whole-province figures the province's cùng kỳ (last year's) and
    tháng trước (July 2025's June) are, where the reform lies between: measure → period."""
    out = {}
    if (last := last_year_across(period)) is not None:
        out[SAME] = last
    if period.type is PeriodType.MONTH:
        before = period.previous()
        if period.window(Calendar.CALENDAR)[1] >= REFORM > before.window(Calendar.CALENDAR)[0]:
            out[PREVIOUS] = before
    return out


def apply(
    cells: dict, form, catalog, measure: str, last, missing: int, unknown, from_bodies
) -> str:
    """Put the whole-province figures of `last` (its ConsolidatedForm) in the `measure`
    cells of `cells` (cùng kỳ, tháng trước), and the % of the two provincial figures;
    return the table's note ("" when nothing was compared)."""
    if measure not in form.measures:
        return ""
    pcts = [
        (m, list(md.numerator))
        for m in form.measures
        if (md := catalog.measure(m)) and md.kind is MeasureKind.RATIO and md.denominator == measure
    ]
    rows = {r.indicator.code: r for r in last.rows if r.indicator is not None}
    whole = missing == 0 and not last.missing
    what, pct, cannot = _SAID[measure]
    compared = 0
    for ind in form.iter_indicators():
        code = ind.code
        if (code, measure) not in cells or code in from_bodies:
            continue
        row = rows.get(code)
        before = row.values.get("th_ky") if row is not None else None
        n = row.counts.get("th_ky", 0) if row is not None else 0
        if not whole or code in unknown or before is None or "chưa có số liệu" in row.note.lower():
            why = "" if not whole else _why(cannot, last, before)  # the table's note says why
            cells[(code, measure)] = Cell(None, 0, why)
            for m, _ in pcts:
                cells[(code, m)] = Cell(None, 0)
            continue
        cells[(code, measure)] = Cell(before, n)
        compared += 1
        for m, nums in pcts:
            now = next(
                (c for x in nums if (c := cells.get((code, x))) and c.value is not None), None
            )
            ok = now is not None and before != 0
            cells[(code, m)] = (
                Cell(now.value / before * HUNDRED, now.count) if ok else Cell(None, 0)
            )
    if missing:
        return f"{cannot}: kỳ này còn đơn vị chưa báo cáo."
    if last.missing:
        return f"{cannot}: {last.period_label} còn thiếu {len(last.missing)} đơn vị."
    if not compared:
        return ""
    return (
        f"{what} là số liệu {last.period_label} của {len(last.reported)} đơn vị báo cáo khi "
        f"đó (địa giới trước 01/07/2025 cho phần trước ngày này); {pct} tính giữa hai số "
        "toàn tỉnh. Số của từng xã, phường không so sánh được với địa giới cũ, chỉ xem trong "
        "số liệu từng đơn vị."
    )


def _why(cannot: str, last, before) -> str:
    if before is None:
        return f"{cannot}: không có số liệu {last.period_label}"
    return f"{cannot}: {last.period_label} có đơn vị ghi chưa có số liệu"
