"""Charts drawn with QtCharts (PySide6-Addons) from the core's series (desktop/core/series.py).

- `bar_chart(UnitBars)`: horizontal bars, largest at the top; units without a figure are
  categories with no bar (a gap, labelled why), never a zero bar.
- `line_chart(points)`: the province figure over periods; a period without a figure breaks
  the line (one line series per unbroken run) instead of dropping to zero.
- `completeness_chart(...)`: % of expected reports received, per period.
`ChartPanel` shows one chart with a «Lưu ảnh PNG…» button (through the dialog seam).
Figures stay Decimal in the core; only the drawing coordinates are floats.  A value axis
writes its figures the Vietnamese way (100.000, 0,2), as the caption and the table do.
"""

from __future__ import annotations

import errno
from decimal import Decimal
from pathlib import Path

from PySide6.QtCharts import (
    QBarCategoryAxis,
    QBarSet,
    QCategoryAxis,
    QChart,
    QChartView,
    QHorizontalBarSeries,
    QLineSeries,
    QScatterSeries,
    QValueAxis,
)
from PySide6.QtCore import QMargins, Qt
from PySide6.QtGui import QColor, QPainter
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from desktop.core import atomic
from desktop.core.errors import BaoCaoError
from desktop.core.numbers import format_vn
from desktop.core.series import Completeness, Point, UnitBars

BAR_COLOR, LINE_COLOR = QColor("#1f5fa8"), QColor("#2e7d32")
ROW_HEIGHT = 28  # px per unit in the bar chart: QtCharts elides a name given less height


def _chart(title: str) -> QChart:
    chart = QChart()
    chart.setTitle(title)
    chart.legend().hide()
    chart.setMargins(QMargins(4, 4, 4, 4))
    chart.setAnimationOptions(QChart.AnimationOption.NoAnimation)
    return chart


def _nice_max(values: list[Decimal]) -> float:
    top = max((float(v) for v in values), default=0.0)
    return top * 1.08 if top > 0 else 1.0


def _value_axis(low: float, high: float, *, nice: bool = True, suffix: str = "") -> QCategoryAxis:
    """An axis over [low, high] whose tick labels are figures written by `format_vn`
    (QValueAxis prints them with C's printf: 100000, 0.2).  The ticks are the ones
    QValueAxis chooses (its nice numbers unless `nice` is False)."""
    probe = QValueAxis()
    probe.setRange(low, high)
    if nice:
        probe.applyNiceNumbers()
    start, end, ticks = probe.min(), probe.max(), max(probe.tickCount(), 2)
    axis = QCategoryAxis()
    axis.setRange(start, end)
    axis.setStartValue(start)
    axis.setLabelsPosition(QCategoryAxis.AxisLabelsPosition.AxisLabelsPositionOnValue)
    step = (end - start) / (ticks - 1)
    for k in range(ticks):
        value = start + k * step
        axis.append(format_vn(Decimal(repr(round(value, 9)))) + suffix, value)
    return axis


def bar_chart(bars: UnitBars) -> QChart:
    """QtCharts stacks categories from the bottom up: the figures go smallest to largest
    (largest on top), then the units without a figure as categories with no value at all
    (no bar, never a 0), above them."""
    chart = _chart(f"{bars.title} ({bars.unit_label})" if bars.unit_label else bars.title)
    chart.setMargins(QMargins(4, 4, 32, 4))  # room for half the last figure («300.000»)
    bar_set = QBarSet(bars.title)
    bar_set.setColor(BAR_COLOR)
    for v in reversed(bars.values):
        bar_set.append(float(v))
    series = QHorizontalBarSeries()
    series.append(bar_set)
    series.setBarWidth(0.7)
    chart.addSeries(series)
    axis_y = QBarCategoryAxis()
    axis_y.append(bars.names[::-1] + [f"{name} ({why})" for name, why in bars.gaps])
    chart.addAxis(axis_y, Qt.AlignmentFlag.AlignLeft)
    series.attachAxis(axis_y)
    low = min((float(v) for v in bars.values), default=0.0)
    axis_x = _value_axis(min(low * 1.08, 0.0), _nice_max(bars.values))
    chart.addAxis(axis_x, Qt.AlignmentFlag.AlignBottom)
    series.attachAxis(axis_x)
    return chart


def bar_values(chart: QChart) -> list[tuple[str, float | None]]:
    """(category, value drawn) from the bottom of the chart up; None where no bar is."""
    (series,) = chart.series()
    (bar_set,) = series.barSets()
    (axis,) = chart.axes(Qt.Orientation.Vertical)
    return [
        (c, bar_set.at(i) if i < bar_set.count() else None) for i, c in enumerate(axis.categories())
    ]


def _runs(points: list[Point]) -> list[list[tuple[int, Decimal]]]:
    """Unbroken runs of periods that have a figure."""
    runs, current = [], []
    for i, p in enumerate(points):
        if p.value is None:
            if current:
                runs.append(current)
            current = []
        else:
            current.append((i, p.value))
    if current:
        runs.append(current)
    return runs


def short_label(period) -> str:
    """A period on a crowded axis, as Vietnamese tables abbreviate it: «01/2023», «Quý I/2023»,
    «6T đầu 2023», «9T 2023», «2023» — never the code «2023-01» (found by L6)."""
    label, code = period.label, str(period)
    if label.startswith("Tháng "):
        return f"{code[5:7]}/{code[:4]}"
    if label.startswith("Quý "):
        return label.replace(" năm ", "/")
    if label.startswith("6 tháng "):
        return label.replace("6 tháng ", "6T ").replace(" năm ", " ")
    if label.startswith("9 tháng"):
        return label.replace("9 tháng năm ", "9T ")
    return label.removeprefix("Năm ")


