"""The "Đối chiếu" sheet of the consolidated workbook: per form and indicator, a provincial
body's figure (the lead department, or the province office's own entry) beside the
units' consolidated figure, the figure the table uses and the difference
(`consolidation/province.py` makes the lines; this module prints them).

Written by `excel.workbook.write_consolidated_workbook()` only when some form has a
reconciliation (a province run where departments or the office reported).  Money follows
the tables' display unit: in tỷ đồng when they show it (`workbook_display`).
"""

from __future__ import annotations

from decimal import Decimal

from desktop.core.consolidation.model import ConsolidationResult
from desktop.core.excel.workbook_display import billion_places, lines_in_billions, money_note
from desktop.core.excel.workbook_styles import (
    Look,
    line_count,
    number_format,
    number_value,
    places,
    row_height,
)
from desktop.core.excel.workbook_writer import SheetWriter, StyleBook

RECONCILIATION_SHEET = "Đối chiếu"
SOURCE_TEXT = {
    "units": "Tổng các đơn vị cấp dưới",
    "lead_department": "Số của cơ quan chủ trì",
    "department_plus_units": "Cơ quan chủ trì + đơn vị cấp dưới",
}
HEADINGS = [
    "STT",
    "Mã số",
    "Chỉ tiêu",
    "Đơn vị tính",
    "Số đo",
    "Cách lấy số tỉnh",
    "Cơ quan báo cáo",
    "Số của cơ quan",
    "Tổng các đơn vị cấp dưới",
    "Số dùng trong biểu",
    "Chênh lệch (cơ quan − đơn vị)",
    "Ghi chú",
]
WIDTHS = [6.0, 16.0, 40.0, 12.0, 12.0, 20.0, 26.0, 16.0, 16.0, 16.0, 16.0, 36.0]
_HEAD = Look(bold=True, h="center", wrap=True, border=True)
_TITLE = Look(bold=True, h="center", wrap=True, size=14)
_SUBTITLE = Look(italic=True, h="center", wrap=True)
_SECTION = Look(bold=True, h="left", border=True)
_TEXT = Look(h="left", wrap=True, border=True)
_CENTER = Look(h="center", wrap=True, border=True)


def has_reconciliation(result: ConsolidationResult) -> bool:
    return any(cf.reconciliation for cf in result.forms)


def _number(sheet: SheetWriter, value: Decimal | None, decimals: int | None = None):
    shown = number_value(value)
    if shown is None:
        fmt = "General"
    else:
        fmt = number_format(min(places(shown), 3) if decimals is None else decimals)
    return sheet.cell(shown, Look(h="right", border=True, fmt=fmt))


def write_reconciliation_sheet(
    wb, book: StyleBook, result: ConsolidationResult, catalog, money_in_billions: bool = False
) -> None:
    forms = [
        (cf, lines_in_billions(cf, catalog) if money_in_billions else [
            (x, False) for x in cf.reconciliation
        ])
        for cf in result.forms
        if cf.reconciliation
    ]  # fmt: skip
    converted = {x.indicator for _, lines in forms for x, done in lines if done}
    sheet = SheetWriter(wb, book, RECONCILIATION_SHEET, WIDTHS, freeze="D5")
    sheet.banner(result.issuer.upper(), Look(bold=True, h="left"), 1, 4)
    sheet.banner("ĐỐI CHIẾU SỐ LIỆU CỦA CƠ QUAN CHỦ TRÌ VÀ CÁC ĐƠN VỊ", _TITLE, 1, len(WIDTHS))
    sheet.banner(result.period_label + money_note(converted), _SUBTITLE, 1, len(WIDTHS))
    lines = max(line_count(h, w, bold=True) for h, w in zip(HEADINGS, WIDTHS, strict=True))
    top = sheet.append([sheet.cell(h, _HEAD) for h in HEADINGS], row_height(lines))
    for cf, form_lines in forms:
        r = sheet.append(
            [sheet.cell(f"{cf.form.bieu_so}. {cf.form.title}", _SECTION)]
            + [sheet.cell(None, _SECTION) for _ in WIDTHS[1:]],
            row_height(1),
        )
        sheet.merge(r, 1, r, len(WIDTHS))
        for n, (x, in_billions) in enumerate(form_lines, start=1):
            md = catalog.measure(x.measure)
            figures = (x.department, x.units, x.used, x.difference)
            decimals = billion_places(figures) if in_billions else None
            cells = [
                sheet.cell(n, _CENTER),
                sheet.cell(x.indicator, _CENTER),
                sheet.cell(x.label, _TEXT),
                sheet.cell(x.unit_label, _CENTER),
                sheet.cell(md.short if md else x.measure, _CENTER),
                sheet.cell(SOURCE_TEXT.get(x.source, x.source), _TEXT),
                sheet.cell(x.body, _TEXT),
                _number(sheet, x.department, decimals),
                _number(sheet, x.units, decimals),
                _number(sheet, x.used, decimals),
                _number(sheet, x.difference, decimals),
                sheet.cell(x.note, _TEXT),
            ]
            # every wrapped text of the line: the measure («TH kỳ báo cáo») and the source
            # («Tổng các đơn vị cấp dưới») wrap in their narrow columns too
            height = max(
                line_count(str(cell[0]), width)
                for cell, width in zip(cells, WIDTHS, strict=True)
                if isinstance(cell[0], str)
            )
            sheet.append(cells, row_height(min(height, 8)))
    sheet.page(title_rows=(top, top))
