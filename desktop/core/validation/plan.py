"""What each validation rule has to look at in one form, worked out once per form.

`checks.py` used to walk every indicator × measure of the form for every rule and every
submission (450,000 look-ups for 300 imported packages of a 300-row form).  The plan lists,
per rule, only the cells that rule can speak about, with their dictionary keys built
in advance: a row that declares only `min: 0` costs one comparison per figure, a form
without parent rows costs nothing in the children rule.  It is a pure function of the
frozen form and catalog, cached per form object (as consolidation/accumulate.py caches
its plan), so the import, the CLI and the entry grid all run the same compiled rules.
Its pieces are named tuples: a 300-row form makes ~1,000 of them, 5× faster than frozen
dataclasses would.

The order of every list is the order the rules used to walk the form in, so issues come
out in the same order as before.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import ROUND_CEILING, ROUND_FLOOR, Context, Decimal
from functools import cached_property
from itertools import chain
from typing import NamedTuple

from desktop.core.errors import Severity
from desktop.core.formdef.expr import Expression, Ref, parse
from desktop.core.formdef.models import (
    Aggregation,
    Catalog,
    ChildrenRule,
    FormDefinition,
    Indicator,
    MeasureKind,
    MeasureTime,
    Rule,
    ValueKind,
)
from desktop.core.marks import actual_measures

Key = tuple[str, str]
_HUNDRED = Decimal(100)  # a % column is numerator ÷ denominator × 100
_SCALE = 10**6  # Submission.scaled: a figure × 10^6
RATIO_MOST = 1000  # a % above this is spoken of (checks.check_values: «rất lớn»)
_EXACT = Context(prec=200)


def _scaled_bound(bound: Decimal, rounding: str) -> int:
    return int(_EXACT.multiply(bound, Decimal(_SCALE)).to_integral_value(rounding))


def _row_bounds(spec: ValueSpec) -> ScaledBounds:
    """A number row's bounds for its figures' scaled integers (its value columns)."""
    lo = None if spec.lo is None else _scaled_bound(spec.lo, ROUND_CEILING)
    hi = None if spec.hi is None else _scaled_bound(spec.hi, ROUND_FLOOR)
    return ScaledBounds(lo, hi, _SCALE if spec.integer else 1)


class ValueSpec(NamedTuple):
    """What `check_values` asks of one row's figures: its kind and its bounds (a percent
    row without bounds is 0–100)."""

    ind: Indicator
    text: bool
    integer: bool
    lo: Decimal | None
    hi: Decimal | None


class ScaledBounds(NamedTuple):
    """A figure's `ValueSpec` for its integer scaled by 10^6 (Submission.scaled): the
    integers `check_values` has nothing to say of (lo ≤ x ≤ hi, a multiple of `step`).
    For an integer x, x/10^6 < lo ⇔ x < ⌈lo·10^6⌉ and x/10^6 > hi ⇔ x > ⌊hi·10^6⌋."""

    lo: int | None
    hi: int | None
    step: int  # 10^6 for a whole-number row, else 1


class ChildrenSum(NamedTuple):
    """One parent row and one measure: its children's keys and how they must add up."""

    parent: Indicator
    measure: str
    total: Key
    kids: tuple[Key, ...]
    exact: bool  # children: equal / sum
    at_most: bool  # children: at_most («trong đó»)


class TypedRatio(NamedTuple):
    """A typed % (a ratio measure, or a ratio row) and the figures it is computed from."""

    ind: Indicator
    measure: str
    typed: Key
    numerators: tuple[Key, ...]  # the first present one is used
    denominator: Key
    scale: Decimal


class PartOfTotal(NamedTuple):
    """A count-of-units row («xã đạt chuẩn») and its «out of» row, one measure."""

    ind: Indicator
    measure: str
    part: Key
    total: Key


class CompiledRule(NamedTuple):
    rule: Rule
    severity: Severity
    expr: Expression
    measures: tuple[str | None, ...]
    first: str | None  # the indicator the issue points at
    first_measure: str | None  # the measure it points at when the rule has none


