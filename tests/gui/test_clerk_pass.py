"""What a commune clerk met using the app with the keyboard only (L5's pass): the form opened
with Enter takes the typing at once, «← Danh sách biểu» gives the list back its focus on the
same form, and the window titles leave «BaoCao» to Qt (which adds the application's display
name itself, so «BaoCao — Xã Đoàn Kết» showed as «BaoCao — Xã Đoàn Kết — BaoCao»)."""

from __future__ import annotations

from decimal import Decimal

import pytest

pytest.importorskip("PySide6")
from PySide6.QtCore import Qt  # noqa: E402
from PySide6.QtGui import QGuiApplication  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from tests.gui.conftest import button, click  # noqa: E402
from tests.gui.test_entry_keyboard import clerk_window, keys  # noqa: E402


def _focused():
    return QApplication.focusWidget()


def test_a_form_opened_with_enter_takes_the_typing(qtbot, tmp_path):
    _svc, window = clerk_window(qtbot, tmp_path)
    view, items = window.home.view, window.home.model.items
    row = next(i for i, it in enumerate(items) if it.form.id == "ngan_sach")
    view.setFocus()
    view.setCurrentIndex(window.home.model.index(row, 0))
    qtbot.keyClick(view, Qt.Key.Key_Return)
    page = window.entry_page
    assert page is not None and page.session.form.id == "ngan_sach"
    qtbot.waitExposed(page)
    assert _focused() is page.table, _focused()
    first = page.model.key_at(page.table.currentIndex())

    keys(qtbot, page.table, "1.234,5")  # no click first: the keys go where the focus is
    qtbot.keyClick(_focused(), Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: page.table.state() != page.table.State.EditingState)
    assert page.session.value(*first) == Decimal("1234.5")

    click(qtbot, button(page, "← Danh sách biểu"))
    assert window.stack.currentWidget() is window.home
    assert _focused() is view, _focused()
    assert view.currentIndex().row() == row  # on the form just left
    qtbot.keyClick(view, Qt.Key.Key_Return)  # and Enter opens it again
    assert window.entry_page.session.form.id == "ngan_sach"


def test_window_titles_leave_the_app_name_to_qt(qtbot, tmp_path):
    from desktop.gui.dialogs.error_dialog import ErrorDialog
    from desktop.gui.dialogs.first_run import FirstRunDialog

    _svc, window = clerk_window(qtbot, tmp_path)
    first_run = FirstRunDialog(_svc)
    error = ErrorDialog("Không ghi được tệp.")
    qtbot.addWidget(first_run)
    qtbot.addWidget(error)
    assert window.windowTitle() == "Thành phố Lạng Sơn"
    assert first_run.windowTitle() == "Thiết lập ban đầu"
    assert error.windowTitle() == "Có lỗi"
    name = "BaoCao"  # app.make_application's display name, which Qt appends to every title
    for widget in (window, first_run, error):
        assert name not in widget.windowTitle(), widget.windowTitle()
    assert QGuiApplication.applicationDisplayName()  # Qt always has one to append
