"""«Cài đặt» names the unit with the dates the catalog gives it: a commune code reused after
the 1/7/2025 reform names two units (06001: Xã Đoàn Kết until 30/06/2025, another Xã Đoàn
Kết from 01/07/2025), which the page showed alike, «Xã Đoàn Kết (mã 06001)»."""

from __future__ import annotations

import datetime as dt

import pytest

pytest.importorskip("PySide6")

from desktop.core.services import Services  # noqa: E402
from desktop.core.settings import Role, Settings  # noqa: E402
from tests.gui.conftest import click_nav  # noqa: E402


def test_settings_name_the_unit_with_the_date_its_code_took_effect(qtbot, tmp_path, monkeypatch):
    from desktop.gui.main_window import MainWindow

    monkeypatch.setenv("BAOCAO_DATA_DIR", str(tmp_path))
    svc = Services(db_path=tmp_path / "baocao.db", today=dt.date(2026, 11, 23))
    svc.key_dir = tmp_path / "keys"
    new = Settings(
        role=Role.UNIT,
        unit_code="06001",
        unit_valid_from="2025-07-01",
        unit_name="Xã Đoàn Kết",
        person_name="Nguyễn Thị Lan",
        db_path=str(svc.db_path),
    )
    window = MainWindow(svc, new)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    click_nav(qtbot, window, "Cài đặt")
    page = window.settings_page
    assert page.unit.isVisible()
    assert page.unit.text() == "Xã Đoàn Kết (mã 06001, từ 01/07/2025)"
    # the same code's unit before the reform, as «Đổi thiết lập…» hands it back
    page.show_settings(new.model_copy(update={"unit_valid_from": ""}))
    assert page.unit.text() == "Xã Đoàn Kết (mã 06001, đến 30/06/2025)"
