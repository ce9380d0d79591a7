"""The plan of a form for consolidation (accumulate.py): which accumulators each figure
of a unit feeds, indexed by the figure that decides them, so a unit's contribution costs
in proportion to the figures it gave, not to the size of the form.

A plan is made from `_plan_inputs` alone (the form's measures as the catalog defines them,
and what decides each indicator's accumulators): plans are kept by those inputs, so a
second Services over the same pack (new form objects, same content) reuses them, a changed
form or catalog gets its own, and the cache holds no form or catalog object.  Each live
(form, catalog) pair also finds its plan by identity, held weakly, at the cost of one
look-up: `plan` is asked for every unit's contribution.
"""

from __future__ import annotations

import weakref
from operator import attrgetter
from typing import NamedTuple

from desktop.core.formdef.models import (
    Aggregation,
    Catalog,
    FormDefinition,
    Indicator,
    MeasureKind,
    ValueKind,
)
from desktop.core.record import record

AccKey = tuple[str, str, str]  # (kind, indicator, measure)


class _Op(NamedTuple):  # a tuple: a form's plan makes hundreds of them
    kind: str  # s: Σ value · n: units that filled it · c: units that gave a number
    ind: str  # r: Σ N, Σ D · w: Σ v×w, Σ w · p: Σ first present numerator, Σ denominator
    measure: str
    num: tuple[tuple[str, str], ...] = ()  # (indicator, measure) tried in order
    den: tuple[str, str] | None = None


def value_measures(form: FormDefinition, catalog: Catalog) -> list[str]:
    return [m for m in form.measures if (md := catalog.measure(m)) and md.kind is MeasureKind.VALUE]


def ratio_measures(form: FormDefinition, catalog: Catalog) -> list[str]:
    return [m for m in form.measures if (md := catalog.measure(m)) and md.kind is MeasureKind.RATIO]


def _value_kind(ind: Indicator) -> str:
    """s: Σ value · n: units that filled it · c: units that gave a number · r: Σ N, Σ D ·
    w: Σ v×w, Σ w (the accumulator of an indicator's value measures)."""
    return _kind_of(ind.kind, ind.aggregation, ind.numerator, ind.denominator, ind.weight)


def _kind_of(
    kind: ValueKind,
    aggregation: Aggregation,
    numerator: str | None,
    denominator: str | None,
    weight: str | None,
) -> str:
    if kind is ValueKind.TEXT or aggregation is Aggregation.NONE:
        return "n"
    if aggregation is Aggregation.RATIO:
        if numerator and denominator:
            return "r"
        return "w" if weight else "c"
    return "s"


def _percentage_measures(form: FormDefinition, catalog: Catalog) -> list[tuple[str, list, str]]:
    out = []
    for pm in ratio_measures(form, catalog):
        md = catalog.measure(pm)
        if md is not None and md.denominator:
            out.append((pm, list(md.numerator), md.denominator))
    return out


@record
class _Plan:
    """What each figure of a form feeds in the running sums (built once per form)."""
    single: dict[tuple[str, str], tuple[str, AccKey]]  # figure → (s | n | c, accumulator)
    by_den: dict[tuple[str, str], tuple[_Op, ...]]  # denominator figure → paired accumulators
    # indicator → measure → what that figure feeds: (s | n | c | None, its accumulator,
    # the paired accumulators it is the denominator of)
    feeds: dict[str, dict[str, tuple[str | None, AccKey | None, tuple[_Op, ...]]]]
    adds: dict[tuple[str, str], AccKey]  # figure → the one Σ it feeds, when it feeds no other


class PerLivePair:
    """Values made from a (form, catalog) pair, found again by identity while both objects
    live and dropped when either dies (weak references): what a cache keyed by id(form)
    needs so as not to keep alive every form it has seen."""

    def __init__(self) -> None:
        self._entries: dict[tuple[int, int], tuple[weakref.ref, weakref.ref, object]] = {}

    def get(self, form: object, catalog: object):
        hit = self._entries.get((id(form), id(catalog)))
        if hit is not None and hit[0]() is form and hit[1]() is catalog:
            return hit[2]
        return None

    def put(self, form: object, catalog: object, value: object) -> None:
        key, entries = (id(form), id(catalog)), self._entries

        def forget(_ref: weakref.ref) -> None:
            entries.pop(key, None)  # the object has just died: its id is not reused yet

        entries[key] = (weakref.ref(form, forget), weakref.ref(catalog, forget), value)

    def __len__(self) -> int:
        return len(self._entries)


# plans by their inputs (strings, enums: no form or catalog object), and per live pair
_PLANS: dict[tuple, _Plan] = {}
_MAX_PLANS = 128  # the forms of a few packs; a test run that makes thousands starts again
_BY_OBJECT = PerLivePair()


