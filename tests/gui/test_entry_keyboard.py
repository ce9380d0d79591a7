"""A clerk fills a form with the keyboard only, on the real widgets: Tab and Enter through
the cells a clerk types in (never STT / Chỉ tiêu / ĐVT), "12a" kept in red with the reason
naming the column, messages that go away once fixed, Ctrl+J to justify a warning, Tab out
of a narrative, «Hoàn thành» and «Gửi báo cáo» choosing "this form" — then the package
file and the database are checked.  Also: the frozen row names, the comment marker, the
12-period history popup and "Lần gửi" counting sends."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

import pytest

pytest.importorskip("PySide6")
from PySide6.QtCore import Qt  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from desktop.core.periods import Period  # noqa: E402
from desktop.core.services import Services  # noqa: E402
from desktop.core.settings import Role, Settings  # noqa: E402
from desktop.gui.widgets.entry_table import COMMENT_ROLE  # noqa: E402
from tests.conftest import FIXTURES  # noqa: E402
from tests.gui.conftest import button, click  # noqa: E402

TODAY = dt.date(2026, 11, 23)
H1 = Period.parse("2023-H1")


def clerk_window(qtbot, root: Path):
    from desktop.gui.main_window import MainWindow

    svc = Services(db_path=root / "baocao.db", today=TODAY)
    svc.key_dir = root / "keys"
    settings = Settings(
        role=Role.UNIT, unit_code="178", unit_name="Thành phố Lạng Sơn", person_name="Lan"
    )
    window = MainWindow(svc, settings)
    qtbot.addWidget(window)
    window.resize(1366, 740)
    window.show()
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)  # keys go to the focused widget, as on a desktop
    window.home.select_period(H1)
    return svc, window


def open_by_double_click(qtbot, window, form_id: str):
    view = window.home.view
    row = next(i for i, it in enumerate(window.home.model.items) if it.form.id == form_id)
    index = window.home.model.index(row, 1)
    view.scrollTo(index)
    rect = view.visualRect(index)
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.mouseDClick(view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    page = window.entry_page
    assert page is not None and page.session.form.id == form_id
    return page


def keys(qtbot, widget, text: str) -> None:
    """Type ASCII text as key presses into whatever has the focus under `widget`."""
    for ch in text:
        qtbot.keyClick(QApplication.focusWidget() or widget, ch)


def press(qtbot, key, modifier=Qt.KeyboardModifier.NoModifier) -> None:
    assert QApplication.focusWidget() is not None, "no widget has the keyboard focus"
    qtbot.keyClick(QApplication.focusWidget(), key, modifier)
    QApplication.processEvents()


def type_cell(qtbot, page, text: str, then=Qt.Key.Key_Tab) -> None:
    """Type into the current cell (the first key opens the editor), then Tab or Enter."""
    page.table.setFocus()
    keys(qtbot, page.table, text)
    press(qtbot, then)
    if then == Qt.Key.Key_Return:  # Qt commits on the next event loop turn
        qtbot.waitUntil(lambda: page.table.state() != page.table.State.EditingState)
    # Tab commits at once and, as in a spreadsheet, the next cell is ready for typing


def test_clerk_fills_a_form_with_the_keyboard_only(qtbot, tmp_path, dialogs):
    from desktop.core.exchange.package import read_package
    from desktop.core.storage.sends import send_counts

    svc, window = clerk_window(qtbot, tmp_path)
    # another form already finalised: "this form" must not send it
    svc.load_file(FIXTURES / "seed000" / "y_te.json", final=True)
    window.home.refresh()
    page = open_by_double_click(qtbot, window, "ngan_sach")
    model, table = page.model, page.table
    qtbot.waitExposed(page)

    # typing starts in the first figure; Tab goes right, skipping read-only cells
    assert model.key_at(table.currentIndex()) == ("NS_THU", model.measures[0])
    table.setCurrentIndex(model.index_of("NS_THU", "th_ky"))
    type_cell(qtbot, page, "209.435")
    assert page.session.value("NS_THU", "th_ky") == Decimal(209435)
    after = table.currentIndex()
    assert after.row() == model.index_of("NS_THU", "th_ky").row()
    assert after.column() > model.index_of("NS_THU", "th_ky").column()

    # Tab from the last cell of a row lands on the next row's first figure, not on STT
    row = model.index_of("NS_THU", "th_ky").row()
    last = max(c for c in range(model.columnCount()) if table.editable(model.index(row, c)))
    table.setCurrentIndex(model.index(row, last))
    press(qtbot, Qt.Key.Key_Tab)
    landed = table.currentIndex()
    assert landed.row() > row and landed.column() >= 3 and table.editable(landed)
    press(qtbot, Qt.Key.Key_Backtab)  # Shift+Tab goes back, again over read-only cells
    assert (table.currentIndex().row(), table.currentIndex().column()) == (row, last)

    # "12a": kept in its cell, red, the reason names the row and the column; nothing stored
    bad = model.index_of("NS_CHI", "th_ky")
    table.setCurrentIndex(bad)
    type_cell(qtbot, page, "12a")
    assert model.data(bad, Qt.ItemDataRole.DisplayRole) == "12a"
    assert model.data(bad, Qt.ItemDataRole.ForegroundRole).color().name() == "#b00020"
    column = svc.pack.catalog.measure("th_ky").label
    assert "Không nhận" in page.message.text() and column in page.message.text()
    assert "12a" in model.data(bad, Qt.ItemDataRole.ToolTipRole)
    assert page.session.value("NS_CHI", "th_ky") is None
    assert any(i.code == "khong_nhan" for i in page.issues_model.issues)
    click(qtbot, button(page, "Hoàn thành"))  # refused while a cell holds refused text
    assert "ô gõ chưa đúng" in page.message.text() and page.session.status != "final"

    # the fix: the cell opens with the refused text, and the stale messages go away
    table.setCurrentIndex(bad)
    table.setFocus()
    press(qtbot, Qt.Key.Key_F2)
    editor = QApplication.focusWidget()
    assert editor.text() == "12a"
    editor.selectAll()
    keys(qtbot, table, "323.115")
    press(qtbot, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: table.state() != table.State.EditingState)
    assert page.session.value("NS_CHI", "th_ky") == Decimal(323115)
    assert "Không nhận" not in page.message.text()
    assert not any(i.code == "khong_nhan" for i in page.issues_model.issues)
    assert table.currentIndex().row() > bad.row()  # Enter moved down

    # an error: «Hoàn thành» says what is left; the message goes once it is fixed
    table.setCurrentIndex(model.index_of("NS_THU_ND", "th_ky"))
    type_cell(qtbot, page, "300.000", Qt.Key.Key_Return)
    click(qtbot, button(page, "Hoàn thành"))
    assert "Chưa thể hoàn thành: còn 1 lỗi" in page.message.text()
    table.setCurrentIndex(model.index_of("NS_THU_ND", "th_ky"))
    type_cell(qtbot, page, "150.000", Qt.Key.Key_Return)
    assert "Chưa thể hoàn thành: còn 1 lỗi" not in page.message.text()

    # a warning justified through Ctrl+J; Enter there goes back to the grid
    table.setCurrentIndex(model.index_of("NS_THU", "du_toan_tinh"))
    type_cell(qtbot, page, "365.000")
    pct = model.index_of("NS_THU", "pct_dt_tinh")
    table.setCurrentIndex(pct)
    type_cell(qtbot, page, "80", Qt.Key.Key_Return)
    assert any(not i.is_error for i in page.issues_model.issues)
    table.setCurrentIndex(pct)
    table.setFocus()
    press(qtbot, Qt.Key.Key_J, Qt.KeyboardModifier.ControlModifier)
    assert QApplication.focusWidget() is page.comment
    keys(qtbot, page.comment, "Ty le theo du toan dieu chinh.")
    press(qtbot, Qt.Key.Key_Return)
    assert QApplication.focusWidget() is table
    assert page.session.submission.comments[("NS_THU", "pct_dt_tinh")] == (
        "Ty le theo du toan dieu chinh."
    )
    assert model.data(pct, COMMENT_ROLE)  # the cell shows the comment mark
    assert model.data(model.index_of("NS_THU", "th_ky"), COMMENT_ROLE) is None

    # a narrative: Tab moves on, it never types a tab character
    page.tabs.setCurrentIndex(1)
    narrative = page.narratives["ket_qua"]
    narrative.setFocus()
    keys(qtbot, narrative, "Thu dat kha.")
    press(qtbot, Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is not narrative
    assert page.session.submission.narratives["ket_qua"] == "Thu dat kha."
    page.tabs.setCurrentIndex(0)

    finish = button(page, "Hoàn thành")
    click(qtbot, finish)
    assert page.session.status == "final", page.message.text()
    assert not finish.isEnabled() and "mở lại bản nháp" in finish.toolTip()

    # «Gửi báo cáo…» → "Chỉ biểu này" → where to save
    dialogs.answer("Chỉ biểu này", tmp_path / "goi.baocao")
    click(qtbot, button(page, "Gửi báo cáo…"))
    asked = dialogs.asked[-2]
    assert asked[0] == "choose" and "Chỉ biểu này" in asked[2]
    assert any("chưa gửi (2 biểu)" in b for b in asked[2])  # ngan_sach and y_te
    pkg = read_package(tmp_path / "goi.baocao")
    assert [e.id for e in pkg.manifest.forms] == ["ngan_sach"]
    unit = window.unit
    stored = svc.repo.get(unit.code, unit.key[1], "ngan_sach", str(H1))
    assert stored.status == "sent"
    assert svc.repo.get(unit.code, unit.key[1], "y_te", str(H1)).status == "final"
    assert send_counts(svc.repo, unit.code, unit.key[1], str(H1)) == {"ngan_sach": 1}
    window.show_page("home")
    lan_gui = {it.form.id: it.sends for it in window.home.model.items}
    assert lan_gui["ngan_sach"] == 1 and lan_gui["y_te"] == 0


def test_row_names_stay_when_scrolling_right(qtbot, tmp_path):
    svc, window = clerk_window(qtbot, tmp_path)
    page = window.open_form(svc.pack.get("ngan_sach"), H1)
    qtbot.waitExposed(page)
    table = page.table
    assert table.frozen.isVisible()
    assert table.frozen.width() == sum(table.columnWidth(c) for c in range(3))  # STT…ĐVT
    last = page.model.index(3, page.model.columnCount() - 1)
    table.scrollTo(last)
    assert table.horizontalScrollBar().value() > 0 or table.viewport().width() > sum(
        table.columnWidth(c) for c in range(page.model.columnCount())
    )
    # the frozen view shows the row names and their unit whatever the scroll position
    name = table.frozen.visualRect(page.model.index(3, 1))
    assert name.isValid() and name.left() < table.frozen.width()
    unit = table.frozen.visualRect(page.model.index(3, 2))
    assert unit.isValid() and 0 < unit.left() and unit.right() < table.frozen.width()
    # the cell scrolled to is not hidden under the frozen columns
    assert table.visualRect(last).left() >= table.frozen_width() - 1


def test_history_popup_shows_this_units_last_periods(qtbot, tmp_path):
    from desktop.core.series import cell_history

    svc, window = clerk_window(qtbot, tmp_path)
    svc.load_file(FIXTURES / "seed000" / "ngan_sach.json", final=True)  # 2023-H1
    page = window.open_form(svc.pack.get("ngan_sach"), Period.parse("2023-H2"))
    qtbot.waitExposed(page)
    key = next(
        k
        for k in page.session.history.previous
        if isinstance(page.session.history.previous[k], Decimal)
    )
    page.table.setCurrentIndex(page.model.index_of(*key))
    page.table.setFocus()
    press(qtbot, Qt.Key.Key_H, Qt.KeyboardModifier.ControlModifier)
    popup = page.history_popup
    assert popup.isVisible() and popup.table.rowCount() == 12
    assert popup.table.item(0, 0).text() == Period.parse("2023-H1").label
    from desktop.core.numbers import format_vn

    assert popup.values()[0] == format_vn(page.session.history.previous[key])
    assert popup.values()[1] == "—"  # 2022-H2: no report
    rows = cell_history(svc.repo, window.unit, "ngan_sach", *key, Period.parse("2023-H2"))
    assert [p for p, _, _ in rows][:2] == [Period.parse("2023-H1"), Period.parse("2022-H2")]


def test_parent_declared_sum_is_computed_and_greyed(qtbot, tmp_path):
    """Vốn Chương trình = đầu tư phát triển + sự nghiệp, each = trung ương + địa phương
    (`children: sum`): the clerk types the four leaves, the three totals follow, greyed,
    not typed, skipped by Tab, kept in the database, and follow an undo too."""
    from desktop.gui.models.entry_grid import GREY

    svc, window = clerk_window(qtbot, tmp_path)
    page = window.open_form(svc.pack.get("dan_toc_ton_giao"), H1)
    qtbot.waitExposed(page)
    model, table = page.model, page.table
    total = model.index_of("DTTG_CT_VON", "th_ky")
    assert not table.editable(total)
    assert model.data(total, Qt.ItemDataRole.BackgroundRole).color() == GREY
    assert model.key_at(table.currentIndex()) == ("DTTG_CT_VON_DT_TW", "th_ky")  # first typed

    for code, text in (
        ("DTTG_CT_VON_DT_TW", "100"),
        ("DTTG_CT_VON_DT_DP", "50"),
        ("DTTG_CT_VON_SN_TW", "30"),
    ):
        table.setCurrentIndex(model.index_of(code, "th_ky"))
        type_cell(qtbot, page, text, Qt.Key.Key_Return)
    value = page.session.value
    assert value("DTTG_CT_VON_DT", "th_ky") == Decimal(150)
    assert value("DTTG_CT_VON_SN", "th_ky") == Decimal(30)
    assert value("DTTG_CT_VON", "th_ky") == Decimal(180)
    assert model.data(total) == "180"
    stored = svc.repo.get(window.unit.code, window.unit.key[1], "dan_toc_ton_giao", str(H1))
    assert stored.submission.values[("DTTG_CT_VON", "th_ky")] == Decimal(180)

    # Tab from the leaf above a total goes over it; typing into a total is refused
    table.setCurrentIndex(model.index_of("DTTG_CT_VON_DT_DP", "cung_ky"))
    table.setFocus()
    row = table.currentIndex().row()
    for _ in range(len(model.measures)):
        press(qtbot, Qt.Key.Key_Tab)
        assert table.editable(table.currentIndex())
    assert table.currentIndex().row() > row + 1  # DTTG_CT_VON_SN (a total) was skipped
    assert not model.setData(total, "999")
    assert value("DTTG_CT_VON", "th_ky") == Decimal(180)

    page.undo()  # the last leaf typed (SN_TW = 30) goes; the totals follow
    assert value("DTTG_CT_VON_SN", "th_ky") is None
    assert value("DTTG_CT_VON", "th_ky") == Decimal(150)
    assert not [i for i in page.session.issues() if i.code == "tong_con_khac_cha"]
