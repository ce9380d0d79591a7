"""«Tổng hợp» of a form only a department has sent (Sở Tài chính's budget, seed 002): the
page says whose whole-province figures the table shows, before the districts that did not
send their own («0/11 đơn vị» and a red «Thiếu số liệu 11 đơn vị» alone read as an empty
table); and the figures are written as typed, «5,1» and «37,6», not «5,10» / «37,60»
(found by L6 on Xvfb at 1366×768).  Consolidated by clicking «Tổng hợp»."""

from __future__ import annotations

from pathlib import Path

import pytest

pytest.importorskip("PySide6")

from desktop.core.periods import Period  # noqa: E402
from tests.gui.conftest import button, click  # noqa: E402

SEED = Path(__file__).resolve().parents[1] / "fixtures" / "seed002"


def test_a_departments_table_says_whose_figures_it_shows(qtbot, services):
    from desktop.gui.pages.consolidation import ConsolidationPage

    _, stored = services.load_file(SEED / "2003_ngan_sach.json", final=True)
    assert stored.status == "final"
    page = ConsolidationPage(services)
    qtbot.addWidget(page)
    page.resize(1166, 668)
    page.show()
    page.period_box.select_period(Period.parse("2023-01"))
    click(qtbot, button(page, "Tổng hợp"))
    qtbot.waitUntil(lambda: page.job is None and page.table_box.count() > 0, timeout=30000)
    page.table_box.setCurrentIndex(page.table_box.findText("Biểu số 05", flags=_starts()))

    assert page.table_box.currentText().endswith("0/11 đơn vị, số liệu của 1 sở, ngành")
    note = page.missing.text()
    assert note.startswith("Số liệu toàn tỉnh của Sở Tài chính · Thiếu số liệu 11 đơn vị"), note
    model = page.model
    [row] = [
        r for r, x in enumerate(model.table.rows) if x.indicator and x.indicator.code == "NS_THU"
    ]
    shown = [model.data(model.index(row, 4 + c)) for c in range(len(model.table.measures))]
    assert shown == ["418.100", "5,1", "37,6"], shown


def _starts():
    from PySide6.QtCore import Qt

    return Qt.MatchFlag.MatchStartsWith