@dataclass
class FormPlan:
    """A form's checks worked out once: indicators, measures and each figure's spec."""
    indicators: dict[str, Indicator]
    value_measures: list[str]
    ratio_measures: list[str]
    ratio_set: frozenset[str]
    specs: dict[str, ValueSpec]
    required: tuple[Indicator, ...]
    actual: list[str]
    children: tuple[ChildrenSum, ...]
    flows: tuple[tuple[Indicator, Key, Key], ...]  # (row, th_ky key, luy_ke key)
    flow_at: dict[Key, int]  # a flow row's luy_ke key → its place in `flows`
    # per row, in form order: its part-of-total checks, then its typed-ratio checks
    ratio_indicator_checks: tuple[PartOfTotal | TypedRatio, ...]
    rules: tuple[CompiledRule, ...]
    error_rules: tuple[CompiledRule, ...]  # the rules an import runs (errors only)
    rows: tuple[Indicator, ...]
    catalog: Catalog
    measures: tuple[str, ...]  # the form's measures, in order
    # the cells of the last figures `check_values` decided on with their bounds groups (one
    # slot, replaced whole: the packages of one form mostly fill the same cells)
    seen_groups: list = field(default_factory=list, compare=False, repr=False)

    @cached_property
    def ytd_measures(self) -> tuple[str, ...]:
        """The form's lũy kế measures (the catalog's `time: ytd`), in form order."""
        return tuple(
            m
            for m in self.measures
            if (md := self.catalog.measure(m)) is not None and md.time is MeasureTime.YEAR_TO_DATE
        )

    @cached_property
    def scaled_bounds(self) -> tuple[dict[Key, int | None], list[ScaledBounds]]:
        """What `check_values` asks of a figure's scaled integer, per row × measure of the
        form: a % column's 0–1000, a row's bounds and whole-number rule.  Given as the
        number of its bounds in the list (None for a text row: a figure there is always
        spoken of), so that a submission's figures fall into a few groups (checks.py).
        Rows of equal kind and bounds share their measures' numbers, worked out once (a
        300-row form of 6 measures has a few such rows, not 1,800 cells to scale)."""
        number: dict[ScaledBounds, int] = {}
        groups_of: dict[tuple, tuple[int | None, ...]] = {}  # (text, lo, hi, integer) → per measure
        rows: list[tuple[int | None, ...]] = []  # each row's, in form order
        ratio = ScaledBounds(0, RATIO_MOST * _SCALE, 1)
        measures = self.measures
        for spec in self.specs.values():
            shape = (spec.text, spec.lo, spec.hi, spec.integer)
            groups = groups_of.get(shape)
            if groups is None:
                # numbered in the order of first appearance over rows × measures
                row = None if spec.text else _row_bounds(spec)
                groups = groups_of[shape] = tuple(
                    None
                    if row is None
                    else number.setdefault(ratio if m in self.ratio_set else row, len(number))
                    for m in measures
                )
            rows.append(groups)
        cells = [(code, m) for code in self.specs for m in measures]
        return dict(zip(cells, chain.from_iterable(rows), strict=True)), list(number)

    @cached_property
    def ratio_measure_checks(self) -> tuple[TypedRatio, ...]:
        """Every row × % column (only warns: made when first asked, never by an import)."""
        return _ratio_measures(self.rows, self.ratio_measures, self.catalog)


_PLANS: dict[tuple[int, int], tuple[FormDefinition, Catalog, FormPlan]] = {}
_MAX_PLANS = 256  # forms of a few packs; a test run that builds thousands starts again


def plan_for(form: FormDefinition, catalog: Catalog) -> FormPlan:
    """The compiled rules of `form` (cached per form and catalog object)."""
    cached = _PLANS.get((id(form), id(catalog)))
    if cached is not None and cached[0] is form and cached[1] is catalog:
        return cached[2]
    result = _compile(form, catalog)
    if len(_PLANS) >= _MAX_PLANS:
        _PLANS.clear()
    _PLANS[(id(form), id(catalog))] = (form, catalog, result)
    return result


