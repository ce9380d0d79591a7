"""`codec.value_rows` converts most figures by their exact ratio n/d instead of through a
Decimal context (issue 14, K9).  Whatever the figure — canonical text of up to 30 and
more digits, negatives, many places, zeros with any exponent, numbers beyond 64 bits —
the row it writes is the one `encode` writes, and a figure `encode` refuses is refused
with the same message."""

from __future__ import annotations

from decimal import Decimal as D

import pytest
from hypothesis import given
from hypothesis import strategies as st

from desktop.core import canonical
from desktop.core.storage.codec import encode, value_rows
from desktop.core.storage.errors import UnstorableValue

canonical_text = st.builds(
    lambda neg, whole, frac: ("-" if neg else "") + whole + ("." + frac if frac else ""),
    st.booleans(),
    st.from_regex(r"[0-9]{1,30}", fullmatch=True),
    st.from_regex(r"[0-9]{0,12}", fullmatch=True),
)
any_exponent = st.builds(
    lambda n, e: D(n).scaleb(e),
    st.integers(min_value=-(10**45), max_value=10**45),
    st.integers(min_value=-70, max_value=70),
)


def _same_as_encode(value: D) -> None:
    try:
        expected = [(3, "X", "th_ky", *encode(value))]
    except UnstorableValue as exc:
        with pytest.raises(UnstorableValue) as got:
            value_rows(3, {("X", "th_ky"): value})
        assert (got.value.message, got.value.code) == (exc.message, exc.code)
        return
    assert value_rows(3, {("X", "th_ky"): value}) == expected


@given(text=canonical_text)
def test_canonical_text_scales_as_encode_does(text):
    _same_as_encode(canonical.read(text, max_digits=60))


@given(value=any_exponent)
def test_any_exponent_scales_as_encode_does(value):
    _same_as_encode(value)


def test_the_edges():
    for text in [
        "0",
        "-0",
        "0E+50",
        "0E-50",
        "1E+39",
        "-9223372036854.775808",
        "9223372036854.775807",
        "9223372036854.775808",
        "0.000001",
        "0.0000001",
        "-1.5000000",
        "12345678901234567890123456789.5",
    ]:
        _same_as_encode(D(text))
    assert value_rows(1, {("A", "m"): D("-12.5"), ("B", "m"): D("7E+3")}) == [
        (1, "A", "m", -12_500_000, None, None),
        (1, "B", "m", 7_000_000_000, None, None),
    ]
