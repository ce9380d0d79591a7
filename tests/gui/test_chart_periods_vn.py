"""The periods under a chart are written as people write them: «01/2023», «Quý I/2023»,
«6T đầu 2023», not the codes «2023-01», «2023-Q1», «2023-H1» (found by L6 on «Tình hình báo
cáo» and «Tổng hợp» at 1366×768: twelve rotated «2022-02 … 2023-01»)."""

from __future__ import annotations

from decimal import Decimal

import pytest

pytest.importorskip("PySide6")
pytest.importorskip("PySide6.QtCharts")
from PySide6.QtCore import Qt  # noqa: E402

from desktop.core.periods import Period  # noqa: E402
from desktop.core.series import Point, last_periods  # noqa: E402


def _periods_shown(points) -> list[str]:
    from desktop.gui.widgets.charts import line_chart

    chart = line_chart(points, "Toàn tỉnh")
    (axis,) = chart.axes(Qt.Orientation.Horizontal)
    return axis.categoriesLabels()


def test_twelve_months_and_quarters_halves_on_the_axis(qtbot):
    months = [Point(p, Decimal(1)) for p in last_periods(Period.parse("2023-01"))]
    shown = _periods_shown(months)
    assert shown[0] == "02/2022" and shown[-1] == "01/2023" and len(shown) == 12
    assert not any("-" in s for s in shown)
    quarters = [Point(p, None) for p in last_periods(Period.parse("2023-Q1"), 5)]
    assert _periods_shown(quarters) == [
        "Quý I/2022", "Quý II/2022", "Quý III/2022", "Quý IV/2022", "Quý I/2023"
    ]  # fmt: skip
    halves = [Point(p, None) for p in last_periods(Period.parse("2023-H1"), 5)]
    assert _periods_shown(halves)[-2:] == ["6T cuối 2022", "6T đầu 2023"]


def test_twelve_half_years_fit_under_a_short_chart(qtbot):
    """«6T cuối 2017» set upright lost its «6T» below the status page's chart pane (seen on
    Xvfb at 1366×768, 190 px high); slanted, every label's height fits under the plot."""
    import math

    from PySide6.QtCharts import QChartView
    from PySide6.QtGui import QFontMetrics

    from desktop.gui.widgets.charts import line_chart

    halves = [Point(p, Decimal(1)) for p in last_periods(Period.parse("2023-H1"))]
    chart = line_chart(halves, "Tỷ lệ báo cáo đã nhận (%)", percent=True)
    view = QChartView(chart)
    qtbot.addWidget(view)
    view.resize(1150, 190)
    view.show()
    qtbot.waitExposed(view)
    (axis,) = chart.axes(Qt.Orientation.Horizontal)
    metrics = QFontMetrics(axis.labelsFont())
    slant = math.radians(abs(axis.labelsAngle()))
    tallest = max(
        metrics.horizontalAdvance(s) * math.sin(slant) + metrics.height() * math.cos(slant)
        for s in axis.categoriesLabels()
    )
    room = chart.size().height() - chart.plotArea().bottom()
    assert tallest <= room, (tallest, room)