def _compile(form: FormDefinition, catalog: Catalog) -> FormPlan:
    rows = tuple(form.iter_indicators())
    indicators = {i.code: i for i in rows}
    kinds = {m: md.kind for m in form.measures if (md := catalog.measure(m))}
    value_measures = [m for m in form.measures if kinds.get(m) is MeasureKind.VALUE]
    ratio_measures = [m for m in form.measures if kinds.get(m) is MeasureKind.RATIO]
    rules = tuple(_rule(r, value_measures) for r in form.rules)
    flows = tuple(
        (i, (i.code, "th_ky"), (i.code, "luy_ke"))
        for i in rows
        if i.aggregation is Aggregation.FLOW
    )
    return FormPlan(
        indicators=indicators,
        value_measures=value_measures,
        ratio_measures=ratio_measures,
        ratio_set=frozenset(ratio_measures),
        specs={i.code: _spec(i) for i in rows},
        required=tuple(i for i in rows if i.required),
        actual=actual_measures(form),
        children=_children(rows, indicators, value_measures),
        flows=flows,
        flow_at={ytd_key: at for at, (_, _, ytd_key) in enumerate(flows)},
        ratio_indicator_checks=_ratio_indicators(rows, value_measures),
        rules=rules,
        error_rules=tuple(r for r in rules if r.severity is Severity.ERROR),
        rows=rows,
        catalog=catalog,
        measures=tuple(form.measures),
    )


def _spec(ind: Indicator) -> ValueSpec:
    lo, hi = ind.min, ind.max
    if ind.kind is ValueKind.PERCENT and lo is None and hi is None:
        lo, hi = Decimal(0), Decimal(100)
    return ValueSpec(ind, ind.kind is ValueKind.TEXT, ind.kind is ValueKind.INTEGER, lo, hi)


def _children(rows, indicators, value_measures) -> tuple[ChildrenSum, ...]:
    kids_of: dict[str, list[str]] = {}
    for ind in rows:
        if ind.parent:
            kids_of.setdefault(ind.parent, []).append(ind.code)
    out = []
    for parent_code, kids in kids_of.items():
        parent = indicators[parent_code]
        if parent.children is ChildrenRule.NONE or parent.aggregation in (
            Aggregation.RATIO,
            Aggregation.NONE,
        ):
            continue
        exact = parent.children in (ChildrenRule.EQUAL, ChildrenRule.SUM)
        at_most = parent.children is ChildrenRule.AT_MOST
        for m in value_measures:
            keys = tuple((k, m) for k in kids)
            out.append(ChildrenSum(parent, m, (parent_code, m), keys, exact, at_most))
    return tuple(out)


def _ratio_measures(rows, ratio_measures, catalog) -> tuple[TypedRatio, ...]:
    out = []
    for m in ratio_measures:
        md = catalog.measure(m)
        if md is None or md.denominator is None:
            continue
        for ind in rows:
            nums = tuple((ind.code, n) for n in md.numerator)
            out.append(
                TypedRatio(ind, m, (ind.code, m), nums, (ind.code, md.denominator), _HUNDRED)
            )
    return tuple(out)


def _ratio_indicators(rows, value_measures) -> tuple[PartOfTotal | TypedRatio, ...]:
    out: list[PartOfTotal | TypedRatio] = []
    for ind in rows:
        if ind.aggregation is Aggregation.COUNT_OF_UNITS and ind.total:
            out += [PartOfTotal(ind, m, (ind.code, m), (ind.total, m)) for m in value_measures]
        if ind.aggregation is not Aggregation.RATIO or not (ind.numerator and ind.denominator):
            continue
        out += [
            TypedRatio(
                ind, m, (ind.code, m), ((ind.numerator, m),), (ind.denominator, m), ind.scale
            )
            for m in value_measures
        ]
    return tuple(out)


def _rule(rule: Rule, value_measures: list[str]) -> CompiledRule:
    expr = parse(rule.expr)  # the pack check guarantees it parses
    refs: list[Ref] = expr.refs()
    generic = any(r.measure is None for r in refs)
    measures = rule.measures or (value_measures if generic else [None])
    return CompiledRule(
        rule,
        Severity(rule.severity.value),
        expr,
        tuple(measures),
        refs[0].indicator if refs else None,
        refs[0].measure if refs else None,
    )
