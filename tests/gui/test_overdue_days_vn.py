"""«Tình hình báo cáo»: the days a report is overdue are written the Vietnamese way, as every
other figure: «quá 1.253 ngày», not «quá 1253 ngày» (a province looking at 2023 reports in
late 2026)."""

from __future__ import annotations

import pytest

pytest.importorskip("PySide6")

from desktop.core.periods import Period  # noqa: E402


def test_overdue_days_grouped(qtbot, tmp_path, monkeypatch):
    from desktop.gui.demo import make_province
    from desktop.gui.pages.dashboard import DashboardPage

    monkeypatch.setenv("BAOCAO_DATA_DIR", str(tmp_path / "tinh"))
    svc, _settings, _packages = make_province(tmp_path)
    page = DashboardPage(svc)
    qtbot.addWidget(page)
    page.show()
    page.select_period(Period.parse("2023-H1"))
    page.refresh()
    model = page.model
    units = [u.code for u in model.matrix.units]
    forms = [f.id for f in model.matrix.forms]
    missing = model.data(model.index(units.index("180"), forms.index("ngan_sach")))
    deadline = model.matrix.deadlines["ngan_sach"]
    days = (svc.today - deadline).days
    assert days >= 1000  # the 2023 deadline, three years and more ago
    assert missing == f"quá {days // 1000}.{days % 1000:03d} ngày", missing
