"""Cell looks, safe cell values and sizes for the consolidated workbook.

Used by every sheet module of the workbook and by `workbook_writer`, which writes the
cells.  Nothing here depends on the library that writes the file:

- `Look` names a cell style (font, alignment, border, number format, fill); hashable, so
  `workbook_writer.StyleBook` makes one format per distinct look;
- `text_value()` / `number_value()` make the value itself safe and exact: text is NFC and
  stripped of characters XML cannot hold; numbers stay `Decimal` within Excel's 15
  significant digits;
- `text_width()`, `line_count()`, `row_height()`, `shown_width()`: column widths and row
  heights estimated from the text (cheaply: word widths are cached), so that nothing is
  clipped or shown as ###.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Sequence
from decimal import ROUND_HALF_UP, Context, Decimal
from functools import lru_cache
from itertools import repeat
from operator import itemgetter, mod

from desktop.core.record import record

FONT_NAME = "Times New Roman"  # Nghị định 30/2020/NĐ-CP, for administrative documents
BODY_SIZE = 12
EXCEL_MAX_TEXT = 32_767
EXCEL_DIGITS = 15  # significant digits Excel keeps in a number
PERCENT_PLACES = 2
# a text starting with one of these is a formula to a spreadsheet (or to a CSV export of it)
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
_ILLEGAL_XML = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


@record
class Look:
    """Everything that makes a cell look the way it does; hashable, so one style per look."""

    bold: bool = False
    italic: bool = False
    underline: bool = False
    size: float = BODY_SIZE
    h: str = "general"  # left / center / right / general
    v: str = "center"
    wrap: bool = False
    shrink: bool = False  # shrink to fit (machine codes, which cannot wrap)
    indent: int = 0
    border: bool = False
    fmt: str = "General"
    fill: str | None = None  # RGB hex, e.g. "F2F2F2"
    turn: int = 0  # degrees the text is turned (90: read upwards, a narrow column's heading)


CODE_SIZE = 10
CODE_LOOK = Look(h="center", border=True, size=CODE_SIZE, shrink=True)  # Mã số


def code_width(codes) -> float:
    """Width of the Mã số column: the longest code, within reason (longer ones shrink)."""
    return clamp(max((text_width(c, size=CODE_SIZE) for c in codes), default=6) + 1.5, 8, 24)


# ---------------------------------------------------------------- values


@lru_cache(maxsize=8192)  # labels, units and codes recur on every sheet
def text_value(text: str) -> str:
    """NFC Vietnamese, no characters XML 1.0 forbids, within Excel's cell limit."""
    text = _ILLEGAL_XML.sub("", unicodedata.normalize("NFC", text))
    if len(text) > EXCEL_MAX_TEXT:
        text = text[: EXCEL_MAX_TEXT - 1] + "…"
    return text


# within 15 significant digits `plus` gives a figure back unchanged, beyond them rounded
# half-up as Excel would (and -0 as 0)
EXCEL_ROUNDING = Context(prec=EXCEL_DIGITS, rounding=ROUND_HALF_UP)
_PERCENT_STEP = Decimal(1).scaleb(-PERCENT_PLACES)


def number_value(value: Decimal | None, *, percent: bool = False) -> Decimal | None:
    """The exact Decimal written to the cell (None = empty cell).

    Percentages (% KH, % cùng kỳ, recomputed rates) are display figures: rounded half-up
    to 2 places.  Any other figure is written as given; only beyond Excel's 15 significant
    digits is it rounded, since Excel would silently do the same."""
    if value is None or not isinstance(value, Decimal) or not value.is_finite():
        return None
    if percent:
        value = value.quantize(_PERCENT_STEP, ROUND_HALF_UP)
    else:
        value = EXCEL_ROUNDING.plus(value)
    if value.is_zero():
        value = abs(value)  # no "-0"
    return value


def percent_places(value: Decimal) -> int:
    """Places a percentage is shown with: the ones it has, up to PERCENT_PLACES — «5,1»
    and «37,6» as on the «Tổng hợp» page (`format_figure`), «5» not «5,00», «5,12»."""
    return places(value, PERCENT_PLACES)


