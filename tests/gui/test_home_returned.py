"""The returned form on the clerk's home list, clicked: the province returns ngan_sach
(Biểu số 05) of 2023-H1 through the real province path; the clerk imports the signed files
by clicking «Nhập phản hồi của tỉnh» and the home list shows it «Bị tỉnh trả lại» in the
province's orange, first of the list, with how often, when, by whom and what the province
said in the tooltip.  Sent again it drops back to «Đã gửi» in its place; returned a second
time it comes back first with «2 lần».

A picture of the home list is written to the test's folder (on Xvfb with
QT_QPA_PLATFORM=xcb it is the real X rendering)."""

from __future__ import annotations

import pytest

pytest.importorskip("PySide6")
from PySide6.QtCore import QEvent, QPoint, Qt  # noqa: E402
from PySide6.QtGui import QGuiApplication, QHelpEvent  # noqa: E402
from PySide6.QtWidgets import QApplication, QToolTip  # noqa: E402

from tests.gui.conftest import button, click  # noqa: E402
from tests.gui.test_returned_form_marks import (  # noqa: E402
    H1,
    OFFICER,
    near,
    open_by_double_click,
    returned_to_the_unit,
)


def rows(window) -> list[tuple[str, str]]:
    return [(it.form.id, it.label) for it in window.home.model.items]


def status_tooltip(qtbot, window, row: int) -> str:
    """Hover the status cell of `row`: the tooltip Qt shows for it."""
    view = window.home.view
    pos = view.visualRect(window.home.model.index(row, 2)).center()
    QToolTip.hideText()
    qtbot.mouseMove(view.viewport(), pos)
    event = QHelpEvent(QEvent.Type.ToolTip, pos, view.viewport().mapToGlobal(QPoint(pos)))
    QApplication.sendEvent(view.viewport(), event)
    qtbot.waitUntil(QToolTip.isVisible)
    return QToolTip.text()


def status_pixel(window, row: int):
    view = window.home.view
    QApplication.processEvents()
    rect = view.visualRect(window.home.model.index(row, 2))
    return view.viewport().grab().toImage().pixelColor(rect.left() + 3, rect.top() + 3)


