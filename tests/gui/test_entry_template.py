"""The clerk's Excel template from the entry page (docs/excel-template.md): «Biểu mẫu
Excel…» writes the open form's workbook, the clerk fills it (figures and a «chưa có số
liệu» mark, typed loosely) with openpyxl as in Excel, «Nhập từ Excel…» brings it back: the
grid shows the figure and the mark.  Another form's workbook, or one with a cell that is
no number, is refused with a Vietnamese message and nothing changes."""

from __future__ import annotations

from decimal import Decimal

import openpyxl
import pytest

pytest.importorskip("PySide6")

from desktop.core.marks import CHUA_CO_SO_LIEU  # noqa: E402
from tests.gui.conftest import button, click  # noqa: E402
from tests.gui.test_entry_keyboard import H1, clerk_window  # noqa: E402


@pytest.fixture(autouse=True)
def _installed_once(warm_pack):
    return warm_pack


def _cells(path):
    wb = openpyxl.load_workbook(path)
    meta = {r[0]: r[1] for r in wb["_baocao"].iter_rows(values_only=True) if r[0]}
    rows = {v: int(k.split(":")[1]) for k, v in meta.items() if k.startswith("row:")}
    cols = {v: k.split(":")[1] for k, v in meta.items() if k.startswith("col:")}
    return wb, wb["Biểu nhập liệu"], meta, rows, cols


def test_template_written_filled_and_taken_back_from_the_entry_page(qtbot, tmp_path, dialogs):
    svc, window = clerk_window(qtbot, tmp_path)
    page = window.open_form(svc.pack.get("ngan_sach"), H1)
    out = tmp_path / "bieu mau có dấu.xlsx"
    dialogs.answer(out)
    click(qtbot, button(page, "Biểu mẫu Excel…"))
    assert dialogs.asked[-1] == ("save_file", "Lưu biểu mẫu Excel để điền", "bieu_mau_ngan_sach_178_2023-H1.xlsx")
    assert out.exists() and "Đã tạo biểu mẫu «bieu mau có dấu.xlsx»" in page.message.text()

    wb, ws, meta, rows, cols = _cells(out)
    ws[f"{cols['th_ky']}{rows['NS_THU']}"] = "209.435"
    ws[f"{meta['mark_col']}{rows['NS_CHI']}"] = "CHUA CO SO LIEU"
    ws[f"{meta['reason_col']}{rows['NS_CHI']}"] = "Chờ Kho bạc đối chiếu"
    wb.save(out)
    dialogs.answer(out)
    click(qtbot, button(page, "Nhập từ Excel…"))
    page = window.entry_page  # the form opened again with what was read
    assert page.session.value("NS_THU", "th_ky") == Decimal(209435)
    mark = page.session.mark_of("NS_CHI")
    assert mark is not None and mark.kind == CHUA_CO_SO_LIEU and mark.reason == "Chờ Kho bạc đối chiếu"
    assert page.message.text() == "Đã nhập «bieu mau có dấu.xlsx» vào bản nháp (lần 1)."
    cell = page.model.index_of("NS_CHI", "th_ky")
    assert "chưa có số liệu" in str(page.model.data(cell))

    # a cell that is no number: refused, named, nothing changes
    ws[f"{cols['th_ky']}{rows['NS_THU']}"] = "hai trăm"
    wb.save(out)
    dialogs.answer(out)
    click(qtbot, button(page, "Nhập từ Excel…"))
    (error,) = dialogs.errors
    dialogs.errors.clear()
    assert "Không lưu «bieu mau có dấu.xlsx»" in error[0] and f"ô {cols['th_ky']}{rows['NS_THU']}" in error[0]
    assert page.session.value("NS_THU", "th_ky") == Decimal(209435)

    # another period's template
    other = tmp_path / "khac.xlsx"
    from desktop.core.excel.templates import make_template

    make_template(svc, form_id="ngan_sach", unit_code="178", period_text="2023-H2", out=other)
    dialogs.answer(other)
    click(qtbot, button(page, "Nhập từ Excel…"))
    (error,) = dialogs.errors
    dialogs.errors.clear()
    assert "6 tháng cuối năm 2023" in error[0] and "đang mở" in error[0] and "Chưa có gì thay đổi" in error[0]
    assert page.session.value("NS_THU", "th_ky") == Decimal(209435)