def plan(form: FormDefinition, catalog: Catalog) -> _Plan:
    """The accumulators one unit's figures feed, for this form, indexed by the figure that
    decides them: a unit's contribution costs in proportion to the figures it gave, not
    to the size of the form.  Made once per content of (form, catalog)."""
    hit = _BY_OBJECT.get(form, catalog)
    if hit is not None:
        return hit
    inputs = _plan_inputs(form, catalog)
    result = _PLANS.get(inputs)
    if result is None:
        if len(_PLANS) >= _MAX_PLANS:
            _PLANS.clear()
        result = _PLANS[inputs] = _build_plan(*inputs)
    _BY_OBJECT.put(form, catalog, result)
    return result


# what decides an indicator's accumulators, read in C (`_plan_inputs` reads every indicator
# of a form once per Services: ~0.5 ms a form of 300 by a generator of tuples)
_DECIDING = attrgetter("code", "kind", "aggregation", "numerator", "denominator", "weight")


def _plan_inputs(form: FormDefinition, catalog: Catalog) -> tuple[tuple, tuple, tuple]:
    """Everything a form's plan is made of, and nothing else (`_build_plan` reads only
    this): its measures as the catalog defines them, what decides each indicator's
    accumulators, in the form's order, and the indicators with measures of their own (by
    position)."""
    measures = []
    for m in form.measures:
        md = catalog.measure(m)
        measures.append((m, None, (), None) if md is None else
                        (m, md.kind, tuple(md.numerator), md.denominator))  # fmt: skip
    indicators = [ind for section in form.sections for ind in section.indicators]
    own = tuple(
        (k, tuple(ind.measures)) for k, ind in enumerate(indicators) if ind.measures is not None
    )
    return tuple(measures), tuple(map(_DECIDING, indicators)), own


def _build_plan(measures: tuple, indicators: tuple, own_measures: tuple) -> _Plan:
    vms = [m for m, kind, _, _ in measures if kind is MeasureKind.VALUE]
    percentages = [(m, nums, den) for m, kind, nums, den in measures
                   if kind is MeasureKind.RATIO and den]  # fmt: skip
    all_measures = [m for m, *_ in measures]
    own_of = dict(own_measures)
    wants: dict[tuple[str, ...] | None, tuple[list, list, list]] = {}  # per own measure list
    single: dict[tuple[str, str], tuple[str, AccKey]] = {}
    by_den: dict[tuple[str, str], list[_Op]] = {}
    feeds: dict[str, dict] = {}  # each figure's single accumulator here, its pairs below
    for k, (code, vkind, aggregation, numerator, denominator, weight) in enumerate(indicators):
        own_key = own_of.get(k)
        want = wants.get(own_key)
        if want is None:
            own = set(all_measures if own_key is None else own_key)
            values = [m for m in vms if m in own]
            pcts = [(pm, nums, den) for pm, nums, den in percentages if pm in own]
            # the % of a rate is the ratio of two consolidated rates: their parts are needed
            parts = list(dict.fromkeys([*values, *(x for _, n, d in pcts for x in (*n, d))]))
            want = wants[own_key] = (values, parts, pcts)
        kind = _kind_of(vkind, aggregation, numerator, denominator, weight)
        if kind == "r":
            for m in want[1]:
                op = _Op("r", code, m, ((numerator, m),), (denominator, m))
                by_den.setdefault(op.den, []).append(op)  # type: ignore[arg-type]
            continue
        if kind == "w":
            for m in want[1]:
                op = _Op("w", code, m, ((code, m),), (weight, m))
                by_den.setdefault(op.den, []).append(op)  # type: ignore[arg-type]
            continue
        ms = want[1] if aggregation is Aggregation.RATIO else want[0]
        if ms:
            mine = feeds.setdefault(code, {})
            for m in ms:
                acc = (kind, code, m)
                single[(code, m)] = (kind, acc)
                mine[m] = (kind, acc, ())
        if kind == "s":  # a figure that adds up: its % from the sums of its parts
            for pm, nums, den in want[2]:
                num = tuple((code, x) for x in nums)
                by_den.setdefault((code, den), []).append(_Op("p", code, pm, num, (code, den)))
    pairs = {k: tuple(v) for k, v in by_den.items()}
    for (i, m), ops in pairs.items():
        mine = feeds.setdefault(i, {})
        kind, acc, _ = mine.get(m, (None, None, ()))
        mine[m] = (kind, acc, ops)
    adds = {k: acc for k, (kind, acc) in single.items() if kind == "s" and k not in pairs}
    return _Plan(single, pairs, feeds, adds)
