"""The "Thuyết minh" sheet of the fill-in template: one row per narrative section of the
form — its number and title (locked) and a tall, wrapped text cell (unlocked, yellow,
number format Text) with an input message giving the section's length limit.  Each row is
recorded in the metadata (`narr:5 → ket_qua`)."""

from __future__ import annotations

from openpyxl.styles import Alignment
from openpyxl.worksheet.datavalidation import DataValidation

from desktop.core.excel.template_frame import _comment, _header_cell, _protection
from desktop.core.excel.template_style import (
    BORDER,
    CENTER,
    INPUT_FILL,
    LOCKED,
    NARRATIVE_HEADER_ROW,
    TEXT_FORMAT,
    UNLOCKED,
    _font,
    _set_text,
    _truncate,
)


def _write_narratives(ws, form, unit_name, period_label, narratives, meta) -> None:
    ws.merge_cells("A1:C1")
    ws.merge_cells("A2:C2")
    c = ws.cell(1, 1)
    _set_text(c, f"THUYẾT MINH — {form.title.upper()}")
    c.font = _font(14, bold=True)
    c.alignment = CENTER
    c = ws.cell(2, 1)
    _set_text(c, f"{unit_name} — Kỳ báo cáo: {period_label}")
    c.font = _font(12, italic=True)
    c.alignment = CENTER
    for col, text in enumerate(("STT", "Phần", "Nội dung"), start=1):
        _header_cell(ws, NARRATIVE_HEADER_ROW, col, text, bold=True)
    ws.column_dimensions["A"].width = 6
    ws.column_dimensions["B"].width = 30
    ws.column_dimensions["C"].width = 110
    ws.row_dimensions[NARRATIVE_HEADER_ROW].height = 21
    ws.row_dimensions[1].height = 21
    for i, n in enumerate(form.narratives, start=1):
        row = NARRATIVE_HEADER_ROW + i
        meta.append((f"narr:{row}", n.code))
        a, b, c = ws.cell(row, 1), ws.cell(row, 2), ws.cell(row, 3)
        a.value = i
        _set_text(b, n.title)
        for cell in (a, b):
            cell.font = _font(12, bold=True)
            cell.alignment = Alignment(horizontal="center" if cell is a else "left",
                                       vertical="top", wrap_text=True)  # fmt: skip
            cell.border = BORDER
            cell.protection = LOCKED
        if n.required:
            b.comment = _comment("Phần bắt buộc.")
        text = narratives.get(n.code)
        if text:
            _set_text(c, text)
        c.number_format = TEXT_FORMAT
        c.font = _font(12)
        c.alignment = Alignment(horizontal="left", vertical="top", wrap_text=True)
        c.border = BORDER
        c.fill = INPUT_FILL
        c.protection = UNLOCKED
        ws.row_dimensions[row].height = 150
        dv = DataValidation(type=None, allow_blank=True, showInputMessage=True)
        dv.promptTitle = "Thuyết minh"
        dv.prompt = _truncate(
            f"{n.title}: viết nội dung (tối đa {n.max_chars:,} ký tự).".replace(",", "."), 255
        )
        dv.add(c.coordinate)
        ws.add_data_validation(dv)
    ws.freeze_panes = ws.cell(NARRATIVE_HEADER_ROW + 1, 1)
    ws.print_title_rows = f"{NARRATIVE_HEADER_ROW}:{NARRATIVE_HEADER_ROW}"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.orientation = ws.ORIENTATION_LANDSCAPE
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.protection = _protection()
