"""Cell looks, safe cell values and sheet plumbing for the consolidated workbook.

Used by `excel.workbook` (the summary tables) and `excel.workbook_sheets` (breakdown,
narratives, completeness).  Everything here is about *how* a cell is written:

- `Look` names a cell style (font, alignment, border, number format); `StyleBook` turns
  each distinct look into one openpyxl style array, built once and copied onto every cell
  that uses it — styling 10⁶ cells one attribute at a time is what makes openpyxl slow;
- `text_value()` / `number_value()` make the value itself safe and exact: text is NFC,
  stripped of characters XML cannot hold and never becomes a formula; numbers stay
  `Decimal` (openpyxl writes them as numbers) within Excel's 15 significant digits;
- `SheetWriter` streams rows into a write-only sheet (the workbook for 3,321 units has
  ~10⁶ cells) and keeps the few things that must be set before the first row.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from functools import lru_cache

from openpyxl.cell.cell import Cell
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.styles.cell_style import StyleArray
from openpyxl.utils import get_column_letter
from openpyxl.utils.indexed_list import IndexedList
from openpyxl.worksheet.cell_range import CellRange
from openpyxl.worksheet.worksheet import Worksheet

FONT_NAME = "Times New Roman"  # Nghị định 30/2020/NĐ-CP, for administrative documents
BODY_SIZE = 12
EXCEL_MAX_TEXT = 32_767
EXCEL_DIGITS = 15  # significant digits Excel keeps in a number
PERCENT_PLACES = 2
# a text starting with one of these is a formula to a spreadsheet (or to a CSV export of it)
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
_ILLEGAL_XML = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_THIN = Side(style="thin", color="000000")
_BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_NO_BORDER = Border()


@dataclass(frozen=True)
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


CODE_SIZE = 10
CODE_LOOK = Look(h="center", border=True, size=CODE_SIZE, shrink=True)  # Mã số


def code_width(codes) -> float:
    """Width of the Mã số column: the longest code, within reason (longer ones shrink)."""
    return clamp(max((text_width(c, size=CODE_SIZE) for c in codes), default=6) + 1.5, 8, 24)


class StyleBook:
    """One style array per `Look`, registered in the workbook on first use."""

    def __init__(self) -> None:
        self._arrays: dict[Look, object] = {}

    def _array(self, ws, look: Look):
        arr = self._arrays.get(look)
        if arr is None:
            tpl = Cell(ws, row=1, column=1)  # any sheet of the workbook: styles are workbook-wide
            tpl.font = Font(
                name=FONT_NAME,
                size=look.size,
                bold=look.bold,
                italic=look.italic,
                underline="single" if look.underline else None,
            )
            tpl.alignment = Alignment(
                horizontal=look.h,
                vertical=look.v,
                wrap_text=look.wrap,
                shrink_to_fit=look.shrink,
                indent=look.indent,
            )
            tpl.border = _BORDER if look.border else _NO_BORDER
            tpl.number_format = look.fmt
            if look.fill:
                tpl.fill = PatternFill("solid", fgColor=look.fill)
            arr = self._arrays[look] = tpl._style  # the registered ids, copied per cell
        return arr

    def cell(self, ws, value: object, look: Look) -> Cell:
        """A styled cell; text is cleaned and always stays text (never a formula)."""
        arr = self._arrays.get(look)
        return self.cell_styled(ws, value, arr if arr is not None else self._array(ws, look))

    def style(self, ws, look: Look) -> object:
        """The registered style of a look, for `cell_styled` (big tables resolve it once)."""
        return self._array(ws, look)

    def cell_styled(self, ws, value: object, arr) -> Cell:
        style = StyleArray(arr)
        if isinstance(value, Decimal):
            # the hot path of big tables: a number needs no conversion (openpyxl would
            # only check its type again)
            cell = Cell(ws, row=1, column=1, style_array=style)
            cell._value, cell.data_type = value, "n"
            return cell
        if isinstance(value, str):
            value = text_value(value)
        cell = Cell(ws, row=1, column=1, value=value, style_array=style)
        if isinstance(value, str):
            cell.data_type = "s"  # openpyxl would make "=…" a formula
            if value.startswith(FORMULA_PREFIXES):
                cell.quotePrefix = True  # Excel keeps it text when the cell is edited
        return cell


def use_times_new_roman(wb) -> None:
    """Make Times New Roman 12 the workbook's default font (the "Normal" style).

    openpyxl has no public setting for this: the default font is entry 0 of its font list
    and the font of the built-in "Normal" style.  Empty cells, cells a user adds later and
    Excel's column-width unit all follow it."""
    body = Font(name=FONT_NAME, size=BODY_SIZE, family=1)
    wb._fonts = IndexedList([body])
    wb._named_styles["Normal"].font = body


