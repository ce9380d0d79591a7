"""The entry page for one form: the grid, the issues panel with the justification field,
the narrative tab, and the actions Hoàn thành / Gửi báo cáo / Xuất Excel / Hoàn tác."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtGui import QGuiApplication, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemDelegate,
    QAbstractItemView,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from desktop.core.entry_session import EntrySession
from desktop.gui.dialogs.error_dialog import show_error
from desktop.gui.models.entry_grid import EntryGridModel
from desktop.gui.models.issues import IssuesModel


class EntryTable(QTableView):
    """Enter moves down, Tab moves right, Ctrl+V pastes a block copied from Excel."""

    pasted = Signal(list)

    def closeEditor(self, editor, hint):  # noqa: N802
        if hint == QAbstractItemDelegate.EndEditHint.SubmitModelCache:
            super().closeEditor(editor, QAbstractItemDelegate.EndEditHint.NoHint)
            self.move_down()
            return
        super().closeEditor(editor, hint)

    def move_down(self) -> None:
        current = self.currentIndex()
        model = self.model()
        row = current.row() + 1
        while row < model.rowCount() and not (
            model.flags(model.index(row, current.column())) & Qt.ItemFlag.ItemIsEditable
        ):
            row += 1
        if row < model.rowCount():
            self.setCurrentIndex(model.index(row, current.column()))

    def keyPressEvent(self, event):  # noqa: N802
        if event.matches(QKeySequence.StandardKey.Paste):
            text = QGuiApplication.clipboard().text()
            if text:
                errors = self.model().paste(self.currentIndex(), text)
                self.pasted.emit(errors)
            return
        if (
            event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
            and self.state() != QAbstractItemView.State.EditingState
        ):
            self.move_down()
            return
        if (
            event.key() in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace)
            and self.state() != QAbstractItemView.State.EditingState
        ):
            for idx in self.selectedIndexes():
                if self.model().flags(idx) & Qt.ItemFlag.ItemIsEditable:
                    self.model().setData(idx, "")
            return
        super().keyPressEvent(event)


class EntryPage(QWidget):
    back = Signal()
    statusChanged = Signal()

    def __init__(
        self, session: EntrySession, *, on_send=None, on_export_excel=None, parent=None
    ) -> None:
        super().__init__(parent)
        self.session = session
        self.on_send, self.on_export_excel = on_send, on_export_excel
        form = session.form
        layout = QVBoxLayout(self)
        top = QHBoxLayout()
        back = QPushButton("← Danh sách biểu")
        back.clicked.connect(self.back.emit)
        top.addWidget(back)
        self.title = QLabel(
            f"<b>{form.bieu_so}: {form.title}</b> — {session.unit.name}, {session.period.label}"
        )
        top.addWidget(self.title, 1)
        self.status = QLabel()
        top.addWidget(self.status)
        layout.addLayout(top)

        self.tabs = QTabWidget()
        layout.addWidget(self.tabs, 1)
        grid_tab = QWidget()
        grid_layout = QVBoxLayout(grid_tab)
        grid_layout.setContentsMargins(0, 0, 0, 0)
        split = QSplitter(Qt.Orientation.Vertical)
        self.model = EntryGridModel(session, self)
        self.table = EntryTable()
        self.table.setModel(self.model)
        self.table.setEditTriggers(
            QAbstractItemView.EditTrigger.AnyKeyPressed
            | QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
        )
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ContiguousSelection)
        self.table.verticalHeader().setVisible(False)
        header = self.table.horizontalHeader()
        header.resizeSection(0, 46)
        header.resizeSection(1, 400)
        header.resizeSection(2, 96)
        for c in range(3, self.model.columnCount()):
            header.resizeSection(c, 104)
        self.table.setTextElideMode(Qt.TextElideMode.ElideMiddle)
        self.table.setWordWrap(False)
        split.addWidget(self.table)

        panel = QWidget()
        panel_layout = QVBoxLayout(panel)
        panel_layout.setContentsMargins(0, 0, 0, 0)
        self.understood = QLabel("")
        self.understood.setWordWrap(True)
        panel_layout.addWidget(self.understood)
        labels = {i.code: i.label for i in form.iter_indicators()}
        self.issues_model = IssuesModel(labels, self)
        self.issues_view = QTableView()
        self.issues_view.setModel(self.issues_model)
        self.issues_view.verticalHeader().setVisible(False)
        self.issues_view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.issues_view.horizontalHeader().setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.issues_view.horizontalHeader().resizeSection(0, 150)
        self.issues_view.horizontalHeader().resizeSection(1, 240)
        self.issues_view.clicked.connect(self.jump_to_issue)
        panel_layout.addWidget(self.issues_view)
        comment_row = QHBoxLayout()
        comment_row.addWidget(QLabel("Giải trình cho ô đang chọn:"))
        self.comment = QLineEdit()
        self.comment.setPlaceholderText("Giải thích số liệu có cảnh báo (bắt buộc để hoàn thành)")
        self.comment.editingFinished.connect(self.save_comment)
        comment_row.addWidget(self.comment, 1)
        panel_layout.addLayout(comment_row)
        split.addWidget(panel)
        split.setSizes([520, 200])
        grid_layout.addWidget(split)
        self.tabs.addTab(grid_tab, "Số liệu")

        narr_tab = QWidget()
        narr_layout = QVBoxLayout(narr_tab)
        self.narratives: dict[str, QPlainTextEdit] = {}
        self.counts: dict[str, QLabel] = {}
        for n in form.narratives:
            head = QHBoxLayout()
            head.addWidget(QLabel(f"<b>{n.title}</b>"))
            count = QLabel()
            head.addStretch(1)
            head.addWidget(count)
            narr_layout.addLayout(head)
            edit = QPlainTextEdit(session.submission.narratives.get(n.code, ""))
            edit.textChanged.connect(lambda code=n.code: self.save_narrative(code))
            narr_layout.addWidget(edit, 1)
            self.narratives[n.code] = edit
            self.counts[n.code] = count
        self.tabs.addTab(narr_tab, "Thuyết minh")

        actions = QHBoxLayout()
        self.undo_button = QPushButton("Hoàn tác")
        self.undo_button.clicked.connect(self.undo)
        self.finish_button = QPushButton("Hoàn thành")
        self.finish_button.clicked.connect(self.finalise)
        self.send_button = QPushButton("Gửi báo cáo…")
        self.send_button.clicked.connect(lambda: self.on_send and self.on_send())
        self.excel_button = QPushButton("Xuất Excel…")
        self.excel_button.clicked.connect(self.export_excel)
        self.message = QLabel("")
        self.message.setWordWrap(True)
        actions.addWidget(self.message, 1)
        for b in (self.undo_button, self.finish_button, self.send_button, self.excel_button):
            actions.addWidget(b)
        layout.addLayout(actions)

        QShortcut(QKeySequence.StandardKey.Undo, self, activated=self.undo)
        self.model.editRejected.connect(self.show_rejected)
        self.model.notice.connect(lambda text: self.understood.setText("ℹ " + text))
        self.model.changed.connect(self.refresh)
        self.table.pasted.connect(self.after_paste)
        self.table.selectionModel().currentChanged.connect(self.current_changed)
        self.refresh()

    # ----------------------------------------------------------- reactions

    def refresh(self) -> None:
        s = self.session
        self.status.setText(f"Trạng thái: <b>{s.status_label}</b> · Hạn nộp {s.deadline:%d/%m/%Y}")
        explained = {k for k, v in s.submission.comments.items() if v.strip()}
        self.issues_model.set_issues(s.issues(), explained)
        self.undo_button.setEnabled(s.can_undo)
        self.send_button.setEnabled(s.status in ("final", "sent"))
        for code, edit in self.narratives.items():
            self.counts[code].setText(f"{len(edit.toPlainText()):,} ký tự".replace(",", "."))
        self.statusChanged.emit()

    def show_rejected(self, message: str) -> None:
        self.message.setText(f"<span style='color:#b00020'>Không nhận: {message}</span>")

    def after_paste(self, errors: list) -> None:
        if errors:
            self.show_rejected(f"{len(errors)} ô không dán được — " + errors[0])
        else:
            self.message.setText("Đã dán và lưu số liệu.")

    def current_changed(self, current: QModelIndex, _previous=None) -> None:
        key = self.model.key_at(current)
        self.comment.setEnabled(key is not None)
        self.comment.setText(self.session.submission.comments.get(key, "") if key else "")
        value = self.session.value(*key) if key else None
        if key and value is not None:
            from desktop.core.entry_session import describe

            self.understood.setText(f"Ô đang chọn: {describe(value)}")

    def jump_to_issue(self, index: QModelIndex) -> None:
        issue = self.issues_model.issues[index.row()]
        loc = issue.location
        if loc.narrative:
            self.tabs.setCurrentIndex(1)
            if loc.narrative in self.narratives:
                self.narratives[loc.narrative].setFocus()
            return
        if loc.indicator:
            self.tabs.setCurrentIndex(0)
            target = self.model.index_of(loc.indicator, loc.measure)
            if target.isValid():
                self.table.setCurrentIndex(target)
                self.table.scrollTo(target)
                self.table.setFocus()

    def save_comment(self) -> None:
        key = self.model.key_at(self.table.currentIndex())
        if key is None:
            return
        self.session.set_comment(key[0], key[1], self.comment.text())
        self.model.refresh()

    def save_narrative(self, code: str) -> None:
        self.session.set_narrative(code, self.narratives[code].toPlainText())
        self.counts[code].setText(
            f"{len(self.narratives[code].toPlainText()):,} ký tự".replace(",", ".")
        )

    def undo(self) -> None:
        key = self.session.undo()
        if key is None:
            return
        if len(key) == 1 and key[0] in self.narratives:
            edit = self.narratives[key[0]]
            edit.blockSignals(True)
            edit.setPlainText(self.session.submission.narratives.get(key[0], ""))
            edit.blockSignals(False)
        self.model.refresh()
        self.message.setText("Đã hoàn tác thay đổi gần nhất.")

    def finalise(self) -> None:
        try:
            self.session.finalise()
        except Exception as exc:  # ValidationFailed: say what is left, in the panel
            from desktop.core.errors import ValidationFailed

            if isinstance(exc, ValidationFailed):
                self.message.setText(f"<span style='color:#b00020'>{exc.message}</span>")
                return
            show_error(self, exc)
            return
        self.message.setText("Đã hoàn thành biểu. Có thể «Gửi báo cáo».")
        self.model.refresh()

    def export_excel(self) -> None:
        if self.on_export_excel is None:
            return
        default = f"{self.session.form.id}_{self.session.unit.code}_{self.session.period}.xlsx"
        path, _ = QFileDialog.getSaveFileName(
            self, "Xuất biểu ra Excel", str(Path.home() / default), "Excel (*.xlsx)"
        )
        if path:
            self.on_export_excel(Path(path))
