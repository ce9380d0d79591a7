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

from desktop.core.periods import Period  # noqa: E402
from tests.gui.conftest import button, click  # noqa: E402
from tests.gui.test_entry_keyboard import clerk_window, keys  # noqa: E402


@pytest.fixture(autouse=True)
def _installed_once(warm_pack):
    """Each test's data folder has the pack cached, as an installation that has run once."""
    return warm_pack


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


LONG = (
    "Thu tiền sử dụng đất 6 tháng chưa có; đề nghị đối chiếu với Kho bạc Nhà nước huyện "
    "và Chi cục Thuế khu vực, bổ sung số lũy kế và dự toán được giao trước ngày 20, đồng "
    "thời giải trình rõ nguyên nhân giảm so với cùng kỳ năm trước (các dự án đấu giá quyền "
    "sử dụng đất chưa thực hiện được do vướng mắc giải phóng mặt bằng)."
)


def test_a_returned_form_is_read_whole(qtbot, tmp_path, monkeypatch, dialogs):
    """The province's comments and the form's title with its «bị tỉnh trả lại» status are
    shown whole: no «…», no title under the status.  On Xvfb the title was cut at 1366
    pixels; offscreen fonts are narrower, so the window here is 1024 (a projector's)."""
    from PySide6.QtGui import QFontMetrics

    from desktop.core.settings import Role, Settings
    from desktop.gui.main_window import MainWindow
    from tests.gui import test_returned_form_marks as returned

    monkeypatch.setitem(returned.CELLS, ("NS_CHI", "th_ky"), LONG)
    unit_svc, _province, decision, back, _feedback = returned.returned_to_the_unit(tmp_path)
    monkeypatch.setenv("BAOCAO_DATA_DIR", str(tmp_path / "don_vi"))
    settings = Settings(
        role=Role.UNIT, unit_code="178", unit_name="Thành phố Lạng Sơn", person_name="Lan"
    )
    window = MainWindow(unit_svc, settings)
    qtbot.addWidget(window)
    window.resize(1024, 740)
    window.show()
    window.home.select_period(returned.H1)
    dialogs.answer([decision, back])
    click(qtbot, button(window.home, "Nhập phản hồi của tỉnh"))
    page = returned.open_by_double_click(qtbot, window, "ngan_sach")
    qtbot.waitExposed(page)
    QApplication.processEvents()

    title = page.title
    whole = (
        title.heightForWidth(title.width()) <= title.height()
        if title.wordWrap()
        else title.sizeHint().width() <= title.width()
    )
    assert whole, f"the title is cut: {title.width()} px for {title.sizeHint().width()}"
    assert title.geometry().right() < page.status.geometry().left()

    view, model = page.issues_view, page.issues_model
    [row] = [r for r, i in enumerate(model.issues) if LONG in i.message]
    for col in (1, 2):
        index = model.index(row, col)
        text = model.data(index)
        rect = view.visualRect(index)
        needed = QFontMetrics(view.font()).boundingRect(
            0, 0, rect.width() - 8, 10_000, Qt.TextFlag.TextWordWrap, text
        )
        assert needed.height() <= rect.height(), (col, text, rect)


