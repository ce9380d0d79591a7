"""The anchor of `bench_workbook.py --compare` (issue 14): our consolidated workbook written
again by xlsxwriter in constant_memory mode, with everything that makes it ours — the same
sheets, cells (values, and the bordered empty cells of the grids), cell styles (font, size,
bold/italic/underline, alignment, wrap, shrink, indent, border, number format, fill, quote
prefix), merges, row heights, column widths, frozen panes, print settings and document
properties.

`read_book` takes all this from the file we wrote (openpyxl, once, outside the timing);
`write_book` writes it, timed; `differences` says what the anchor's file holds that ours does
not, or the other way round (the bench refuses to compare unequal books).  Before this round
the anchor wrote the cells in two styles only, without merges, row heights, widths or print
settings.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from pathlib import Path

import openpyxl
from openpyxl.cell.read_only import EmptyCell
from openpyxl.utils import get_column_letter

Cell = tuple[int, int, object, int]  # row, column (0-based), value (None: blank), style


@dataclass
class Sheet:
    """One sheet as the anchor writes it."""

    title: str
    cells: list[Cell]
    widths: dict[int, float] = field(default_factory=dict)  # column → width (characters)
    heights: dict[int, float] = field(default_factory=dict)  # row → height (points)
    merges: list[tuple[int, int, int, int]] = field(default_factory=list)
    freeze: str | None = None
    page: dict = field(default_factory=dict)


def _format(cell) -> dict:
    """xlsxwriter format properties of a cell read back by openpyxl."""
    font, al, fill = cell.font, cell.alignment, cell.fill
    props: dict = {"font_name": font.name, "font_size": font.sz}
    if font.b:
        props["bold"] = True
    if font.i:
        props["italic"] = True
    if font.u:
        props["underline"] = 1
    if al.horizontal and al.horizontal != "general":
        props["align"] = al.horizontal
    props["valign"] = {"center": "vcenter"}.get(al.vertical or "bottom", al.vertical)
    if al.wrap_text:
        props["text_wrap"] = True
    if al.shrink_to_fit:
        props["shrink"] = True
    if al.indent:
        props["indent"] = int(al.indent)
    if cell.border.left is not None and cell.border.left.style:
        props.update(border=1, border_color="#000000")
    if cell.number_format != "General":
        props["num_format"] = cell.number_format
    if fill.fill_type == "solid":
        props.update(pattern=1, bg_color="#" + fill.fgColor.rgb[-6:])
    if cell.style_array.quotePrefix:
        props["quote_prefix"] = True
    return props


def read_book(path: Path) -> tuple[list[Sheet], list[dict], dict]:
    """The sheets, the distinct cell formats and the document properties of a workbook."""
    fast = openpyxl.load_workbook(path, read_only=True)  # the cells, exactly as written
    styles: dict[tuple, int] = {}
    formats: list[dict] = []
    sheets = []
    for ws in fast.worksheets:
        cells = []
        for row in ws.iter_rows():
            for c in row:
                if isinstance(c, EmptyCell):
                    continue
                key = tuple(c.style_array)
                if key not in styles:
                    styles[key] = len(formats)
                    formats.append(_format(c))
                cells.append((c.row - 1, c.column - 1, c.value, styles[key]))
        sheets.append(Sheet(ws.title, cells))
    fast.close()
    full = openpyxl.load_workbook(path)  # what read-only mode does not give
    for sheet, ws in zip(sheets, full.worksheets, strict=True):
        sheet.widths = {
            i: ws.column_dimensions[get_column_letter(i + 1)].width
            for i in range(ws.max_column)
            if get_column_letter(i + 1) in ws.column_dimensions
        }
        sheet.heights = {
            r - 1: d.height for r, d in ws.row_dimensions.items() if d.height is not None
        }
        sheet.merges = [
            (m.min_row - 1, m.min_col - 1, m.max_row - 1, m.max_col - 1)
            for m in ws.merged_cells.ranges
        ]
        sheet.freeze = ws.freeze_panes
        ps, mg, footer = ws.page_setup, ws.page_margins, ws.oddFooter.center
        sheet.page = {
            "landscape": ps.orientation == "landscape",
            "paper": int(ps.paperSize or 0),
            "fit": ws.sheet_properties.pageSetUpPr.fitToPage,
            "fit_width": ps.fitToWidth,
            "scale": ps.scale,
            "margins": (mg.left, mg.right, mg.top, mg.bottom, mg.header, mg.footer),
            "footer": f'&C&"{footer.font}"&{footer.size}{footer.text}' if footer.text else "",
            "center": ws.print_options.horizontalCentered,
            "rows": ws.print_title_rows,
            "cols": ws.print_title_cols,
        }
    props = {"title": full.properties.title, "author": full.properties.creator}
    full.close()
    return sheets, formats, props


def _page(ws, page: dict) -> None:
    ws.set_paper(page["paper"])
    ws.set_landscape() if page["landscape"] else ws.set_portrait()
    if page["fit"]:
        ws.fit_to_pages(str(page["fit_width"]), 0)
    elif page["scale"]:
        ws.set_print_scale(page["scale"])
    left, right, top, bottom, header, footer = page["margins"]
    ws.set_margins(left=left, right=right, top=top, bottom=bottom)
    ws.set_header("", {"margin": header})
    ws.set_footer(page["footer"], {"margin": footer})
    if page["center"]:
        ws.center_horizontally()
    if page["rows"]:  # "$9:$11"
        first, last = (int(p.strip("$")) - 1 for p in page["rows"].split(":"))
        ws.repeat_rows(first, last)
    if page["cols"]:
        ws.repeat_columns(page["cols"].replace("$", ""))


def write_book(
    book: tuple[list[Sheet], list[dict], dict], out: Path, *, blanks: bool = True
) -> tuple[float, int]:
    """Write the book with xlsxwriter in constant_memory mode (rows in order, each flushed
    when the next begins); with `blanks=False` only the cells that hold a value.  Returns
    the writing time and the number of cells written."""
    import xlsxwriter

    sheets, formats, props = book
    t0 = time.perf_counter()
    wb = xlsxwriter.Workbook(
        str(out),
        {
            "constant_memory": True,
            "strings_to_formulas": False,
            "strings_to_urls": False,
            "strings_to_numbers": False,
        },
    )
    wb.set_properties(props)
    fmts = [wb.add_format(p) for p in formats]
    written = 0
    for sheet in sheets:
        ws = wb.add_worksheet(sheet.title)
        for i, width in sheet.widths.items():  # in pixels as ours: one <col> per column
            ws.set_column_pixels(i, i, round(width * 7) + i * 1e-9)
        if sheet.freeze:
            ws.freeze_panes(sheet.freeze)
        _page(ws, sheet.page)
        by_row: dict[int, list[Cell]] = {}
        for cell in sheet.cells:
            by_row.setdefault(cell[0], []).append(cell)
        merges: dict[int, list[tuple[int, int, int, int]]] = {}
        for m in sheet.merges:
            merges.setdefault(m[0], []).append(m)
        number, text, blank = ws.write_number, ws.write_string, ws.write_blank
        for r in sorted(by_row.keys() | sheet.heights.keys() | merges.keys()):
            if r in sheet.heights:
                ws.set_row_pixels(r, sheet.heights[r] * 4 / 3)
            cells = by_row.get(r, ())
            if not cells:  # a row with a height only (a gap): constant_memory writes a row
                ws._write_single_row(r)  # when the next begins; this one has no cell to begin it
            first = {(c[0], c[1]): c for c in cells}
            down = []  # a merge over several rows is made once its first row is written
            for m in merges.get(r, ()):
                if m[2] > r:
                    down.append(m)
                    continue
                top = first.get((m[0], m[1]))
                ws.merge_range(*m, top[2] if top else None, fmts[top[3]] if top else None)
            for _, c, v, s in cells:
                if v is None or v == "":
                    if blanks:
                        blank(r, c, None, fmts[s])
                        written += 1
                    continue
                written += 1
                if isinstance(v, int | float) and not isinstance(v, bool):
                    number(r, c, v, fmts[s])
                else:
                    text(r, c, str(v), fmts[s])
            # merge_range's blank below would flush this row, and refuse every further
            # merge from it: the merge is recorded as merge_range records it, its cells
            # being written with the rows (the top one above, the one below with its row)
            ws.merge.extend([*m] for m in down)
    wb.close()
    return time.perf_counter() - t0, written


def differences(ours: tuple[list[Sheet], list[dict], dict], anchor: Path) -> list[str]:
    """What the anchor's file holds and our book (`read_book`) does not, or the other way
    round: sheets, cells with their formats, merges, row heights, column widths, frozen
    panes, print settings, document properties; [] when they are the same."""
    a, fa, pa = ours
    b, fb, pb = read_book(anchor)
    out = [] if pa == pb else [f"document properties {pa} ≠ {pb}"]
    if [s.title for s in a] != [s.title for s in b]:
        return [*out, "sheet names differ"]
    for x, y in zip(a, b, strict=True):
        cx = [(r, c, v, fa[s]) for r, c, v, s in x.cells]
        cy = [(r, c, v, fb[s]) for r, c, v, s in y.cells]
        if cx != cy:
            n = next(
                (i for i, (p, q) in enumerate(zip(cx, cy, strict=False)) if p != q),
                min(len(cx), len(cy)),
            )
            out.append(
                f"{x.title}: cells differ ({len(cx)} vs {len(cy)}; first at {cx[n : n + 1]})"
            )
        for what in ("heights", "merges", "freeze", "page"):
            if getattr(x, what) != getattr(y, what) and not (
                what == "merges" and sorted(x.merges) == sorted(y.merges)
            ):
                out.append(f"{x.title}: {what} differ")
        if any(abs(x.widths.get(i, 0) - w) > 0.5 for i, w in y.widths.items()):
            out.append(f"{x.title}: column widths differ")
    return out