def test_returned_form_first_on_the_home_list_with_when_and_why(
    qtbot, tmp_path, monkeypatch, dialogs
):
    from desktop.core.exchange.service import import_packages
    from desktop.core.exchange.signing import SigningKey
    from desktop.core.settings import Role, Settings
    from desktop.core.trust.review import review_submission
    from desktop.core.vn_time import vn_datetime
    from desktop.gui.pages.home import STATUS_COLORS

    unit_svc, province, decision, back, feedback = returned_to_the_unit(tmp_path)
    monkeypatch.setenv("BAOCAO_DATA_DIR", str(tmp_path / "don_vi"))
    settings = Settings(
        role=Role.UNIT, unit_code="178", unit_name="Thành phố Lạng Sơn", person_name="Lan"
    )
    from desktop.gui.main_window import MainWindow

    window = MainWindow(unit_svc, settings)
    qtbot.addWidget(window)
    window.resize(1366, 740)
    window.show()
    window.home.select_period(H1)
    before = rows(window)
    assert before[4] == ("ngan_sach", "Đã gửi")  # Biểu số 05, in its place
    assert "Bị tỉnh trả lại" not in {label for _, label in before}

    dialogs.answer([decision, back])
    click(qtbot, button(window.home, "Nhập phản hồi của tỉnh"))
    after = rows(window)
    assert after[0] == ("ngan_sach", "Bị tỉnh trả lại")  # first: what most needs doing
    # the cursor on it, Enter opens it (it stayed on Biểu 02, the form it was on), and the
    # message says what the province said, cell by cell
    assert window.home.view.currentIndex().row() == 0
    assert window.focusWidget() is window.home.view  # Enter opens it, not the button
    _, said, _ = dialogs.shown[-1]
    assert said.split("<br>")[2:] == [
        "– Tỉnh nhận xét: Số thu chưa khớp Kho bạc.",
        "– Chỉ tiêu «Tổng thu ngân sách nhà nước trên địa bàn», cột «Thực hiện kỳ báo cáo»: "
        "Kho bạc ghi 219.435 triệu đồng, đề nghị đối chiếu",
        "– Chỉ tiêu «Tổng chi ngân sách địa phương», cột «Thực hiện kỳ báo cáo»: "
        "Chi thường xuyên thiếu khoản lương quý II",
    ]
    assert after[1:] == [r for r in before if r[0] != "ngan_sach"]  # the rest by biểu số
    window.home.view.clearSelection()  # the selection's colour covers the status's
    assert near(status_pixel(window, 0), STATUS_COLORS["returned"], 12)
    assert not near(status_pixel(window, 1), STATUS_COLORS["returned"], 60)
    shown = status_tooltip(qtbot, window, 0)
    when = vn_datetime(feedback.decided_at)
    assert shown.splitlines() == [
        f"Tỉnh đã trả lại biểu này 1 lần; lần gần nhất ({when}, {OFFICER}), bản lần 1: "
        "Số thu chưa khớp Kho bạc.",
        "Tỉnh nhận xét 2 ô số liệu (xem khi mở biểu).",
        "Bản sửa lần 2: đang nhập, chưa gửi lại tỉnh.",
    ]
    assert window.home.model.data(window.home.model.index(0, 5)) == "0 / 0"
    window.grab().save(str(tmp_path / "danh_sach_bi_tra_lai.png"))
    if QGuiApplication.platformName() == "xcb":
        QApplication.processEvents()
        assert window.screen().grabWindow(0).save(str(tmp_path / "danh_sach_man_hinh.png"))

    # finalised, still returned (not sent again); sent: back to «Đã gửi» in its place
    page = open_by_double_click(qtbot, window, "ngan_sach")
    click(qtbot, button(page, "Hoàn thành"))
    click(qtbot, button(page, "← Danh sách biểu"))
    assert window.stack.currentWidget() is window.home
    assert rows(window)[0] == ("ngan_sach", "Bị tỉnh trả lại")
    tip = status_tooltip(qtbot, window, 0)
    assert tip.endswith("Bản sửa lần 2: hoàn thành, chưa gửi lại tỉnh.")
    page = open_by_double_click(qtbot, window, "ngan_sach")
    target = tmp_path / "goi_2.baocao"
    dialogs.answer("Chỉ biểu này", target)
    click(qtbot, button(page, "Gửi báo cáo…"))
    click(qtbot, button(page, "← Danh sách biểu"))
    assert rows(window)[4] == ("ngan_sach", "Đã gửi")

    # the province returns revision 2 as well: first again, «2 lần»
    assert import_packages(province, [target])[0].outcome == "new_revision"
    back2, feedback2 = review_submission(
        province,
        SigningKey.load_or_create(province.key_dir),
        unit_code="178",
        period="2023-H1",
        form_id="ngan_sach",
        decision="returned",
        out=tmp_path / "tl2.baocao-phanhoi",
        comment="",
        cells={("NS_CHI", "th_ky"): "Vẫn chưa khớp Kho bạc"},
        actor=OFFICER,
    )
    window.home.select_period("2026-11")  # the clerk is on this month's forms meanwhile
    dialogs.answer([back2])
    click(qtbot, button(window.home, "Nhập phản hồi của tỉnh"))
    assert str(window.home.period) == "2023-H1"  # the returned form's period, shown
    assert rows(window)[0] == ("ngan_sach", "Bị tỉnh trả lại")
    assert window.home.view.currentIndex().row() == 0
    assert status_tooltip(qtbot, window, 0).splitlines() == [
        f"Tỉnh đã trả lại biểu này 2 lần; lần gần nhất ({vn_datetime(feedback2.decided_at)}, "
        f"{OFFICER}), bản lần 2",
        "Tỉnh nhận xét 1 ô số liệu (xem khi mở biểu).",
        "Bản sửa lần 3: đang nhập, chưa gửi lại tỉnh.",
    ]
    _, label = rows(window)[1]
    assert label != "Bị tỉnh trả lại"
    font = window.home.model.data(window.home.model.index(0, 2), Qt.ItemDataRole.FontRole)
    assert font.bold()
    # opened, typing starts on the cell the province commented on (far down the grid), not
    # on the first figure (L11: the clerk had to find it)
    page = open_by_double_click(qtbot, window, "ngan_sach")
    assert page.model.key_at(page.table.currentIndex()) == ("NS_CHI", "th_ky")