def _period_axis(labels: list[str]) -> QCategoryAxis:
    """The periods under a line, period i's label on x = i, half a period of room at each
    end.  A QBarCategoryAxis hides a slanted label reaching past the plot's edge: in the
    narrow «Tổng hợp» pane (364 px) it dropped the first and last of twelve («02/2022»,
    «01/2023»); a QCategoryAxis keeps each, the chart's right margin holding the last."""
    axis = QCategoryAxis()
    axis.setRange(-0.5, len(labels) - 0.5)
    axis.setStartValue(-0.5)
    axis.setLabelsPosition(QCategoryAxis.AxisLabelsPosition.AxisLabelsPositionOnValue)
    for i, label in enumerate(labels):
        axis.append(label, i)
    axis.setLabelsAngle(-45 if len(labels) > 4 else 0)  # slanted: «6T cuối 2017» fits a short pane
    axis.setTruncateLabels(False)
    axis.setGridLineVisible(False)
    return axis


def line_chart(points: list[Point], title: str, *, percent: bool = False) -> QChart:
    chart = _chart(title)
    chart.setMargins(QMargins(4, 4, 24, 4))  # room for the last slanted period («6T đầu 2023»)
    axis_x = _period_axis(
        [p.period.label if len(points) <= 4 else short_label(p.period) for p in points]
    )
    values = [p.value for p in points if p.value is not None]
    axis_y = _value_axis(
        0.0, 100.0 if percent else _nice_max(values), nice=not percent, suffix="%" * percent
    )
    chart.addAxis(axis_x, Qt.AlignmentFlag.AlignBottom)
    chart.addAxis(axis_y, Qt.AlignmentFlag.AlignLeft)
    dots = QScatterSeries()
    dots.setMarkerSize(7)
    dots.setColor(LINE_COLOR)
    for run in _runs(points):
        line = QLineSeries()
        line.setColor(LINE_COLOR)
        for i, v in run:
            line.append(i, float(v))
            dots.append(i, float(v))
        chart.addSeries(line)
        line.attachAxis(axis_x)
        line.attachAxis(axis_y)
    chart.addSeries(dots)
    dots.attachAxis(axis_x)
    dots.attachAxis(axis_y)
    return chart


def completeness_chart(rows: list[Completeness]) -> QChart:
    points = [Point(r.period, r.percent) for r in rows]
    return line_chart(points, "Tỷ lệ báo cáo đã nhận (%)", percent=True)


def line_values(chart: QChart) -> dict[int, Decimal]:
    """x position → value drawn, over the chart's line series (what a test reads back)."""
    out = {}
    for s in chart.series():
        if isinstance(s, QLineSeries) and not isinstance(s, QScatterSeries):
            for pt in s.points():
                out[int(pt.x())] = Decimal(str(pt.y()))
    return out


class ChartPanel(QWidget):
    """A chart with a caption and «Lưu ảnh PNG…»."""

    def __init__(self, empty_text: str, suggested_name: str, parent=None) -> None:
        super().__init__(parent)
        self.suggested_name = suggested_name
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.caption = QLabel(empty_text)
        self.caption.setWordWrap(True)
        self.view = QChartView()
        self.view.setRenderHint(QPainter.RenderHint.Antialiasing)
        self.view.setMinimumHeight(160)
        layout.addWidget(self.view, 1)
        row = QHBoxLayout()
        row.addWidget(self.caption, 1)
        self.save_button = QPushButton("Lưu ảnh PNG…")
        self.save_button.setEnabled(False)
        self.save_button.clicked.connect(lambda: self.save_png())
        row.addWidget(self.save_button)
        layout.addLayout(row)

    @property
    def chart(self) -> QChart:
        return self.view.chart()

    def set_chart(self, chart: QChart, caption: str = "", min_height: int = 160) -> None:
        old = self.view.chart()
        self.view.setChart(chart)
        if old is not None:
            old.deleteLater()
        self.view.setMinimumHeight(min_height)
        self.caption.setText(caption)
        self.save_button.setEnabled(True)

    def save_png(self, path: Path | None = None) -> Path | None:
        from desktop.gui.dialogs import ask

        if path is None:
            path = ask.save_file(
                self, "Lưu biểu đồ thành ảnh", "Ảnh PNG (*.png)", Path.home() / self.suggested_name
            )
            if path is None:
                return None
        path, picture = Path(path), self.view.grab()
        try:
            with atomic.writing(path) as tmp:  # whole or not at all, as every file we write
                if not picture.save(str(tmp), "PNG"):
                    raise OSError(errno.EIO, "QPixmap.save")
        except BaoCaoError as exc:
            ask.error(self, exc.message)
            return None
        self.caption.setText(f"Đã lưu ảnh {path}")
        return path


def bars_caption(bars: UnitBars) -> str:
    """The figures under the bars, each with its unit («256,812 tỷ đồng»: the axis names
    none, and triệu against tỷ đồng is the classic ×1000 misreading)."""
    unit = f" {bars.unit_label}" if bars.unit_label else ""
    if bars.whole_province:  # the row's figure is a department's, for the whole province
        return (
            f"Số liệu toàn tỉnh do {bars.whole_province} báo cáo: {format_vn(bars.values[0])}"
            f"{unit}; các đơn vị cấp dưới không có số liệu riêng của chỉ tiêu này."
        )
    top = zip(bars.names[:3], bars.values[:3], strict=True)
    shown = ", ".join(f"{n}: {format_vn(v)}{unit}" for n, v in top)
    gaps = (
        f"; {len(bars.gaps)} đơn vị không có số liệu (để trống, không tính là 0)"
        if bars.gaps
        else ""
    )
    return f"Cao nhất: {shown}{gaps}" if shown else f"Chưa đơn vị nào có số liệu{gaps}"
