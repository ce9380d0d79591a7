"""`workbook_styles.plain_row` tells whether a «CT …» row's figures can be written as they
are, with no step per figure (issue 14).  Whatever the row — figures of any size and
exponent, zeros with a sign, empty cells, text, NaN and infinities — when it says yes, every
figure is written exactly as `number_value` would write it, with the decimals
`row_decimals` finds; and it says yes for the rows a provincial workbook is made of."""

from __future__ import annotations

from decimal import Decimal as D

from hypothesis import given, settings
from hypothesis import strategies as st

from desktop.core.excel.workbook_styles import number_value, plain_row, row_decimals

figure = st.builds(
    lambda n, e: D(n).scaleb(e),
    st.integers(min_value=-(10**20), max_value=10**20),
    st.integers(min_value=-9, max_value=5),
)
odd = st.sampled_from(
    [None, D(0), D("-0"), D("-0.00"), D("0E+7"), "", "abc", D("NaN"), D("Infinity"), D("-1E+30")]
)
# a workbook's figures: at most 12 integer digits and 3 places, so that a row of them needs
# at most Excel's 15 significant digits (13 digits beside a figure with 3 places would need
# 16, and plain_row rightly says no: test_the_edges)
plain = st.one_of(
    st.none(),
    st.builds(
        lambda n, e: D(n).scaleb(e),
        st.integers(min_value=0, max_value=10**12 - 1),
        st.integers(min_value=-3, max_value=0),
    ),
)


@settings(max_examples=60)
@given(row=st.lists(st.one_of(figure, odd), max_size=70))
def test_a_plain_row_is_written_exactly(row):
    decimals = plain_row(row)
    if decimals is None:
        return  # the per-figure route: number_value for each
    for v in row:
        assert v is None or v.__class__ is D
        if v is not None:
            assert v.is_finite() and not (v.is_zero() and v.is_signed())
            shown = number_value(v)
            assert shown == v and shown.is_signed() == v.is_signed()
    assert decimals == row_decimals(row)


@settings(max_examples=40)
@given(row=st.lists(plain, max_size=70))
def test_the_rows_of_a_workbook_take_the_plain_route(row):
    assert plain_row(row) == row_decimals(row)


def test_the_edges():
    assert plain_row([]) == 0
    assert plain_row([None, D(0), D("12.50")]) == 1
    assert plain_row([D("0.0001"), D(1)]) == 3  # more places than shown: the cap
    assert plain_row([D("123456789012.3456")]) is None  # 16 digits: Excel would round
    assert plain_row([D("0.001"), D("1000000000000")]) is None  # 13 digits + 3 places: 16
    assert plain_row([D("-0"), D(1)]) is None  # "-0" needs number_value
    assert plain_row(["", D(1)]) is None
    assert plain_row(["12", D(1)]) is None
    assert plain_row([D("NaN")]) is None
    assert plain_row([D("-Infinity"), D(1)]) is None
