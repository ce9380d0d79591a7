"""«Xuất Excel…» on «Tổng hợp», clicked: the red note above the table keeps saying which
units have not reported (it was replaced by «Đã xuất …» in red, as if an error, and the
missing units were no longer said); the export is announced in the window's status bar,
the file in «», as the unit's «Xuất Excel…» announces its own."""

from __future__ import annotations

import pytest

pytest.importorskip("PySide6")

from desktop.core.periods import Period  # noqa: E402
from tests.gui.conftest import button, click, click_nav  # noqa: E402


def test_export_keeps_the_missing_note_and_says_done_in_the_status_bar(
    qtbot, tmp_path, monkeypatch, dialogs
):
    from desktop.gui.demo import make_province
    from desktop.gui.main_window import MainWindow

    monkeypatch.setenv("BAOCAO_DATA_DIR", str(tmp_path / "tinh"))
    svc, settings, _packages = make_province(tmp_path)  # Lạng Sơn (178) imported, 10 missing
    window = MainWindow(svc, settings)
    qtbot.addWidget(window)
    window.show()
    click_nav(qtbot, window, "Tổng hợp")
    cons = window.consolidation
    cons.period_box.select_period(Period.parse("2023-H1"))
    click(qtbot, cons.run_button)
    qtbot.waitUntil(lambda: cons.result is not None and cons.job is None, timeout=60000)
    note = cons.missing.text()
    assert note.startswith("Thiếu số liệu 10 đơn vị"), note

    out = tmp_path / "tổng hợp 6 tháng.xlsx"
    dialogs.answer(out, "Đóng")
    click(qtbot, button(cons, "Xuất Excel…"))
    qtbot.waitUntil(lambda: cons.job is None and out.exists(), timeout=60000)
    assert cons.missing.text() == note
    assert window.statusBar().currentMessage() == f"Đã xuất biểu tổng hợp «{out}»."
