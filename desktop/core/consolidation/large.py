"""Consolidation of very many units (a national run: thousands of communes) in SQL.

The same arithmetic as `aggregate.sum_over_units`, but totals, counts and the
numerator/denominator sums behind every percentage and ratio are computed by SQLite as
exact integer sums over the scaled values, instead of loading millions of figures into
Python.  Per-unit breakdowns are not built at that size (a table with thousands of
columns is not a document anyone prints); the table says so.
"""

from __future__ import annotations

from decimal import Decimal

from desktop.core.consolidation.aggregate import Cell, ratio_measures, value_measures
from desktop.core.formdef.models import Aggregation, FormDefinition, ValueKind

HUNDRED = Decimal(100)


def cells_in_sql(
    svc, form: FormDefinition, period: str, keys: list, statuses
) -> dict[tuple[str, str], Cell]:
    catalog = svc.pack.catalog
    repo = svc.repo
    totals = repo.sum_values(period, form.id, keys, statuses=statuses)
    counts = repo.count_values(period, form.id, keys, statuses=statuses)
    out: dict[tuple[str, str], Cell] = {}
    imap = form.indicator_map()
    vms = value_measures(form, catalog)
    for ind in imap.values():
        for m in vms:
            if m not in form.measures_of(ind):
                continue
            key = (ind.code, m)
            n = counts.get(key, 0)
            if ind.kind is ValueKind.TEXT or ind.aggregation is Aggregation.NONE:
                out[key] = Cell(None, n, "Không cộng gộp: xem số liệu từng đơn vị" if n else "")
            elif ind.aggregation is Aggregation.RATIO:
                out[key] = _ratio_indicator(svc, form, period, keys, statuses, ind, m)
            else:
                out[key] = Cell(totals.get(key) if n else None, n)
    for m in ratio_measures(form, catalog):
        md = catalog.measure(m)
        if md is None or md.denominator is None:
            continue
        sums = repo.paired_sums(
            period,
            form.id,
            keys,
            numerators=[(None, x) for x in md.numerator],
            denominator=(None, md.denominator),
            statuses=statuses,
        )
        for ind in imap.values():
            if m not in form.measures_of(ind):
                continue
            if ind.kind is ValueKind.TEXT or ind.aggregation in (
                Aggregation.NONE,
                Aggregation.RATIO,
            ):
                out[(ind.code, m)] = Cell(None, 0)
                continue
            a, b, n = sums.get(ind.code, (Decimal(0), Decimal(0), 0))
            out[(ind.code, m)] = Cell(a / b * HUNDRED if n and b else None, n)
    return out


def _ratio_indicator(svc, form, period, keys, statuses, ind, m) -> Cell:
    if not (ind.numerator and ind.denominator):
        return Cell(
            None,
            0,
            "Tỷ lệ không có tử số, mẫu số: không tổng hợp (quá nhiều đơn vị để tính gia quyền)",
        )
    sums = svc.repo.paired_sums(
        period,
        form.id,
        keys,
        numerators=[(ind.numerator, m)],
        denominator=(ind.denominator, m),
        statuses=statuses,
    )
    a, b, n = sums.get(ind.denominator, (Decimal(0), Decimal(0), 0))
    return Cell(
        a / b * ind.scale if n and b else None, n, f"Tính lại = {ind.numerator} / {ind.denominator}"
    )
