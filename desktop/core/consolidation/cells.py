"""The cells of a consolidated table from its accumulated sums (`finalize`): Σ value for
a figure that adds up, Σ N / Σ D for a ratio, Σ v×w / Σ w for a weighted one, the % KH, %
cùng kỳ … of a row from the sums of its parts (never the units' percentages), and how
many units each cell covers.  The sums come from accumulate.py (either route, route.py).
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from typing import NamedTuple

from desktop.core.consolidation.accumulate import (
    HUNDRED,
    ZERO,
    Acc,
    AccKey,
    _percentage_measures,
    _value_kind,
    value_measures,
)
from desktop.core.consolidation.accumulate_plan import PerLivePair
from desktop.core.formdef.models import (
    Aggregation,
    Catalog,
    FormDefinition,
    Indicator,
    ValueKind,
)


class Cell(NamedTuple):  # a tuple: a national table makes thousands per run
    value: Decimal | None
    count: int  # units that contributed
    note: str = ""


# ------------------------------------------------------------------ the sums, the cells


def _get(totals: Mapping[AccKey, Acc], kind: str, ind: str, m: str) -> Acc:
    return totals.get((kind, ind, m), (ZERO, ZERO, 0))


def _ratio(a: Decimal, b: Decimal, n: int, scale: Decimal, note: str = "") -> Cell:
    if n == 0 or b == 0:
        return Cell(None, n)
    return Cell(a / b * scale, n, note)


def _value_cell(ind: Indicator, m: str, totals: Mapping[AccKey, Acc], imap) -> Cell:
    kind = _value_kind(ind)
    a, b, n = totals.get((kind, ind.code, m), (ZERO, ZERO, 0))
    if kind == "s":
        return Cell(a if n else None, n)
    if kind == "n":
        return Cell(None, n, "Không cộng gộp: xem số liệu từng đơn vị" if n else "")
    if kind == "r":
        num, den = imap.get(ind.numerator), imap.get(ind.denominator)
        note = f"Tính lại = {num.code} / {den.code}" if num and den else ""
        if n == 0 and num and den:
            return Cell(None, 0, _why_not_recomputed(num, den, m, totals))
        return _ratio(a, b, n, ind.scale, note)
    if kind == "w":
        return _ratio(a, b, n, Decimal(1), f"Bình quân gia quyền theo {ind.weight}")
    if kind == "c":
        return Cell(
            None, n, "Tỷ lệ không có tử số, mẫu số hay quyền số: không tổng hợp" if n else ""
        )
    raise AssertionError(kind)


def _why_not_recomputed(num: Indicator, den: Indicator, m: str, totals) -> str:
    """A rate no unit gave both parts of, though some gave one (Huyện Cao Lộc's sectors'
    values without their total): the empty cell says why, where it read as a figure left
    out beside the units' own typed rates."""
    if not any(_get(totals, _value_kind(i), i.code, m)[2] for i in (num, den)):
        return ""  # nothing of it reported: the table's own note says who is missing
    return f"Chưa tính lại được: không đơn vị nào có đủ «{num.label}» và «{den.label}»"


def _percentage_cell(
    ind: Indicator, nums: list[str], den: str, pm: str, totals: Mapping[AccKey, Acc], imap
) -> Cell:
    """% KH, % cùng kỳ … of a consolidated row: from the units' figures, never their %."""
    if ind.kind is ValueKind.TEXT or ind.aggregation is Aggregation.NONE:
        return Cell(None, 0)
    if ind.aggregation is Aggregation.RATIO:
        # the percentage of a rate (e.g. a rate compared with last year's rate) is the
        # ratio of the two consolidated rates
        if not (ind.numerator and ind.denominator):
            return Cell(None, 0)
        a = next(
            (c for mm in nums if (c := _value_cell(ind, mm, totals, imap)).value is not None),
            None,
        )
        b = _value_cell(ind, den, totals, imap)
        if a is None or b.value in (None, 0):
            return Cell(None, 0)
        assert a.value is not None and b.value is not None
        return Cell(a.value / b.value * HUNDRED, min(a.count, b.count))
    a_sum, b_sum, n = _get(totals, "p", ind.code, pm)
    return _ratio(a_sum, b_sum, n, HUNDRED)


_EMPTY = Cell(None, 0)  # no unit gave the figure (frozen: one object serves every such cell)
_CELL_PLANS = PerLivePair()  # per live (form, catalog): a dead form is not kept alive


def _cell_plan(form: FormDefinition, catalog: Catalog) -> tuple:
    """The form's cells in table order, each as what computes it: a figure that adds up
    and a % of two sums (nearly all cells) by their accumulator, the others by
    `_value_cell`/`_percentage_cell` (cached per form object, as `plan`)."""
    cached = _CELL_PLANS.get(form, catalog)
    if cached is not None:
        return cached
    imap = form.indicator_map()
    vms = value_measures(form, catalog)
    sums, pcts, others = [], [], []  # (cell, accumulator) · (cell, accumulator) · (cell, how)
    order = []  # every cell, in `finalize`'s order
    for ind in imap.values():
        kind, own = _value_kind(ind), form.measures_of(ind)
        for m in vms:
            if m in own:
                order.append((ind.code, m))
                if kind == "s":
                    sums.append(((ind.code, m), (kind, ind.code, m)))
                else:
                    others.append(((ind.code, m), (_value_cell, ind, m)))
    for pm, nums, den in _percentage_measures(form, catalog):
        for ind in imap.values():
            if pm in form.measures_of(ind):
                order.append((ind.code, pm))
                plain = ind.kind is not ValueKind.TEXT and ind.aggregation not in (
                    Aggregation.NONE,
                    Aggregation.RATIO,
                )
                if plain:  # what `_percentage_cell` computes for it, from one accumulator
                    pcts.append(((ind.code, pm), ("p", ind.code, pm)))
                else:
                    others.append(((ind.code, pm), (_percentage_cell, ind, nums, den, pm)))
    # without other cells, the sums' then the percentages' are already in that order
    result = (tuple(sums), tuple(pcts), tuple(others), order if others else None, imap)
    _CELL_PLANS.put(form, catalog, result)
    return result


def finalize(
    form: FormDefinition, catalog: Catalog, totals: Mapping[AccKey, Acc]
) -> dict[tuple[str, str], Cell]:
    """The consolidated cells of a form from its accumulated sums, in the form's order
    (each indicator's value measures, then each percentage measure's cells)."""
    sums, pcts, others, order, imap = _cell_plan(form, catalog)
    get = totals.get
    got: dict[tuple[str, str], Cell] = {}
    for key, acc in sums:
        hit = get(acc)
        got[key] = _EMPTY if hit is None or not hit[2] else Cell(hit[0], hit[2])
    for key, acc in pcts:  # Σ numerator / Σ denominator × 100 (`_ratio`)
        hit = get(acc)
        if hit is None:
            got[key] = _EMPTY
        else:
            a, b, n = hit
            got[key] = Cell(None, n) if n == 0 or b == 0 else Cell(a / b * HUNDRED, n, "")
    for key, (how, *args) in others:
        got[key] = how(*args, totals, imap)
    return got if order is None else {k: got[k] for k in order}
