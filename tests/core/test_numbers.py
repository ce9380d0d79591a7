from decimal import Decimal

import pytest

from desktop.core.numbers import NumberFormatError, format_vn, parse_number, to_plain


@pytest.mark.parametrize(
    ("text", "expected", "ambiguous"),
    [
        ("209.435", Decimal("209435"), True),
        ("1.234,5", Decimal("1234.5"), False),
        ("57,3", Decimal("57.3"), False),
        ("5.832.661.500", Decimal("5832661500"), False),
        ("1234.5", Decimal("1234.5"), False),
        (" 1 234 567 ", Decimal("1234567"), False),
        ("1\u00a0234,5", Decimal("1234.5"), False),
        ("1,234,567", Decimal("1234567"), False),
        ("1,234.5", Decimal("1234.5"), False),
        ("0,27", Decimal("0.27"), False),
        ("-2,5%", Decimal("-2.5"), False),
        ("−15", Decimal("-15"), False),
        ("98%", Decimal("98"), False),
        ("57.30", Decimal("57.30"), False),
        ("2,466", Decimal("2.466"), False),
    ],
)
def test_vietnamese_numbers(text, expected, ambiguous):
    parsed = parse_number(text)
    assert parsed.value == expected
    assert parsed.ambiguous is ambiguous


def test_ambiguous_dot_says_what_it_understood():
    parsed = parse_number("1.234")
    assert parsed.value == Decimal(1234)
    assert parsed.note is not None and "1.234" in parsed.note and "1,234" in parsed.note


@pytest.mark.parametrize("text", ["1.23.456", "abc", "1,2,3", "12,", ",5", "1.2.3,4,5", "", "  ", "12a", "1,234.5.6", "--5"])
def test_refused(text):
    with pytest.raises(NumberFormatError) as exc:
        parse_number(text)
    assert exc.value.args[0]  # a Vietnamese explanation


def test_json_numbers_are_exact():
    assert parse_number(Decimal("0.1")).value + parse_number(Decimal("0.2")).value == Decimal("0.3")
    assert parse_number(7).value == 7
    with pytest.raises(NumberFormatError):
        parse_number(True)


@pytest.mark.parametrize(
    ("value", "text"),
    [(Decimal("209435"), "209.435"), (Decimal("1234.5"), "1.234,5"), (Decimal("-0.27"), "-0,27"),
     (Decimal("5832661500"), "5.832.661.500"), (Decimal("57.30"), "57,3")],
)
def test_format_vn(value, text):
    assert format_vn(value) == text
    assert parse_number(text).value == value


def test_to_plain():
    assert to_plain(Decimal("1.2300")) == "1.23"
    assert to_plain(Decimal("1E+3")) == "1000"
    assert to_plain(Decimal("-0")) == "0"


@pytest.mark.parametrize(
    ("text", "word"),
    [
        ("1,5 tỷ", "tỷ"),
        ("209 triệu đồng", "triệu"),
        ("3 ngàn", "ngàn"),
        ("2 TỈ", "tỉ"),
        ("1,5 ty\u0309", "tỷ"),  # typed decomposed (NFD), as some keyboards send it
    ],
)
def test_a_scale_word_is_refused_with_how_to_type_the_figure(text, word):
    """A figure copied from a report with its scale («1,5 tỷ») is not guessed (the row's
    unit decides), but the message says how to type it instead of «không phải chữ số»."""
    with pytest.raises(NumberFormatError) as refused:
        parse_number(text)
    said = refused.value.args[0]
    assert f"không kèm chữ «{word}»" in said and "ĐVT" in said and "1.500" in said, said
    assert "ký tự không phải chữ số" not in said
