"""The pictures of the consolidation and status pages, built from core series.

`IndicatorCharts` (Tổng hợp): for the selected indicator, the units' figures as bars and
the province figure over the last 12 periods as a line.  `CompletenessCharts` (Tình hình
báo cáo): the share of expected reports received over the last 12 periods.  Both keep the
consolidated tables they computed for other periods, so moving between rows is instant.
"""

from __future__ import annotations

from decimal import Decimal

from PySide6.QtWidgets import QHBoxLayout, QScrollArea, QWidget

from desktop.core.periods import Period
from desktop.core.series import completeness_line, province_line, unit_bars
from desktop.gui.widgets.charts import (
    ROW_HEIGHT,
    ChartPanel,
    bar_chart,
    bars_caption,
    completeness_chart,
    line_chart,
)


class IndicatorCharts(QWidget):
    def __init__(self, svc, parent=None) -> None:
        super().__init__(parent)
        self.svc = svc
        self._tables: dict[tuple[str, str], object] = {}
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.bars = ChartPanel("Chọn một chỉ tiêu để xem số liệu từng đơn vị.", "theo_don_vi.png")
        self.bars_scroll = QScrollArea()
        self.bars_scroll.setWidgetResizable(True)
        self.bars_scroll.setWidget(self.bars)
        layout.addWidget(self.bars_scroll, 3)
        self._bars_top = 0
        bar = self.bars_scroll.verticalScrollBar()
        bar.rangeChanged.connect(lambda _lo, _hi: bar.setValue(self._bars_top))
        self.line = ChartPanel("Số liệu toàn tỉnh 12 kỳ gần nhất.", "toan_tinh_12_ky.png")
        layout.addWidget(self.line, 2)

    def forget(self) -> None:
        """After a new consolidation run: tables of other periods may have changed."""
        self._tables.clear()

    def _consolidated(self, form_id: str, period_code: str):
        from desktop.core.consolidation.engine import consolidate_period

        key = (form_id, period_code)
        if key not in self._tables:
            result = consolidate_period(self.svc, period_code, form_ids=[form_id])
            self._tables[key] = result.forms[0] if result.forms else None
        return self._tables[key]

    def show_indicator(self, table, row, measure: str, per: Decimal = Decimal(1)) -> None:
        """`row` as the table shows it; `per`: 1.000 when it is shown in tỷ đồng (the
        units' figures and the other periods' are stored in triệu đồng)."""
        if row.indicator is None:
            return
        self._tables[(table.form.id, table.period)] = table
        bars = unit_bars(table, row, measure, per)
        md = self.svc.pack.catalog.measure(measure)
        self.bars.set_chart(
            bar_chart(bars),
            f"{md.label}. " + bars_caption(bars),
            min_height=ROW_HEIGHT * len(bars.categories) + 90,
        )
        # the units without a figure are listed above the bars: open on the largest figure
        self._bars_top = ROW_HEIGHT * len(bars.gaps)
        self.bars_scroll.verticalScrollBar().setValue(self._bars_top)
        points = province_line(
            lambda p: self._consolidated(table.form.id, p),
            Period.parse(table.period),
            row.indicator.code,
            measure,
            per=per,
        )
        unit = f" ({row.unit_label})" if row.unit_label else ""
        self.line.set_chart(
            line_chart(points, f"Toàn tỉnh: {row.label}{unit}"),
            f"{md.label}, {len(points)} kỳ đến {table.period_label}; kỳ không có số liệu để trống.",
        )


class CompletenessCharts(QWidget):
    def __init__(self, svc, parent=None) -> None:
        super().__init__(parent)
        self.svc = svc
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.panel = ChartPanel("", "ty_le_bao_cao.png")
        layout.addWidget(self.panel)

    def show_period(self, period: Period, level: str | None = None) -> None:
        """`level`: the units the status page shows (None: the period's administrative
        units; "department": the sở, ban, ngành against the forms each reports)."""
        rows = completeness_line(self.svc, period, level=level)
        last = rows[-1]
        self.panel.set_chart(
            completeness_chart(rows),
            f"{period.label}: đã nhận {last.received}/{last.expected} báo cáo; 12 kỳ gần nhất.",
        )
