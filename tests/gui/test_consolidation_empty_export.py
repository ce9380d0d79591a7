"""«Xuất Excel…» on «Tổng hợp» for a period no unit has reported: the same refusal as
`baocao consolidate` (one core check, excel.workbook.refuse_nothing_reported), shown
through the dialog seam before any file is asked for, and no workbook written."""

from __future__ import annotations

import pytest

pytest.importorskip("PySide6")

from desktop.core.periods import Period  # noqa: E402
from tests.gui.conftest import button, click, click_nav  # noqa: E402


def test_export_of_a_period_nobody_reported_is_refused(qtbot, tmp_path, monkeypatch, dialogs):
    from desktop.gui.demo import make_province
    from desktop.gui.main_window import MainWindow

    monkeypatch.setenv("BAOCAO_DATA_DIR", str(tmp_path / "tinh"))
    svc, settings, _packages = make_province(tmp_path)  # 2023-H1 received; 2024-H1 nothing
    window = MainWindow(svc, settings)
    qtbot.addWidget(window)
    window.show()
    click_nav(qtbot, window, "Tổng hợp")
    cons = window.consolidation
    cons.period_box.select_period(Period.parse("2024-H1"))
    click(qtbot, cons.run_button)
    qtbot.waitUntil(lambda: cons.result is not None and cons.job is None, timeout=60000)

    out = tmp_path / "tổng hợp 2024.xlsx"
    dialogs.answer(out, "Đóng")  # would be used if a file were asked for
    click(qtbot, button(cons, "Xuất Excel…"))
    qtbot.waitUntil(lambda: cons.job is None, timeout=60000)
    assert len(dialogs.errors) == 1, dialogs.errors
    message = dialogs.errors.pop()[0]
    assert "Chưa có đơn vị nào báo cáo kỳ 6 tháng đầu năm 2024" in message, message
    assert not out.exists() and dialogs.answers == [out, "Đóng"]  # no file asked, none written
