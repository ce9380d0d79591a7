"""A commune clerk's months, round 10 (M4): what the passes of round 9 left.  A row marked
«chưa có số liệu» reads whole in the grid at 1024×768 and 1366×768 (it was «chưa có số li…»
in a 104 px column)."""

from __future__ import annotations

import pytest

pytest.importorskip("PySide6")
from PySide6.QtCore import Qt  # noqa: E402
from PySide6.QtGui import QFont, QFontMetrics  # noqa: E402

from tests.gui.test_clerk_months import app_font  # noqa: E402, F401 (a fixture)
from tests.gui.test_entry_keyboard import (  # noqa: E402
    clerk_window,
    open_by_double_click,
    press,
)

MARGIN = 8  # a cell's text margins, as the forms list's test counts them


def cut_cells(page) -> list[str]:
    """The figure cells whose text is wider than their column: «row/column: text»."""
    table, model = page.table, page.model
    cut = []
    for c in range(3, model.columnCount()):
        width = table.columnWidth(c) - MARGIN
        head = model.headerData(c, Qt.Orientation.Horizontal)
        if table.horizontalHeader().fontMetrics().horizontalAdvance(head) > width:
            cut.append(f"header {c}: {head}")
        for r in range(model.rowCount()):
            index = model.index(r, c)
            text = model.data(index, Qt.ItemDataRole.DisplayRole)
            if not text:
                continue
            font = model.data(index, Qt.ItemDataRole.FontRole) or QFont(table.font())
            if QFontMetrics(font).horizontalAdvance(text) > width:
                cut.append(f"{r}/{c}: {text}")
    return cut


@pytest.mark.usefixtures("app_font")  # the app's 10 points, as on Xvfb
@pytest.mark.parametrize("width", [1024, 1366])
def test_a_row_marked_chua_co_so_lieu_reads_whole(qtbot, tmp_path, dialogs, width):
    _svc, window = clerk_window(qtbot, tmp_path)
    window.resize(width, 740)
    page = open_by_double_click(qtbot, window, "ngan_sach")
    for code, keys in (("NS_THU", "Ctrl+M"), ("NS_CHI", "Ctrl+0")):
        page.table.setCurrentIndex(page.model.index_of(code, "th_ky"))
        page.table.setFocus()
        if keys == "Ctrl+M":
            dialogs.answer("Kho bạc chưa đối chiếu")
            press(qtbot, Qt.Key.Key_M, Qt.KeyboardModifier.ControlModifier)
        else:
            press(qtbot, Qt.Key.Key_0, Qt.KeyboardModifier.ControlModifier)
    assert page.session.mark_of("NS_THU").label == "chưa có số liệu"
    assert page.session.mark_of("NS_CHI").label == "không phát sinh"
    shown = page.model.data(page.model.index_of("NS_THU", "th_ky"), Qt.ItemDataRole.DisplayRole)
    assert shown == "chưa có số liệu"
    assert cut_cells(page) == []

    window.show_page("home")  # the forms list too: «Đang nhập», dates, «Lỗi / cảnh báo»
    home = window.home
    for c in (0, 2, 3, 4, 5):
        width = home.view.columnWidth(c) - MARGIN
        for r in range(home.model.rowCount()):
            text = home.model.data(home.model.index(r, c), Qt.ItemDataRole.DisplayRole)
            assert home.view.fontMetrics().horizontalAdvance(text or "") <= width, (r, c, text)
        head = home.model.HEADERS[c]
        assert home.view.horizontalHeader().fontMetrics().horizontalAdvance(head) <= width, head
