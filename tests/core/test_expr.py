from decimal import Decimal

import pytest

from desktop.core.formdef.expr import ExprError, parse

VALUES = {("A", "th_ky"): Decimal("10"), ("B", "th_ky"): Decimal("4"), ("C", "th_ky"): Decimal("6"),
          ("A", "luy_ke"): Decimal("25")}


def lookup(measure="th_ky"):
    return lambda ref: VALUES.get((ref.indicator, ref.measure or measure))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("B + C == A", True),
        ("B + C < A", False),
        ("A.luy_ke >= A", True),
        ("sum(B, C, D) == A", True),
        ("abs(B - C) <= 2", True),
        ("A / B == 2.5", True),
        ("not (A < B) and (B < C or false)", True),
        ("present(D)", False),
        ("coalesce(D, 0) == 0", True),
        ("0 <= B <= C <= A", True),
        ("round(A / 3, 2) == 3.33", True),
    ],
)
def test_evaluates(text, expected):
    assert parse(text).evaluate(lookup()) is expected


def test_missing_value_means_not_applicable():
    assert parse("D <= A").evaluate(lookup()) is None
    assert parse("A / (B - B) > 1").evaluate(lookup()) is None


def test_decimal_literals_are_exact():
    assert parse("0.1 + 0.2 == 0.3").evaluate(lookup()) is True


@pytest.mark.parametrize(
    "text",
    ["__import__('os').system('echo hi')", "A.__class__", "[A, B]", "A if B else C", "lambda: 1",
     "open('x')", "A ** 2", "'text' == A", "A[0]", "A <", "f(x=1)"],
)
def test_refuses_anything_outside_the_language(text):
    with pytest.raises(ExprError):
        parse(text)


def test_refs():
    refs = parse("A.luy_ke >= sum(B, C)").refs()
    assert [(r.indicator, r.measure) for r in refs] == [("A", "luy_ke"), ("B", None), ("C", None)]
