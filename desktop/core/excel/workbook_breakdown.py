"""The "CT …" sheet of the consolidated workbook: each expected unit's figure of a form's
main measure (th_ky, else the first value measure), one column per unit — a unit that did
not report keeps its column, empty and headed "(chưa báo cáo)" — then the total, which is
the consolidated value.

Money follows the tables' display unit (issue 10): when the summary tables show tỷ đồng,
so does this sheet, row by row (`workbook_display.in_billions`, one decimal), and its
subtitle says so.

The units' figures of the measure are read from the database here, the whole form in one
pass (consolidation/breakdown.py: a table reads them only when asked for).  This sheet holds
most cells of a provincial workbook (65 units × every indicator of every form), so its
figures, decimals and column widths are worked out a row or a column at a
time rather than cell by cell.  Called by `excel.workbook.write_consolidated_workbook()`.
"""

from __future__ import annotations

from decimal import Decimal
from functools import lru_cache

from desktop.core.consolidation.model import ConsolidatedForm, ConsolidatedRow, ConsolidationResult
from desktop.core.excel.workbook_display import (
    THOUSAND,
    billion_places,
    in_billions,
    money_note,
)
from desktop.core.excel.workbook_sheets import (
    HEAD,
    MISSING_FILL,
    TOP_ROWS,
    both_sides,
    top_rows,
    units_of,
)
from desktop.core.excel.workbook_styles import (
    CODE_LOOK,
    Look,
    clamp,
    code_width,
    line_count,
    number_format,
    number_value,
    plain_row,
    row_decimals,
    row_height,
    shown_width,
    text_width,
)
from desktop.core.excel.workbook_writer import SheetWriter, StyleBook
from desktop.core.formdef.models import Aggregation, Catalog, MeasureKind

NOT_REPORTED = "(chưa báo cáo)"
FIT_UNITS = 12  # a breakdown of up to this many units is printed one page wide
_ZERO = Decimal(0)


_UNIT = Look(h="center", wrap=True, border=True)
_TEXT = Look(h="left", wrap=True, border=True)


@lru_cache(maxsize=128)
def _look(bold: bool, h: str, *, wrap: bool = False, indent: int = 0, fmt: str = "General"):
    """A bordered cell's look, made once (a breakdown has thousands of rows, a few looks)."""
    return Look(bold=bold, h=h, wrap=wrap, indent=indent, border=True, fmt=fmt)


def main_measure(cf: ConsolidatedForm, catalog: Catalog) -> str | None:
    """The measure of the breakdown: th_ky, else the first value measure of the table."""
    values = [
        m for m in cf.measures if (md := catalog.measure(m)) is None or md.kind is MeasureKind.VALUE
    ]
    if "th_ky" in values:
        return "th_ky"
    if values:
        return values[0]
    form_values = [
        m
        for m in cf.form.measures
        if (md := catalog.measure(m)) is not None and md.kind is MeasureKind.VALUE
    ]
    return form_values[0] if form_values else None


def _row_figures(
    row: ConsolidatedRow, figures: dict, keys: list, measure: str | None, billions: bool
) -> tuple[list, Decimal | None, int]:
    """Each unit's figure as written (None = empty), the total, and the row's decimals;
    `figures`: the row's units' figures of the measure (unit → figure)."""
    if measure is None:
        return [None] * len(keys), None, 0
    # a recomputed rate is written rounded to 2 places, like the percentage columns
    ratio = row.indicator is not None and row.indicator.aggregation is Aggregation.RATIO
    raw = list(map(figures.get, keys)) if figures else [None] * len(keys)
    if billions:  # as the row's total (workbook_display.in_billions)
        raw = [v / THOUSAND if v.__class__ is Decimal else v for v in raw]
    total = number_value(row.values.get(measure), percent=ratio)
    decimals = None if ratio else plain_row(raw)
    if decimals is not None:  # the common case: every figure written as stored
        values = raw
    else:  # a text figure is shown as typed; an empty one, or none, is an empty cell
        values = [
            number_value(v, percent=ratio)
            if v.__class__ is Decimal
            else (v if v.__class__ is str and v.strip() else None)
            for v in raw
        ]
        decimals = row_decimals(values)
    if billions:
        return values, total, billion_places([*values, total])
    return values, total, max(decimals, row_decimals([total]))


def _unit_widths(table: list[tuple[list, Decimal | None, int]], n: int) -> list[float]:
    """Per unit column, the width its figures need: for each number of decimals the
    longest text is that of the column's largest or most negative figure."""
    by_decimals: dict[int, list[list]] = {}
    for values, _, d in table:
        by_decimals.setdefault(d, []).append(values)
    longest = [0] * n
    for d, matrix in by_decimals.items():
        for i, column in enumerate(zip(*matrix, strict=True)):
            figures = list(filter(None, column))  # no empty cell (nor zero: the shortest)
            try:
                lo, hi = (min(figures), max(figures)) if figures else (_ZERO, _ZERO)
            except TypeError:  # a text figure among them
                numbers = [v for v in column if v.__class__ is Decimal] or [_ZERO]
                lo, hi = min(numbers), max(numbers)
            longest[i] = max(longest[i], len(f"{lo:,.{d}f}"), len(f"{hi:,.{d}f}"))
    return [k * 1.08 + 2.0 if k else 4.0 for k in longest]


