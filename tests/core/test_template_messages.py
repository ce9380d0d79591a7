"""Every message from reading a template says where (file, sheet, cell) and what, in the
clerk's words: indicators by their Vietnamese name and columns by their heading, an internal
code at most in brackets; the hidden sheet's entries by what they mean."""

from __future__ import annotations

import re

import openpyxl
import pytest

from desktop.core.errors import InputFileError
from desktop.core.excel.template_reader import read_template
from desktop.core.excel.template_writer import DATA_SHEET, META_SHEET
from tests.core.test_excel_template import _edit_meta, cell_of, errors, fill, make, meta_of

CODE = re.compile(r"\b[A-Z][A-Z0-9]*_[A-Z0-9_]+\b")  # an indicator code such as NS_THU_ND


def _outside_brackets(message: str) -> list[str]:
    return CODE.findall(re.sub(r"\([^()]*\)", "", message))


def _refusal(path, pack) -> str:
    with pytest.raises(InputFileError) as exc:
        read_template(path, pack)
    return exc.value.message


def test_cell_messages_name_the_cell_the_indicator_and_the_column(pack, tmp_path):
    path = fill(
        make(pack, tmp_path),
        {
            ("NS_THU_ND", "th_ky"): "12a",  # not a number
            ("NS_CHI", "luy_ke"): True,  # a TRUE/FALSE
            ("NS_THU", "pct_ck"): 0.573,  # a percent format: noted
            ("NS_THU_SDD", "th_ky"): "1.234",  # ambiguous: noted
        },
        number_formats={("NS_THU", "pct_ck"): "0.0%"},
    )
    sub, issues = read_template(path, pack)
    assert len(errors(issues)) == 2 and len(issues) == 4
    form = pack.get("ngan_sach")
    labels = {i.code: i.label for i in form.iter_indicators()}
    for issue in issues:
        loc = issue.location
        assert (loc.file, loc.sheet) == ("bieu.xlsx", DATA_SHEET)
        said = issue.render(pack)  # the place once, in full: no «Ô E12 (…)» before it
        place = f"(tệp bieu.xlsx, trang tính «{DATA_SHEET}», ô {loc.cell}, biểu số 05, "
        assert said.endswith(")") and place + f"chỉ tiêu «{labels[loc.indicator]}», cột «" in said
        assert said.count(loc.cell) == 1 and loc.cell not in issue.message, said
        assert not CODE.findall(issue.message) and loc.measure not in issue.message, issue.message
    by_indicator = {i.location.indicator: i.message for i in issues}
    assert "«12a»" in by_indicator["NS_THU_ND"]  # and what is expected, said once
    assert by_indicator["NS_THU_ND"].count("ví dụ 1.234,5") == 1, by_indicator["NS_THU_ND"]
    assert "đã hiểu là 57,3%" in by_indicator["NS_THU"]


def test_structure_messages_name_file_sheet_cell_and_indicator(pack, tmp_path):
    path = make(pack, tmp_path)
    wb = openpyxl.load_workbook(path)
    meta, ws = meta_of(wb), wb[DATA_SHEET]
    row = int(cell_of(meta, "NS_CHI", "th_ky")[1:])
    code_col = meta["code_col"]
    ws[f"{code_col}{row}"] = "NS_THU"  # the code of another indicator typed over it
    wb.save(path)
    msg = _refusal(path, pack)
    assert msg.startswith(f"Tệp «bieu.xlsx», trang «{DATA_SHEET}», ô {code_col}{row}:")
    assert f"Hàng {row} phải là chỉ tiêu «Tổng chi ngân sách địa phương» (NS_CHI)" in msg
    assert "đang là chỉ tiêu «Tổng thu ngân sách nhà nước trên địa bàn» (NS_THU)" in msg, msg
    assert not _outside_brackets(msg), msg


def test_a_missing_meta_entry_is_named_by_what_it_means(pack, tmp_path):
    path = make(pack, tmp_path)
    _edit_meta(path, "unit", None)
    msg = _refusal(path, pack)
    assert f"trang thông tin ẩn «{META_SHEET}» thiếu mã đơn vị" in msg and "bieu.xlsx" in msg


def test_a_meta_sheet_without_an_indicator_names_it_not_its_code(pack, tmp_path):
    path = make(pack, tmp_path)
    wb = openpyxl.load_workbook(path)
    ws = wb[META_SHEET]
    for line in ws.iter_rows(max_col=2):
        if line[1].value == "NS_THU_ND" and str(line[0].value).startswith("row:"):
            line[0].value = line[1].value = None
    wb.save(path)
    msg = _refusal(path, pack)
    assert "thiếu vị trí của chỉ tiêu «Thu nội địa»" in msg and "bieu.xlsx" in msg
    assert not _outside_brackets(msg), msg


def test_an_unknown_form_lists_the_forms_by_title(pack, tmp_path):
    path = make(pack, tmp_path)
    _edit_meta(path, "form", "khong_co")
    msg = _refusal(path, pack)
    assert "«khong_co»" in msg and f"«{pack.get('ngan_sach').title}»" in msg
    assert "ngan_sach," not in msg and f"trang thông tin ẩn «{META_SHEET}», ô B" in msg


def test_a_changed_version_points_at_its_cell_in_the_hidden_sheet(pack, tmp_path):
    path = make(pack, tmp_path)
    _edit_meta(path, "form_version", "2")
    wb = openpyxl.load_workbook(path)
    row = next(c.row for c in wb[META_SHEET]["A"] if c.value == "form_version")
    msg = _refusal(path, pack)
    assert f"(trang thông tin ẩn «{META_SHEET}», ô B{row})" in msg and "«bieu.xlsx»" in msg
