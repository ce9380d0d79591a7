"""Province consolidation: choose period and forms, see the summary table (the Excel
sheet's layout), select a total to see each unit's contribution (read for that row only,
whatever the number of units), export the workbook — a run too large for its «CT …»
sheets by default (consolidation/breakdown.py) asks whether to add them."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QEvent, QModelIndex, Qt, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QProgressBar,
    QPushButton,
    QSplitter,
    QTableView,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop.core.errors import BaoCaoError
from desktop.gui.dialogs import ask
from desktop.gui.dialogs.error_dialog import show_error
from desktop.gui.models.summary import SummaryModel, format_figure
from desktop.gui.pages import consolidation_columns as columns
from desktop.gui.pages.consolidation_money import divided, in_office_units, per
from desktop.gui.period_picker import PeriodPicker
from desktop.gui.report_actions import province_report_button
from desktop.gui.workers import run_in_background

LEAVE_OUT, WITH_DETAILS = "Chỉ các biểu tổng hợp", "Kèm bảng chi tiết từng đơn vị"


class ConsolidationPage(QWidget):
    def __init__(self, svc, parent=None) -> None:
        super().__init__(parent)
        self.svc = svc
        self.result = None
        self.job = None
        self.converted: set[str] = set()  # rows shown in tỷ đồng (Cài đặt, as the workbook)
        layout = QVBoxLayout(self)
        head = QHBoxLayout()
        head.addWidget(QLabel("<h2>Tổng hợp số liệu</h2>"))
        head.addStretch(1)
        head.addWidget(QLabel("Kỳ:"))
        self.period_box = PeriodPicker(svc)
        head.addWidget(self.period_box)
        self.accepted_only = QCheckBox("Chỉ tính báo cáo tỉnh đã chấp nhận")
        self.accepted_only.setToolTip(
            "Báo cáo nhận từ đơn vị chỉ được tính khi lần gửi hiện hành đã được «Chấp nhận»; "
            "bỏ chọn để tính mọi báo cáo đã nhận (như mặc định)."
        )
        head.addWidget(self.accepted_only)
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
        self.form_list.setWordWrap(True)  # «Biểu số 16: Thanh tra, …» read whole, not cut off
        self.form_list.setResizeMode(QListWidget.ResizeMode.Adjust)
        self.form_list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        for form in sorted(svc.pack.forms.values(), key=lambda f: f.bieu_so):
            item = QListWidgetItem(f"{form.bieu_so}: {form.title}")
            item.setToolTip(item.text())
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
        self.view.setTextElideMode(Qt.TextElideMode.ElideRight)  # "Chi các chương trình…"
        columns.set_up(self.view)  # notes and labels wrap, rows as tall as their text
        self.view.selectionModel().currentRowChanged.connect(self.show_contributions)  # once
        self.view.viewport().installEventFilter(self)  # its new width, for fit_columns
        self.missing.installEventFilter(self)  # its lines for its width: see _fit_notes
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
        self._chart_for = None  # the row whose charts are drawn when their tab is shown
        self.below.currentChanged.connect(lambda _i: self._draw_charts())
        split.addWidget(self.below)
        split.setSizes([360, 320])
        rl.addWidget(split, 1)
        self.progress = QProgressBar()
        self.progress.setVisible(False)
        rl.addWidget(self.progress)
        body.addWidget(right)
        body.setSizes([230, 970])
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
        accepted_only = self.accepted_only.isChecked()
        if not forms:
            self.missing.setText("Hãy chọn ít nhất một biểu.")
            return
        self.run_button.setEnabled(False)
        self.progress.setVisible(True)
        self.progress.setRange(0, len(forms))

        def work(progress, cancelled):
            from desktop.core.trust.accepted import accepted_filter

            worker_svc = self._worker_services()
            try:
                admit = None
                if accepted_only:
                    admit = accepted_filter(worker_svc.repo, worker_svc.db, period)
                return consolidate_period(
                    worker_svc, period, form_ids=forms, progress=progress, admit=admit
                )
            finally:  # no connection left open on the file (a restore replaces it)
                worker_svc.close()

        self.job = run_in_background(
            work,
            on_success=self.show_result,
            on_failure=lambda e, d: show_error(self, e, d, pack_of=lambda: self.svc.pack),
            on_progress=lambda d, t: self.progress.setValue(d),
            on_finished=self._finished,
        )

    def _finished(self) -> None:
        self.job = None
        self.run_button.setEnabled(True)
        self.progress.setVisible(False)

    def show_result(self, result) -> None:
        # made on the worker's database, closed since: the units' figures are read from ours
        self.result = result = result.reading_from(lambda: self.svc.repo)
        self.charts.forget()
        self.table_box.blockSignals(True)
        self.table_box.clear()
        for f in result.forms:
            bodies = f", số liệu của {len(f.provincial)} sở, ngành" if f.provincial else ""
            self.table_box.addItem(
                f"{f.form.bieu_so}: {f.form.title} — "
                f"{len(f.reported)}/{len(f.expected)} đơn vị{bodies}",
                f,
            )
        self.table_box.blockSignals(False)
        self.export_button.setEnabled(bool(result.forms))
        self.show_table()

    def show_table(self) -> None:
        table = self.table_box.currentData()
        shown, self.converted = in_office_units(table, self.svc.pack.catalog)
        self.model.set_table(shown)
        if table is None:
            return
        columns.show_columns(self.view, shown)  # no «Mã số», no column without a figure
        self.fit_columns()
        # whose whole-province figures the table shows, before who is missing: a table of
        # Sở Tài chính's figures is not an empty one because no district sent its own
        bodies = (
            [f"Số liệu toàn tỉnh của {', '.join(b.name for b in table.provincial)}"]
            if table.provincial
            else []
        )
        notes = (
            [*bodies, table.missing_note, *table.notes]
            if table.missing
            else [*bodies, *table.notes]
        )
        self.missing.setText(self.model.readable(" · ".join(notes)) if notes else "")
        self._fit_notes()
        self.contrib.setRowCount(0)

    def fit_columns(self) -> None:
        columns.fit_columns(self.view, self.model.table)  # consolidation_columns

    def _fit_notes(self) -> None:
        """The notes' every line shown: a splitter does not ask a wrapped label how tall
        it is for its width (a national run's note runs over two or three lines)."""
        label = self.missing
        label.setMinimumHeight(label.heightForWidth(label.width()) if label.text() else 0)

    def eventFilter(self, obj, event) -> bool:  # noqa: N802
        if obj is self.view.viewport() and event.type() == QEvent.Type.Resize:
            self.fit_columns()
        elif obj is self.missing and event.type() == QEvent.Type.Resize:
            self._fit_notes()
        return super().eventFilter(obj, event)

    def show_contributions(self, current: QModelIndex, _prev=None) -> None:
        table = self.table_box.currentData()
        if table is None or not current.isValid():
            return
        row = self.model.table.rows[current.row()]  # as shown: in tỷ đồng if so set
        self.contrib.setRowCount(0)
        if row.indicator is None:
            return
        by = per(row, self.converted)
        main = next((m for m in table.measures if row.counts.get(m)), table.measures[0])
        names = {u.key: u.name for u in table.expected}
        unit = f" ({row.unit_label})" if row.unit_label else ""  # «TH kỳ (tỷ đồng)»
        self.contrib.setHorizontalHeaderLabels(
            ["Đơn vị", self.svc.pack.catalog.measure(main).short + unit]
        )
        try:  # this row's figures of every unit: one query, also for a national run
            figures = table.unit_figures(row)
            entries = [(names.get(k, k[0]), divided(vals.get(main), by)) for k, vals in figures.items()]
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
        if self._chart_for is not None and self.below.currentWidget() is self.charts:
            self.charts.show_indicator(*self._chart_for)
            self._chart_for = None

    def export(self, path: Path | None = None, *, ask_open: bool = True) -> None:
        from desktop.core.errors import BaoCaoError
        from desktop.core.excel.workbook import refuse_nothing_reported

        if self.result is None:
            return
        try:
            refuse_nothing_reported(self.result)  # as `baocao consolidate` refuses it
        except BaoCaoError as exc:
            show_error(self, exc, pack_of=lambda: self.svc.pack)
            return
        details = self._ask_details()
        if details is None:
            return
        if path is None:
            default = Path.home() / f"TongHop_{self.result.period}.xlsx"
            path = ask.save_file(self, "Xuất biểu tổng hợp", "Excel (*.xlsx)", default)
            if path is None:
                return
        from desktop.core.excel.workbook import write_consolidated_workbook
        from desktop.core.excel.workbook_display import display_options
        from desktop.core.settings import load_settings

        result, catalog = self.result, self.svc.pack.catalog
        options = display_options(load_settings())  # signer, tỷ đồng (Cài đặt)
        self.progress.setVisible(True)
        self.export_button.setEnabled(False)

        def work(progress, cancelled):
            worker_svc = self._worker_services()  # the «CT …» sheets read on this thread
            try:
                mine = result.reading_from(lambda: worker_svc.repo)
                if details:
                    mine = mine.with_breakdown()
                return write_consolidated_workbook(
                    mine, catalog, path, progress=progress, **options
                )
            finally:
                worker_svc.close()

        def done(out_path) -> None:
            self.last_export = out_path
            window = self.window()  # the note above the table keeps saying who is missing
            if isinstance(window, QMainWindow):
                window.statusBar().showMessage(f"Đã xuất biểu tổng hợp «{out_path}».")
            if ask_open:
                answer = ask.choose(
                    self, "Đã xuất biểu tổng hợp", f"Đã ghi {out_path}.",
                    ["Mở tệp", "Mở thư mục", "Đóng"],
                    icon="info",
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
            on_failure=lambda e, d: show_error(self, e, d, pack_of=lambda: self.svc.pack),
            on_progress=lambda d, t: (self.progress.setRange(0, t), self.progress.setValue(d)),
            on_finished=finished,
        )

    def _ask_details(self) -> bool | None:
        """Whether the workbook gets the «CT …» sheets the run left out (a large run: one
        column per unit); False when none was left out, None when the person cancels."""
        left_out = [f for f in self.result.forms if not f.has_breakdown and f.figures]
        if not left_out:
            return False
        units = max(len(f.expected) for f in left_out)
        count = f"{units:,}".replace(",", ".")
        answer = ask.choose(
            self,
            "Xuất biểu tổng hợp",
            f"Lần tổng hợp này có {count} đơn vị: bảng chi tiết từng đơn vị (các trang «CT …», "
            "mỗi đơn vị một cột) quá rộng để in nên mặc định không kèm.",
            [LEAVE_OUT, WITH_DETAILS, "Hủy"],
            informative="Kèm bảng chi tiết thì tệp lớn hơn và ghi lâu hơn.",
        )
        return None if answer not in (LEAVE_OUT, WITH_DETAILS) else answer == WITH_DETAILS
