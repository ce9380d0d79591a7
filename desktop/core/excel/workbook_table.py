"""The summary table (biểu tổng hợp) of one form, in the administrative layout.

Part of the consolidated workbook (`excel.workbook`): header block (issuing body, national
motto, "Biểu số", title, period, "Kèm theo Báo cáo số …"), two merged header rows with the
numbered row under them ((1), (2), (8)=(6)/(5) …), one row per section heading and
indicator, then the notes and the signature block (`workbook_blocks`).  Widths and heights
are estimated from the text so that nothing is clipped or shown as ###.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache

from desktop.core.consolidation.model import ConsolidatedForm, ConsolidatedRow, ConsolidationResult
from desktop.core.excel.workbook_blocks import (
    RIGHT_BLOCK,
    header_block,
    notes_block,
    right_block_start,
    signature_block,
)
from desktop.core.excel.workbook_display import (
    Signature,
    billion_places,
    in_billions,
)
from desktop.core.excel.workbook_styles import (
    CODE_LOOK,
    Look,
    clamp,
    code_width,
    line_count,
    number_format,
    number_value,
    percent_places,
    row_decimals,
    row_height,
    shown_width,
    text_width,
)
from desktop.core.excel.workbook_writer import SheetWriter, StyleBook
from desktop.core.formdef.models import Aggregation, Catalog, MeasureKind
from desktop.core.record import record

GROUP_PERCENT = "So sánh (%)"

_HEAD = Look(bold=True, h="center", wrap=True, border=True)
_NUMBERING = Look(italic=True, h="center", wrap=True, border=True)


@dataclass
class _Column:
    """One column of a written table: its key, header, width and header group."""
    key: str  # "stt", "label", "code", "unit", "note" or a measure code
    header: str
    width: float = 10.0
    group: str | None = None  # merged header above this column ("So sánh (%)")
    percent: bool = False
    number: str = ""  # text of the numbered row: "(5)" or "(8)=(6)/(5)"


def _columns(cf: ConsolidatedForm, catalog: Catalog) -> list[_Column]:
    cols = [_Column("stt", "STT"), _Column("label", "Chỉ tiêu"), _Column("code", "Mã số")]
    cols.append(_Column("unit", "Đơn vị tính"))
    for m in cf.measures:
        md = catalog.measure(m)
        percent = md is not None and md.kind is MeasureKind.RATIO
        header = md.short if md else m
        if percent:  # under "So sánh (%)" the "%" of "% KH" says nothing more
            header = header.removeprefix("%").strip() or header
            header = header[:1].upper() + header[1:]
        cols.append(_Column(m, header, group=GROUP_PERCENT if percent else None, percent=percent))
    cols.append(_Column("note", "Ghi chú"))
    position = {c.key: i for i, c in enumerate(cols, start=1)}
    for i, col in enumerate(cols, start=1):
        col.number = f"({i})"
        md = catalog.measure(col.key) if col.percent else None
        if md is not None:
            num = next((n for n in md.numerator if n in position), None)
            if num and md.denominator in position:
                col.number = f"({i})=({position[num]})/({position[md.denominator]})"
    return cols


@record
class _Figures:
    """A row's figures as written, and the decimals its value columns show."""

    values: dict[str, Decimal | None]
    decimals: int

    def shown(self, col: _Column) -> tuple[Decimal, int] | None:
        v = self.values.get(col.key)
        return None if v is None else (v, percent_places(v) if col.percent else self.decimals)


def _figures(cols: list[_Column], row: ConsolidatedRow, *, billions: bool = False) -> _Figures:
    ratio_row = row.indicator is not None and row.indicator.aggregation is Aggregation.RATIO
    percent = {c.key for c in cols if c.percent}
    values = {
        k: number_value(v, percent=k in percent or ratio_row)
        for k, v in row.values.items()
        if isinstance(v, Decimal)
    }
    money = [v for k, v in values.items() if k not in percent]
    decimals = billion_places(money) if billions else row_decimals(money)
    return _Figures(values, decimals)


def _set_widths(cols: list[_Column], cf: ConsolidatedForm, figures: list[_Figures]) -> None:
    """Column widths in Excel units (the width of a digit of the default font)."""
    rows = [r for r in cf.rows if not r.is_heading]
    n_measures = len(cf.measures)
    cols[0].width = clamp(max((len(r.stt) for r in cf.rows), default=1) + 3, 5.5, 8)
    cols[1].width = 52 if n_measures <= 3 else 44 if n_measures <= 6 else 38
    cols[2].width = code_width(r.indicator.code for r in rows)
    cols[3].width = clamp(max((text_width(r.unit_label) for r in rows), default=4) + 2, 9, 13)
    for col in cols[4:-1]:
        words = max(text_width(w, bold=True) for w in col.header.split())
        col.width = clamp(
            max(
                shown_width([s for f in figures if (s := f.shown(col))]),
                words + 2,
                text_width(col.number) + 2,
                12 if col.percent else 10,
            ),
            10,
            26,
        )
    cols[-1].width = 30 if any(r.note for r in rows) else 16


