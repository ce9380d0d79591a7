"""`FormPlan.scaled_bounds` works out each distinct row (kind and bounds) once instead of
scaling every row × measure's bounds (issue 14 import: 16 forms of 300 rows cost ~0.2 s on
a province's first import).  Held to the cell-by-cell definition it replaces: the same
group number for every cell and the same list of bounds, over every real form and over
forms whose rows are given drawn kinds and bounds."""

from __future__ import annotations

from dataclasses import replace
from decimal import ROUND_CEILING, ROUND_FLOOR
from decimal import Decimal as D

from hypothesis import given, settings
from hypothesis import strategies as st

from desktop.core.formdef.models import ValueKind
from desktop.core.validation.plan import (
    _SCALE,
    RATIO_MOST,
    ScaledBounds,
    _compile,
    _scaled_bound,
)


def _cell_by_cell(plan):
    """The definition before: every row × measure scaled on its own."""
    number: dict = {}
    out: dict = {}
    for code, spec in plan.specs.items():
        for m in plan.measures:
            if spec.text:
                out[(code, m)] = None
                continue
            if m in plan.ratio_set:
                b = ScaledBounds(0, RATIO_MOST * _SCALE, 1)
            else:
                lo = None if spec.lo is None else _scaled_bound(spec.lo, ROUND_CEILING)
                hi = None if spec.hi is None else _scaled_bound(spec.hi, ROUND_FLOOR)
                b = ScaledBounds(lo, hi, _SCALE if spec.integer else 1)
            out[(code, m)] = number.setdefault(b, len(number))
    return out, list(number)


def _same(plan) -> None:
    got_of, got_bounds = plan.scaled_bounds
    want_of, want_bounds = _cell_by_cell(plan)
    assert got_bounds == want_bounds
    assert list(got_of.items()) == list(want_of.items())  # same cells, same order


def test_every_real_form_gets_the_cell_by_cell_bounds(pack):
    for form_id in sorted(pack.forms):
        _same(_compile(pack.get(form_id), pack.catalog))


BOUND = st.one_of(
    st.none(),
    st.sampled_from([D(0), D("-0"), D("0.0"), D(100), D("100.00"), D("0.0000005"), D("-12.5")]),
    st.decimals(min_value=-(10**9), max_value=10**9, places=8, allow_nan=False),
)


@settings(max_examples=30, deadline=None)
@given(data=st.data())
def test_drawn_kinds_and_bounds_get_the_cell_by_cell_bounds(pack, data):
    form = pack.get(data.draw(st.sampled_from(sorted(pack.forms)), label="form"))

    def redrawn(ind):
        if not data.draw(st.booleans(), label=f"redraw {ind.code}"):
            return ind
        return replace(
            ind,
            kind=data.draw(st.sampled_from(list(ValueKind)), label="kind"),
            min=data.draw(BOUND, label="min"),
            max=data.draw(BOUND, label="max"),
        )

    sections = [replace(s, indicators=[redrawn(i) for i in s.indicators]) for s in form.sections]
    _same(_compile(replace(form, sections=sections), pack.catalog))


FIGURES = st.sampled_from(["0", "-1", "2.5", "100", "100.5", "1000.000001", "-0", "12", "7.25"])


@settings(max_examples=30, deadline=None)
@given(data=st.data())
def test_figures_after_figures_are_said_as_the_decimals_say(pack, data):
    """`check_values` keeps the bounds groups of the last cells it decided on (the packages
    of one form mostly fill the same cells): submission after submission of one form, over
    the same, fewer, other and more cells, with figures in and out of their bounds, it says
    what the Decimal route says."""
    from desktop.core.formdef.period_form import form_for_period
    from desktop.core.submission import SubmissionData, parse_submission
    from desktop.core.validation.checks import check_values
    from desktop.core.validation.context import ValidationContext

    form = pack.get(data.draw(st.sampled_from(sorted(pack.forms)), label="form"))
    shown = form_for_period(form, "2025-H1")
    cells = [(i.code, m) for i in shown.iter_indicators() for m in shown.measures_of(i)]
    pool = data.draw(st.lists(st.sampled_from(cells), min_size=1, max_size=5, unique=True))

    def said(sub):
        ctx = ValidationContext(form, sub, pack.catalog)
        return [(i.severity, i.code, i.message, i.location) for i in check_values(ctx)]

    for n in range(4):
        chosen = data.draw(st.lists(st.sampled_from(pool), min_size=1, unique=True), label=f"{n}")
        values: dict[str, dict[str, str]] = {}
        for code, m in chosen:
            values.setdefault(code, {})[m] = data.draw(FIGURES, label=f"{n} {code}/{m}")
        sf = SubmissionData(
            format="baocao-submission/1",
            form=form.id,
            form_version=form.version,
            unit="178",
            period="2025-H1",
            values=values,
        )
        sub, _ = parse_submission(sf, form, canonical_numbers=True)
        assert said(sub) == said(replace(sub, scaled={}))
