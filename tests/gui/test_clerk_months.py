"""What a commune clerk met in a month of use on Xvfb, at 1366×768 and on a 1024×768 laptop
(L7's pass, round 9): the cell still being typed is saved when the window closes and by
Ctrl+S, Enter on a problem under the grid goes to its cell, the message line has the
grid's width (beside the buttons it was 150 px and seven lines at 1024×768), and the
history popup (Ctrl+H) stays whole on the screen."""

from __future__ import annotations

from decimal import Decimal

import pytest

pytest.importorskip("PySide6")
from PySide6.QtCore import QItemSelection, QItemSelectionModel, Qt  # noqa: E402
from PySide6.QtWidgets import QApplication, QLabel  # noqa: E402

from desktop.core.services import Services  # noqa: E402
from tests.conftest import FIXTURES  # noqa: E402
from tests.gui.conftest import button, click  # noqa: E402
from tests.gui.test_entry_keyboard import (  # noqa: E402
    H1,
    TODAY,
    clerk_window,
    keys,
    open_by_double_click,
    press,
)


def _typing(qtbot, page, indicator: str, measure: str, text: str) -> None:
    """Type into a cell and leave its editor open (no Enter, no Tab)."""
    page.table.setCurrentIndex(page.model.index_of(indicator, measure))
    page.table.setFocus()
    keys(qtbot, page.table, text)
    assert page.table.state() == page.table.State.EditingState


def test_closing_the_window_keeps_the_cell_being_typed(qtbot, tmp_path):
    svc, window = clerk_window(qtbot, tmp_path)
    page = open_by_double_click(qtbot, window, "ngan_sach")
    _typing(qtbot, page, "NS_CHI", "th_ky", "323.115")
    window.close()  # the clerk closes the window straight after typing
    again = Services(db_path=tmp_path / "baocao.db", today=TODAY)
    unit = window.unit
    stored = again.repo.get(unit.code, unit.key[1], "ngan_sach", str(H1))
    assert stored is not None and stored.submission.values[("NS_CHI", "th_ky")] == 323115
    again.close()


