"""Province consolidation: choose period and forms, see the summary table (the Excel
sheet's layout), select a total to see its charts and each unit's contribution
(consolidation_contrib.py), export the workbook (consolidation_export.py)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QEvent, QModelIndex, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QProgressBar,
    QPushButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from desktop.gui.dialogs.error_dialog import show_error
from desktop.gui.models.summary import SummaryModel
from desktop.gui.pages import consolidation_columns as columns
from desktop.gui.pages import consolidation_export
from desktop.gui.pages.consolidation_contrib import ContributionsPanel
from desktop.gui.pages.consolidation_export import LEAVE_OUT, WITH_DETAILS
from desktop.gui.pages.consolidation_money import in_office_units
from desktop.gui.period_picker import PeriodPicker
from desktop.gui.report_actions import province_report_button
from desktop.gui.workers import run_in_background, worker_services

__all__ = ["LEAVE_OUT", "WITH_DETAILS", "ConsolidationPage"]


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
        self.period_box.currentIndexChanged.connect(self._forget_result)
        head.addWidget(self.period_box)
        self.accepted_only = QCheckBox("Chỉ tính báo cáo tỉnh đã chấp nhận")
        self.accepted_only.setToolTip(
            "Báo cáo nhận từ đơn vị chỉ được tính khi lần gửi hiện hành đã được «Chấp nhận»; "
            "bỏ chọn để tính mọi báo cáo đã nhận (như mặc định)."
        )
        self.accepted_only.toggled.connect(self._forget_result)
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
        self.below = ContributionsPanel(svc)  # «Biểu đồ», «Số liệu từng đơn vị»
        self.contrib, self.charts = self.below.contrib, self.below.charts
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

            worker_svc = worker_services(self.svc)
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

    def _forget_result(self, *_) -> None:
        """Another period (or another rule of what counts) asked for: the tables of the
        last «Tổng hợp» leave the page, so that «Xuất Excel…» and «Viết báo cáo…» never
        write them under the period now shown (they wrote 6 tháng đầu năm 2023 while the
        picker said Quý II/2023)."""
        if self.result is None:
            return
        self.result = None
        self.charts.forget()
        self.table_box.clear()  # show_table: an empty model
        self.export_button.setEnabled(False)
        period = self.period_box.currentData()
        self.missing.setText(
            f"Bấm «Tổng hợp» để tổng hợp {period.label}." if period is not None else ""
        )

    def show_result(self, result) -> None:
        if result.period != str(self.period_box.currentData()):
            return  # the period was changed while it ran: not this period's tables
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
        self.below.show_row(table, row, self.converted)

    def export(self, path: Path | None = None, *, ask_open: bool = True) -> None:
        consolidation_export.export(self, path, ask_open=ask_open)
