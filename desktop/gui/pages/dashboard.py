"""Province dashboard: the completeness matrix (units × forms) for a period, coloured by
status, with counts per form; double-click a cell to open that submission read-only.
«Đơn vị:» shows the districts (communes from 1/7/2025) or the departments, each of these
against the forms it reports only (core/status.py); a form it does not report is blank."""

from __future__ import annotations

from PySide6.QtCore import QAbstractTableModel, QEvent, QModelIndex, Qt
from PySide6.QtGui import QBrush, QColor, QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from desktop.core.board_period import period_collected
from desktop.core.overdue import days_late, overdue_text
from desktop.core.status import REVIEW_LABELS, STATUS_LABELS, StatusMatrix, reporting_status
from desktop.core.storage.exchange_tables import ImportLog
from desktop.core.vn_time import vn_datetime
from desktop.gui.period_picker import PeriodPicker
from desktop.gui.widgets.indicator_charts import CompletenessCharts

COLORS = {
    "missing": "#f6c9c9",
    "draft": "#fff6d6",
    "on_time": "#c8e6c9",
    "late": "#ffcc80",
    "revised_late": "#b3d4f5",
    "held": "#e1bee7",
}
OVERDUE = "#e57373"  # not in yet and the deadline passed: stronger than "missing"
SHORT = {
    "missing": "chưa",
    "draft": "nháp",
    "on_time": "đúng hạn",
    "late": "trễ",
    "revised_late": "sửa sau hạn",
    "held": "chờ khóa",
}
REVIEW_MARKS = {"accepted": "✓", "returned": "↩", "awaiting": "?"}  # the province's review
RETURNED = "#b00020"  # a returned submission's text
NOT_ITS_FORM = "#eeeeee"  # a department and a form it does not report: no cell
LEVELS = [("Huyện, xã", None), ("Sở, ban, ngành", "department")]  # None: by the period


class StatusMatrixModel(QAbstractTableModel):
    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.matrix: StatusMatrix | None = None

    def set_matrix(self, matrix: StatusMatrix, today=None) -> None:
        self.beginResetModel()
        self.matrix = matrix
        self.counts = matrix.counts()
        self.reviews = matrix.review_counts()
        self.late = days_late(matrix, today) if today else {}  # overdue / sent late, in days
        self.endResetModel()

    def rowCount(self, parent=QModelIndex()) -> int:  # noqa: N802
        return 0 if parent.isValid() or self.matrix is None else len(self.matrix.units) + 1

    def columnCount(self, parent=QModelIndex()) -> int:  # noqa: N802
        return 0 if parent.isValid() or self.matrix is None else len(self.matrix.forms)

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):  # noqa: N802
        if self.matrix is None:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            if orientation == Qt.Orientation.Horizontal:
                return self.matrix.forms[section].bieu_so.replace("Biểu số ", "Biểu ")
            if section < len(self.matrix.units):
                return self.matrix.units[section].name
            return "Đã báo cáo"
        if role == Qt.ItemDataRole.ToolTipRole and orientation == Qt.Orientation.Horizontal:
            f = self.matrix.forms[section]
            return f"{f.title}\nHạn nộp {self.matrix.deadlines[f.id]:%d/%m/%Y}"
        return None

    def cell(self, index: QModelIndex):
        if self.matrix is None or index.row() >= len(self.matrix.units):
            return None
        unit = self.matrix.units[index.row()]
        form = self.matrix.forms[index.column()]
        cell = self.matrix.cells.get((unit.code, form.id))
        return None if cell is None else (unit, form, cell)

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or self.matrix is None:
            return None
        if index.row() == len(self.matrix.units):
            form = self.matrix.forms[index.column()]
            c = self.counts[form.id]
            done = c["on_time"] + c["late"] + c["revised_late"]
            if role == Qt.ItemDataRole.DisplayRole:
                return f"{done}/{self.matrix.expected(form.id)}"
            if role == Qt.ItemDataRole.FontRole:
                f = QFont()
                f.setBold(True)
                return f
            if role == Qt.ItemDataRole.ToolTipRole:
                return "\n".join(
                    [f"{STATUS_LABELS[k]}: {v}" for k, v in c.items()]
                    + [
                        f"Tỉnh xem xét — {REVIEW_LABELS[k].lower()}: {v}"
                        for k, v in self.reviews[form.id].items()
                    ]
                )
            return None
        got = self.cell(index)
        if got is None:  # a department and a form it does not report
            if role == Qt.ItemDataRole.BackgroundRole:
                return QBrush(QColor(NOT_ITS_FORM))
            if role == Qt.ItemDataRole.ToolTipRole:
                unit = self.matrix.units[index.row()]
                return f"{unit.name} không báo cáo {self.matrix.forms[index.column()].bieu_so}"
            return None
        unit, form, cell = got
        late = self.late.get((unit.code, form.id))
        if role == Qt.ItemDataRole.DisplayRole:  # the review mark first: a long cell is cut
            return (  # at its end («trễ 438 ngày (l…» hid the ✓ of an accepted revision)
                (f"{REVIEW_MARKS[cell.review]} " if cell.review else "")
                + (overdue_text(cell.status, late) if late else SHORT[cell.status])
                + (f" (lần {cell.revision})" if cell.revision and cell.revision > 1 else "")
            )
        if role == Qt.ItemDataRole.ForegroundRole and cell.review == "returned":
            return QBrush(QColor(RETURNED))
        if role == Qt.ItemDataRole.BackgroundRole:
            overdue = late and cell.status in ("missing", "draft")
            return QBrush(QColor(OVERDUE if overdue else COLORS[cell.status]))
        if role == Qt.ItemDataRole.ToolTipRole:
            return (
                f"{unit.name} — {form.title}\n{cell.label}"
                + (f"\nTỉnh xem xét: {cell.review_label}" if cell.review else "")
                + (
                    f"\nGói đến lúc {vn_datetime(cell.submitted_at)}; chưa tính cho đến khi "
                    "khóa của đơn vị được xác nhận (trang «Khóa đơn vị»), đơn vị không phải gửi lại"
                    if cell.status == "held"
                    else f"\nTính hạn theo lúc {'tỉnh nhận' if cell.unit_claimed_at else 'hoàn thành'}: "
                    f"{vn_datetime(cell.submitted_at)}"
                    if cell.submitted_at
                    else ""
                )
                + (
                    f"\nĐơn vị ghi trong gói: {vn_datetime(cell.unit_claimed_at)}"
                    if cell.unit_claimed_at
                    else ""
                )
            )
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return int(Qt.AlignmentFlag.AlignCenter)
        return None


