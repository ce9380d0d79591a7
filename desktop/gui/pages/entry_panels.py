"""The parts of the entry page (desktop/gui/pages/entry.py): the grid as it shows it
(`grid_table`, `first_figure`), the issues panel under the grid (what the current cell was read as, the form's issues — a click jumps to the
place — and the justification of the current cell) and the narrative tab (one text per
narrative part, with its length).  Widgets only: the page wires them to its session."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont, QFontMetrics
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from desktop.core.marks import MARK_LABELS, actual_measures
from desktop.gui.models.issues import IssuesModel
from desktop.gui.widgets.entry_table import PROVINCE_ROLE, EntryTable


def grid_table(model) -> EntryTable:
    """The grid over `model` (an EntryGridModel): typing starts an edit, the STT, Chỉ tiêu
    and ĐVT columns stay put when scrolling sideways (the unit is read while typing in any
    column: scrolled, it went under the row names, «ệu đồng» at 1024×768), long labels are
    cut with «…»."""
    table = EntryTable(frozen=3)
    table.setEditTriggers(
        QAbstractItemView.EditTrigger.AnyKeyPressed
        | QAbstractItemView.EditTrigger.DoubleClicked
        | QAbstractItemView.EditTrigger.EditKeyPressed
    )
    table.setSelectionMode(QAbstractItemView.SelectionMode.ContiguousSelection)
    table.verticalHeader().setVisible(False)
    table.setTextElideMode(Qt.TextElideMode.ElideRight)
    table.setWordWrap(False)
    table.setModel(model)
    header = table.horizontalHeader()
    header.resizeSection(0, 46)
    header.resizeSection(1, 360)
    header.resizeSection(2, 96)
    # a figure's column: 104 px, or its heading's width («Ước % cùng kỳ»), or a row's mark
    # in words where a mark is written («chưa có số liệu» was cut to «chưa có số li…»)
    marked = set(actual_measures(model.session.form))
    for c in range(3, model.columnCount()):
        text = model.headerData(c, Qt.Orientation.Horizontal)
        head = header.fontMetrics().horizontalAdvance(text)
        mark = mark_width(table) if model.measures[c - 3] in marked else 0
        header.resizeSection(c, max(104, head + 16, mark))
    return table


def mark_width(table) -> int:
    """The width a figure's column needs for a row mark in words, italic as the grid shows
    it (at the app's 10 points)."""
    italic = QFont(table.font())
    italic.setItalic(True)
    return 12 + max(map(QFontMetrics(italic).horizontalAdvance, MARK_LABELS.values()))


def first_figure(table: EntryTable, model):
    """Where typing starts: on a form the province returned, the first cell it commented
    on; else the first figure of the first column (else the first cell a clerk types in),
    or None."""
    cells = (model.index(r, c) for r in range(model.rowCount()) for c in range(3, model.columnCount()))
    return next(
        (idx for idx in cells if model.data(idx, PROVINCE_ROLE) and table.editable(idx)),
        next(
            (idx for r in range(model.rowCount()) if table.editable(idx := model.index(r, 3))),
            table.next_editable(0, -1, 1),
        ),
    )


class IssuesPanel(QWidget):
    """Under the grid: `understood` (the current cell as read), `view` over `model` (the
    issues, by the names the clerk reads) and `comment` (the current cell's justification)."""

    def __init__(self, pack, parent=None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.understood = QLabel("")
        self.understood.setWordWrap(True)
        layout.addWidget(self.understood)
        self.model = IssuesModel(pack, self)
        self.view = QTableView()
        self.view.setModel(self.model)
        self.view.verticalHeader().setVisible(False)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setTabKeyNavigation(False)  # one Tab passes the list (arrows move in it)
        header = self.view.horizontalHeader()
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        header.resizeSection(0, self.view.fontMetrics().horizontalAdvance("Cảnh báo") + 24)
        header.resizeSection(1, 320)
        # a message (the province's comment, a rule's explanation) is read whole: its row
        # grows to the wrapped text instead of ending in «…» at 1366 pixels
        self.view.setWordWrap(True)
        self.view.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        layout.addWidget(self.view)
        row = QHBoxLayout()
        row.addWidget(QLabel("Giải trình cho ô đang chọn (Ctrl+J):"))
        self.comment = QLineEdit()
        self.comment.setPlaceholderText(
            "Giải thích số liệu có cảnh báo (bắt buộc để hoàn thành); Enter để quay lại bảng"
        )
        row.addWidget(self.comment, 1)
        layout.addLayout(row)


class NarrativesTab(QWidget):
    """«Thuyết minh»: an editor per narrative part of `form` (`edits`, by code) holding the
    session's text, and its length in characters (`counts`).  `edited(code)` is called as
    the clerk types; Tab moves on (it never types a tab)."""

    def __init__(self, form, texts: dict[str, str], edited, parent=None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        self.edits: dict[str, QPlainTextEdit] = {}
        self.counts: dict[str, QLabel] = {}
        for n in form.narratives:
            head = QHBoxLayout()
            head.addWidget(QLabel(f"<b>{n.title}</b>"))
            count = QLabel()
            head.addStretch(1)
            head.addWidget(count)
            layout.addLayout(head)
            edit = QPlainTextEdit(texts.get(n.code, ""))
            edit.setTabChangesFocus(True)
            edit.textChanged.connect(lambda code=n.code: edited(code))
            layout.addWidget(edit, 1)
            self.edits[n.code] = edit
            self.counts[n.code] = count

    def count(self, code: str) -> None:
        """Show the length of one part's text (Vietnamese thousands: «1.234 ký tự»)."""
        self.counts[code].setText(
            f"{len(self.edits[code].toPlainText()):,} ký tự".replace(",", ".")
        )

    def count_all(self) -> None:
        for code in self.edits:
            self.count(code)

    def reload(self, code: str, text: str) -> None:
        """Put back a part's text (an undo) without it counting as typed."""
        edit = self.edits[code]
        edit.blockSignals(True)
        edit.setPlainText(text)
        edit.blockSignals(False)