def readable_places(value: Decimal, least: int) -> int:
    """Places `value` is shown with: `least`, or more when it is not zero and would read
    as 0 at `least` (8,5 triệu đồng is 0,0085 tỷ đồng, «0,0» at one place): its first two
    significant digits, or all the places it has if fewer (at most READABLE_MOST)."""
    if not value or not value.is_finite() or abs(value) >= _half_step(least):
        return least
    return max(least, min(places(value, READABLE_MOST), 1 - value.adjusted()))


READABLE_MOST = 6  # a figure typed in triệu đồng to 3 places, shown in tỷ đồng


@lru_cache(maxsize=16)
def _half_step(p: int) -> Decimal:
    """The least figure that does not round to zero at `p` places (half-up)."""
    return Decimal(5).scaleb(-p - 1)


def places(value: Decimal, cap: int = 1_000) -> int:
    """Decimal places a figure needs to be shown exactly (12.50 → 1, 1E+3 → 0), at most
    `cap`."""
    return _places_of(value.as_integer_ratio()[1], cap)  # cheaper than normalize()


_DENOMINATOR = itemgetter(1)


def plain_row(values: list, cap: int = 3) -> int | None:
    """The row's decimals (`row_decimals`) when its figures can be written exactly as they
    are — Decimals within Excel's 15 significant digits, no -0, or None — found with no
    Python step per figure (a breakdown row has one per unit); None when some figure needs
    `number_value`, or is text."""
    figures = list(filter(None, values))  # zeros and empty cells have no decimals
    if len(figures) < len(values) and not _blanks_plain(values):
        return None
    if not figures:
        return 0
    if set(map(type, figures)) != _DECIMAL_ONLY:
        return None
    try:
        digits = max(max(figures), -min(figures)).adjusted() + 1
        if digits > EXCEL_DIGITS:
            return None
        # the fewest places p ≤ cap at which every figure is whole: figure % 10^-p, exact
        # and in C (far cheaper than reducing each figure's ratio)
        for p in range(cap + 1):
            if not any(map(mod, figures, repeat(_step(p)))):
                return None if digits + p > EXCEL_DIGITS else p
        exact = max(_places_of(v.as_integer_ratio()[1], 10_000) for v in figures)
    except (ArithmeticError, TypeError, ValueError):  # a non-finite figure
        return None
    return None if digits + exact > EXCEL_DIGITS else cap


_DECIMAL_ONLY = {Decimal}


def _blanks_plain(values: list) -> bool:
    """The row's zeros and empty cells are written as they are: None, or a zero without
    a sign (never "-0", never an empty text)."""
    return all(
        v is None or (v.__class__ is Decimal and not v.is_signed()) for v in values if not v
    )


@lru_cache(maxsize=16)
def _step(p: int) -> Decimal:
    return Decimal(1).scaleb(-p)


@lru_cache(maxsize=256)
def _places_of(denominator: int, cap: int) -> int:
    """The smallest p ≤ cap with 10^p a multiple of a reduced fraction's denominator."""
    p, scale = 0, 1
    while scale % denominator and p < cap:
        p, scale = p + 1, scale * 10
    return p


@lru_cache(maxsize=16)
def number_format(decimals: int) -> str:
    """Thousands grouping always; Vietnamese Excel shows 1.234.567,5 by itself."""
    return "#,##0" if decimals <= 0 else "#,##0." + "0" * decimals


def shown_width(figures: Sequence[tuple[Decimal, int]], *, bold: bool = True) -> float:
    """Width a column needs so that none of its figures shows as ###; each figure comes
    with the decimals it is shown with."""
    if not figures:
        return 4.0
    # for given decimals the longest text is that of the largest or the most negative
    # figure: format those two per number of decimals, not every figure of the column
    extremes: dict[int, tuple[Decimal, Decimal]] = {}
    for v, d in figures:
        lo_hi = extremes.get(d)
        if lo_hi is None:
            extremes[d] = (v, v)
        elif v < lo_hi[0]:
            extremes[d] = (v, lo_hi[1])
        elif v > lo_hi[1]:
            extremes[d] = (lo_hi[0], v)
    longest = max(len(f"{x:,.{d}f}") for d, pair in extremes.items() for x in pair)
    return longest * (1.08 if bold else 1.0) + 2.0


