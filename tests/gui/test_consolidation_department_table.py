"""«Tổng hợp» of a form only a department has sent (Sở Tài chính's budget, seed 002): the
page says whose whole-province figures the table shows, before the districts that did not
send their own («0/11 đơn vị» and a red «Thiếu số liệu 11 đơn vị» alone read as an empty
table); and the figures are written as typed, «5,1» and «37,6», not «5,10» / «37,60»
(found by L6 on Xvfb at 1366×768).  Consolidated by clicking «Tổng hợp»."""

from __future__ import annotations

from decimal import Decimal
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
    # no settings.json: a provincial office's default, tỷ đồng (settings.office_display)
    assert shown == ["418,1", "5,1", "37,6"], shown


def _starts():
    from PySide6.QtCore import Qt

    return Qt.MatchFlag.MatchStartsWith


def test_the_page_shows_money_as_the_office_set_and_the_departments_bar(qtbot, services):
    """The office shows money in tỷ đồng (Cài đặt): the page's table and its per-unit tab
    showed triệu đồng («418.100») though the workbook and the draft said «418,1 tỷ đồng»;
    and the bar chart of a row whose figure is Sở Tài chính's whole-province one was empty
    (found by L6).  Clicked: «Tổng hợp», the row, the «Biểu đồ» tab."""
    from PySide6.QtCore import Qt

    from desktop.core.settings import Role, Settings, save_settings
    from desktop.gui.pages.consolidation import ConsolidationPage
    from desktop.gui.widgets.charts import bar_values

    save_settings(Settings(role=Role.PROVINCE, unit_code="20", unit_name="Tỉnh Lạng Sơn",
                           person_name="Trần Văn Minh", money_in_billions=True))  # fmt: skip
    services.load_file(SEED / "2003_ngan_sach.json", final=True)
    page = ConsolidationPage(services)
    qtbot.addWidget(page)
    page.resize(1166, 668)
    page.show()
    page.period_box.select_period(Period.parse("2023-01"))
    click(qtbot, button(page, "Tổng hợp"))
    qtbot.waitUntil(lambda: page.job is None and page.table_box.count() > 0, timeout=30000)
    page.table_box.setCurrentIndex(page.table_box.findText("Biểu số 05", flags=_starts()))
    model = page.model
    [row] = [
        r for r, x in enumerate(model.table.rows) if x.indicator and x.indicator.code == "NS_THU"
    ]
    assert model.data(model.index(row, 3)) == "tỷ đồng"
    assert model.data(model.index(row, 4)) == "418,1"

    page.view.scrollTo(model.index(row, 1))
    rect = page.view.visualRect(model.index(row, 1))
    qtbot.mouseClick(page.view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    tab = page.below.tabBar()
    qtbot.mouseClick(tab, Qt.MouseButton.LeftButton, pos=tab.tabRect(1).center())
    assert page.contrib.horizontalHeaderItem(1).text() == "Ước TH (tỷ đồng)"
    last = page.contrib.rowCount() - 1
    assert (page.contrib.item(last, 0).text(), page.contrib.item(last, 1).text()) == (
        "Tổng hợp", "418,1",
    )  # fmt: skip
    qtbot.mouseClick(tab, Qt.MouseButton.LeftButton, pos=tab.tabRect(0).center())
    drawn = [(c, v) for c, v in bar_values(page.charts.bars.chart) if v is not None]
    assert drawn == [("Sở Tài chính", 418.1)], drawn
    caption = page.charts.bars.caption.text()
    assert "Số liệu toàn tỉnh do Sở Tài chính báo cáo: 418,1 tỷ đồng" in caption, caption


@pytest.mark.parametrize(
    "note",
    ["", "Số liệu do cơ quan chủ trì báo cáo", "Figures of the Department of Finance"],
)
def test_the_departments_bar_comes_from_the_data_not_the_notes_wording(services, note):
    """Whose whole-province figure a row shows is the consolidation's own data
    (`ConsolidatedRow.body`, from province.py), not read back out of the row's note: the
    chart searched the note for «Số liệu của Sở Tài chính», so a note reworded (or
    translated) drew an empty chart.  A real consolidation of seed 002's budget, its
    notes reworded, then the bars and the caption the page draws."""
    from dataclasses import replace

    from desktop.core.consolidation.engine import consolidate_period
    from desktop.core.series import unit_bars
    from desktop.gui.widgets.charts import bars_caption

    services.load_file(SEED / "2003_ngan_sach.json", final=True)
    [table] = consolidate_period(services, "2023-01", form_ids=["ngan_sach"]).forms
    [row] = [r for r in table.rows if r.indicator and r.indicator.code == "NS_THU"]
    assert row.body is not None and row.body.name == "Sở Tài chính"
    bars = unit_bars(table, replace(row, note=note), table.measures[0])
    assert (bars.names, bars.values) == (["Sở Tài chính"], [Decimal(418100)])
    assert bars_caption(bars).startswith(
        "Số liệu toàn tỉnh do Sở Tài chính báo cáo: 418.100 triệu đồng;"
    ), bars_caption(bars)