def test_a_column_copied_from_the_template_lands_row_for_row(qtbot, tmp_path):
    """Ctrl+V of E12:E27 copied from BaoCao's own template of Biểu số 05: the empty line of
    heading «II» is the heading's, so «Tổng chi» gets its own figure (each figure landed a
    row too low, the last one nowhere); figures with no cell to land on are said, never
    dropped in silence."""
    from tests.gui.test_entry_keyboard import H1

    svc, window = clerk_window(qtbot, tmp_path)
    page = window.open_form(svc.pack.get("ngan_sach"), H1)
    table, model = page.table, page.model
    rows = ["NS_THU", "NS_THU_ND", "NS_THU_ND_KSDD", "NS_THU_NQD", "NS_THU_LPTB",
            "NS_THU_TNCN", "NS_THU_THUE_DAT", "NS_THU_PHI", "NS_THU_SDD", None,
            "NS_CHI", "NS_CHI_DTPT", "NS_CHI_TX", "NS_CHI_DU_PHONG", "NS_CHI_CTMT",
            "NS_CHI_CAN_DOI"]  # fmt: skip
    figures = ["10.000", "9.700", "9.200", "4.100", "3.100", "2.000", "", "", "500", "",
               "3.000", "1.000", "1.800", "100", "", "1.900"]  # fmt: skip
    QGuiApplication.clipboard().setText("\r\n".join(figures) + "\r\n")  # as Excel copies
    table.setCurrentIndex(model.index_of("NS_THU", "th_ky"))
    table.setFocus()
    qtbot.keyClick(table, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
    for code, text in zip(rows, figures, strict=True):
        if code is not None:
            want = Decimal(text.replace(".", "")) if text else None
            assert page.session.value(code, "th_ky") == want, code
    assert page.message.text() == "Đã dán và lưu số liệu."

    # three figures from the last row down: two have no row to go to
    QGuiApplication.clipboard().setText("2.000\n7\n8\n")
    table.setCurrentIndex(model.index_of("NS_CHI_CAN_DOI", "th_ky"))
    qtbot.keyClick(table, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
    assert page.session.value("NS_CHI_CAN_DOI", "th_ky") == Decimal(2000)
    said = page.message.text()
    assert "Không dán được: 2 số không có ô để dán" in said and "«7», «8»" in said


def test_the_unit_column_is_seen_when_a_form_opens(qtbot, tmp_path):
    """ĐVT («triệu đồng») is on screen when the form opens, not scrolled under the frozen
    STT / Chỉ tiêu columns (the grid scrolled right to show the first figure while it was
    still being laid out, and stayed there: docs/screenshots/03 had no ĐVT either)."""
    from tests.gui.test_entry_keyboard import H1

    svc, window = clerk_window(qtbot, tmp_path)
    page = window.open_form(svc.pack.get("ngan_sach"), H1)
    qtbot.waitExposed(page)
    QApplication.processEvents()
    table, model = page.table, page.model
    unit = model.index(model.index_of("NS_THU", "th_ky").row(), 2)
    assert model.data(unit) == "triệu đồng"
    rect = table.frozen.visualRect(unit)  # ĐVT is frozen with the row names (L7, round 9)
    assert 0 < rect.left() and rect.right() < table.frozen.width(), (rect, table.frozen_width())
    figure = table.visualRect(model.index_of("NS_THU", "th_ky"))
    assert figure.left() >= table.frozen_width(), (figure, table.frozen_width())
    assert page.model.key_at(table.currentIndex()) == ("NS_THU", "th_ky")  # typing starts there


def test_a_required_row_marked_from_the_grid(qtbot, tmp_path, dialogs):
    """«Tổng chi … là chỉ tiêu bắt buộc: nhập số …, hoặc đánh dấu «không phát sinh» hay
    «chưa có số liệu» kèm lý do» — and the grid had no way to mark.  Ctrl+M asks the reason
    and marks the row (its cell says «chưa có số liệu»), Ctrl+0 marks a true zero, Ctrl+Z
    undoes; «Hoàn thành» then finishes without a made-up figure."""
    from desktop.core.marks import CHUA_CO_SO_LIEU
    from tests.gui.test_entry_keyboard import H1, type_cell

    svc, window = clerk_window(qtbot, tmp_path)
    page = window.open_form(svc.pack.get("ngan_sach"), H1)
    table, model = page.table, page.model
    table.setCurrentIndex(model.index_of("NS_THU", "th_ky"))
    type_cell(qtbot, page, "209.435", Qt.Key.Key_Return)
    click(qtbot, button(page, "Hoàn thành"))
    assert "Chưa thể hoàn thành" in page.message.text()

    chi = model.index_of("NS_CHI", "th_ky")
    table.setCurrentIndex(chi)
    table.setFocus()
    qtbot.keyClick(table, Qt.Key.Key_M, Qt.KeyboardModifier.ControlModifier)  # no reason
    assert dialogs.asked[-1][:2] == ("text", "Chưa có số liệu")
    assert page.session.mark_of("NS_CHI") is None  # cancelled: nothing changes
    dialogs.answer("   ")
    qtbot.keyClick(table, Qt.Key.Key_M, Qt.KeyboardModifier.ControlModifier)
    assert "lý do" in page.message.text() and page.session.mark_of("NS_CHI") is None
    dialogs.answer("Chờ số liệu quyết toán của Kho bạc")
    qtbot.keyClick(table, Qt.Key.Key_M, Qt.KeyboardModifier.ControlModifier)
    assert page.session.mark_of("NS_CHI").kind == CHUA_CO_SO_LIEU
    assert model.data(chi) == "chưa có số liệu"
    assert "Kho bạc" in model.data(chi, Qt.ItemDataRole.ToolTipRole)

    sdd = model.index_of("NS_THU_SDD", "th_ky")
    table.setCurrentIndex(sdd)
    qtbot.keyClick(table, Qt.Key.Key_0, Qt.KeyboardModifier.ControlModifier)
    assert model.data(sdd) == "0" and page.session.value("NS_THU_SDD", "th_ky") == 0
    qtbot.keyClick(table, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert page.session.mark_of("NS_THU_SDD") is None and model.data(sdd) == ""
    qtbot.keyClick(table, Qt.Key.Key_0, Qt.KeyboardModifier.ControlModifier)
    assert page.session.mark_of("NS_THU_SDD") is not None
    pick_from_context_menu(qtbot, table, sdd, "Bỏ đánh dấu")  # the grid's right-click menu
    assert page.session.mark_of("NS_THU_SDD") is None  # the mark off, its 0 kept as a figure
    assert "Đã bỏ đánh dấu" in page.message.text()

    click(qtbot, button(page, "Hoàn thành"))
    assert page.session.stored.status == "final", page.message.text()
    stored = svc.repo.get_by_id(page.session.stored.id).submission
    assert stored.marks["NS_CHI"].reason == "Chờ số liệu quyết toán của Kho bạc"


def test_biểu_báo_cáo_on_the_left_leaves_a_form_for_the_list(qtbot, tmp_path):
    """From a form, a click on «Biểu báo cáo» (already chosen on the left) did nothing."""
    from tests.gui.conftest import click_nav
    from tests.gui.test_entry_keyboard import H1

    svc, window = clerk_window(qtbot, tmp_path)
    window.open_form(svc.pack.get("ngan_sach"), H1)
    assert window.stack.currentWidget() is window.entry_page
    click_nav(qtbot, window, "Biểu báo cáo")
    assert window.stack.currentWidget() is window.home
    assert _focused() is window.home.view


def test_a_department_lists_only_the_forms_it_reports(qtbot, tmp_path):
    """Sở Tài chính's clerk saw all 24 forms of a month («Chưa nhập» for Y tế, Quốc phòng …);
    the list has the forms it reports (responsibilities.json), a commune's stays whole."""
    from desktop.core.periods import Period
    from desktop.core.services import Services
    from desktop.core.settings import Role, Settings
    from desktop.gui.main_window import MainWindow

    svc = Services(db_path=tmp_path / "baocao.db")
    svc.key_dir = tmp_path / "keys"
    settings = Settings(role=Role.UNIT, unit_code="2003", unit_valid_from="2025-03-01",
                        unit_name="Sở Tài chính", person_name="Nam")  # fmt: skip
    window = MainWindow(svc, settings)
    qtbot.addWidget(window)
    window.show()
    month = Period.parse("2025-11")
    window.home.select_period(month)
    shown = [s.form.id for s in window.home.model.items]
    unit = window.home.unit
    reported = {r.form for r in svc.responsibilities.of(unit)}
    assert shown and set(shown) <= reported
    assert {"ngan_sach", "dau_tu_cong"} <= set(shown) and "y_te" not in shown
    commune = svc.units.for_period("06001", month)
    from desktop.core.clerk_home import form_statuses

    assert "y_te" in {s.form.id for s in form_statuses(svc, commune, month)}


def test_write_report_on_an_empty_period_asks_no_file_first(qtbot, services, dialogs):
    """«Viết báo cáo…» on a period with no figure asked where to save the .docx, then said
    there was nothing to write; it now says so at once."""
    from desktop.gui.pages.home import HomePage
    from tests.gui.conftest import type_period

    page = HomePage(services, services.units.for_period("06001", Period.parse("2025-08")))
    qtbot.addWidget(page)
    page.show()
    type_period(qtbot, page.period_box, "2025-08")
    click(qtbot, button(page, "Viết báo cáo…"))
    assert [kind for kind, *_ in dialogs.asked] == ["choose"]  # no save_file question
    title, text, icon = dialogs.shown[-1]
    assert icon == "warn" and "Chưa có số liệu nào của Xã Đoàn Kết cho kỳ tháng 8 năm 2025" in text


def test_a_period_this_unit_does_not_report(qtbot, services):
    """A commune made on 1/7/2025 could pick «Quý II năm 2025», type and finish a form — and
    «Gửi báo cáo…» then found nothing (the period belongs to the commune before the merger).
    The list is empty and says why; a commune that ended says until when it reported."""
    from desktop.gui.pages.home import HINT, HomePage
    from tests.gui.conftest import type_period

    new, old = (
        next(u for u in services.units.all() if u.key == ("06001", since))
        for since in ("2025-07-01", "")
    )
    page = HomePage(services, new)
    qtbot.addWidget(page)
    page.show()
    type_period(qtbot, page.period_box, "2025-Q2")
    assert page.model.items == []
    assert "(đơn vị từ ngày 01/07/2025) chưa có ở quý II năm 2025" in page.hint.text()
    type_period(qtbot, page.period_box, "2025-Q3")
    assert page.model.items and page.hint.text() == HINT

    before = HomePage(services, old)
    qtbot.addWidget(before)
    type_period(qtbot, before.period_box, "2025-Q3")
    assert before.model.items == []
    assert "chỉ hoạt động đến ngày 30/06/2025" in before.hint.text()
    type_period(qtbot, before.period_box, "2025-Q2")
    assert before.model.items


def test_a_department_types_only_its_own_rows(qtbot, tmp_path):
    """Sở Tài chính reports only «Dự án đầu tư ngoài ngân sách» of Biểu số 22; the other
    rows (GRDP, CPI … of Thống kê) were open for typing in its grid.  They are grey now
    and the core refuses them."""
    from desktop.core.periods import Period
    from desktop.core.services import Services
    from desktop.core.settings import Role, Settings
    from desktop.gui.main_window import MainWindow

    svc = Services(db_path=tmp_path / "baocao.db")
    svc.key_dir = tmp_path / "keys"
    settings = Settings(role=Role.UNIT, unit_code="2003", unit_valid_from="2025-03-01",
                        unit_name="Sở Tài chính", person_name="Nam")  # fmt: skip
    window = MainWindow(svc, settings)
    qtbot.addWidget(window)
    window.show()
    page = window.open_form(svc.pack.get("kinh_te_tinh"), Period.parse("2025-11"))
    table, model = page.table, page.model
    assert table.editable(model.index_of("DA_MOI", "th_ky"))
    grdp = model.index_of("KT_GRDP", model.measures[0])
    assert not table.editable(grdp)
    assert not page.session.set_cell("KT_GRDP", "th_ky", "7,5").ok
    assert page.session.set_cell("DA_MOI", "th_ky", "3").ok


def test_an_edit_after_hoan_thanh_says_it_opens_a_new_revision(qtbot, tmp_path):
    """A figure changed in a finished form silently became a draft of a new revision; the
    clerk, seeing no message, could leave the change unsent."""
    from tests.gui.test_entry_keyboard import H1, type_cell

    svc, window = clerk_window(qtbot, tmp_path)
    page = window.open_form(svc.pack.get("ngan_sach"), H1)
    table, model = page.table, page.model
    for code, text in (("NS_THU", "209.435"), ("NS_CHI", "323.115")):
        table.setCurrentIndex(model.index_of(code, "th_ky"))
        type_cell(qtbot, page, text, Qt.Key.Key_Return)
    click(qtbot, button(page, "Hoàn thành"))
    assert page.session.stored.status == "final"
    table.setCurrentIndex(model.index_of("NS_CHI", "th_ky"))
    type_cell(qtbot, page, "323.116", Qt.Key.Key_Return)
    assert (page.session.stored.revision, page.session.stored.status) == (2, "draft")
    said = page.message.text()
    assert "Biểu đã hoàn thành nên thay đổi này mở bản sửa lần 2 (bản lần 1 vẫn giữ)" in said


def test_the_current_cell_line_never_shows_another_cells_value(qtbot, tmp_path):
    """«Ô đang chọn: 2.000» stayed while the cursor moved on to an empty cell or a heading."""
    from tests.gui.test_entry_keyboard import H1, type_cell

    svc, window = clerk_window(qtbot, tmp_path)
    page = window.open_form(svc.pack.get("ngan_sach"), H1)
    table, model = page.table, page.model
    table.setCurrentIndex(model.index_of("NS_THU", "th_ky"))
    type_cell(qtbot, page, "209.435", Qt.Key.Key_Return)  # ambiguous: said back, and kept
    assert page.understood.text().startswith("ℹ Đã hiểu «209.435»")
    table.setCurrentIndex(model.index_of("NS_THU", "th_ky"))
    assert page.understood.text() == "Ô đang chọn: 209.435"
    table.setCurrentIndex(model.index_of("NS_CHI", "th_ky"))  # empty
    assert page.understood.text() == ""


def test_a_package_double_clicked_at_a_unit_is_explained(qtbot, tmp_path, dialogs):
    """A unit clerk double-clicking a .baocao (the file association) got the window and
    nothing else; the window now says where such a file goes."""
    from pathlib import Path

    _svc, window = clerk_window(qtbot, tmp_path)
    window.import_files([Path(tmp_path / "BaoCao_178_2023-H1.baocao")])
    [(title, text, icon)] = dialogs.shown
    assert icon == "info" and "«BaoCao_178_2023-H1.baocao»" in text
    assert "chỉ văn phòng tỉnh nhập" in text and "«Nhập phản hồi của tỉnh»" in text


def test_ctrl_tab_leaves_the_grid_for_hoan_thanh(qtbot, tmp_path):
    """Tab moves among the cells, and Ctrl+Tab did too: a keyboard-only clerk could not
    reach «Hoàn thành».  Ctrl+Tab now leaves the grid; Tab then goes on to the buttons and
    Space presses «Hoàn thành»."""
    from tests.gui.test_entry_keyboard import H1, type_cell

    svc, window = clerk_window(qtbot, tmp_path)
    page = window.open_form(svc.pack.get("ngan_sach"), H1)
    qtbot.waitExposed(page)
    for code, text in (("NS_THU", "209.435"), ("NS_CHI", "323.115")):
        page.table.setCurrentIndex(page.model.index_of(code, "th_ky"))
        type_cell(qtbot, page, text, Qt.Key.Key_Return)
    ctrl = Qt.KeyboardModifier.ControlModifier
    qtbot.keyClick(page.table, Qt.Key.Key_Tab, ctrl)
    assert _focused() is not page.table
    for _ in range(8):
        if _focused() is page.finish_button:
            break
        qtbot.keyClick(_focused(), Qt.Key.Key_Tab)
    assert _focused() is page.finish_button, _focused()
    qtbot.keyClick(page.finish_button, Qt.Key.Key_Space)
    assert page.session.stored.status == "final"


def pick_from_context_menu(qtbot, table, index, text: str) -> None:
    """Right-click the cell and click `text` in the menu that opens, as a clerk does: the
    context-menu event the window system makes of a right click, then a click on the item."""
    from PySide6.QtCore import QTimer
    from PySide6.QtGui import QContextMenuEvent

    picked = []

    def pick() -> None:
        menu = QApplication.activePopupWidget()
        if menu is None:  # not shown yet
            QTimer.singleShot(10, pick)
            return
        [action] = [a for a in menu.actions() if a.text() == text]
        qtbot.mouseClick(menu, Qt.MouseButton.LeftButton, pos=menu.actionGeometry(action).center())
        picked.append(action)

    QTimer.singleShot(0, pick)
    at = table.visualRect(index).center()
    event = QContextMenuEvent(
        QContextMenuEvent.Reason.Mouse, at, table.viewport().mapToGlobal(at)
    )
    QApplication.sendEvent(table.viewport(), event)  # the menu runs until the click
    assert picked, f"«{text}» was not in the menu"
