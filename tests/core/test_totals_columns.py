"""A batch's running totals add the units of one form together (consolidation/accumulate.py
`accumulate_units`): units giving the same figures in the same order, all numbers each
feeding one Σ, column by column; any other unit one by one.  Over any mix of units — the
same figures in the same or another order, text, ratios, figures beyond 64 bits, added or
taken away, onto sums already there — the sums equal those of `accumulate_scaled` unit by
unit, to the last digit."""

from __future__ import annotations

import copy

from hypothesis import given, settings
from hypothesis import strategies as st

from desktop.core.consolidation.accumulate import accumulate_scaled, accumulate_units
from desktop.core.storage import totals
from desktop.core.storage.codec import value_rows
from tests.core.test_totals_scaled import (  # noqa: F401 — `form_and_catalog` is a fixture
    figure,
    form_and_catalog,
    unit_values,
)

# figures no ratio is made from: each feeds one Σ and nothing else (the common case)
plain = st.dictionaries(
    st.sampled_from(
        [(i, m) for i in ("FL", "ST", "NU", "DD", "CU", "TO") for m in ("th_ky", "luy_ke")]
    ),
    figure,
    max_size=12,
)


def like(base: dict):
    """Units giving the figures of `base`: in its order with other values, or reordered."""
    keys = list(base)
    same_order = st.lists(figure, min_size=len(keys), max_size=len(keys)).map(
        lambda figs: dict(zip(keys, figs, strict=True))
    )
    return st.one_of(
        same_order, same_order, st.permutations(keys).map(lambda k: {x: base[x] for x in k})
    )


@settings(max_examples=40)
@given(data=st.data())
def test_units_added_together_equal_units_added_one_by_one(form_and_catalog, data):  # noqa: F811
    form, catalog = form_and_catalog
    base = data.draw(st.one_of(plain, unit_values), label="base")
    units = data.draw(
        st.lists(st.one_of(like(base), unit_values, plain), max_size=8), label="units"
    )
    before = data.draw(st.lists(unit_values, max_size=2), label="already summed")
    sign = data.draw(st.sampled_from([1, -1]), label="sign")
    rows = [totals._scaled(value_rows(sid, v)) for sid, v in enumerate([base, *units], start=1)]
    start: dict = {}
    for sid, values in enumerate(before, start=100):
        accumulate_scaled(form, catalog, totals._scaled(value_rows(sid, values)), start, 1)
    one_by_one, together = copy.deepcopy(start), copy.deepcopy(start)
    for unit in rows:
        accumulate_scaled(form, catalog, unit, one_by_one, sign)
    accumulate_units(form, catalog, rows, together, sign)
    assert together == one_by_one