class DashboardPage(QWidget):
    def __init__(self, svc, parent=None, actor: str | None = None) -> None:
        super().__init__(parent)
        self.svc, self.actor = svc, actor  # the officer: a review decision names them
        layout = QVBoxLayout(self)
        head = QHBoxLayout()
        head.addWidget(QLabel("<h2>Tình hình báo cáo</h2>"))
        head.addStretch(1)
        head.addWidget(QLabel("Kỳ báo cáo:"))
        self.period_box = PeriodPicker(svc)  # on the month the office is collecting
        self.period_box.select_period(
            period_collected(svc.pack, ImportLog(svc.db) if svc.db_exists() else None, svc.today)
        )
        head.addWidget(self.period_box)
        head.addWidget(QLabel("Đơn vị:"))
        self.level_box = QComboBox()
        for text, level in LEVELS:
            self.level_box.addItem(text, level)
        self.level_box.setToolTip(
            "Huyện, xã: các đơn vị hành chính của kỳ; sở, ban, ngành: mỗi cơ quan với các "
            "biểu cơ quan đó báo cáo"
        )
        head.addWidget(self.level_box)
        refresh = QPushButton("Làm mới")
        refresh.clicked.connect(self.refresh)
        head.addWidget(refresh)
        layout.addLayout(head)
        legend = QHBoxLayout()
        for key, label in STATUS_LABELS.items():
            chip = QLabel(f" {label} ")
            chip.setStyleSheet(f"background: {COLORS[key]}; border: 1px solid #999; padding: 2px")
            legend.addWidget(chip)
        overdue = QLabel(" Quá hạn, chưa nộp ")
        overdue.setStyleSheet(f"background: {OVERDUE}; border: 1px solid #999; padding: 2px")
        legend.addWidget(overdue)
        marks = "   ".join(f"{REVIEW_MARKS[k]} {v.lower()}" for k, v in REVIEW_LABELS.items())
        legend.addStretch(1)
        layout.addLayout(legend)
        # on a line of its own: beside the seven chips it ran off the page at 1366 px
        self.review_legend = QLabel(f"Tỉnh xem xét: {marks}")
        layout.addWidget(self.review_legend)
        self.model = StatusMatrixModel(self)
        self.view = QTableView()
        self.view.setModel(self.model)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.horizontalHeader().setDefaultSectionSize(120)  # "quá hạn 1260 ngày" fits
        self.view.verticalHeader().setMinimumWidth(170)
        self.view.doubleClicked.connect(self.open_cell)
        self.view.installEventFilter(self)  # Enter opens the selected submission too
        self.chart = CompletenessCharts(svc)
        self.chart.setMinimumHeight(200)
        split = QSplitter(Qt.Orientation.Vertical)  # the matrix first; the chart below it
        split.addWidget(self.view)
        split.addWidget(self.chart)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 2)
        split.setSizes([420, 240])
        layout.addWidget(split, 1)
        self.period_box.currentIndexChanged.connect(self.refresh)
        self.level_box.currentIndexChanged.connect(self.refresh)
        self.refresh()

    def select_period(self, period) -> None:
        self.period_box.select_period(period)

    def refresh(self) -> None:
        period = self.period_box.currentData()
        level = self.level_box.currentData()
        self.model.set_matrix(reporting_status(self.svc, str(period), level=level), self.svc.today)
        self.chart.show_period(period, level)

    def eventFilter(self, obj, event) -> bool:  # noqa: N802
        if (
            obj is self.view
            and event.type() == QEvent.Type.KeyPress
            and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
        ):
            self.open_cell(self.view.currentIndex())
            return True
        return super().eventFilter(obj, event)

    def open_cell(self, index: QModelIndex) -> None:
        got = self.model.cell(index)
        if got is None or got[2].status in ("missing", "held"):  # nothing stored to show
            return
        from desktop.gui.dialogs.submission_view import SubmissionDialog

        unit, form, _ = got  # the matrix holds the form's header
        self.submission_dialog = SubmissionDialog(
            self.svc,
            unit,
            self.svc.pack.get(form.id),
            self.period_box.currentData(),
            self,
            actor=self.actor,
        )
        self.submission_dialog.open()  # modal to the window, without a nested event loop
