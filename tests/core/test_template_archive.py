"""The archive check before anything parses a template: the row/cell limit cannot be slipped
past by moving the data sheet out of xl/worksheets/, by a text that mentions sheetData inside
the cells, or by a second sheetData; the real end of the cells ends the counting."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

from desktop.core.errors import InputFileError
from desktop.core.excel.template_archive import MAX_SHEET_ROWS, _count_tags
from desktop.core.excel.template_reader import read_template
from tests.core.test_excel_template import make

DATA_PART = "xl/worksheets/sheet1.xml"
ROWS = b"".join(
    b'<row r="%d"><c r="A%d"><v>1</v></c></row>' % (n, n)
    for n in range(2001, 2002 + MAX_SHEET_ROWS)
)


def _rebuilt(src: Path, out: Path, change) -> Path:
    with zipfile.ZipFile(src) as zf:
        members = {i.filename: zf.read(i) for i in zf.infolist()}
    change(members)
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, body in members.items():
            zf.writestr(name, body)
    return out


def _too_many_rows(path: Path, pack) -> str:
    with pytest.raises(InputFileError) as exc:
        read_template(path, pack)
    assert exc.value.code == "tep_qua_nhieu_hang", exc.value.message
    return exc.value.message


def test_rows_after_a_text_mentioning_sheet_data_are_counted(pack, tmp_path):
    def change(m):
        trick = b'<row r="2000"><c r="A2000" t="inlineStr"><is><t>a</t>sheetData</is></c></row>'
        m[DATA_PART] = m[DATA_PART].replace(b"</sheetData>", trick + ROWS + b"</sheetData>")

    msg = _too_many_rows(_rebuilt(make(pack, tmp_path), tmp_path / "meo.xlsx", change), pack)
    assert "«Biểu nhập liệu»" in msg and "meo.xlsx" in msg


def test_a_data_sheet_moved_out_of_the_worksheets_folder_is_counted(pack, tmp_path):
    def change(m):
        m["xl/khac/du_lieu.xml"] = m.pop(DATA_PART).replace(b"</sheetData>", ROWS + b"</sheetData>")
        rels = "xl/_rels/workbook.xml.rels"
        m[rels] = m[rels].replace(b"worksheets/sheet1.xml", b"khac/du_lieu.xml")
        ct = "[Content_Types].xml"
        m[ct] = m[ct].replace(b"/xl/worksheets/sheet1.xml", b"/xl/khac/du_lieu.xml")

    msg = _too_many_rows(_rebuilt(make(pack, tmp_path), tmp_path / "doi_cho.xlsx", change), pack)
    assert "«Biểu nhập liệu»" in msg


def test_a_second_sheet_data_is_counted(pack, tmp_path):
    def change(m):
        m[DATA_PART] = m[DATA_PART].replace(
            b"</sheetData>", b"</sheetData><sheetData>" + ROWS + b"</sheetData>", 1
        )

    _too_many_rows(_rebuilt(make(pack, tmp_path), tmp_path / "hai_lan.xlsx", change), pack)


def test_counting_stops_at_the_real_end_of_the_cells():
    cells = b"<sheetData><row><c/><c/></row></sheetData>"
    after = b"<dataValidations><c/><c/><c/></dataValidations>"
    assert _count_tags(cells + after, True) == (1, 2, False)
    prefixed = b"<x:sheetData><x:row><x:c/></x:row></x:sheetData><x:c/>"
    assert _count_tags(prefixed, True)[1:] == (1, False)
    # a close tag of another element just before the word does not end the cells
    assert _count_tags(b"<t>a</t>sheetData<c/><c/>", True) == (0, 2, True)
