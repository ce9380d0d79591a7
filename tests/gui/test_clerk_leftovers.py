"""A commune clerk's months, round 10 (M4): what the passes of round 9 left.  A row marked
«chưa có số liệu» reads whole in the grid at 1024×768 and 1366×768 (it was «chưa có số li…»
in a 104 px column); the greyed figures of earlier reports are taken with «Dùng số kỳ
trước» or asked about at «Hoàn thành», never shown as this period's and left unsent."""

from __future__ import annotations

import pytest

pytest.importorskip("PySide6")
from PySide6.QtCore import Qt  # noqa: E402
from PySide6.QtGui import QFont, QFontMetrics  # noqa: E402

from desktop.gui.pages.entry_carried import BACK, LEAVE, TAKE  # noqa: E402
from tests.gui.conftest import click  # noqa: E402
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


# ---------------------------------------------------------------- (b) carried figures

LAST_YEAR = {("NS_THU", "th_ky"): "200000", ("NS_CHI", "th_ky"): "150000"}


def _with_last_year(svc, draft: bool):
    """Thành phố Lạng Sơn's Biểu 05 of 6 tháng 2022 (the greyed «Cùng kỳ» of 2023), and of
    2023 a draft with this half-year's figures (when `draft`)."""
    from decimal import Decimal

    from tests.core.package_tools import budget

    last = budget("178", "2022-H1", "200000", "150000")
    svc.save_entry(svc.validate(last), final=True, actor="Lan")
    if draft:
        svc.save_entry(svc.validate(budget("178", "2023-H1", "209435", "160000")), actor="Lan")
    return {k: Decimal(v) for k, v in LAST_YEAR.items()}


def _shown(page, indicator, measure) -> str:
    index = page.model.index_of(indicator, measure)
    return page.model.data(index, Qt.ItemDataRole.DisplayRole)


def test_dung_so_ky_truoc_stores_the_greyed_figures_in_one_step(qtbot, tmp_path, dialogs):
    svc, window = clerk_window(qtbot, tmp_path)
    _with_last_year(svc, draft=False)
    page = open_by_double_click(qtbot, window, "ngan_sach")
    assert _shown(page, "NS_THU", "cung_ky") == "200.000"  # greyed: shown, not stored
    assert page.session.value("NS_THU", "cung_ky") is None
    button = page.carried_button
    assert button.isVisible() and button.text() == "Dùng số kỳ trước (2 ô)"
    window.resize(1024, 740)  # whole on a 1024×768 laptop, its text not cut
    qtbot.waitUntil(lambda: window.width() == 1024)
    right = button.mapTo(window, button.rect().bottomRight()).x()
    assert right <= window.width() and button.width() >= button.sizeHint().width(), right
    click(qtbot, button)
    assert page.session.value("NS_THU", "cung_ky") == 200000
    assert page.session.value("NS_CHI", "cung_ky") == 150000
    assert "Đã lưu 2 số lấy từ báo cáo trước" in page.message.text()
    assert not button.isVisible()  # nothing greyed is left
    page.table.setFocus()
    press(qtbot, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)  # both back in one step
    assert page.session.value("NS_THU", "cung_ky") is None
    assert page.session.value("NS_CHI", "cung_ky") is None
    assert button.isVisible() and _shown(page, "NS_THU", "cung_ky") == "200.000"


def test_hoan_thanh_with_greyed_figures_asks_and_shows_only_what_it_sends(qtbot, tmp_path, dialogs):
    svc, window = clerk_window(qtbot, tmp_path)
    _with_last_year(svc, draft=True)
    page = open_by_double_click(qtbot, window, "ngan_sach")
    dialogs.answer(BACK)
    click(qtbot, page.finish_button)
    assert dialogs.asked[-1][1] == "Số kỳ trước chưa dùng"
    assert page.session.status == "draft" and page.session.value("NS_THU", "cung_ky") is None

    dialogs.answer(LEAVE)
    click(qtbot, page.finish_button)
    assert page.session.status == "final"
    # every figure on the screen is one the form holds (a % column: of figures it holds)
    model, session = page.model, page.session
    for r in range(model.rowCount()):
        for c in range(3, model.columnCount()):
            key = model.key_at(model.index(r, c))
            text = model.data(model.index(r, c), Qt.ItemDataRole.DisplayRole)
            if key is None or not text:
                continue
            held = session.value(*key) is not None or session.computed(*key) is not None
            assert held, (key, text)
    assert _shown(page, "NS_THU", "cung_ky") == ""
    assert not page.carried_button.isVisible()


def test_hoan_thanh_taking_the_greyed_figures_stores_them_then_finishes(qtbot, tmp_path, dialogs):
    """«Hoàn thành», answered «Dùng số kỳ trước và hoàn thành»: the greyed figures are stored
    (as the button stores them) and the form is finished with them."""
    svc, window = clerk_window(qtbot, tmp_path)
    _with_last_year(svc, draft=True)
    page = open_by_double_click(qtbot, window, "ngan_sach")
    dialogs.answer(TAKE)
    click(qtbot, page.finish_button)
    assert dialogs.asked[-1][1] == "Số kỳ trước chưa dùng"
    assert page.session.status == "final"
    assert page.session.value("NS_THU", "cung_ky") == 200000
    assert page.session.value("NS_CHI", "cung_ky") == 150000
    assert not page.carried_button.isVisible()
