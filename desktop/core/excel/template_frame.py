"""The printed frame of the fill-in template: header block (unit, national motto, title,
period), signature block, page setup and sheet protection."""

from __future__ import annotations

from openpyxl.comments import Comment
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.protection import SheetProtection

from desktop.core.excel.template_style import (  # noqa: E402
    BORDER,
    CENTER,
    COL_CODE,
    COL_LABEL,
    FIRST_DATA_ROW,
    FIRST_MEASURE_COL,
    FONT_NAME,
    HEADER_FILL,
    HEADER_ROW,
    LOCKED,
    NUMBER_ROW,
    _clean_text,
    _font,
    _set_text,
)


def _write_header_block(ws, form, unit_name, unit_code, period_label, last_col) -> None:
    left_end = COL_LABEL  # unit block over STT + Chỉ tiêu
    right_start = COL_CODE
    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=left_end)
    ws.merge_cells(start_row=2, start_column=1, end_row=2, end_column=left_end)
    ws.merge_cells(start_row=1, start_column=right_start, end_row=1, end_column=last_col)
    ws.merge_cells(start_row=2, start_column=right_start, end_row=2, end_column=last_col)
    c = ws.cell(1, 1)
    _set_text(c, unit_name.upper())
    c.font = _font(12, bold=True)
    c.alignment = CENTER
    c = ws.cell(2, 1)
    _set_text(c, f"Mã đơn vị: {unit_code}")
    c.font = _font(11, italic=True)
    c.alignment = CENTER
    c = ws.cell(1, right_start)
    c.value = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
    c.font = _font(12, bold=True)
    c.alignment = CENTER
    c = ws.cell(2, right_start)
    c.value = "Độc lập - Tự do - Hạnh phúc"
    c.font = _font(12, bold=True, underline="single")
    c.alignment = CENTER
    lines = [
        (4, form.bieu_so, _font(12, bold=True)),
        (5, form.title.upper(), _font(14, bold=True)),
        (6, f"Kỳ báo cáo: {period_label}", _font(12, italic=True)),
        (
            7,
            "Ô nền vàng: nhập số liệu. Gõ số kiểu Việt Nam: 1.234,5 (dấu chấm phân cách hàng "
            "nghìn, dấu phẩy thập phân); cột tỷ lệ nhập 57,3 cho 57,3%. Ô nền xám: không nhập.",
            _font(10, italic=True),
        ),
    ]
    for r, text, font in lines:
        ws.merge_cells(start_row=r, start_column=1, end_row=r, end_column=last_col)
        c = ws.cell(r, 1)
        _set_text(c, text)
        c.font = font
        c.alignment = CENTER
    ws.row_dimensions[1].height = 18
    ws.row_dimensions[5].height = 21
    ws.row_dimensions[7].height = 30


def _header_cell(ws, row, col, text, *, bold=False, italic=False) -> None:
    c = ws.cell(row, col)
    _set_text(c, text)
    c.font = _font(11 if bold else 10, bold=bold, italic=italic)
    c.alignment = CENTER
    c.border = BORDER
    c.fill = HEADER_FILL
    c.protection = LOCKED


def _comment(text: str, *, width: int = 240, height: int = 70) -> Comment:
    c = Comment(_clean_text(text), "BaoCao")
    c.width = width
    c.height = height
    return c


def _write_signature(ws, row, last_col) -> None:
    right_start = max(COL_CODE + 2, last_col - 3)
    ws.merge_cells(start_row=row, start_column=right_start, end_row=row, end_column=last_col)
    c = ws.cell(row, right_start)
    c.value = "……, ngày …… tháng …… năm ……"
    c.font = _font(12, italic=True)
    c.alignment = CENTER
    row += 1
    ws.merge_cells(start_row=row, start_column=right_start, end_row=row, end_column=last_col)
    for col, text in ((COL_LABEL, "NGƯỜI LẬP BIỂU"), (right_start, "THỦ TRƯỞNG ĐƠN VỊ")):
        c = ws.cell(row, col)
        c.value = text
        c.font = _font(12, bold=True)
        c.alignment = CENTER
    row += 1
    ws.merge_cells(start_row=row, start_column=right_start, end_row=row, end_column=last_col)
    for col, text in (
        (COL_LABEL, "(Ký, ghi rõ họ tên)"),
        (right_start, "(Ký, ghi rõ họ tên, đóng dấu)"),
    ):
        c = ws.cell(row, col)
        c.value = text
        c.font = _font(11, italic=True)
        c.alignment = CENTER


def _page_setup(ws, last_col) -> None:
    ws.sheet_view.showGridLines = False
    ws.freeze_panes = ws.cell(FIRST_DATA_ROW, FIRST_MEASURE_COL)
    ws.print_title_rows = f"{HEADER_ROW}:{NUMBER_ROW}"
    ws.print_area = f"A1:{get_column_letter(last_col)}{ws.max_row}"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.orientation = ws.ORIENTATION_LANDSCAPE
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_options.horizontalCentered = True
    ws.page_margins.left = ws.page_margins.right = 0.5
    ws.page_margins.top = 0.6
    ws.page_margins.bottom = 0.75
    ws.page_margins.footer = 0.3
    ws.oddFooter.center.text = "Trang &P / &N"
    ws.oddFooter.center.font = f"{FONT_NAME},Italic"
    ws.protection = _protection()


def _protection() -> SheetProtection:
    # True = the action is forbidden (OOXML semantics); resizing rows/columns is allowed
    return SheetProtection(sheet=True, formatColumns=False, formatRows=False,
                           selectLockedCells=False, selectUnlockedCells=False)  # fmt: skip
