"""Ctrl+F on the entry page: a line over the grid finds a row by its name, with or without
diacritics («chi thuong xuyen» finds «Chi thường xuyên»), or by its code; the cursor goes
to the row's first cell a clerk types in as the text is typed.  Enter goes to the next row
found, Esc closes the line and gives the grid the keyboard on that row.  A clerk of Biểu 18
(146 rows) or Biểu 15 (86) no longer scrolls and reads to find a row."""

from __future__ import annotations

from html import escape

from PySide6.QtCore import QEvent, Qt
from PySide6.QtWidgets import QHBoxLayout, QLabel, QLineEdit, QWidget

from desktop.core.units import fold


class FindBar(QWidget):
    def __init__(self, page, parent=None) -> None:
        super().__init__(parent)
        self.page = page
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 4)
        layout.addWidget(QLabel("Tìm chỉ tiêu:"))
        self.edit = QLineEdit()
        self.edit.setPlaceholderText(
            "Gõ tên (có dấu hoặc không) hoặc mã; Enter: dòng tiếp theo, Esc: về bảng"
        )
        self.edit.textChanged.connect(lambda _text: self.find(0))
        self.edit.installEventFilter(self)
        layout.addWidget(self.edit, 1)
        self.said = QLabel("")
        layout.addWidget(self.said)
        self.found: list[int] = []
        self.at = 0
        self.hide()

    def open(self) -> None:
        self.page.commit_editing()  # a figure being typed is saved before the cursor moves
        self.show()
        self.edit.setFocus()
        self.edit.selectAll()
        self.find(0)

    def close_bar(self) -> None:
        self.hide()
        self.page.table.setFocus()

    def rows_matching(self, text: str) -> list[int]:
        """The grid's rows whose name (or a heading's title) holds `text` folded, or whose
        indicator code is `text`."""
        want = fold(text)
        found = []
        for r, row in enumerate(self.page.model.rows):
            name = row.indicator.label if row.indicator is not None else row.section.title
            code = row.indicator.code if row.indicator is not None else ""
            if want in fold(name) or text.strip().upper() == code:
                found.append(r)
        return found

    def find(self, step: int) -> None:
        """Go to the row found first (step 0, as typed) or to the next one (step 1)."""
        text = self.edit.text()
        if not text.strip():
            self.found = []
            self.said.setText("")
            return
        if step == 0:
            self.found, self.at = self.rows_matching(text), 0
        elif self.found:
            self.at = (self.at + step) % len(self.found)
        if not self.found:
            self.said.setText(
                f"<span style='color:#b00020'>Không có chỉ tiêu nào có «{escape(text)}»</span>"
            )
            return
        self.said.setText(f"{self.at + 1}/{len(self.found)}")
        self.go(self.found[self.at])

    def go(self, row: int) -> None:
        table, model = self.page.table, self.page.model
        target = table.next_editable(row, table.frozen_count - 1, 1, same_row=True)
        target = target if target is not None else model.index(row, 1)
        table.setCurrentIndex(target)
        table.scrollTo(target, table.ScrollHint.PositionAtCenter)  # the rows around it too

    def eventFilter(self, obj, event) -> bool:  # noqa: N802
        if obj is self.edit and event.type() == QEvent.Type.KeyPress:
            if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                self.find(1)
                return True
            if event.key() == Qt.Key.Key_Escape:
                self.close_bar()
                return True
        return super().eventFilter(obj, event)