def write_breakdown_sheet(
    wb,
    book: StyleBook,
    name: str,
    cf: ConsolidatedForm,
    result: ConsolidationResult,
    catalog: Catalog,
    money_in_billions: bool = False,
) -> None:
    converted: set[str] = set()
    if money_in_billions:
        cf, converted = in_billions(cf, catalog)
    measure = main_measure(cf, catalog)
    # the measure's figures of every unit on every row, in one pass (not row by row)
    column = cf.units_of_measure(measure) if measure else {}
    md = catalog.measure(measure) if measure else None
    units = units_of(cf)
    keys = [u.key for u in units]
    reported = {u.key for u in cf.reported}
    rows = [r for r in cf.rows if not r.is_heading]
    table = [
        _row_figures(r, column.get(r.indicator.code), keys, measure, r.indicator.code in converted)
        for r in rows
    ]
    widths = [
        6.0,
        40.0,
        code_width(r.indicator.code for r in rows),
        clamp(max((text_width(r.unit_label) for r in rows), default=4) + 2, 9, 13),
    ]
    for unit, shown in zip(units, _unit_widths(table, len(units)), strict=True):
        word = max((text_width(w, bold=True) for w in unit.name.split()), default=4)
        widths.append(clamp(max(shown, word + 2), 12, 26))
    widths.append(clamp(shown_width([(t, d) for _, t, d in table if t is not None]), 14, 26))
    first_data = TOP_ROWS + 2 + 1  # two header rows: names, codes
    few = len(units) <= FIT_UNITS  # more units: one column each, printed over several pages
    sheet = SheetWriter(wb, book, name, widths, freeze=f"E{first_data}", fit_width=few)
    what = md.label if md else (measure or "")
    top_rows(
        sheet,
        result.issuer,
        f"CHI TIẾT THEO ĐƠN VỊ - {cf.form.bieu_so.upper()}: {cf.form.title.upper()}",
        f"{what} - {cf.period_label}{money_note(converted)}",
        sheet.ncols if few else min(sheet.ncols, 8),
    )
    top = _header_rows(sheet, units, reported, widths)
    absent = [k not in reported for k in keys] if len(reported) < len(keys) else None
    figures = iter(table)
    parents = {r.indicator.parent for r in rows if r.indicator.parent}
    s_missing = sheet.style(Look(border=True, fill=MISSING_FILL))
    for row in cf.rows:
        bold = row.is_heading or row.level == 1 and row.indicator.code in parents
        label = row.label.upper() if row.is_heading else row.label
        head = [
            sheet.cell(row.stt, _look(bold, "center")),
            sheet.cell(label, _look(bold, "left", wrap=True, indent=max(0, row.level - 1))),
            sheet.cell(row.indicator.code if row.indicator else None, CODE_LOOK),
            sheet.cell(row.unit_label or None, _UNIT),
        ]
        if row.is_heading:
            values: list = [None] * len(units)
            total, places = None, 0
        else:
            values, total, places = next(figures)
        fmt = number_format(places)
        n = line_count(label, widths[1] - max(0, row.level - 1) * 1.8, bold=bold)
        sheet.append_figures(
            head,
            values,
            sheet.style(_look(bold, "right", fmt=fmt)),  # once per row: most cells
            [sheet.cell(total, _look(True, "right", fmt=fmt))],
            row_height(n),
            text_look=_TEXT,
            absent=absent,
            absent_style=s_missing,
        )
    sheet.page(title_rows=(top, top + 1), title_cols=None if few else "A:B")


def _header_rows(sheet: SheetWriter, units: list, reported: set, widths: list[float]) -> int:
    """Unit names (a missing unit's marked, on grey) over their codes; returns the first row."""
    missing_head = Look(
        bold=True, italic=True, h="center", wrap=True, border=True, fill=MISSING_FILL
    )
    heads = ["STT", "Chỉ tiêu", "Mã số", "Đơn vị tính"]
    names = [
        (f"{u.name}\n{NOT_REPORTED}", missing_head) if u.key not in reported else (u.name, HEAD)
        for u in units
    ]
    lines = max(
        (line_count(t, w, bold=True) for (t, _), w in zip(names, widths[4:], strict=False)),
        default=1,
    )
    top = sheet.append(
        [
            *(sheet.cell(h, HEAD) for h in heads),
            *(sheet.cell(t, look) for t, look in names),
            sheet.cell("Tổng cộng", HEAD),
        ],
        row_height(max(lines, 2)),
    )
    code_look = Look(italic=True, h="center", border=True, size=10)
    mixed = both_sides(units)  # the year 2025: districts, then communes
    sheet.append(
        [
            *(sheet.cell(None, HEAD) for _ in heads),
            *(sheet.cell(f"Mã {u.code}" + (f", {u.validity}" if mixed and u.validity else ""),
                         code_look) for u in units),  # fmt: skip
            sheet.cell(None, HEAD),
        ],
        row_height(1, 10),
    )
    for col in [1, 2, 3, 4, sheet.ncols]:
        sheet.merge(top, col, top + 1, col)
    return top
