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

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal

from desktop.core.formdef.models import (
    Aggregation,
    Catalog,
    FormDefinition,
    Indicator,
    MeasureKind,
    MeasureTime,
    ValueKind,
)

Values = Mapping[tuple[str, str], Decimal | str]
HUNDRED = Decimal(100)


@dataclass(frozen=True)
class Cell:
    value: Decimal | None
    count: int  # units that contributed
    note: str = ""


def _num(values: Values, ind: str, measure: str) -> Decimal | None:
    v = values.get((ind, measure))
    return v if isinstance(v, Decimal) else None


def value_measures(form: FormDefinition, catalog: Catalog) -> list[str]:
    return [m for m in form.measures if (md := catalog.measure(m)) and md.kind is MeasureKind.VALUE]


def ratio_measures(form: FormDefinition, catalog: Catalog) -> list[str]:
    return [m for m in form.measures if (md := catalog.measure(m)) and md.kind is MeasureKind.RATIO]


def sum_over_units(
    form: FormDefinition, catalog: Catalog, units: Sequence[Values]
) -> dict[tuple[str, str], Cell]:
    """Consolidate several units' values of one form (same period)."""
    out: dict[tuple[str, str], Cell] = {}
    measures = value_measures(form, catalog)
    imap = form.indicator_map()
    for ind in imap.values():
        for m in measures:
            if m not in form.measures_of(ind):
                continue
            out[(ind.code, m)] = _consolidate_cell(ind, m, units, imap)
    for m in ratio_measures(form, catalog):
        md = catalog.measure(m)
        for ind in imap.values():
            if m in form.measures_of(ind) and md is not None and md.denominator:
                out[(ind.code, m)] = _percentage(ind, md.numerator, md.denominator, units, imap)
    return out


def _consolidate_cell(ind: Indicator, m: str, units: Sequence[Values], imap) -> Cell:
    if ind.kind is ValueKind.TEXT or ind.aggregation is Aggregation.NONE:
        given = sum(1 for u in units if (ind.code, m) in u)
        return Cell(None, given, "Không cộng gộp: xem số liệu từng đơn vị" if given else "")
    if ind.aggregation is Aggregation.RATIO:
        if ind.numerator and ind.denominator:
            return _ratio_of_sums(
                units, ind.numerator, m, ind.denominator, m, ind.scale, _parts_note(ind, imap)
            )
        if ind.weight:
            return _weighted(units, ind.code, ind.weight, m)
        given = sum(1 for u in units if _num(u, ind.code, m) is not None)
        return Cell(
            None,
            given,
            "Tỷ lệ không có tử số, mẫu số hay quyền số: không tổng hợp" if given else "",
        )
    present = [v for u in units if (v := _num(u, ind.code, m)) is not None]
    if not present:
        return Cell(None, 0)
    return Cell(sum(present, Decimal(0)), len(present))


def _parts_note(ind: Indicator, imap) -> str:
    num, den = imap.get(ind.numerator), imap.get(ind.denominator)
    if num is None or den is None:
        return ""
    return f"Tính lại = {num.code} / {den.code}"


def _ratio_of_sums(
    units: Sequence[Values],
    num_ind: str,
    num_m: str | Sequence[str],
    den_ind: str,
    den_m: str,
    scale: Decimal,
    note: str = "",
) -> Cell:
    num_total, den_total, n = Decimal(0), Decimal(0), 0
    num_measures = [num_m] if isinstance(num_m, str) else list(num_m)
    for u in units:
        num = next((v for mm in num_measures if (v := _num(u, num_ind, mm)) is not None), None)
        den = _num(u, den_ind, den_m)
        if num is None or den is None:
            continue
        num_total += num
        den_total += den
        n += 1
    if n == 0 or den_total == 0:
        return Cell(None, n)
    return Cell(num_total / den_total * scale, n, note)


def _weighted(units: Sequence[Values], ind: str, weight: str, m: str) -> Cell:
    total, weights, n = Decimal(0), Decimal(0), 0
    for u in units:
        v, w = _num(u, ind, m), _num(u, weight, m)
        if v is None or w is None:
            continue
        total += v * w
        weights += w
        n += 1
    if n == 0 or weights == 0:
        return Cell(None, n)
    return Cell(total / weights, n, f"Bình quân gia quyền theo {weight}")


def _percentage(
    ind: Indicator, numerators: Sequence[str], denominator: str, units: Sequence[Values], imap
) -> Cell:
    """% KH, % cùng kỳ … of a consolidated row: from the units' figures, never their %."""
    if ind.kind is ValueKind.TEXT or ind.aggregation in (Aggregation.NONE,):
        return Cell(None, 0)
    if ind.aggregation is Aggregation.RATIO:
        # the percentage of a rate (e.g. a rate compared with last year's rate) is the
        # ratio of the two consolidated rates
        if not (ind.numerator and ind.denominator):
            return Cell(None, 0)
        a = next(
            (
                c
                for mm in numerators
                if (c := _consolidate_cell(ind, mm, units, imap)).value is not None
            ),
            None,
        )
        b = _consolidate_cell(ind, denominator, units, imap)
        if a is None or b.value in (None, 0):
            return Cell(None, 0)
        return Cell(a.value / b.value * HUNDRED, min(a.count, b.count))
    return _ratio_of_sums(units, ind.code, numerators, ind.code, denominator, HUNDRED)


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
            if m == "uoc_th":
                continue  # estimates of closed months are superseded by the actual figures
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
