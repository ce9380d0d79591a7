"""The entry grid's view: STT, Chỉ tiêu and ĐVT frozen on the left while the figures scroll,
Tab/Shift+Tab and Enter visiting only the cells a clerk can type in, Ctrl+V pasting a block
copied from Excel, a small corner mark on cells that carry a justification, and an orange
frame on the cells the province commented on when it returned the form.

The frozen columns are a second `QTableView` over the left edge sharing the model and the
selection (Qt's "frozen column" pattern), so scrolling right never hides the row names.
"""

from __future__ import annotations

from PySide6.QtCore import QPoint, Qt, Signal
from PySide6.QtGui import QColor, QGuiApplication, QKeySequence, QPainter, QPen, QPolygon
from PySide6.QtWidgets import (
    QAbstractItemDelegate,
    QAbstractItemView,
    QHeaderView,
    QStyledItemDelegate,
    QTableView,
)

COMMENT_ROLE = Qt.ItemDataRole.UserRole + 1  # the cell's justification text, if any
PROVINCE_ROLE = Qt.ItemDataRole.UserRole + 2  # the province's comment on a returned form
COMMENT_MARK = QColor("#1f5fa8")
PROVINCE_MARK = QColor("#c2410c")


class CommentMarkDelegate(QStyledItemDelegate):
    """Paints the cell as usual, then a blue triangle in its top-right corner when the cell
    has a justification (as spreadsheets mark a cell note), and an orange frame with a
    triangle in its top-left corner when the province commented on it in a return."""

    SIZE = 7

    def paint(self, painter: QPainter, option, index) -> None:
        super().paint(painter, option, index)
        # the model's Python method, not index.data(): PySide6 6.12 on Python 3.11 drops a
        # reference to None each time index.data() converts an empty value (crash later)
        if index.model().data(index, PROVINCE_ROLE):
            self._province_mark(painter, option.rect)
        if index.model().data(index, COMMENT_ROLE):
            r = option.rect
            painter.save()
            painter.setRenderHint(QPainter.RenderHint.Antialiasing)
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(COMMENT_MARK)
            painter.drawPolygon(
                QPolygon(
                    [
                        QPoint(r.right() - self.SIZE, r.top()),
                        QPoint(r.right(), r.top()),
                        QPoint(r.right(), r.top() + self.SIZE),
                    ]
                )
            )
            painter.restore()

    def _province_mark(self, painter: QPainter, r) -> None:
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(QPen(PROVINCE_MARK, 2))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawRect(r.adjusted(1, 1, -1, -1))
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(PROVINCE_MARK)
        side = self.SIZE + 3
        painter.drawPolygon(
            QPolygon(
                [
                    QPoint(r.left(), r.top()),
                    QPoint(r.left() + side, r.top()),
                    QPoint(r.left(), r.top() + side),
                ]
            )
        )
        painter.restore()


