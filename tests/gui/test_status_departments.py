"""«Tình hình báo cáo» at the province: «Đơn vị: Sở, ban, ngành» shows the departments, each
against the forms it reports (a form it does not report is a blank grey cell, not «chưa»),
and the «Đã báo cáo» row counts against the departments that report the form (found by L6:
the page showed the 11 districts only, while most of a provincial report's figures are the
departments')."""

from __future__ import annotations

from pathlib import Path

import pytest

pytest.importorskip("PySide6")
from PySide6.QtCore import Qt  # noqa: E402

from desktop.core.periods import Period  # noqa: E402

SEED = Path(__file__).resolve().parents[1] / "fixtures" / "seed002"


def test_departments_on_the_status_page(qtbot, services):
    from desktop.gui.pages.dashboard import NOT_ITS_FORM, DashboardPage

    _, stored = services.load_file(SEED / "2003_ngan_sach.json", final=True)
    assert stored.status == "final"
    page = DashboardPage(services)
    qtbot.addWidget(page)
    page.show()
    page.select_period(Period.parse("2023-01"))
    model = page.model
    assert "Huyện Cao Lộc" in [u.name for u in model.matrix.units]  # the districts first

    qtbot.mouseClick(page.level_box, Qt.MouseButton.LeftButton)  # focus, then the arrow key
    page.level_box.hidePopup()
    qtbot.keyClick(page.level_box, Qt.Key.Key_Down)
    assert page.level_box.currentText() == "Sở, ban, ngành"

    names = [u.name for u in model.matrix.units]
    assert "Sở Tài chính" in names and "Huyện Cao Lộc" not in names
    forms = [f.id for f in model.matrix.forms]
    row, budget = names.index("Sở Tài chính"), forms.index("ngan_sach")
    assert model.data(model.index(row, budget)) not in ("", None, "chưa")  # it sent it
    health = model.index(row, forms.index("y_te"))  # not its form: blank, grey
    assert model.data(health) is None
    assert model.data(health, Qt.ItemDataRole.BackgroundRole).color().name() == NOT_ITS_FORM
    assert "không báo cáo Biểu số 10" in model.data(health, Qt.ItemDataRole.ToolTipRole)
    reporters = model.matrix.expected("ngan_sach")
    assert 1 < reporters < len(names)  # Sở Tài chính, Cục Thuế, Kho bạc …, not all 30
    done = model.data(model.index(len(names), budget))
    assert done == f"1/{reporters}"
    # the chart below counts the same reports: the departments', not the districts' 11 × 24
    expected = len(model.matrix.cells)
    assert page.chart.panel.caption.text().startswith(f"Tháng 1 năm 2023: đã nhận 1/{expected} ")
