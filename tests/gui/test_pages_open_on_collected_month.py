"""With nothing remembered, the province's «Tổng hợp» opens on the month the office is
collecting, as «Tình hình báo cáo» does (core/board_period.py): on 01/12/2026 the board
showed Tháng 11/2026 and «Tổng hợp» Tháng 12/2026, whose data are not due yet.  A period
the officer picks is shared and remembered as before."""

from __future__ import annotations

import datetime as dt

import pytest

pytest.importorskip("PySide6")

from desktop.core.services import Services  # noqa: E402
from desktop.core.settings import Role, new_settings  # noqa: E402
from tests.gui.conftest import click_nav  # noqa: E402


def test_consolidation_opens_on_the_month_the_board_shows(qtbot, tmp_path, monkeypatch):
    from desktop.gui.main_window import MainWindow

    monkeypatch.setenv("BAOCAO_DATA_DIR", str(tmp_path / "tinh"))  # no ui state remembered
    svc = Services(db_path=tmp_path / "tinh" / "baocao.db", today=dt.date(2026, 12, 1))
    settings = new_settings(role=Role.PROVINCE, unit_code="20", unit_valid_from="",
                            unit_name="Tỉnh Lạng Sơn", person_name="Trần Văn Minh",
                            db_path=str(svc.db_path))  # fmt: skip
    window = MainWindow(svc, settings)
    qtbot.addWidget(window)
    window.show()
    click_nav(qtbot, window, "Tổng hợp")
    assert window.consolidation.period_box.currentText() == "Tháng 11/2026"
    click_nav(qtbot, window, "Tình hình báo cáo")
    board = window.stack.currentWidget()
    assert board.period_box.currentText() == "Tháng 11/2026"
