"""The decimal-places check of `check_values` on many figures at once: the run first learns
from one exact sum whether any figure can have too many places (validation/checks.py
`_few_places`), and looks at each figure only when it may.  Against the rule itself, figure
by figure, over every real form: a figure gets «qua_nhieu_so_le» exactly when, trailing
zeros not counted, it has more than six places; huge, tiny and many-place figures
included."""

from __future__ import annotations

from decimal import Decimal as D

import pytest
from hypothesis import given
from hypothesis import strategies as st

from desktop.core.submission import Submission
from desktop.core.validation.checks import MAX_DECIMALS, _few_places
from desktop.core.validation.engine import validate_submission

FIGURES = st.one_of(
    st.integers(0, 9).flatmap(
        lambda places: st.decimals(allow_nan=False, allow_infinity=False, places=places)
    ),
    st.builds(
        lambda digits, exp, sign: D((sign, tuple(int(c) for c in digits), exp)),
        st.text("0123456789", min_size=1, max_size=30),
        st.integers(-40, 40),
        st.integers(0, 1),
    ),
    st.sampled_from(["1.0000000", "0.0000001", "-0", "0E-7", "1E+30", "12.345678"]).map(D),
)


def _places(value: D) -> int:
    """The rule: places as written, trailing zeros not counted."""
    exp = value.normalize().as_tuple().exponent
    return -exp if isinstance(exp, int) and exp < 0 else 0


@given(st.lists(st.one_of(FIGURES, FIGURES, st.sampled_from(["Có", ""])), max_size=40))
def test_few_places_is_said_only_when_no_figure_is_written_with_more(values):
    figures = [v for v in values if isinstance(v, D)]
    written = [-v.as_tuple().exponent for v in figures]
    if _few_places(values):
        assert all(places <= MAX_DECIMALS for places in written)
    elif all(places <= MAX_DECIMALS for places in written):
        pytest.fail("every figure has few places, but the sum did not say so")


@pytest.fixture(scope="module")
def real_pack():
    from desktop.core.formdef.loader import load_pack
    from tests.conftest import REPO

    return load_pack(REPO / "forms")


@given(data=st.data())
def test_too_many_places_is_flagged_figure_by_figure_as_the_rule_says(real_pack, data):
    form = real_pack.get(data.draw(st.sampled_from(sorted(real_pack.forms))))
    rows = [i for i in form.iter_indicators() if i.kind != "text"]
    keys = st.tuples(st.sampled_from([i.code for i in rows]), st.sampled_from(form.measures))
    values = data.draw(st.dictionaries(keys, FIGURES, max_size=30))
    sub = Submission(form.id, form.version, "178", "2023-06", values=values)
    issues = validate_submission(form, sub, real_pack.catalog, filename="a.json")
    flagged = [
        (i.location.indicator, i.location.measure) for i in issues if i.code == "qua_nhieu_so_le"
    ]
    expected = [k for k, v in values.items() if _places(v) > MAX_DECIMALS]
    assert sorted(flagged) == sorted(expected)