# ---------------------------------------------------------------- values


def text_value(text: str) -> str:
    """NFC Vietnamese, no characters XML 1.0 forbids, within Excel's cell limit."""
    text = _ILLEGAL_XML.sub("", unicodedata.normalize("NFC", text))
    if len(text) > EXCEL_MAX_TEXT:
        text = text[: EXCEL_MAX_TEXT - 1] + "…"
    return text


def number_value(value: Decimal | None, *, percent: bool = False) -> Decimal | None:
    """The exact Decimal written to the cell (None = empty cell).

    Percentages (% KH, % cùng kỳ, recomputed rates) are display figures: rounded half-up
    to 2 places.  Any other figure is written as given; only beyond Excel's 15 significant
    digits is it rounded, since Excel would silently do the same."""
    if value is None or not isinstance(value, Decimal) or not value.is_finite():
        return None
    if percent:
        value = value.quantize(Decimal(1).scaleb(-PERCENT_PLACES), ROUND_HALF_UP)
    elif len(value.as_tuple().digits) > EXCEL_DIGITS:
        value = value.quantize(
            Decimal(1).scaleb(value.adjusted() - EXCEL_DIGITS + 1), ROUND_HALF_UP
        )
    if value.is_zero():
        value = abs(value)  # no "-0"
    return value


def places(value: Decimal) -> int:
    """Decimal places a figure needs to be shown exactly (12.50 → 1, 1E+3 → 0)."""
    exp = value.normalize().as_tuple().exponent
    return max(0, -exp) if isinstance(exp, int) else 0


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
    """One number of decimals for a whole row, so its figures line up."""
    return min(cap, max((places(v) for v in values if v is not None), default=0))


# ---------------------------------------------------------------- sizes


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
    return w * (1.08 if bold else 1.0) * size / BODY_SIZE


def line_count(text: str, width: float, *, bold: bool = False, size: float = BODY_SIZE) -> int:
    """Lines a wrapped text takes in a cell `width` units wide (word wrap, as Excel does)."""
    usable = max(1.0, width - 1.5)
    lines = 0
    for paragraph in text.split("\n"):
        lines += 1
        cur = 0.0
        for word in paragraph.split(" "):
            ww = text_width(word, bold=bold, size=size)
            gap = text_width(" ", size=size) if cur else 0.0
            if cur and cur + gap + ww > usable:
                lines += 1
                cur = ww
            else:
                cur += gap + ww
            while cur > usable:  # a word longer than the cell breaks anywhere
                lines += 1
                cur -= usable
    return lines


def row_height(lines: int, size: float = BODY_SIZE) -> float:
    """Points for `lines` lines of text, within Excel's limit of 409 points per row."""
    return min(409.0, round(lines * size * 1.32 + 3, 1))


# ---------------------------------------------------------------- sheets


def _place_cells(cells: Sequence[Cell | None], row_idx: int):
    for col_idx, cell in enumerate(cells, 1):
        if cell is not None:
            cell.row, cell.column = row_idx, col_idx
            yield cell


