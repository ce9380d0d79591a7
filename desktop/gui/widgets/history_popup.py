"""The per-value history popup (Ctrl+H or the grid's context menu): this unit's value of
the current cell in its last 12 periods, newest first, as DHIS2 shows beside a data value.
A small frameless list under the cell, kept whole on the screen; Esc or a click elsewhere
closes it."""

from __future__ import annotations

from decimal import Decimal

from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QFrame, QLabel, QTableWidget, QTableWidgetItem, QVBoxLayout

from desktop.core.numbers import format_vn
from desktop.core.series import cell_history
from desktop.core.vn_time import STATUS_WORDS


class HistoryPopup(QFrame):
    def __init__(self, title: str, rows, parent=None) -> None:
        super().__init__(parent, Qt.WindowType.Popup)
        self.setFrameShape(QFrame.Shape.Box)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addWidget(QLabel(f"<b>{title}</b> — 12 kỳ trước"))
        self.table = QTableWidget(len(rows), 3)
        self.table.setHorizontalHeaderLabels(["Kỳ", "Giá trị", "Trạng thái"])
        self.table.verticalHeader().setVisible(False)
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        for r, (period, value, status) in enumerate(rows):
            self.table.setItem(r, 0, QTableWidgetItem(period.label))
            shown = format_vn(value) if isinstance(value, Decimal) else (value or "—")
            item = QTableWidgetItem(shown)
            item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            self.table.setItem(r, 1, item)
            self.table.setItem(
                r,
                2,
                QTableWidgetItem(
                    STATUS_WORDS.get(status, "chưa báo cáo").lower() if status else "chưa báo cáo"
                ),
            )
        self.table.verticalHeader().setDefaultSectionSize(22)
        self.table.resizeColumnsToContents()
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.setMinimumWidth(400)
        self.table.setMinimumHeight(min(22 * len(rows) + 32, 320))
        layout.addWidget(self.table)

    def values(self) -> list[str]:
        return [self.table.item(r, 1).text() for r in range(self.table.rowCount())]


def on_screen(size, below, above, screen) -> QPoint:
    """Where the popup goes: under the cell (`below`, its bottom-left corner) as far as the
    screen allows, moved left to stay whole (a cell of the right-hand columns at 1366 pixels
    put half the list past the edge), above the cell (`above`) when there is no room under."""
    room = screen.availableGeometry()
    x = max(room.left(), min(below.x(), room.right() + 1 - size.width()))
    y = below.y() if below.y() + size.height() <= room.bottom() + 1 else above.y() - size.height()
    return QPoint(x, max(room.top(), y))


def show_cell_history(parent, table_view, session, key) -> HistoryPopup:
    rows = cell_history(session.repo, session.unit, session.form.id, key[0], key[1], session.period)
    ind = session.indicators[key[0]]
    column = session.catalog.measure(key[1]).short
    popup = HistoryPopup(f"{ind.label}, {column}", rows, parent)
    index = table_view.model().index_of(*key)
    rect = table_view.visualRect(index)
    viewport = table_view.viewport()
    popup.adjustSize()  # its real size before it is placed
    popup.move(on_screen(popup.size(), viewport.mapToGlobal(rect.bottomLeft()),
                         viewport.mapToGlobal(rect.topLeft()), table_view.screen()))  # fmt: skip
    popup.show()
    parent.history_popup = popup
    return popup
