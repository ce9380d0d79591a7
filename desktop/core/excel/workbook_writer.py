"""The writing end of the consolidated workbook: cells, rows, merges and print settings,
through xlsxwriter (issue 14: it writes our styled cells 2–3× faster than openpyxl did;
openpyxl stays the library BaoCao *reads* workbooks with).

Used by the sheet modules (`workbook_table`, `workbook_blocks`, `workbook_breakdown`,
`workbook_sheets`, `workbook_reconcile`); `excel.workbook` opens the book (`open_book`)
and closes it into the atomic writer's temp file.

- `StyleBook` turns each distinct `Look` into one xlsxwriter `Format`, made once;
- a cell is a plain `(value, format)` pair (`SheetWriter.cell`); the value is made safe
  here: text is NFC without characters XML cannot hold and never becomes a formula (the
  book is opened with xlsxwriter's string conversions off, and a text starting with
  = + - @ gets the quote prefix), a figure is written from its exact `Decimal`;
- `SheetWriter` writes rows in order and remembers the last two, so a merge named after
  its rows are written (a header two rows high) keeps the cells they hold;
  `append_figures` writes a big table's row of figures without a pair per figure.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from decimal import Decimal
from itertools import compress, count
from operator import not_
from pathlib import Path

import xlsxwriter

from desktop.core.excel.workbook_styles import (
    BODY_SIZE,
    FONT_NAME,
    FORMULA_PREFIXES,
    Look,
    line_count,
    row_height,
    text_value,
)

PAPER_A4 = 9
CM = 1 / 2.54  # print margins are given in inches
LANDSCAPE_CM = 29.7 - 3 - 1.5  # A4 landscape between the margins `page` sets
LANDSCAPE_PT = (21.0 - 2 - 2) / 2.54 * 72  # and its height between them
DIGIT_CM = 8 * 1.03 * 2.54 / 96  # a width unit printed: a Times New Roman 12 digit, 8 px
ROW_PT = 15.75  # a row of the default height
FOOTER = f'&C&"{FONT_NAME},Regular"&11Trang &P/&N'

Cell = tuple[object, object]  # (value, xlsxwriter Format or None)


def open_book(path: Path, title: str) -> tuple[xlsxwriter.Workbook, StyleBook]:
    """A workbook written to `path` on `close()`, Times New Roman 12 as its default font
    (the "Normal" style: empty cells, cells a person adds later, the column-width unit)."""
    wb = xlsxwriter.Workbook(
        str(path),
        {
            # text stays text: no formulas, links or numbers guessed from a string
            "strings_to_formulas": False,
            "strings_to_urls": False,
            "strings_to_numbers": False,
            # every format copies these: the font by name (family 1: a serif), never the
            # theme's font (scheme "none"), which Excel would show as Calibri
            "default_format_properties": {
                "font_name": FONT_NAME,
                "font_size": BODY_SIZE,
                "font_family": 1,
                "font_scheme": "none",
            },
            "in_memory": True,  # no temp files of its own beside the atomic writer's
        },
    )
    wb.set_properties({"title": title, "author": "BaoCao"})
    return wb, StyleBook(wb)


_ALIGN = {"left": "left", "center": "center", "right": "right", "justify": "justify"}
_VALIGN = {"center": "vcenter", "top": "top", "bottom": "bottom"}


class StyleBook:
    """One xlsxwriter Format per `Look` (and per look with the quote prefix)."""

    def __init__(self, wb: xlsxwriter.Workbook) -> None:
        self.wb = wb
        self._formats: dict[tuple[Look, bool], object] = {}
        self._by_id: dict[int, tuple[Look, object]] = {}  # id(look) → (look, format)

    def format(self, look: Look, quoted: bool = False):
        if not quoted:  # the same Look object again (module constants, cached looks)
            seen = self._by_id.get(id(look))
            if seen is not None and seen[0] is look:
                return seen[1]
        fmt = self._formats.get((look, quoted))
        if fmt is None:
            props: dict = {"font_size": look.size, "valign": _VALIGN.get(look.v, look.v)}
            if look.bold:
                props["bold"] = True
            if look.italic:
                props["italic"] = True
            if look.underline:
                props["underline"] = 1
            if look.h in _ALIGN:
                props["align"] = _ALIGN[look.h]
            if look.wrap:
                props["text_wrap"] = True
            if look.shrink:
                props["shrink"] = True
            if look.indent:
                props["indent"] = look.indent
            if look.border:
                props.update(border=1, border_color="#000000")
            if look.fmt != "General":
                props["num_format"] = look.fmt
            if look.fill:
                props.update(pattern=1, bg_color=f"#{look.fill}")
            if look.turn:
                props["rotation"] = look.turn
            if quoted:
                props["quote_prefix"] = True  # Excel keeps it text when the cell is edited
            fmt = self._formats[(look, quoted)] = self.wb.add_format(props)
        if not quoted and len(self._by_id) < 4096:  # (bounded: looks made per cell)
            self._by_id[id(look)] = (look, fmt)  # keeps `look` alive: its id is not reused
        return fmt

    def cell(self, value: object, look: Look) -> Cell:
        """A styled cell; text is cleaned and always stays text (never a formula)."""
        if isinstance(value, str):
            value = text_value(value)
            return value, self.format(look, value.startswith(FORMULA_PREFIXES))
        return value, self.format(look)


def _put(ws, r: int, c: int, value: object, fmt) -> None:
    if value is None or value == "":
        if fmt is not None:
            ws.write_blank(r, c, None, fmt)
    elif isinstance(value, str):
        ws.write_string(r, c, value, fmt)
    elif isinstance(value, Decimal | int | float) and not isinstance(value, bool):
        ws.write_number(r, c, value, fmt)  # a Decimal is written as its exact digits
    else:
        ws.write_string(r, c, text_value(str(value)), fmt)


def _at(cells: Sequence[Cell | None], i: int) -> Cell | None:
    return cells[i] if i < len(cells) else None


class SheetWriter:
    """Writes the rows of one sheet in order and remembers merges.

    Column widths and frozen panes are given to the constructor; print settings and merges
    may come at any time (a merge within the last two rows written)."""

    def __init__(
        self,
        wb: xlsxwriter.Workbook,
        book: StyleBook,
        title: str,
        widths: Sequence[float],
        *,
        freeze: str | None,
        fit_width: bool = True,
    ) -> None:
        self.ws = wb.add_worksheet(title)
        self.fit_width = fit_width
        self.book = book
        self.widths = list(widths)
        digit = self.ws.max_digit_width
        for i, w in enumerate(self.widths):
            # the file keeps a width in digits of the default font; xlsxwriter takes it in
            # pixels of 1/max_digit_width digit, the nearest as Excel does (the widths
            # leave a digit of room, so no figure turns into ###).
            # The i·1e-9 pixel (dropped when written) keeps one <col> per column: xlsxwriter
            # would group equal neighbours, which some readers (openpyxl) report only for
            # the first column of the group
            self.ws.set_column_pixels(i, i, round(w * digit) + i * 1e-9)
        if freeze:
            self.ws.freeze_panes(freeze)
        self.row = 0
        self.points = 0.0  # the rows' heights so far (columns_on_pages)
        self._recent: dict[int, Sequence[Cell | None]] = {}

    @property
    def ncols(self) -> int:
        return len(self.widths)

    def span_width(self, first: int, last: int) -> float:
        return sum(self.widths[first - 1 : last])

    def cell(self, value: object, look: Look) -> Cell:
        return self.book.cell(value, look)

    def style(self, look: Look) -> object:
        """A look resolved once, for the many cells of a big table (`append_figures`)."""
        return self.book.format(look)

    def append(self, cells: Sequence[Cell | None], height: float | None = None) -> int:
        """Write the next row (1-based number returned); `height` in points."""
        r = self._next_row(height)
        self._write_cells(r, 0, cells)
        self._recent[self.row] = cells
        return self.row

    def append_figures(
        self,
        head: Sequence[Cell | None],
        figures: Sequence,
        style: object,
        tail: Sequence[Cell | None],
        height: float | None = None,
        *,
        text_look: Look,
        absent: Sequence[bool] | None = None,
        absent_style: object = None,
    ) -> int:
        """A row of a big table: the `head` cells, then one cell per figure (a Decimal in
        `style`, text in `text_look`, None an empty cell in `style`; where `absent[i]`, an
        empty cell in `absent_style`), then the `tail` cells.  No tuple per figure: this
        writes most cells of a provincial workbook.  Such a row cannot be merged."""
        r = self._next_row(height)
        self._write_cells(r, 0, head)
        ws, c = self.ws, len(head)
        number, blank = ws.write_number, ws.write_blank
        cells = zip(count(c), figures)
        if absent is not None:  # their cells first (a row's cells are kept by column)
            for i in compress(count(c), absent):
                blank(r, i, None, absent_style)
            cells = compress(cells, map(not_, absent))
        for i, v in cells:
            if v.__class__ is Decimal:
                number(r, i, v, style)
            elif v is None:
                blank(r, i, None, style)
            else:
                value, fmt = self.book.cell(v, text_look)
                _put(ws, r, i, value, fmt)
        self._write_cells(r, c + len(figures), tail)
        return self.row

    def _next_row(self, height: float | None) -> int:
        self.row += 1
        self._recent.pop(self.row - 2, None)
        r = self.row - 1
        self.points += height or ROW_PT
        if height:
            self.ws.set_row_pixels(r, height * 4 / 3)  # exact points, not rounded to pixels
        return r

    def _write_cells(self, r: int, first: int, cells: Sequence[Cell | None]) -> None:
        ws = self.ws
        # `_put` inlined for the common types: this loop writes every cell of the book
        number, text, blank = ws.write_number, ws.write_string, ws.write_blank
        for c, cell in enumerate(cells, start=first):
            if cell is None:
                continue
            value, fmt = cell
            cls = value.__class__
            if cls is Decimal or cls is int:
                number(r, c, value, fmt)
            elif value is None:
                if fmt is not None:
                    blank(r, c, None, fmt)
            elif cls is str and value:
                text(r, c, value, fmt)
            else:
                _put(ws, r, c, value, fmt)

    def merge(self, row1: int, col1: int, row2: int, col2: int) -> None:
        if (row1, col1) == (row2, col2):
            return
        rows = [self._recent.get(r) for r in range(row1, row2 + 1)]
        if any(cells is None for cells in rows):
            raise ValueError(f"merge of row {row1}: only the last two rows can be merged")
        first = _at(rows[0], col1 - 1) or (None, None)
        self.ws.merge_range(row1 - 1, col1 - 1, row2 - 1, col2 - 1, None, first[1])
        # merge_range fills the area with blanks in the first cell's style: put back what
        # the rows hold (the first cell's value, the header cells' own styles)
        for r, cells in enumerate(rows, start=row1 - 1):
            for c in range(col1 - 1, min(col2, len(cells))):
                cell = cells[c]
                if cell is not None and (cell[1] is not None or cell is first):
                    _put(self.ws, r, c, cell[0], cell[1] or first[1])

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

    def columns_on_pages(self, keep: int, least: int = 70) -> tuple[int, list[int]]:
        """How a sheet too wide for one page prints readably: its columns after the first
        `keep` (repeated on every page) shared evenly over A4 landscape pages, at the
        print scale (`least` % or more) that needs the fewest pages in all, across and
        down; of equal counts the larger scale.  (scale, first column of each further
        page across)."""
        fixed, rest = sum(self.widths[:keep]), self.widths[keep:]
        wide: list[tuple[int, int]] = []  # (pages across, the largest scale for them)
        for pages in range(1, max(len(rest), 1) + 1):
            per = -(-len(rest) // pages)
            widest = max(fixed + sum(rest[k : k + per]) for k in range(0, len(rest) or 1, per))
            wide.append((pages, min(100, int(100 * LANDSCAPE_CM / (widest * DIGIT_CM)))))
        tall = [int(100 * LANDSCAPE_PT * k / max(self.points, 1)) for k in (1, 2, 3)]
        best = None
        for scale in {s for _, s in wide} | set(tall):
            fits = [p for p, s in wide if s >= scale]
            if scale < least or not fits:
                continue
            down = math.ceil(self.points * scale / 100 / LANDSCAPE_PT)
            key = (min(fits) * down, -scale)
            best = min(best or (key, scale, min(fits)), (key, scale, min(fits)))
        _, scale, across = best or ((0, 0), least, len(wide))
        per = -(-len(rest) // across)
        return min(scale, 100), [keep + k for k in range(per, len(rest), per)]

    def page(
        self,
        *,
        title_rows: tuple[int, int] | None = None,
        title_cols: str | None = None,
        landscape: bool = True,
        scale: int | None = None,
        column_breaks: Sequence[int] = (),
    ) -> None:
        """A4, margins of an administrative document, page numbers in the footer.  `scale`
        and `column_breaks` (0-based first columns of the next pages): a sheet printed
        several pages wide where the caller chose them (`columns_on_pages`)."""
        ws = self.ws
        ws.set_paper(PAPER_A4)
        if landscape:
            ws.set_landscape()
        else:
            ws.set_portrait()
        if scale:
            ws.set_print_scale(scale)
            if column_breaks:
                ws.set_v_pagebreaks(list(column_breaks))
        elif self.fit_width:
            # "1" as text: xlsxwriter leaves out a fitToWidth of 1 (Excel's default) and
            # readers such as openpyxl then see no value; the text is written as it is
            ws.fit_to_pages("1", 0)
        else:
            ws.set_print_scale(75)  # a sheet many pages wide: more columns per page
        ws.set_margins(left=3 * CM, right=1.5 * CM, top=2 * CM, bottom=2 * CM)
        ws.set_header("", {"margin": 0.8 * CM})
        ws.set_footer(FOOTER, {"margin": 0.8 * CM})
        ws.center_horizontally()
        if title_rows:
            ws.repeat_rows(title_rows[0] - 1, title_rows[1] - 1)
        if title_cols:
            ws.repeat_columns(title_cols)
