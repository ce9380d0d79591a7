"""The figures on a chart's value axis are written the Vietnamese way, as the caption under
it and the table beside it write them: 100.000 (not 100000), 0,2 (not 0.2).  Seen on the
«Tổng hợp» page: the bars of Cao Lộc (256.812) and Lạng Sơn (209.435) over an axis
«0 100000 200000 300000».  Consolidated by clicking «Tổng hợp», the row clicked."""

from __future__ import annotations

from decimal import Decimal

import pytest

pytest.importorskip("PySide6")
pytest.importorskip("PySide6.QtCharts")
from PySide6.QtCore import Qt  # noqa: E402

from desktop.core.periods import Period  # noqa: E402
from tests.gui.conftest import button, click  # noqa: E402
from tests.gui.test_charts import province_with_figures  # noqa: E402


def value_labels(chart, orientation) -> list[str]:
    (axis,) = chart.axes(orientation)
    return axis.categoriesLabels()


def test_consolidation_charts_write_axis_figures_the_vietnamese_way(qtbot, tmp_path):
    from desktop.core.settings import Role, Settings, save_settings
    from desktop.gui.pages.consolidation import ConsolidationPage

    # an office showing money in triệu đồng (Cài đặt): figures of six digits on the axes
    save_settings(Settings(role=Role.PROVINCE, unit_code="20", unit_name="Tỉnh Lạng Sơn",
                           person_name="Trần Văn Minh", money_in_billions=False))  # fmt: skip
    page = ConsolidationPage(province_with_figures(tmp_path))
    qtbot.addWidget(page)
    page.resize(1166, 700)
    page.show()
    page.period_box.select_period(Period.parse("2023-H1"))
    for i in range(page.form_list.count()):
        item = page.form_list.item(i)
        keep = item.data(Qt.ItemDataRole.UserRole) == "ngan_sach"
        item.setCheckState(Qt.CheckState.Checked if keep else Qt.CheckState.Unchecked)
    click(qtbot, button(page, "Tổng hợp"))
    qtbot.waitUntil(lambda: page.job is None and page.result is not None, timeout=30000)
    r = next(
        i
        for i, row in enumerate(page.model.table.rows)
        if row.indicator and row.indicator.code == "NS_THU"
    )
    rect = page.view.visualRect(page.model.index(r, 1))
    qtbot.mouseClick(page.view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())

    # bars up to 209.435: the axis runs 0 … 300.000 in nice steps, grouped by dots
    bars = value_labels(page.charts.bars.chart, Qt.Orientation.Horizontal)
    assert bars[0] == "0" and bars[-1] == "300.000", bars
    assert all("." in label for label in bars[1:]), bars
    # the province line, 230.000 then 379.435: 0 … 500.000
    line = value_labels(page.charts.line.chart, Qt.Orientation.Vertical)
    assert line[0] == "0" and line[-1] == "500.000", line
    # the pane is narrow (≈364 px at 1366×768): every period under the line, whole — a
    # QBarCategoryAxis dropped the first and the last slanted one (found by L10 on Xvfb)
    view = page.charts.line.view
    assert view.width() < 420, view.width()
    qtbot.waitUntil(lambda: len(period_labels(view)) == 12)
    shown = period_labels(view)
    assert all(visible for visible, _ in shown), shown
    whole = view.chart().rect()
    assert all(whole.contains(rect) for _, rect in shown), (whole, shown)


def period_labels(view) -> list[tuple[bool, object]]:
    """(drawn, where) of each label under the plot: the periods of the horizontal axis."""
    bottom = view.chart().plotArea().bottom()
    return sorted(
        ((item.isVisible(), item.sceneBoundingRect()) for item in view.scene().items()
         if item.type() == 8 and item.sceneBoundingRect().top() >= bottom),  # QGraphicsTextItem
        key=lambda x: x[1].left(),
    )  # fmt: skip


def test_axis_labels_small_and_percent():
    from desktop.core.series import Point
    from desktop.gui.widgets.charts import line_chart

    small = [Point(Period.parse("2023-H1"), Decimal("0.37"))]
    assert value_labels(line_chart(small, "Tỷ lệ"), Qt.Orientation.Vertical) == [
        "0", "0,1", "0,2", "0,3", "0,4",
    ]  # fmt: skip
    share = [Point(Period.parse("2023-H1"), Decimal("16.7"))]
    got = value_labels(line_chart(share, "%", percent=True), Qt.Orientation.Vertical)
    assert got == ["0%", "25%", "50%", "75%", "100%"]
