"""The «Tình hình báo cáo» sheet as printed: 24 forms were 24 columns 14 digits wide,
fitted to one A4 landscape page (about 30 %: unreadable, seen rendered with LibreOffice).
Now each form's heading is turned upwards in a column 8 digits wide, the cells say «Đã» /
«Chưa», and the forms are shared over two pages across, each repeating STT, code and name,
at 70 % or more."""

from __future__ import annotations

import openpyxl

from desktop.core.consolidation.model import ConsolidatedForm, ConsolidationResult, UnitRef
from desktop.core.excel.workbook_sheets import COMPLETENESS_SHEET, write_completeness_sheet
from desktop.core.excel.workbook_writer import open_book

DISTRICTS = [UnitRef(str(c), f"Huyện số {c}", "") for c in range(178, 189)]


def _board(pack, tmp_path, forms):
    result = ConsolidationResult(
        period="2023-H1", period_label="6 tháng đầu năm 2023", level="province",
        as_of="2023-07-10T00:00:00", issuer="UBND TỈNH LẠNG SƠN", area_name="Tỉnh Lạng Sơn",
        forms=[ConsolidatedForm(form=f, period="2023-H1", period_label="6 tháng đầu năm 2023",
                                expected=DISTRICTS, reported=DISTRICTS[:2], missing=DISTRICTS[2:],
                                measures=["th_ky"], rows=[]) for f in forms],
    )  # fmt: skip
    wb, book = open_book(tmp_path / "b.xlsx", "t")
    write_completeness_sheet(wb, book, result)
    wb.close()
    return openpyxl.load_workbook(tmp_path / "b.xlsx")[COMPLETENESS_SHEET]


def test_two_dozen_forms_print_on_two_pages_across_at_a_readable_scale(pack, tmp_path):
    forms = [pack.get(f.id) for f in pack.by_number() if f.bieu_so != "Biểu số 22"]
    ws = _board(pack, tmp_path, forms)
    assert not ws.sheet_properties.pageSetUpPr or not ws.sheet_properties.pageSetUpPr.fitToPage
    assert 70 <= int(ws.page_setup.scale) <= 100
    [page_two] = [b.id for b in ws.col_breaks.brk]  # the first column of the second page
    assert page_two - 3 in (12, 13)  # 24 forms and the 2 counts, about half on each page
    assert ws.print_title_cols == "$A:$C" and ws.page_setup.orientation == "landscape"
    head = next(r for r in ws.iter_rows() if r[2].value == "Tên đơn vị")
    assert head[3].value == f"{forms[0].bieu_so}\n{forms[0].title}"
    assert all(c.alignment.textRotation == 90 for c in head[3:])
    assert ws.column_dimensions["D"].width < 10
    row = next(r for r in ws.iter_rows() if r[2].value == "Huyện số 178")
    assert [c.value for c in row[3:5]] == ["Đã", "Đã"]
    row = next(r for r in ws.iter_rows() if r[2].value == "Huyện số 180")
    assert row[3].value == "Chưa" and row[-2].value == 0 and row[-1].value == 24


def test_a_few_forms_print_on_one_page_at_full_size(pack, tmp_path):
    ws = _board(pack, tmp_path, [pack.get("ngan_sach")])
    assert ws.page_setup.scale in (None, 100) and not ws.col_breaks.brk  # 100: left out
    assert "Huyện số 188" in [r[2].value for r in ws.iter_rows()]
