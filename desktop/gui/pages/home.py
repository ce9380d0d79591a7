"""The clerk's home: pick the period; the forms with their status and deadline (in red with
«· quá hạn» once passed and the form not sent, the days in its tooltip)."""

from __future__ import annotations

from decimal import Decimal

from PySide6.QtCore import QEvent, QModelIndex, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from desktop.core.clerk_home import form_statuses, outside_unit
from desktop.core.numbers import format_vn
from desktop.gui.dialogs.enrolment import request_button
from desktop.gui.dialogs.feedback_import import feedback_button
from desktop.gui.models.base import ListTableModel
from desktop.gui.period_picker import PeriodPicker
from desktop.gui.report_actions import unit_report_button

STATUS_COLORS = {
    "empty": "#ffffff",
    "draft": "#fff6d6",
    "errors": "#f6c9c9",
    "final": "#dff0d8",
    "sent": "#cfe3f7",
    "returned": "#fdba74",  # the province's orange (the entry grid's marks), stronger
}
RETURNED_TEXT = "#7c2d12"
LATE_TEXT = "#b00020"  # the red of the app's refusals


class FormListModel(ListTableModel):
    HEADERS = ["Biểu số", "Tên biểu", "Trạng thái", "Hạn nộp", "Lần gửi", "Lỗi / cảnh báo"]
    today = None  # the page's day (svc.today): a form not sent past its deadline says so

    def days_late(self, it) -> int:
        """Days past the deadline of a form not sent (0: not late); a returned form is
        marked by its return instead."""
        if self.today is None or it.status in ("sent", "returned") or self.today <= it.deadline:
            return 0
        return (self.today - it.deadline).days

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        it = self.items[index.row()]
        late = self.days_late(it) if index.column() == 3 else 0
        if late and role == Qt.ItemDataRole.ForegroundRole:
            return QBrush(QColor(LATE_TEXT))
        if late and role == Qt.ItemDataRole.ToolTipRole:
            return f"Đã quá hạn nộp {format_vn(Decimal(late))} ngày: hoàn thành và gửi sớm."
        if role == Qt.ItemDataRole.DisplayRole:
            return [
                it.form.bieu_so,
                it.form.title,
                it.label,
                f"{it.deadline:%d/%m/%Y}" + (" · quá hạn" if late else ""),  # days: tooltip
                str(it.sends or ""),
                f"{it.errors} / {it.warnings}"
                if {it.status, it.correction} & {"draft", "errors"}
                else "",
            ][index.column()]
        if index.column() != 2:
            return None
        if role == Qt.ItemDataRole.BackgroundRole:
            return QBrush(QColor(STATUS_COLORS[it.status]))
        if it.status != "returned":
            return None
        if role == Qt.ItemDataRole.ToolTipRole:
            return it.note
        if role == Qt.ItemDataRole.ForegroundRole:
            return QBrush(QColor(RETURNED_TEXT))
        if role == Qt.ItemDataRole.FontRole:
            font = QFont()
            font.setBold(True)
            return font
        return None


HINT = (
    "Bấm đúp (hoặc chọn rồi nhấn Enter) vào một biểu để nhập số liệu. Số liệu được lưu ngay khi gõ."
)


class HomePage(QWidget):
    openForm = Signal(object, object)  # (FormDefinition, Period)
    periodChanged = Signal(object)

    def __init__(self, svc, unit, parent=None, period=None) -> None:
        super().__init__(parent)
        self.svc, self.unit = svc, unit
        layout = QVBoxLayout(self)
        # the name on its own line: beside the period and the three buttons a longer name
        # was cut at 1024×768 («Thành phố Lạ»)
        layout.addWidget(QLabel(f"<h2>{unit.name}</h2>"))
        head = QHBoxLayout()
        head.addStretch(1)
        head.addWidget(QLabel("Kỳ báo cáo:"))
        self.period_box = PeriodPicker(svc)
        if period is not None:  # the window's remembered period: the list is made once
            self.period_box.select_period(period)
        head.addWidget(self.period_box)
        head.addWidget(unit_report_button(self))  # the draft báo cáo (.docx)
        head.addWidget(feedback_button(self))  # decisions and returns from the province
        head.addWidget(request_button(self))  # enrolment of this installation's key
        layout.addLayout(head)
        self.hint = QLabel(HINT)  # or, for a period this unit does not report, why not
        self.hint.setWordWrap(True)
        layout.addWidget(self.hint)
        self.model = FormListModel(self)
        self.view = QTableView()
        self.view.setModel(self.model)
        self.view.verticalHeader().setVisible(False)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        # a long name wraps onto a second line instead of ending in «…» (at 1024×768 the
        # column is about 280 px: «Thanh tra, tiếp công dân, giải quyết khi…»)
        self.view.setWordWrap(True)
        self.view.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header = self.view.horizontalHeader()
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        header.resizeSection(0, 110)
        header.resizeSection(2, 130)
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.ResizeToContents)  # «· quá N ngày»
        header.resizeSection(4, 70)
        header.resizeSection(5, 110)
        self.view.doubleClicked.connect(self._open)
        self.view.installEventFilter(self)  # Enter opens the selected form
        layout.addWidget(self.view, 1)
        self.period_box.currentIndexChanged.connect(self.refresh)
        self.refresh()

    def showEvent(self, event):  # noqa: N802
        """The first time shown, the list takes the keyboard on its first form (the
        navigation list had it, so Enter opened nothing and ↓ went to «Cài đặt»)."""
        super().showEvent(event)
        if getattr(self, "_shown", False):
            return
        self._shown = True
        self.view.setFocus()

    @property
    def period(self):
        return self.period_box.currentData()

    def select_period(self, period) -> None:
        self.period_box.select_period(period)

    def refresh(self) -> None:
        """The forms' statuses again, the cursor kept on the form it was on (back from a
        form, or another period), so Enter opens it without finding it again; else on the
        first form."""
        current = self.view.currentIndex()
        was = self.model.items[current.row()].form.id if current.isValid() else None
        why = outside_unit(self.unit, self.period)
        self.hint.setText(f"<span style='color:#b00020'>{why}</span>" if why else HINT)
        self.model.today = self.svc.today
        self.model.set_items(form_statuses(self.svc, self.unit, self.period))
        row = next((i for i, it in enumerate(self.model.items) if it.form.id == was), None)
        if row is None and self.model.items:  # else on the first form: Enter opens it
            row, current = 0, self.model.index(0, 0)
        if row is not None:
            self.view.setCurrentIndex(self.model.index(row, current.column()))
        self.periodChanged.emit(self.period)

    def eventFilter(self, obj, event) -> bool:  # noqa: N802
        if (
            obj is self.view
            and event.type() == QEvent.Type.KeyPress
            and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
        ):
            self._open(self.view.currentIndex())
            return True
        return super().eventFilter(obj, event)

    def _open(self, index: QModelIndex) -> None:
        if not index.isValid():
            return
        self.openForm.emit(self.model.items[index.row()].form, self.period)
