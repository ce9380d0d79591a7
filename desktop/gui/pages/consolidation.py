"""Province consolidation: choose period and forms, see the summary table (the Excel
sheet's layout), select a total to see each unit's contribution, export the workbook."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt, QUrl
from PySide6.QtGui import QBrush, QColor, QDesktopServices, QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QProgressBar,
    QPushButton,
    QSplitter,
    QTableView,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop.core.consolidation.model import ConsolidatedForm
from desktop.core.numbers import format_vn
from desktop.gui.dialogs import ask
from desktop.gui.dialogs.error_dialog import show_error
from desktop.gui.period_picker import PeriodPicker
from desktop.gui.report_actions import province_report_button
from desktop.gui.workers import run_in_background


def _fmt(v) -> str:
    if isinstance(v, Decimal):
        return format_vn(v, 2) if v != v.to_integral_value() else format_vn(v)
    return v or ""


class SummaryModel(QAbstractTableModel):
    """The consolidated table of one form, as on the Excel sheet."""

    def __init__(self, catalog, parent=None) -> None:
        super().__init__(parent)
        self.catalog = catalog
        self.table: ConsolidatedForm | None = None

    def set_table(self, table: ConsolidatedForm | None) -> None:
        self.beginResetModel()
        self.table = table
        self.endResetModel()

    def rowCount(self, parent=QModelIndex()) -> int:  # noqa: N802
        return 0 if parent.isValid() or self.table is None else len(self.table.rows)

    def columnCount(self, parent=QModelIndex()) -> int:  # noqa: N802
        return 0 if parent.isValid() or self.table is None else 5 + len(self.table.measures)

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):  # noqa: N802
        if (
            orientation != Qt.Orientation.Horizontal
            or role != Qt.ItemDataRole.DisplayRole
            or self.table is None
        ):
            return None
        fixed = ["STT", "Chỉ tiêu", "Mã số", "ĐVT"]
        if section < 4:
            return fixed[section]
        if section < 4 + len(self.table.measures):
            return self.catalog.measure(self.table.measures[section - 4]).short
        return "Ghi chú"

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or self.table is None:
            return None
        row = self.table.rows[index.row()]
        col = index.column()
        n = len(self.table.measures)
        if role == Qt.ItemDataRole.DisplayRole:
            if col == 0:
                return row.stt
            if col == 1:
                return ("    " * max(row.level - 1, 0)) + (
                    row.label.upper() if row.is_heading else row.label
                )
            if col == 2:
                return row.indicator.code if row.indicator else ""
            if col == 3:
                return row.unit_label
            if col < 4 + n:
                return _fmt(row.values.get(self.table.measures[col - 4]))
            return row.note
        if role == Qt.ItemDataRole.TextAlignmentRole and 4 <= col < 4 + n:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.FontRole and (row.is_heading or row.level == 1):
            f = QFont()
            f.setBold(True)
            return f
        if role == Qt.ItemDataRole.BackgroundRole and row.is_heading:
            return QBrush(QColor("#dde7f3"))
        if role == Qt.ItemDataRole.ToolTipRole and col == 4 + n:
            return row.note or None
        return None


class ConsolidationPage(QWidget):
    def __init__(self, svc, parent=None) -> None:
        super().__init__(parent)
        self.svc = svc
        self.result = None
        self.job = None
        layout = QVBoxLayout(self)
        head = QHBoxLayout()
        head.addWidget(QLabel("<h2>Tổng hợp số liệu</h2>"))
        head.addStretch(1)
        head.addWidget(QLabel("Kỳ:"))
        self.period_box = PeriodPicker(svc)
        head.addWidget(self.period_box)
        self.run_button = QPushButton("Tổng hợp")
        self.run_button.clicked.connect(self.run)
        self.export_button = QPushButton("Xuất Excel…")
        self.export_button.setEnabled(False)
        self.export_button.clicked.connect(lambda: self.export())  # not clicked(bool) → path
        head.addWidget(self.run_button)
        head.addWidget(self.export_button)
        head.addWidget(province_report_button(self))  # the draft báo cáo (.docx)
        layout.addLayout(head)

        body = QSplitter(Qt.Orientation.Horizontal)
        self.form_list = QListWidget()
        for form in sorted(svc.pack.forms.values(), key=lambda f: f.bieu_so):
            item = QListWidgetItem(f"{form.bieu_so}: {form.title}")
            item.setData(Qt.ItemDataRole.UserRole, form.id)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked)
            self.form_list.addItem(item)
        body.addWidget(self.form_list)
        right = QWidget()
        rl = QVBoxLayout(right)
        rl.setContentsMargins(0, 0, 0, 0)
        top = QHBoxLayout()
        top.addWidget(QLabel("Xem biểu:"))
        self.table_box = QComboBox()
        self.table_box.currentIndexChanged.connect(self.show_table)
        top.addWidget(self.table_box, 1)
        rl.addLayout(top)
        self.missing = QLabel("")
        self.missing.setWordWrap(True)
        self.missing.setStyleSheet("color: #b00020")
        rl.addWidget(self.missing)
        split = QSplitter(Qt.Orientation.Vertical)
        self.model = SummaryModel(svc.pack.catalog, self)
        self.view = QTableView()
        self.view.setModel(self.model)
        self.view.verticalHeader().setVisible(False)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setWordWrap(False)
        split.addWidget(self.view)
        self.contrib = QTableWidget(0, 2)
        self.contrib.setHorizontalHeaderLabels(["Đơn vị", "Số liệu"])
        self.contrib.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.contrib.verticalHeader().setVisible(False)
        from PySide6.QtWidgets import QTabWidget

        from desktop.gui.widgets.indicator_charts import IndicatorCharts

        self.charts = IndicatorCharts(svc)
        self.below = QTabWidget()
        self.below.addTab(self.charts, "Biểu đồ")
        self.below.addTab(self.contrib, "Số liệu từng đơn vị")
        split.addWidget(self.below)
        split.setSizes([360, 320])
        rl.addWidget(split, 1)
        self.progress = QProgressBar()
        self.progress.setVisible(False)
        rl.addWidget(self.progress)
        body.addWidget(right)
        body.setSizes([300, 900])
        layout.addWidget(body, 1)

    def selected_forms(self) -> list[str]:
        return [
            self.form_list.item(i).data(Qt.ItemDataRole.UserRole)
            for i in range(self.form_list.count())
            if self.form_list.item(i).checkState() == Qt.CheckState.Checked
        ]

    def _worker_services(self):
        from desktop.core.services import Services

        svc = Services(
            db_path=self.svc.db_path,
            forms_dir=self.svc.forms_dir,
            units_path=self.svc.units_path,
            today=self.svc._today,
        )
        return svc

    def run(self) -> None:
        from desktop.core.consolidation.engine import consolidate_period

        period, forms = str(self.period_box.currentData()), self.selected_forms()
        if not forms:
            self.missing.setText("Hãy chọn ít nhất một biểu.")
            return
        self.run_button.setEnabled(False)
        self.progress.setVisible(True)
        self.progress.setRange(0, len(forms))

        def work(progress, cancelled):
            return consolidate_period(
                self._worker_services(), period, form_ids=forms, progress=progress
            )

        self.job = run_in_background(
            work,
            on_success=self.show_result,
            on_failure=lambda e, d: show_error(self, e, d),
            on_progress=lambda d, t: self.progress.setValue(d),
            on_finished=self._finished,
        )

    def _finished(self) -> None:
        self.job = None
        self.run_button.setEnabled(True)
        self.progress.setVisible(False)

    def show_result(self, result) -> None:
        self.result = result
        self.charts.forget()
        self.table_box.blockSignals(True)
        self.table_box.clear()
        for f in result.forms:
            self.table_box.addItem(
                f"{f.form.bieu_so}: {f.form.title} — {len(f.reported)}/{len(f.expected)} đơn vị", f
            )
        self.table_box.blockSignals(False)
        self.export_button.setEnabled(bool(result.forms))
        self.show_table()

    def show_table(self) -> None:
        table = self.table_box.currentData()
        self.model.set_table(table)
        if table is None:
            return
        header = self.view.horizontalHeader()
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        for c, w in ((0, 44), (2, 130), (3, 90)):
            header.resizeSection(c, w)
        for c in range(4, 4 + len(table.measures)):
            header.resizeSection(c, 110)
        self.missing.setText(
            " · ".join([table.missing_note, *table.notes]) if table.missing or table.notes else ""
        )
        self.view.selectionModel().currentRowChanged.connect(self.show_contributions)
        self.contrib.setRowCount(0)

    def show_contributions(self, current: QModelIndex, _prev=None) -> None:
        table = self.table_box.currentData()
        if table is None or not current.isValid():
            return
        row = table.rows[current.row()]
        self.contrib.setRowCount(0)
        if row.indicator is None:
            return
        main = next((m for m in table.measures if row.counts.get(m)), table.measures[0])
        names = {u.key: u.name for u in table.expected}
        self.contrib.setHorizontalHeaderLabels(
            ["Đơn vị", self.svc.pack.catalog.measure(main).short]
        )
        entries = [(names.get(k, k[0]), vals.get(main)) for k, vals in row.by_unit.items()]
        entries += [(u.name + " (chưa báo cáo)", None) for u in table.missing]
        self.contrib.setRowCount(len(entries) + 1)
        for r, (name, v) in enumerate(entries):
            self.contrib.setItem(r, 0, QTableWidgetItem(name))
            item = QTableWidgetItem(_fmt(v))
            item.setTextAlignment(int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter))
            self.contrib.setItem(r, 1, item)
        total = QTableWidgetItem(_fmt(row.values.get(main)))
        total.setTextAlignment(int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter))
        self.contrib.setItem(len(entries), 0, QTableWidgetItem("Tổng hợp"))
        self.contrib.setItem(len(entries), 1, total)
        self.charts.show_indicator(table, row, main)

    def export(self, path: Path | None = None, *, ask_open: bool = True) -> None:
        if self.result is None:
            return
        if path is None:
            default = Path.home() / f"TongHop_{self.result.period}.xlsx"
            path = ask.save_file(self, "Xuất biểu tổng hợp", "Excel (*.xlsx)", default)
            if path is None:
                return
        from desktop.core.excel.workbook import write_consolidated_workbook

        result, catalog = self.result, self.svc.pack.catalog
        self.progress.setVisible(True)
        self.export_button.setEnabled(False)

        def work(progress, cancelled):
            return write_consolidated_workbook(result, catalog, path, progress=progress)

        def done(out_path) -> None:
            self.last_export = out_path
            self.missing.setText(f"Đã xuất {out_path}")
            if ask_open:
                answer = ask.choose(
                    self, "Đã xuất biểu tổng hợp", f"Đã ghi {out_path}.",
                    ["Mở tệp", "Mở thư mục", "Đóng"],
                )
                if answer == "Mở tệp":
                    QDesktopServices.openUrl(QUrl.fromLocalFile(str(out_path)))
                elif answer == "Mở thư mục":
                    QDesktopServices.openUrl(QUrl.fromLocalFile(str(Path(out_path).parent)))

        def finished() -> None:
            self.job = None
            self.progress.setVisible(False)
            self.export_button.setEnabled(True)

        self.job = run_in_background(
            work,
            on_success=done,
            on_failure=lambda e, d: show_error(self, e, d),
            on_progress=lambda d, t: (self.progress.setRange(0, t), self.progress.setValue(d)),
            on_finished=finished,
        )
