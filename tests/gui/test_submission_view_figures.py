"""The province opens a unit's form from «Tình hình báo cáo» (cell clicked, Enter): in the
read-only view the figures are right-aligned and written the Vietnamese way, as in the entry
grid and the summary table (they were left-aligned like text: «209.435» under the heading
as if a name); a section heading is bold."""

from __future__ import annotations

import pytest

pytest.importorskip("PySide6")
from PySide6.QtCore import Qt  # noqa: E402

from desktop.core.periods import Period  # noqa: E402


def test_received_form_shows_figures_right_aligned(qtbot, tmp_path, monkeypatch):
    from desktop.gui.demo import make_province
    from desktop.gui.pages.dashboard import DashboardPage

    monkeypatch.setenv("BAOCAO_DATA_DIR", str(tmp_path / "tinh"))
    svc, _settings, _packages = make_province(tmp_path)  # Lạng Sơn (178)'s package imported
    page = DashboardPage(svc)
    qtbot.addWidget(page)
    page.resize(1166, 640)
    page.show()
    page.select_period(Period.parse("2023-H1"))
    page.refresh()
    matrix = page.model.matrix
    index = page.model.index(
        [u.code for u in matrix.units].index("178"), [f.id for f in matrix.forms].index("ngan_sach")
    )
    page.view.scrollTo(index)
    qtbot.mouseClick(
        page.view.viewport(), Qt.MouseButton.LeftButton, pos=page.view.visualRect(index).center()
    )
    qtbot.keyClick(page.view, Qt.Key.Key_Return)
    dialog = page.submission_dialog
    qtbot.waitUntil(dialog.isVisible)
    grid = dialog.grid
    heads = [grid.horizontalHeaderItem(c).text() for c in range(grid.columnCount())]
    labels = [
        grid.item(r, 1).text().strip() if grid.item(r, 1) else "" for r in range(grid.rowCount())
    ]
    total = grid.item(
        labels.index("Tổng thu ngân sách nhà nước trên địa bàn"), heads.index("TH kỳ báo cáo")
    )
    assert total.text() == "209.435"
    right = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
    assert Qt.AlignmentFlag(total.textAlignment()) == right
    name = grid.item(labels.index("Tổng thu ngân sách nhà nước trên địa bàn"), 1)
    assert not Qt.AlignmentFlag(name.textAlignment()) & Qt.AlignmentFlag.AlignRight
    section = grid.item(labels.index("THU NGÂN SÁCH NHÀ NƯỚC"), 1)
    assert section.font().bold()
    dialog.close()
