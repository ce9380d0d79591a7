"""The year across 1 July 2025, for consolidation: which part of a period a unit's
figures cover, and what of a unit's figures for a part counts in the whole period.

Until 30/6/2025 the province's units are the 11 districts (huyện, thành phố); from
1/7/2025 the 65 new communes (xã, phường), which did not exist before.  So:

- a period that runs across 1/7/2025 (the year 2025, nine months of 2025) is made of
  two parts: the districts' figures for 2025-H1 and the communes' figures for the rest
  (2025-H2 of the year, 2025-Q3 of nine months) — a commune's figures, even its own
  report for the whole year, cover the time it existed, from 1/7/2025;
- of a part that ends before the period does, only what adds up over time counts:
  flows (and their cùng kỳ, lũy kế); a stock at 30/6, a year's plan of an abolished
  unit or a typed rate are not the period's (the units at its end give those);
- lũy kế (từ đầu năm) of a period of 2025 after 1/7 (Q3, Q4, H2, months) runs from
  1/1/2025: the districts' lũy kế at 30/6 is carried into the province's, since the
  communes' own lũy kế starts with them on 1/7/2025 (`carried_part`).

Calendar months: the reform took effect on the first day of a month, so the parts are
months 1–6 and 7–12 whichever calendar a form uses.  Used by `engine.py`; no I/O here.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from functools import lru_cache

from desktop.core.formdef.models import (
    Aggregation,
    Calendar,
    Catalog,
    FormDefinition,
    MeasureTime,
    PeriodType,
)
from desktop.core.periods import Period

REFORM = dt.date(2025, 7, 1)
LAST_OLD_DAY = REFORM - dt.timedelta(days=1)
# measures that belong to one report only and are never combined over time
_OWN_TIME = ("uoc_th", "th_tt", "kh_ky_toi")


def _month_days(month: Period) -> tuple[dt.date, dt.date]:
    first = dt.date(month.year, month.index, 1)
    after = (
        dt.date(month.year + 1, 1, 1)
        if month.index == 12
        else dt.date(month.year, month.index + 1, 1)
    )
    return first, after - dt.timedelta(days=1)


def _as_period(year: int, first: int, last: int) -> Period | None:
    """The period of months `first`..`last` of `year`, if there is one (7–12 is 2025-H2)."""
    names = [f"{year}-{m:02d}" for m in range(1, 13)] + [f"{year}-Q{q}" for q in range(1, 5)]
    names += [f"{year}-H1", f"{year}-H2", f"{year}-9M", f"{year}"]
    for p in map(Period.parse, names):
        if p.first_month_index == first and p.last_month_index == last:
            return p
    return None


def covered(period: Period, unit) -> Period:
    """The part of `period` the unit existed in, as a period: 2025-H1 for a district in
    the year 2025, 2025-H2 for a new commune; the period itself for a unit that existed
    all through it (and, never expected, for one whose months make no period)."""
    return _covered(period, unit.valid_from, unit.valid_to)


@lru_cache(maxsize=256)
def _covered(period: Period, valid_from: dt.date | None, valid_to: dt.date | None) -> Period:
    """`covered` by a unit's dates: units share a few (a national run's 3,321 communes
    one), so each is worked out once."""
    first, last = period.window(Calendar.CALENDAR)
    if (valid_from is None or valid_from <= first) and (valid_to is None or last <= valid_to):
        return period

    def inside(d: dt.date) -> bool:
        return (valid_from is None or valid_from <= d) and (valid_to is None or d <= valid_to)

    months = [m for m in period.months if all(inside(d) for d in _month_days(m))]
    if not months or len(months) == len(period.months):
        return period
    return _as_period(period.year, months[0].index, months[-1].index) or period


def validity(unit) -> str:
    """«đến 30/06/2025», «từ 01/07/2025»: which side of the reform a unit is on."""
    return unit.validity or "toàn kỳ"


def spans_reform(period: Period) -> bool:
    """A period with months before and after 1/7/2025 (the year 2025, 2025-9M)."""
    return (
        period.year == REFORM.year
        and period.first_month_index < REFORM.month <= period.last_month_index
    )


def carried_part(period: Period) -> Period | None:
    """For a period of 2025 after 1/7 (whose lũy kế runs from 1/1/2025): 2025-H1, the part
    whose lũy kế the districts hold; None for any other period."""
    if period.year == REFORM.year and period.first_month_index >= REFORM.month:
        return Period(REFORM.year, PeriodType.HALF_YEAR, 1)
    return None


def kept(
    form: FormDefinition,
    catalog: Catalog,
    values: Mapping[tuple[str, str], object],
    *,
    only_to_date: bool = False,
) -> dict:
    """Of a unit's figures for a part that ends before the period does, those that count
    in the period: flows' figures of the period (th_ky, cùng kỳ) and lũy kế — or lũy kế
    only (`only_to_date`, the part carried into a later period's lũy kế)."""
    imap = form.indicator_map()
    out = {}
    for (code, measure), v in values.items():
        ind = imap.get(code)
        md = catalog.measure(measure)
        if ind is None or md is None or ind.aggregation is not Aggregation.FLOW:
            continue
        if measure in _OWN_TIME or md.time is MeasureTime.ANNUAL:
            continue
        if only_to_date and md.time is not MeasureTime.YEAR_TO_DATE:
            continue
        out[(code, measure)] = v
    return out


def by_part(period: Period, units: Iterable) -> dict[Period, list]:
    """The units grouped by the part of `period` their figures cover, in their order."""
    if not spans_reform(period):  # every unit of the table is there all through it
        return {period: list(units)}
    out: dict[Period, list] = {}
    for unit in units:
        out.setdefault(covered(period, unit), []).append(unit)
    return out
