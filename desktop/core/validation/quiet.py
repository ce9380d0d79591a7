"""When a check has nothing to say, known at C speed (issue 14, K9): the import validates
every package's few hundred figures, and nearly always they are plain non-negative
numbers of few places on rows that ask nothing more.  These tests look at all figures at
once (set and min over the values, no Python loop per figure) and answer True only when
the check's own loop would yield nothing; otherwise the check runs as before, so its
issues, their order and their messages are the only ones."""

from __future__ import annotations

from decimal import Decimal
from operator import itemgetter

from desktop.core.validation.context import ValidationContext
from desktop.core.validation.plan import FormPlan

_ZERO = Decimal(0)
_DECIMAL = frozenset({Decimal})
_CODE, _MEASURE = itemgetter(0), itemgetter(1)

# id(plan) → (plan, rows whose figures need only be numbers ≥ 0, keys of the lũy kế figures)
_KNOWN: dict[int, tuple[FormPlan, frozenset[str], frozenset[tuple[str, str]]]] = {}


def _of(plan: FormPlan) -> tuple[FormPlan, frozenset[str], frozenset[tuple[str, str]]]:
    known = _KNOWN.get(id(plan))
    if known is not None and known[0] is plan:
        return known
    plain = frozenset(
        code
        for code, (_, text, integer, lo, hi) in plan.specs.items()
        if not text and not integer and hi is None and (lo is None or lo <= _ZERO)
    )
    if len(_KNOWN) >= 256:  # plans of a few packs; a test run building thousands starts again
        _KNOWN.clear()
    known = _KNOWN[id(plan)] = (plan, plain, frozenset(ytd for _, _, ytd in plan.flows))
    return known


def values_quiet(ctx: ValidationContext, few_places: bool) -> bool:
    """True when `check_values` would yield nothing: no figure has too many places
    (`few_places`), every figure is a Decimal at least zero, on a row that is a number
    with no upper bound, no integer rule and a lower bound of at most zero, and in a
    column that is not a percentage."""
    if not few_places:
        return False
    values = ctx.submission.values
    if not values:
        return True
    _, plain, _ = _of(ctx.plan)
    return (
        set(map(type, values.values())) <= _DECIMAL
        and set(map(_CODE, values)) <= plain
        and ctx.plan.ratio_set.isdisjoint(map(_MEASURE, values))
        and min(values.values()) >= _ZERO
    )


def no_year_to_date(ctx: ValidationContext) -> bool:
    """True when the submission holds no lũy kế figure of a flow row: `check_cumulative`
    then has nothing to compare."""
    return ctx.submission.values.keys().isdisjoint(_of(ctx.plan)[2])
