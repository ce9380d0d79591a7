"""«Xem xét», clicked at 1100×700 (the window's size on a 1366×768 laptop): the officer's cell
comments list the indicator and the column in full («Tổng thu ngân sách nhà nước trên địa
bàn», «Thực hiện kỳ báo cáo»), not «Tổng thu …» / «Thực hiện k…» beside a comment column
that takes the rest; the message after «Trả lại» names the file to send in «» (a file
named «trả lại Cao Lộc.baocao-phanhoi» read «gửi tệp trả lại Cao Lộc.baocao-phanhoi»)."""

from __future__ import annotations

import pytest

pytest.importorskip("PySide6")
from PySide6.QtCore import Qt  # noqa: E402

from desktop.core.periods import Period  # noqa: E402
from tests.gui.conftest import button, click, type_text  # noqa: E402

H1 = Period.parse("2023-H1")


def test_cell_comments_readable_and_file_named(qtbot, tmp_path, monkeypatch, dialogs):
    from desktop.gui.demo import make_province
    from desktop.gui.dialogs.submission_view import SubmissionDialog

    monkeypatch.setenv("BAOCAO_DATA_DIR", str(tmp_path / "tinh"))
    svc, _settings, _packages = make_province(tmp_path)
    dialog = SubmissionDialog(svc, svc.units.for_period("178", H1), svc.pack.get("ngan_sach"), H1)
    qtbot.addWidget(dialog)
    dialog.resize(1100, 700)
    dialog.show()
    panel = dialog.review
    dialog.tabs.setCurrentWidget(panel)
    panel.indicator.setCurrentIndex(panel.indicator.findData("NS_THU"))
    panel.measure.setCurrentIndex(panel.measure.findData("th_ky"))
    qtbot.mouseClick(panel.cell_text, Qt.MouseButton.LeftButton)
    type_text(panel.cell_text, "Lệch KBNN 1.200 triệu đồng")
    click(qtbot, button(panel, "Thêm ý kiến ô"))

    table = panel.cell_table
    metrics = table.fontMetrics()
    assert table.item(0, 0).text() == "Tổng thu ngân sách nhà nước trên địa bàn"
    assert table.item(0, 1).text() == "Thực hiện kỳ báo cáo"
    for column in (0, 1, 2):
        text = table.item(0, column).text()
        assert table.columnWidth(column) >= metrics.horizontalAdvance(text), (column, text)

    type_text(panel.comment, "Số thu lệch với số liệu Kho bạc.")
    target = tmp_path / "trả lại Cao Lộc.baocao-phanhoi"
    dialogs.answer(target)
    click(qtbot, button(panel, "Trả lại"))
    assert target.exists(), panel.message.text()
    assert "«trả lại Cao Lộc.baocao-phanhoi»" in panel.message.text()
