"""Consolidation over units as a sum of per-unit contributions.

Every figure of a summary table is a function of a few sums over the units: Σ value and
how many units gave it (flows, stocks, counts of units); Σ numerator and Σ denominator
over the units that gave both (ratio indicators, % KH, % cùng kỳ); Σ value × weight and
Σ weight (ratios weighted by a base); how many units filled a text cell.  So one unit's
figures turn into a small set of *accumulators* (`contributions`), accumulators add up
(`add_into`), and the table's cells are computed once from the sums (cells.py).

The same three functions serve the two routes: a provincial run adds up the 65 units'
contributions in memory (`aggregate.sum_over_units`), and the store keeps the running
sums of every (period, form) as units' packages arrive (`storage/totals.py`), so that a
national run (thousands of communes) reads a few thousand sums instead of millions of
figures.  Both give the same cells by construction.

Sums are exact: additions and products use a context wide enough for any stored figure,
so the order in which units arrive never changes a digit, and removing a unit's
contribution (a superseded revision) restores the previous sums exactly.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Mapping, Sequence
from decimal import Context, Decimal, localcontext
from itertools import repeat
from operator import add, itemgetter
from typing import TYPE_CHECKING

from desktop.core.consolidation.accumulate_plan import (  # noqa: F401  (re-exported)
    AccKey,
    _percentage_measures,
    _value_kind,
    plan,
    ratio_measures,
    value_measures,
)
from desktop.core.formdef.models import Catalog, FormDefinition

if TYPE_CHECKING:
    from desktop.core.formdef.loader import FormPack

Values = Mapping[tuple[str, str], Decimal | str]
Acc = tuple[Decimal, Decimal, int]  # (Σ a, Σ b, units)
HUNDRED = Decimal(100)
ZERO = Decimal(0)
# room for the product of two of the largest storable figures: sums never round
EXACT = Context(prec=120)
VERSION = "1"  # bump when what an accumulator holds changes: stored sums are rebuilt


# ------------------------------------------------------------------ one unit, the sums


def accumulate(
    form: FormDefinition,
    catalog: Catalog,
    values: Values,
    into: dict[AccKey, list],
    sign: int = 1,
) -> None:
    """Add (sign = 1) or take away (sign = -1) one unit's contribution, in place, to sums
    held as [Σ a, Σ b, units] lists.  Exact: the arithmetic runs in a wide context."""
    p = plan(form, catalog)
    single, by_den = p.single, p.by_den

    def numerator(k: tuple[str, str]) -> Decimal | None:
        x = values.get(k)
        return x if isinstance(x, Decimal) else None

    with localcontext(EXACT):
        for key, v in values.items():
            hit = single.get(key)
            if hit is not None and (hit[0] == "n" or isinstance(v, Decimal)):
                cur = into.get(hit[1])
                if cur is None:
                    into[hit[1]] = cur = [ZERO, ZERO, 0]
                if hit[0] == "s":
                    cur[0] = cur[0] + v if sign > 0 else cur[0] - v
                cur[2] += sign
            ops = by_den.get(key)
            if ops is not None and isinstance(v, Decimal):
                _add_pairs(ops, v, numerator, into, sign, ZERO)


def accumulate_scaled(
    form: FormDefinition,
    catalog: Catalog,
    rows: Sequence[Sequence],
    into: dict[AccKey, list],
    sign: int = 1,
) -> None:
    """`accumulate` for the store's running totals (storage/totals.py): one unit's figures
    given as rows (_, indicator, measure, number scaled by 10^6 or None, text or None),
    the sums held as Python integers — Σ a scaled by 10^6 (10^12 for "w": Σ value ×
    weight), Σ b by 10^6 — so every addition is exact and costs an integer add.  The
    same plan, the same accumulators, the same rules as `accumulate`."""
    feeds = plan(form, catalog).feeds.get
    fetch, plus = into.get, sign > 0
    numbers: dict[tuple[str, str], int] | None = None
    for row in rows:
        hit = feeds(row[1])
        if hit is not None:
            hit = hit.get(row[2])
        if hit is None:  # a figure that feeds nothing
            continue
        v = row[3]
        kind, acc, ops = hit
        if kind is not None and (v is not None or kind == "n"):
            cur = fetch(acc)
            if cur is None:
                into[acc] = [(v if plus else -v) if kind == "s" else 0, 0, sign]
            else:
                if kind == "s":
                    cur[0] += v if plus else -v
                cur[2] += sign
        if v is None or not ops:
            continue
        if numbers is None:
            numbers = {(r[1], r[2]): r[3] for r in rows if r[3] is not None}
        _add_pairs(ops, v, numbers.get, into, sign, 0)


_IND, _MEASURE, _NUM = itemgetter(1), itemgetter(2), itemgetter(3)
_ONE_BY_ONE: list = []  # a layout whose figures do not all feed one Σ alone
_LAYOUTS = 64  # running column sums kept at once (a rebuild's units may all differ)


class UnitsFold:
    """`accumulate_scaled` of many units of one form, given one at a time (`add`: the
    store's running totals fold in each package as it is kept, while its rows are at
    hand), the sums written into `into` once (`finish`).  Units that give the same
    figures in the same order (one form's packages, written by the same export), every one
    a number feeding one Σ accumulator and nothing else (the common case), are added
    column by column: each unit's numbers onto its layout's running column sums, in C,
    the sums added to the accumulators once, with the count of those units.  Any other
    unit goes through `accumulate_scaled` when it comes.  The sums are integers: the order
    of the additions changes nothing."""

    __slots__ = ("form", "catalog", "into", "sign", "adds", "_columns")

    def __init__(
        self, form: FormDefinition, catalog: Catalog, into: dict[AccKey, list], sign: int = 1
    ) -> None:
        self.form, self.catalog, self.into, self.sign = form, catalog, into, sign
        self.adds = plan(form, catalog).adds
        self._columns: dict[tuple, list] = {}  # layout → [column sums, units] or _ONE_BY_ONE

    def add(self, inds: tuple[str, ...], measures: tuple[str, ...], numbers: list) -> None:
        """One unit's figures as columns (storage/codec.py `Figures`): indicators,
        measures, numbers scaled by 10^6 or None (a text); the list is kept, not copied."""
        layout = (inds, measures)  # two columns of strings: hashed and compared at C speed
        same = self._columns.get(layout)
        if same is None:
            if len(self._columns) >= _LAYOUTS:  # units all unlike: memory stays bounded
                self.finish()
            same = self._columns[layout] = (
                [None, 0]
                if all(map(self.adds.__contains__, zip(inds, measures, strict=True)))
                else _ONE_BY_ONE
            )
        if same is _ONE_BY_ONE or None in numbers:
            rows = list(zip(repeat(None), inds, measures, numbers))
            accumulate_scaled(self.form, self.catalog, rows, self.into, self.sign)
        elif same[1]:
            same[0] = list(map(add, same[0], numbers))
            same[1] += 1
        else:
            same[0], same[1] = numbers, 1

    def finish(self) -> None:
        """The column sums into the accumulators; the fold starts again empty."""
        adds, into, sign = self.adds, self.into, self.sign
        fetch = into.get
        for (inds, measures), same in self._columns.items():
            if same is _ONE_BY_ONE or not same[1]:
                continue
            n = sign * same[1]
            for key, total in zip(zip(inds, measures, strict=True), same[0], strict=True):
                acc = adds[key]
                total = total if sign > 0 else -total
                cur = fetch(acc)
                if cur is None:
                    into[acc] = [total, 0, n]
                else:
                    cur[0] += total
                    cur[2] += n
        self._columns.clear()


def accumulate_units(
    form: FormDefinition,
    catalog: Catalog,
    units: Iterable[Sequence[Sequence]],
    into: dict[AccKey, list],
    sign: int = 1,
) -> None:
    """`UnitsFold` over units given all at once: the same sums as `accumulate_scaled`
    unit by unit."""
    fold = UnitsFold(form, catalog, into, sign)
    for rows in units:
        fold.add(tuple(map(_IND, rows)), tuple(map(_MEASURE, rows)), list(map(_NUM, rows)))
    fold.finish()


def _add_pairs(ops, v, numerator, into: dict[AccKey, list], sign: int, zero) -> None:
    """The paired accumulators one denominator figure `v` feeds (a ratio's parts, a
    weighted %), for `accumulate` (Decimals) and `accumulate_scaled` (scaled integers)
    alike: `numerator(figure key)` gives the first numerator figure present, or None."""
    for op in ops:
        a = None
        for k in op.num:
            a = numerator(k)
            if a is not None:
                break
        if a is None:
            continue
        if op.kind == "w":
            a = a * v
        acc = (op.kind, op.ind, op.measure)
        cur = into.get(acc)
        if cur is None:
            into[acc] = cur = [zero, zero, 0]
        if sign > 0:
            cur[0], cur[1] = cur[0] + a, cur[1] + v
        else:
            cur[0], cur[1] = cur[0] - a, cur[1] - v
        cur[2] += sign


def contributions(form: FormDefinition, catalog: Catalog, values: Values) -> dict[AccKey, Acc]:
    """What one unit's figures add to each accumulator (absent when it adds nothing)."""
    into: dict[AccKey, list] = {}
    accumulate(form, catalog, values, into)
    return {k: (a, b, n) for k, (a, b, n) in into.items()}


def add_into(
    totals: dict[AccKey, Acc], contrib: Mapping[AccKey, Acc], sign: int = 1
) -> dict[AccKey, Acc]:
    """totals += sign × contrib, exactly; an accumulator back at zero units is dropped."""
    for key, (a, b, n) in contrib.items():
        ta, tb, tn = totals.get(key, (ZERO, ZERO, 0))
        if sign < 0:
            a, b, n = -a, -b, -n
        na, nb, nn = EXACT.add(ta, a), EXACT.add(tb, b), tn + n
        if nn == 0 and not na and not nb:
            totals.pop(key, None)
        else:
            totals[key] = (na, nb, nn)
    return totals


def total_of(form: FormDefinition, catalog: Catalog, units: Iterable[Values]) -> dict[AccKey, Acc]:
    into: dict[AccKey, list] = {}
    for values in units:
        accumulate(form, catalog, values, into)
    return {k: (a, b, n) for k, (a, b, n) in into.items()}


class PackTotalsRules:
    """`storage.totals.TotalsRules` for a form pack: the running sums of a form are kept
    under a spec naming the accumulator version, the form's content hash and the measure
    catalog's, so that a changed form or catalog makes the store rebuild them."""

    def __init__(self, pack_of: Callable[[], FormPack]) -> None:
        self._pack_of = pack_of  # the pack is loaded only when sums are first needed
        self._catalog_hash: str | None = None

    def spec(self, form_id: str) -> str | None:
        pack = self._pack_of()
        if form_id not in pack.forms:
            return None
        if self._catalog_hash is None:
            import hashlib  # here: reading the store (status, entry show) needs no OpenSSL

            dump = json.dumps(pack.catalog.model_dump(mode="json"), sort_keys=True)
            self._catalog_hash = hashlib.sha256(dump.encode("utf-8")).hexdigest()[:16]
        return f"{VERSION}:{pack.content_hash(form_id)}:{self._catalog_hash}"

    def fold(self, form_id: str, into: dict[AccKey, list], sign: int) -> UnitsFold:
        pack = self._pack_of()
        return UnitsFold(pack.get(form_id), pack.catalog, into, sign)