class SheetWriter:
    """Streams rows into one write-only sheet and remembers merges.

    Column widths and frozen panes go into the file before the first row, so they are
    given to the constructor; print settings and merges may come at any time."""

    def __init__(
        self,
        wb,
        book: StyleBook,
        title: str,
        widths: Sequence[float],
        *,
        freeze: str | None,
        fit_width: bool = True,
    ) -> None:
        self.ws = wb.create_sheet(title)
        # every cell we append is a styled Cell: place it directly instead of letting
        # openpyxl try each one as a plain value first (a raised and caught error per cell)
        self.ws._values_to_row = _place_cells
        # sheet properties are written with the first row: fit-to-page must be known now
        self.ws.sheet_properties.pageSetUpPr.fitToPage = fit_width
        self.fit_width = fit_width
        self.book = book
        self.widths = list(widths)
        for i, w in enumerate(self.widths, start=1):
            self.ws.column_dimensions[get_column_letter(i)].width = round(w, 2)
        if freeze:
            self.ws.freeze_panes = freeze
        self.row = 0

    @property
    def ncols(self) -> int:
        return len(self.widths)

    def span_width(self, first: int, last: int) -> float:
        return sum(self.widths[first - 1 : last])

    def cell(self, value: object, look: Look) -> Cell:
        return self.book.cell(self.ws, value, look)

    def style(self, look: Look) -> object:
        """A look resolved once, for the many cells of a big table (`styled`)."""
        return self.book.style(self.ws, look)

    def styled(self, value: object, style: object) -> Cell:
        return self.book.cell_styled(self.ws, value, style)

    def append(self, cells: Sequence[Cell | None], height: float | None = None) -> int:
        self.row += 1
        if height:
            self.ws.row_dimensions[self.row].height = height
        self.ws.append(list(cells))
        return self.row

    def merge(self, row1: int, col1: int, row2: int, col2: int) -> None:
        if (row1, col1) != (row2, col2):
            self.ws.merged_cells.add(
                CellRange(min_row=row1, min_col=col1, max_row=row2, max_col=col2)
            )

    def banner(
        self, text: str, look: Look, first: int = 1, last: int | None = None, min_lines: int = 1
    ) -> int:
        """One line of text merged over columns first..last, tall enough for its wrap."""
        last = last or self.ncols
        lines = max(
            min_lines,
            line_count(text, self.span_width(first, last), bold=look.bold, size=look.size),
        )
        cells: list[Cell | None] = [None] * (first - 1) + [self.cell(text, look)]
        row = self.append(cells, row_height(lines, look.size))
        self.merge(row, first, row, last)
        return row

    def page(
        self,
        *,
        title_rows: tuple[int, int] | None = None,
        title_cols: str | None = None,
        landscape: bool = True,
    ) -> None:
        """A4, margins of an administrative document, page numbers in the footer."""
        ws = self.ws
        ws.page_setup.paperSize = Worksheet.PAPERSIZE_A4
        ws.page_setup.orientation = "landscape" if landscape else "portrait"
        if self.fit_width:
            ws.page_setup.fitToWidth = 1
            ws.page_setup.fitToHeight = 0
        else:
            ws.page_setup.scale = 75  # a sheet many pages wide: more columns per page
        cm = 1 / 2.54
        ws.page_margins.top = 2 * cm
        ws.page_margins.bottom = 2 * cm
        ws.page_margins.left = 3 * cm
        ws.page_margins.right = 1.5 * cm
        ws.page_margins.header = 0.8 * cm
        ws.page_margins.footer = 0.8 * cm
        ws.print_options.horizontalCentered = True
        ws.oddFooter.center.text = "Trang &P/&N"
        ws.oddFooter.center.font = f"{FONT_NAME},Regular"
        ws.oddFooter.center.size = 11
        if title_rows:
            ws.print_title_rows = f"{title_rows[0]}:{title_rows[1]}"
        if title_cols:
            ws.print_title_cols = title_cols


def clamp(x: float, lo: float, hi: float) -> float:
    return max(lo, min(hi, x))


def ceil_width(x: float) -> float:
    return float(math.ceil(x))
