"""The arithmetic of consolidation, on plain dicts: no database, no I/O.

- over units: flows, stocks and counts-of-units add up; a ratio indicator is recomputed
  from the summed numerator and denominator (over the units that gave both), or weighted
  by its named base; percentages (% KH, % cùng kỳ) are recomputed from the consolidated
  figures they compare — never summed or averaged;
- over time: months into a quarter, half-year, nine months or year: flows add up, stocks
  take the end-of-period value, lũy kế takes the last month's, annual targets the latest.

All arithmetic is `Decimal`: a consolidated total equals the hand sum to the last digit.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

from desktop.core.consolidation.accumulate import (
    Values,
    ratio_measures,
    total_of,
    value_measures,
)
from desktop.core.consolidation.cells import Cell, finalize
from desktop.core.formdef.models import Aggregation, Catalog, FormDefinition, MeasureTime, ValueKind

__all__ = ["Cell", "aggregate_months", "ratio_measures", "sum_over_units", "value_measures"]

HUNDRED = Decimal(100)


def _num(values: Values, ind: str, measure: str) -> Decimal | None:
    v = values.get((ind, measure))
    return v if isinstance(v, Decimal) else None


def sum_over_units(
    form: FormDefinition, catalog: Catalog, units: Sequence[Values]
) -> dict[tuple[str, str], Cell]:
    """Consolidate several units' values of one form (same period): the sum of their
    contributions, turned into cells (accumulate.py)."""
    return finalize(form, catalog, total_of(form, catalog, units))


# ----------------------------------------------------------------------- over time


def aggregate_months(
    form: FormDefinition, catalog: Catalog, months: Sequence[Values]
) -> dict[tuple[str, str], Decimal]:
    """Combine a unit's monthly values (oldest first, all months present) into one period."""
    out: dict[tuple[str, str], Decimal] = {}
    if not months:
        return out
    imap = form.indicator_map()
    last = months[-1]
    for m in value_measures(form, catalog):
        md = catalog.measure(m)
        time = md.time if md else MeasureTime.PERIOD
        for ind in imap.values():
            if m not in form.measures_of(ind) or ind.kind is ValueKind.TEXT:
                continue
            key = (ind.code, m)
            if m in ("uoc_th", "th_tt", "kh_ky_toi"):
                # estimates of closed months are superseded by the actual figures; the
                # previous month and the next period's target belong to one month only
                continue
            if time is MeasureTime.YEAR_TO_DATE:
                v = _num(last, ind.code, m)
            elif time is MeasureTime.ANNUAL:
                v = next(
                    (x for mo in reversed(months) if (x := _num(mo, ind.code, m)) is not None), None
                )
            elif ind.aggregation is Aggregation.FLOW:
                parts = [_num(mo, ind.code, m) for mo in months]
                v = sum(parts, Decimal(0)) if all(p is not None for p in parts) else None  # type: ignore[arg-type]
            elif ind.aggregation in (Aggregation.STOCK, Aggregation.COUNT_OF_UNITS):
                v = _num(last, ind.code, m)
            else:
                continue  # ratios are recomputed below; 'none' cannot be combined
            if v is not None:
                out[key] = v
    for ind in imap.values():
        if ind.aggregation is Aggregation.RATIO and ind.numerator and ind.denominator:
            for m in value_measures(form, catalog):
                num, den = out.get((ind.numerator, m)), out.get((ind.denominator, m))
                if num is not None and den:
                    out[(ind.code, m)] = num / den * ind.scale
    return out
