"""Below the consolidation's summary table: the selected total's charts and each unit's
contribution to it (read for that row only, whatever the number of units)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHeaderView, QTableWidget, QTableWidgetItem, QTabWidget

from desktop.core.errors import BaoCaoError
from desktop.gui.dialogs.error_dialog import show_error
from desktop.gui.models.summary import format_figure
from desktop.gui.pages.consolidation_money import divided, per


class ContributionsPanel(QTabWidget):
    """«Biểu đồ» and «Số liệu từng đơn vị» of one summary row; the charts drawn only when
    their tab is shown (the 12-period line consolidates each past period)."""

    def __init__(self, svc, parent=None) -> None:
        super().__init__(parent)
        from desktop.gui.widgets.indicator_charts import IndicatorCharts

        self.svc = svc
        self.contrib = QTableWidget(0, 2)
        self.contrib.setHorizontalHeaderLabels(["Đơn vị", "Số liệu"])
        self.contrib.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.contrib.verticalHeader().setVisible(False)
        self.charts = IndicatorCharts(svc)
        self.addTab(self.charts, "Biểu đồ")
        self.addTab(self.contrib, "Số liệu từng đơn vị")
        self._chart_for = None  # the row whose charts are drawn when their tab is shown
        self.currentChanged.connect(lambda _i: self._draw_charts())

    def show_row(self, table, row, converted: set[str]) -> None:
        """`row` of `table` as shown (in tỷ đồng if so set): each unit's figure of its main
        measure, the units that did not report, the total; then its charts."""
        self.contrib.setRowCount(0)
        if row.indicator is None:
            return
        by = per(row, converted)
        main = next((m for m in table.measures if row.counts.get(m)), table.measures[0])
        names = {u.key: u.name for u in table.expected}
        unit = f" ({row.unit_label})" if row.unit_label else ""  # «TH kỳ (tỷ đồng)»
        self.contrib.setHorizontalHeaderLabels(
            ["Đơn vị", self.svc.pack.catalog.measure(main).short + unit]
        )
        try:  # this row's figures of every unit: one query, also for a national run
            figures = table.unit_figures(row)
            entries = [
                (names.get(k, k[0]), divided(vals.get(main), by)) for k, vals in figures.items()
            ]
        except BaoCaoError as exc:
            show_error(self, exc, pack_of=lambda: self.svc.pack)
            return
        entries += [(u.name + " (chưa báo cáo)", None) for u in table.missing]
        right = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
        self.contrib.setUpdatesEnabled(False)
        self.contrib.setRowCount(len(entries) + 1)
        for r, (name, v) in enumerate(entries):
            self.contrib.setItem(r, 0, QTableWidgetItem(name))
            item = QTableWidgetItem(format_figure(v))
            item.setTextAlignment(right)
            self.contrib.setItem(r, 1, item)
        self.contrib.setUpdatesEnabled(True)
        total = QTableWidgetItem(format_figure(row.values.get(main)))
        total.setTextAlignment(right)
        self.contrib.setItem(len(entries), 0, QTableWidgetItem("Tổng hợp"))
        self.contrib.setItem(len(entries), 1, total)
        self._chart_for = (table, row, main, by)
        self._draw_charts()

    def _draw_charts(self) -> None:
        """The selected row's charts, once their tab is shown (the 12-period line
        consolidates each past period: no cost while the person reads the figures)."""
        if self._chart_for is not None and self.currentWidget() is self.charts:
            self.charts.show_indicator(*self._chart_for)
            self._chart_for = None