def test_ctrl_s_the_message_line_and_enter_on_a_problem_at_1024(qtbot, tmp_path):
    _svc, window = clerk_window(qtbot, tmp_path)
    window.resize(1024, 740)
    page = open_by_double_click(qtbot, window, "ngan_sach")
    assert not page.message.isVisible()  # nothing to say: no empty line under the grid

    # Ctrl+S takes the cell being typed, stays on it and says so
    _typing(qtbot, page, "NS_THU_ND", "th_ky", "1.234,5")
    press(qtbot, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert page.session.value("NS_THU_ND", "th_ky") == Decimal("1234.5")
    assert page.table.state() != page.table.State.EditingState
    assert page.model.key_at(page.table.currentIndex()) == ("NS_THU_ND", "th_ky")  # stays
    assert page.message.text().startswith("Đã lưu.") and page.message.isVisible()
    assert page.understood.text() == "Ô đang chọn: 1.234,5"  # not the cell's value before

    # refused text: said, not «Đã lưu», on a line as wide as the grid
    _typing(qtbot, page, "NS_CHI", "th_ky", "12a")
    press(qtbot, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert "Không nhận" in page.message.text() and "12a" in page.message.text()
    assert page.session.value("NS_CHI", "th_ky") is None
    assert page.message.width() >= page.tabs.width() - 20, (page.message.width(), page.tabs.width())
    lines = page.message.height() / page.message.fontMetrics().lineSpacing()
    assert lines < 3.5, lines  # the refusal (about 200 characters) in two or three lines

    # Enter on a problem in the list under the grid goes to its cell
    page.table.setCurrentIndex(page.model.index_of("NS_CHI", "th_ky"))
    page.table.setFocus()
    press(qtbot, Qt.Key.Key_Delete)  # the refused text cleared: Tổng chi is now missing
    issues = page.issues_model.issues
    row = next(i for i, it in enumerate(issues) if it.location.indicator == "NS_CHI")
    page.table.setCurrentIndex(page.model.index_of("NS_THU", "th_ky"))
    press(qtbot, Qt.Key.Key_Tab, Qt.KeyboardModifier.ControlModifier)  # out of the grid
    assert QApplication.focusWidget() is page.issues_view
    page.issues_view.setCurrentIndex(page.issues_model.index(row, 0))
    press(qtbot, Qt.Key.Key_Return)
    assert QApplication.focusWidget() is page.table
    assert page.model.key_at(page.table.currentIndex()) == ("NS_CHI", "th_ky")


def test_the_history_popup_stays_on_the_screen(qtbot, tmp_path):
    _svc, window = clerk_window(qtbot, tmp_path)
    room = window.screen().availableGeometry()
    window.setGeometry(room.x(), room.y(), room.width(), room.height())
    page = open_by_double_click(qtbot, window, "ngan_sach")
    table, model = page.table, page.model
    last = model.columnCount() - 1
    target = next(
        model.index(r, last) for r in range(model.rowCount()) if model.key_at(model.index(r, last))
    )
    table.setCurrentIndex(target)
    table.scrollTo(target)
    table.setFocus()
    cell = table.viewport().mapToGlobal(table.visualRect(target).bottomLeft())
    press(qtbot, Qt.Key.Key_H, Qt.KeyboardModifier.ControlModifier)
    popup = page.history_popup
    qtbot.waitExposed(popup)
    shown = popup.frameGeometry()
    assert cell.x() + shown.width() > room.right()  # under the cell it would not fit …
    # … so it moved left, whole on the screen (Qt's offscreen platform shifts a popup by
    # its 2-pixel frame margin; on X it sits exactly at the edge)
    assert room.left() <= shown.left() and shown.right() <= room.right() + 2, (shown, room)
    assert room.top() <= shown.top() and shown.bottom() <= room.bottom() + 2, (shown, room)
    popup.close()


@pytest.fixture
def app_font():
    """The app's own font (app.make_application: at least 10 points, as on Xvfb), not the
    offscreen platform's smaller default, with which every name fitted the default row."""
    from PySide6.QtGui import QFont

    app = QApplication.instance()
    was = QFont(app.font())
    font = QFont(was)
    font.setPointSize(max(font.pointSize(), 10))
    app.setFont(font)
    yield font
    app.setFont(was)


def test_the_forms_list_takes_the_keyboard_and_reads_whole_at_1024(qtbot, tmp_path, app_font):
    _svc, window = clerk_window(qtbot, tmp_path)
    window.resize(1024, 740)
    home = window.home
    qtbot.waitUntil(lambda: QApplication.focusWidget() is home.view)  # not the page list
    press(qtbot, Qt.Key.Key_Return)  # Enter straight away opens the first form
    first = home.model.items[0].form.id
    assert window.entry_page is not None and window.entry_page.session.form.id == first

    window.show_page("home")
    name = next(
        label for label in home.findChildren(QLabel) if "Thành phố Lạng Sơn" in label.text()
    )
    assert name.width() >= name.sizeHint().width(), (name.width(), name.sizeHint())  # not cut
    view = home.view
    width = view.columnWidth(1) - 8  # the cell's margins
    longest = max(range(home.model.rowCount()), key=lambda r: len(home.model.items[r].form.title))
    title = home.model.items[longest].form.title
    assert view.fontMetrics().horizontalAdvance(title) > width  # too long for one line …
    for row in range(home.model.rowCount()):  # … so its row is as tall as its lines need
        assert view.sizeHintForRow(row) <= view.rowHeight(row), home.model.items[row].form.title


def test_first_run_with_the_keyboard_only(qtbot, tmp_path, monkeypatch):
    """Type the commune's name without a click, Tab to the name, Enter: set up."""
    from desktop.gui.dialogs.first_run import FirstRunDialog
    from tests.gui.conftest import type_text

    monkeypatch.setenv("BAOCAO_DATA_DIR", str(tmp_path))
    svc = Services(db_path=tmp_path / "baocao.db", today=TODAY)
    svc.key_dir = tmp_path / "keys"
    dialog = FirstRunDialog(svc)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow)
    assert QApplication.focusWidget() is dialog.search
    keys(qtbot, dialog, "doan ket")
    assert dialog.unit_list.count() == 1 and dialog.unit_list.currentRow() == 0
    press(qtbot, Qt.Key.Key_Tab)  # the list, on Xã Đoàn Kết
    press(qtbot, Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is dialog.person
    type_text(dialog.person, "Hoàng Thị Mai")
    press(qtbot, Qt.Key.Key_Return)
    saved = dialog.saved_settings
    assert saved is not None and (saved.unit_code, saved.unit_name) == ("06001", "Xã Đoàn Kết")
    assert saved.person_name == "Hoàng Thị Mai"
    svc.close()


def test_ctrl_z_takes_back_a_whole_paste_and_a_whole_delete(qtbot, tmp_path):
    """A block pasted at the wrong row: one Ctrl+Z (not nine) takes it back, and the figure
    typed before it stays; cells cleared together come back together."""
    _svc, window = clerk_window(qtbot, tmp_path)
    page = open_by_double_click(qtbot, window, "ngan_sach")
    table, model, s = page.table, page.model, page.session
    _typing(qtbot, page, "NS_THU", "th_ky", "209.435")
    press(qtbot, Qt.Key.Key_Return)
    table.setCurrentIndex(model.index_of("NS_THU_ND", "th_ky"))
    QApplication.clipboard().setText(
        "1.200,5\t1.300\t15.000\r\n800\t850,25\t9.000\r\n400,5\t450\t6.000\r\n"
    )
    press(qtbot, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
    assert len(s.submission.values) == 10, s.submission.values
    assert "6.000" in page.understood.text()  # «Đã hiểu «6.000» là 6.000 …»
    press(qtbot, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert dict(s.submission.values) == {("NS_THU", "th_ky"): Decimal(209435)}
    assert page.understood.text() == ""  # the cell is empty again; the note went with it

    press(qtbot, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)  # again, then delete
    first = model.index_of("NS_THU_ND", "th_ky")
    last = model.index(first.row() + 2, first.column() + 2)
    table.selectionModel().select(
        QItemSelection(first, last), QItemSelectionModel.SelectionFlag.ClearAndSelect
    )
    press(qtbot, Qt.Key.Key_Delete)
    assert len(s.submission.values) == 1
    press(qtbot, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert len(s.submission.values) == 10 and s.value("NS_THU_ND", "luy_ke") == 15000


def test_closing_the_window_keeps_the_justification_being_typed(qtbot, tmp_path):
    svc, window = clerk_window(qtbot, tmp_path)
    page = open_by_double_click(qtbot, window, "ngan_sach")
    _typing(qtbot, page, "NS_THU", "th_ky", "209.435")
    press(qtbot, Qt.Key.Key_J, Qt.KeyboardModifier.ControlModifier)  # to the justification
    assert QApplication.focusWidget() is page.comment
    keys(qtbot, page.comment, "Theo bao cao Kho bac")
    window.close()  # no Enter: closed while typing it
    again = Services(db_path=tmp_path / "baocao.db", today=TODAY)
    unit = window.unit
    stored = again.repo.get(unit.code, unit.key[1], "ngan_sach", str(H1))
    assert stored.submission.comments[("NS_THU", "th_ky")] == "Theo bao cao Kho bac"
    again.close()


def test_a_form_not_sent_past_its_deadline_says_so(qtbot, tmp_path, dialogs):
    """Tháng 10 reopened on 23/11: «Hạn nộp 19/10/2026» read like any other date."""
    from desktop.core.periods import Period
    from desktop.gui.pages.home import LATE_TEXT

    svc, window = clerk_window(qtbot, tmp_path)
    svc.load_file(FIXTURES / "seed000" / "y_te.json", final=True)
    home = window.home
    home.refresh()
    rows = {it.form.id: r for r, it in enumerate(home.model.items)}
    shown = {f: home.model.index(r, 3).data() for f, r in rows.items()}
    days = f"{(TODAY - home.model.items[rows['ngan_sach']].deadline).days:,}".replace(",", ".")
    assert shown["ngan_sach"].endswith(" · quá hạn"), shown["ngan_sach"]
    cell = home.model.index(rows["ngan_sach"], 3)
    assert f"quá hạn nộp {days} ngày" in home.model.data(cell, Qt.ItemDataRole.ToolTipRole)
    assert home.model.data(cell, Qt.ItemDataRole.ForegroundRole).color().name() == LATE_TEXT
    page = open_by_double_click(qtbot, window, "y_te")  # finished: sent, no longer late
    dialogs.answer("Chỉ biểu này", tmp_path / "goi.baocao")
    click(qtbot, button(page, "Gửi báo cáo…"))
    assert f"«goi.baocao» trong thư mục «{tmp_path}»" in page.message.text()  # where it is
    window.show_page("home")
    assert "quá" not in home.model.index(rows["y_te"], 3).data()
    home.select_period(Period.parse("2026-12"))  # due 19/12/2026: not late on 23/11
    assert all("quá" not in home.model.index(r, 3).data() for r in range(home.model.rowCount()))


def test_ctrl_f_finds_a_row_by_its_name_without_diacritics(qtbot, tmp_path):
    _svc, window = clerk_window(qtbot, tmp_path)
    page = open_by_double_click(qtbot, window, "ngan_sach")
    table, model = page.table, page.model
    _typing(qtbot, page, "NS_THU", "th_ky", "209.435")  # in progress: saved before moving
    press(qtbot, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert page.session.value("NS_THU", "th_ky") == Decimal(209435)
    assert QApplication.focusWidget() is page.find_bar.edit
    keys(qtbot, page.find_bar.edit, "chi thuong xuyen")
    assert model.key_at(table.currentIndex()) == ("NS_CHI_TX", "th_ky")
    press(qtbot, Qt.Key.Key_Escape)  # back to the grid, on that row: typing goes there
    assert QApplication.focusWidget() is table and not page.find_bar.isVisible()
    keys(qtbot, table, "12")
    press(qtbot, Qt.Key.Key_Return)
    assert page.session.value("NS_CHI_TX", "th_ky") == 12

    press(qtbot, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    page.find_bar.edit.selectAll()
    keys(qtbot, page.find_bar.edit, "thu noi dia")  # «Thu nội địa», then «… không kể …»
    first = model.key_at(table.currentIndex())
    press(qtbot, Qt.Key.Key_Return)  # the next row found
    second = model.key_at(table.currentIndex())
    assert first[0] == "NS_THU_ND" and second[0] != first[0], (first, second)
    assert page.find_bar.said.text() == f"2/{len(page.find_bar.found)}"
    keys(qtbot, page.find_bar.edit, "xyz")
    assert "Không có chỉ tiêu nào" in page.find_bar.said.text()