def row_decimals(values: Sequence[Decimal | None], cap: int = 3) -> int:
    """One number of decimals for a whole row, so its figures line up (None, and text,
    are no figures)."""
    # the distinct denominators of the row's figures, then their places: a big table's
    # rows have thousands of figures and a handful of denominators (zeros and empty
    # cells, left out by filter(None), have none)
    try:
        denominators = set(map(_DENOMINATOR, map(Decimal.as_integer_ratio, filter(None, values))))
    except (TypeError, ValueError, OverflowError):  # text among them, or no finite figure
        numbers = [v for v in values if isinstance(v, Decimal) and v.is_finite()]
        denominators = {v.as_integer_ratio()[1] for v in numbers}
    return max((_places_of(d, cap) for d in denominators), default=0)


# ---------------------------------------------------------------- sizes


# Times New Roman Bold against regular: its lower case is 10–30 % wider in the letters
# Vietnamese uses most (n, h, u, d, t, r); at 1.08 a bold label estimated at 36.4 of a
# cell's 36.5 usable units wrapped when printed and lost its second line
BOLD = 1.12


@lru_cache(maxsize=8192)  # words of labels recur in every table
def text_width(text: str, *, bold: bool = False, size: float = BODY_SIZE) -> float:
    """Approximate width of a text in Excel column units (the width of a digit)."""
    # Times New Roman relative to its digit, rounded up: wrapping one line too many
    # wastes a little paper, one too few hides a line of a label
    w = 0.0
    for ch in text:
        if ch == " ":
            w += 0.52
        elif ch.isupper():
            w += 1.4
        elif ch.isdigit() or ch == "_":
            w += 1.0
        elif ch.isalpha():
            w += 0.92
        else:
            w += 0.62
    return w * (BOLD if bold else 1.0) * size / BODY_SIZE


LINE_ROOM = 0.97  # of a cell's width, what a wrapped line is taken to fill (line_count)


def line_count(text: str, width: float, *, bold: bool = False, size: float = BODY_SIZE) -> int:
    """Lines a wrapped text takes in a cell `width` units wide (word wrap, as Excel does).
    The widths are estimates: a line is taken as full 3 % before the cell's edge, since
    one estimated just inside it wrapped in the real font (LibreOffice cut the last line of
    a unit's long narrative on «Thuyết minh»)."""
    usable = max(1.0, width * LINE_ROOM - 1.5)
    widest = 1.4 * (BOLD if bold else 1.0) * size / BODY_SIZE  # a capital, the widest letter
    if len(text) * widest <= usable and "\n" not in text:
        return 1  # short enough even in capitals: most labels, no word-by-word walk
    gap = _word_widths([" "], False, size)[0]
    lines = 0
    for paragraph in text.split("\n"):
        lines += 1
        cur = 0.0
        for ww in _word_widths(paragraph.split(" "), bold, size):
            if cur and cur + gap + ww > usable:
                lines += 1
                cur = ww
            else:
                cur += (gap if cur else 0.0) + ww
            while cur > usable:  # a word longer than the cell breaks anywhere
                lines += 1
                cur -= usable
    return lines


_WIDTHS: dict[tuple[bool, float], dict[str, float]] = {}  # per font: word → width


def _word_widths(words: list[str], bold: bool, size: float) -> list[float]:
    """The words' widths, looked up all at once (the words of labels recur)."""
    table = _WIDTHS.get((bold, size))
    if table is None or len(table) > 50_000:  # (bounded: narratives bring new words)
        table = _WIDTHS[(bold, size)] = {}
    widths = list(map(table.get, words))
    if None in widths:
        for i, w in enumerate(widths):
            if w is None:
                widths[i] = table[words[i]] = text_width(words[i], bold=bold, size=size)
    return widths


def row_height(lines: int, size: float = BODY_SIZE) -> float:
    """Points for `lines` lines of text, within Excel's limit of 409 points per row."""
    return min(409.0, round(lines * size * 1.32 + 3, 1))


def clamp(x: float, lo: float, hi: float) -> float:
    return max(lo, min(hi, x))


def ceil_width(x: float) -> float:
    return float(math.ceil(x))