def _header_rows(sheet: SheetWriter, cols: list[_Column]) -> tuple[int, int]:
    """Two merged header rows and the numbered row; returns (first, last) header row."""
    groups = [c for c in cols if c.group]
    v_lines = max(line_count(c.header, c.width, bold=True) for c in cols if not c.group)
    sub_lines = max((line_count(c.header, c.width, bold=True) for c in groups), default=1)
    h1 = row_height(1) if groups else row_height(max(1, (v_lines + 1) // 2))
    h2 = max(row_height(sub_lines), row_height(v_lines) - h1, row_height(1))
    top = sheet.append(
        [
            sheet.cell(
                c.header if not c.group else (c.group if _run_start(cols, i) else None), _HEAD
            )
            for i, c in enumerate(cols)
        ],
        h1,
    )
    sheet.append([sheet.cell(c.header if c.group else None, _HEAD) for c in cols], h2)
    i = 0
    while i < len(cols):
        if cols[i].group:
            j = i
            while j + 1 < len(cols) and cols[j + 1].group == cols[i].group:
                j += 1
            sheet.merge(top, i + 1, top, j + 1)
            i = j + 1
        else:
            sheet.merge(top, i + 1, top + 1, i + 1)
            i += 1
    n_lines = max(line_count(c.number, c.width) for c in cols)
    last = sheet.append([sheet.cell(c.number, _NUMBERING) for c in cols], row_height(n_lines))
    return top, last


def _run_start(cols: list[_Column], i: int) -> bool:
    return i == 0 or cols[i - 1].group != cols[i].group


def _is_total(row: ConsolidatedRow, parents: set[str]) -> bool:
    return row.level == 1 and row.indicator is not None and row.indicator.code in parents


_UNIT = Look(h="center", border=True, wrap=True)
_NOTE = Look(italic=True, border=True, wrap=True, size=11)


@lru_cache(maxsize=256)
def _look(
    bold: bool, italic: bool, h: str, *, wrap: bool = False, indent: int = 0, fmt: str = "General"
) -> Look:
    """The look of a table cell, made once (a table has thousands of cells, a few looks)."""
    return Look(bold=bold, italic=italic, h=h, wrap=wrap, indent=indent, border=True, fmt=fmt)


def _data_row(
    sheet: SheetWriter,
    cols: list[_Column],
    row: ConsolidatedRow,
    figures: _Figures,
    parents: set[str],
    styles: dict[tuple[bool, bool, int], object],
) -> None:
    heading = row.is_heading
    bold = heading or _is_total(row, parents)
    italic = row.level >= 3
    label = row.label.upper() if heading else row.label
    indent = max(0, row.level - 1)
    # the columns are STT, Chỉ tiêu, Mã số, Đơn vị tính, the measures, Ghi chú (`_columns`)
    cells = [
        sheet.cell(row.stt, _look(bold, italic, "center")),
        sheet.cell(label, _look(bold, italic, "left", wrap=True, indent=indent)),
        sheet.cell(row.indicator.code if row.indicator is not None else None, CODE_LOOK),
        sheet.cell(row.unit_label or None, _UNIT),
    ]
    values, decimals = figures.values, figures.decimals
    for col in cols[4:-1]:
        # an exact Decimal or nothing (no text to make safe), in the look of its decimals
        v = values.get(col.key)
        d = 0 if v is None else percent_places(v) if col.percent else decimals
        style = styles.get((bold, italic, d))
        if style is None:
            look = _look(bold, italic, "right", fmt=number_format(d))
            style = styles[(bold, italic, d)] = sheet.style(look)
        cells.append((v, style))
    cells.append(sheet.cell(row.note or None, _NOTE))
    lines = max(
        line_count(label, cols[1].width - indent * 1.8, bold=bold),
        line_count(row.note, cols[-1].width, size=11) if row.note else 1,
        line_count(row.unit_label, cols[3].width) if row.unit_label else 1,
    )
    sheet.append(cells, row_height(lines))


def write_form_sheet(
    wb,
    book: StyleBook,
    name: str,
    cf: ConsolidatedForm,
    result: ConsolidationResult,
    catalog: Catalog,
    report_no: str | None,
    report_date: dt.date | None,
    signature: Signature | None = None,
    money_in_billions: bool = False,
) -> None:
    converted: set[str] = set()
    if money_in_billions:
        cf, converted = in_billions(cf, catalog)
    cols = _columns(cf, catalog)
    figures = [
        _figures(cols, r, billions=r.indicator is not None and r.indicator.code in converted)
        for r in cf.rows
    ]
    _set_widths(cols, cf, figures)
    # the motto block and the signature sit over the columns after "Mã số": a narrow
    # table (one measure) widens its notes column so "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
    # fits on its line instead of running off the page
    room = sum(c.width for c in cols[3:])
    if room < RIGHT_BLOCK:
        cols[-1].width += RIGHT_BLOCK - room
    widths = [c.width for c in cols]
    header_rows = 2 + 1 + 4 + 1  # block, gap, Biểu số/title/period/kèm theo, gap
    first_data = header_rows + 3 + 1
    sheet = SheetWriter(wb, book, name, widths, freeze=f"E{first_data}")
    right_first = right_block_start(widths)
    header_block(sheet, cf, result, report_no, report_date, right_first)
    top, last = _header_rows(sheet, cols)
    assert last + 1 == first_data, "frozen panes must sit right under the headers"
    parents = {r.indicator.parent for r in cf.rows if r.indicator and r.indicator.parent}
    styles: dict[tuple[bool, bool, int], object] = {}  # figure looks: bold, italic, decimals
    for row, row_figures in zip(cf.rows, figures, strict=True):
        _data_row(sheet, cols, row, row_figures, parents, styles)
    notes_block(sheet, cf, result)
    signature_block(sheet, result, report_date, right_first, signature)
    sheet.page(title_rows=(top, last))