class EntryTable(QTableView):
    """Enter moves down, Tab moves right (to the next typed cell), Ctrl+V pastes."""

    pasted = Signal(list)

    def __init__(self, frozen: int = 2, parent=None) -> None:
        super().__init__(parent)
        self.frozen_count = frozen
        self.frozen = QTableView(self)
        self.frozen.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.frozen.verticalHeader().hide()
        self.frozen.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.frozen.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.frozen.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.frozen.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.frozen.setStyleSheet("QTableView { border: none; border-right: 2px solid #8aa4c8; }")
        self.setHorizontalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.frozen.setVerticalScrollMode(self.verticalScrollMode())
        self.setItemDelegate(CommentMarkDelegate(self))
        self.viewport().stackUnder(self.frozen)
        self.horizontalHeader().sectionResized.connect(self._column_resized)
        self.verticalHeader().sectionResized.connect(
            lambda row, _old, new: self.frozen.setRowHeight(row, new)
        )
        self.frozen.verticalScrollBar().valueChanged.connect(self.verticalScrollBar().setValue)
        self.verticalScrollBar().valueChanged.connect(self.frozen.verticalScrollBar().setValue)
        self.frozen.clicked.connect(self._frozen_clicked)

    # ------------------------------------------------------------ frozen columns

    def setModel(self, model) -> None:  # noqa: N802
        super().setModel(model)
        self.frozen.setModel(model)
        self.frozen.setSelectionModel(self.selectionModel())
        self.frozen.setTextElideMode(self.textElideMode())
        self.frozen.setWordWrap(False)
        for col in range(model.columnCount()):
            self.frozen.setColumnHidden(col, col >= self.frozen_count)
        for col in range(self.frozen_count):
            self.frozen.setColumnWidth(col, self.columnWidth(col))
        self._place_frozen()
        self.frozen.show()

    def setTextElideMode(self, mode) -> None:  # noqa: N802
        super().setTextElideMode(mode)
        self.frozen.setTextElideMode(mode)

    def frozen_width(self) -> int:
        return sum(self.columnWidth(c) for c in range(self.frozen_count))

    def _column_resized(self, col: int, _old: int, new: int) -> None:
        if col < self.frozen_count:
            self.frozen.setColumnWidth(col, new)
            self._place_frozen()

    def _place_frozen(self) -> None:
        self.frozen.setGeometry(
            self.verticalHeader().width() + self.frameWidth(),
            self.frameWidth(),
            self.frozen_width(),
            self.viewport().height() + self.horizontalHeader().height(),
        )

    def resizeEvent(self, event):  # noqa: N802
        super().resizeEvent(event)
        self._place_frozen()

    def updateGeometries(self) -> None:  # noqa: N802
        super().updateGeometries()
        if hasattr(self, "frozen"):
            self._place_frozen()

    def scrollTo(self, index, hint=QAbstractItemView.ScrollHint.EnsureVisible) -> None:  # noqa: N802
        super().scrollTo(index, hint)
        if index.isValid() and index.column() >= self.frozen_count:
            # a cell scrolled "into view" under the frozen columns is still hidden: shift it
            rect = self.visualRect(index)
            hidden = self.frozen_width() - rect.left()
            if hidden > 0:
                bar = self.horizontalScrollBar()
                bar.setValue(bar.value() - hidden)

    def _frozen_clicked(self, index) -> None:
        """A click on a row name selects the row's first cell a clerk can type in."""
        target = self.next_editable(index.row(), self.frozen_count - 1, 1, same_row=True)
        if target is not None:
            self.setCurrentIndex(target)
        self.setFocus()

    # ------------------------------------------------------------ navigation

    def editable(self, index) -> bool:
        return bool(index.isValid() and self.model().flags(index) & Qt.ItemFlag.ItemIsEditable)

    def next_editable(self, row: int, col: int, step: int, *, same_row: bool = False):
        """The next cell a clerk can type in, in reading order (step 1) or backwards (-1)."""
        model = self.model()
        cols = model.columnCount()
        pos = row * cols + col + step
        end = (row + 1) * cols if same_row else model.rowCount() * cols
        start = row * cols if same_row else 0
        while start <= pos < end:
            idx = model.index(pos // cols, pos % cols)
            if self.editable(idx):
                return idx
            pos += step
        return None

    def moveCursor(self, action, modifiers):  # noqa: N802
        moves = {
            QAbstractItemView.CursorAction.MoveNext: 1,
            QAbstractItemView.CursorAction.MovePrevious: -1,
        }
        current = self.currentIndex()
        if action in moves and current.isValid():
            target = self.next_editable(current.row(), current.column(), moves[action])
            return target if target is not None else current
        return super().moveCursor(action, modifiers)

    def closeEditor(self, editor, hint):  # noqa: N802
        if hint == QAbstractItemDelegate.EndEditHint.SubmitModelCache:
            super().closeEditor(editor, QAbstractItemDelegate.EndEditHint.NoHint)
            self.move_down()
            return
        super().closeEditor(editor, hint)

    def commit_editor(self) -> bool:
        """Take the text still being typed in a cell (its editor open, no Enter yet) as
        Enter would, without moving on: the window closing or Ctrl+S never loses it.
        True when there was one."""
        if self.state() != QAbstractItemView.State.EditingState:
            return False
        editor = self.indexWidget(self.currentIndex())
        if editor is None:
            return False
        self.commitData(editor)
        self.closeEditor(editor, QAbstractItemDelegate.EndEditHint.NoHint)
        return True

    def move_down(self) -> None:
        current = self.currentIndex()
        model = self.model()
        row = current.row() + 1
        while row < model.rowCount() and not self.editable(model.index(row, current.column())):
            row += 1
        if row < model.rowCount():
            self.setCurrentIndex(model.index(row, current.column()))

    def keyPressEvent(self, event):  # noqa: N802
        editing = self.state() == QAbstractItemView.State.EditingState
        if event.matches(QKeySequence.StandardKey.Paste):
            text = QGuiApplication.clipboard().text()
            if text:
                errors = self.model().paste(self.currentIndex(), text)
                self.pasted.emit(errors)
            return
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and not editing:
            self.move_down()
            return
        if (
            event.key() in (Qt.Key.Key_Tab, Qt.Key.Key_Backtab)
            and event.modifiers() & Qt.KeyboardModifier.ControlModifier
            and not editing
        ):  # Tab stays among the cells; Ctrl+Tab leaves the grid (to «Hoàn thành» …)
            self.setTabKeyNavigation(False)  # else the view takes the step as a cell move
            self.focusNextPrevChild(event.key() == Qt.Key.Key_Tab)
            self.setTabKeyNavigation(True)
            return
        if event.key() in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace) and not editing:
            self.model().clear([idx for idx in self.selectedIndexes() if self.editable(idx)])
            return
        super().keyPressEvent(event)
