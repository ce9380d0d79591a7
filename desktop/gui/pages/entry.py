"""The entry page for one form: the grid, the issues panel with the justification field,
the narrative tab, and the actions Hoàn thành / Gửi báo cáo / Xuất Excel / Hoàn tác, and the
Excel template's «Biểu mẫu Excel…» / «Nhập từ Excel…» (entry_excel.py).

Keyboard: Tab/Enter move between the cells a clerk types in, Ctrl+J jumps to the
justification of the current cell (Enter there goes back to the grid), Ctrl+H shows the
cell's values in earlier periods, Tab in a narrative moves on (it never types a tab), Enter
on a problem in the list under the grid goes to its cell, Ctrl+S saves the cell being typed
(every cell is saved as it is typed; closing the window saves it too), Ctrl+F finds a row
by its name (entry_find.py).
A message under the grid says what was refused or what is left before «Hoàn thành», and
goes away as soon as it is no longer true.  The grid's view, the issues panel and the
narrative tab are built in entry_panels.py; «Gửi báo cáo…» asks through dialogs/send_choice.py."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QModelIndex, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSplitter,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from desktop.core.entry_session import EntrySession
from desktop.gui.dialogs.error_dialog import show_error
from desktop.gui.models.entry_grid import EntryGridModel
from desktop.gui.pages.entry_carried import carried_button, settle_before_finishing, update_carried
from desktop.gui.pages.entry_excel import template_buttons
from desktop.gui.pages.entry_find import FindBar
from desktop.gui.pages.entry_marks import add_mark_actions
from desktop.gui.pages.entry_panels import IssuesPanel, NarrativesTab, first_figure, grid_table

SEND_THIS, SEND_ALL = "this", "all"


class EntryPage(QWidget):
    back = Signal()
    statusChanged = Signal()

    def __init__(
        self, session: EntrySession, *, on_send=None, on_export_excel=None,
        on_template_loaded=None, parent=None,
    ) -> None:  # fmt: skip
        super().__init__(parent)
        self.session = session
        self.on_send, self.on_export_excel = on_send, on_export_excel
        self.on_template_loaded = on_template_loaded  # (message): open the form again
        form = session.form
        layout = QVBoxLayout(self)
        top = QHBoxLayout()
        back = QPushButton("← Danh sách biểu")
        back.clicked.connect(self.back.emit)
        top.addWidget(back)
        self.title = QLabel(
            f"<b>{form.bieu_so}: {form.title}</b> — {session.unit.name}, "
            + session.period.label.replace(" ", "&nbsp;")  # wrapped whole, never «năm / 2025»
        )
        self.title.setWordWrap(True)  # a long title and a returned form's status both fit
        top.addWidget(self.title, 1)
        self.status = QLabel()
        top.addWidget(self.status)
        layout.addLayout(top)

        self.tabs = QTabWidget()
        # beside the tabs, over the grid's greyed figures (the buttons under the grid fill
        # the row at 1024×768): «Dùng số kỳ trước (N ô)» while there are any
        self.tabs.setCornerWidget(carried_button(self), Qt.Corner.TopRightCorner)
        layout.addWidget(self.tabs, 1)
        grid_tab = QWidget()
        grid_layout = QVBoxLayout(grid_tab)
        grid_layout.setContentsMargins(0, 0, 0, 0)
        split = QSplitter(Qt.Orientation.Vertical)
        self.model = EntryGridModel(session, self)
        self.table = grid_table(self.model)  # entry_panels.py
        self.find_bar = FindBar(self)  # Ctrl+F (entry_find.py)
        grid_layout.addWidget(self.find_bar)
        split.addWidget(self.table)

        panel = IssuesPanel(session.svc.pack)  # entry_panels.py
        self.understood, self.comment = panel.understood, panel.comment
        self.issues_model, self.issues_view = panel.model, panel.view
        self.issues_view.clicked.connect(self.jump_to_issue)
        self.issues_view.activated.connect(self.jump_to_issue)  # Enter on a problem, too
        self.comment.editingFinished.connect(self.save_comment)
        self.comment.returnPressed.connect(self.table.setFocus)
        split.addWidget(panel)
        split.setSizes([520, 200])
        grid_layout.addWidget(split)
        self.tabs.addTab(grid_tab, "Số liệu")

        self.narrative_tab = NarrativesTab(form, session.submission.narratives, self.save_narrative)
        self.narratives = self.narrative_tab.edits
        self.tabs.addTab(self.narrative_tab, "Thuyết minh")

        actions = QHBoxLayout()
        self.undo_button = QPushButton("Hoàn tác")
        self.undo_button.clicked.connect(self.undo)
        self.finish_button = QPushButton("Hoàn thành")
        self.finish_button.clicked.connect(self.finalise)
        self.send_button = QPushButton("Gửi báo cáo…")
        self.send_button.clicked.connect(self.send)
        self.excel_button = QPushButton("Xuất Excel…")
        self.excel_button.clicked.connect(self.export_excel)
        self.message = QLabel("")  # its own line over the buttons, the grid's full width:
        self.message.setWordWrap(True)  # beside them it was 150 px at 1024×768, 7 lines
        self.message.hide()  # shown while it says something (say)
        layout.addWidget(self.message)
        actions.addStretch(1)
        for b in (self.undo_button, self.finish_button, self.send_button, self.excel_button,
                  *template_buttons(self)):  # fmt: skip
            actions.addWidget(b)
        layout.addLayout(actions)

        QShortcut(QKeySequence.StandardKey.Undo, self, activated=self.undo)
        QShortcut(QKeySequence.StandardKey.Save, self, activated=self.save_now)
        QShortcut(QKeySequence.StandardKey.Find, self, activated=self.find_bar.open)
        for text, keys, slot in (
            ("Giải trình ô này", "Ctrl+J", self.focus_comment),
            ("Giá trị 12 kỳ trước", "Ctrl+H", self.show_history),
        ):
            action = QAction(text, self)
            action.setShortcut(QKeySequence(keys))
            action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            action.triggered.connect(slot)
            self.addAction(action)
            self.table.addAction(action)  # also on the grid's right-click menu
        add_mark_actions(self)  # entry_marks.py: «Không phát sinh», «Chưa có số liệu…»
        self.table.setContextMenuPolicy(Qt.ContextMenuPolicy.ActionsContextMenu)
        self._message_kind: str | None = None  # "rejected", "finalise" or None (stays)
        self.model.editRejected.connect(self.show_rejected)
        self.model.notice.connect(lambda text: self.understood.setText("ℹ " + text))
        self.model.changed.connect(self.refresh)
        self.table.pasted.connect(self.after_paste)
        self.table.selectionModel().currentChanged.connect(self.current_changed)
        first = first_figure(self.table, self.model)
        if first is not None:
            self.table.setCurrentIndex(first)  # typing starts in the first figure
        self.refresh()

    def showEvent(self, event):  # noqa: N802
        super().showEvent(event)
        if not getattr(self, "_shown", False):  # once laid out: back to the left edge, where
            self._shown = True  # ĐVT is (Qt scrolled to the first figure while the grid
            QTimer.singleShot(0, self._scroll_home)  # was still narrow, hiding it)

    def _scroll_home(self) -> None:
        self.table.horizontalScrollBar().setValue(0)

    # ----------------------------------------------------------- reactions

    def refresh(self) -> None:
        from desktop.core.trust.returned import PROVINCE_COMMENT

        s = self.session
        returned = any(i.code == PROVINCE_COMMENT for i in s.issues())
        back = " · <b style='color:#c2410c'>bị tỉnh trả lại</b>"
        self.status.setText(
            f"Trạng thái: <b>{s.status_label}</b>{back if returned else ''}"
            f" · Hạn nộp {s.deadline:%d/%m/%Y}"
        )
        explained = {k for k, v in s.submission.comments.items() if v.strip()}
        self.issues_model.set_issues(self.model.rejected_issues() + s.issues(), explained)
        self._update_message()
        self.undo_button.setEnabled(s.can_undo)
        self.send_button.setEnabled(s.status in ("final", "sent"))
        done = s.status in ("final", "sent")  # already finished: a change reopens it as a draft
        self.finish_button.setEnabled(not done)
        self.finish_button.setToolTip(
            "Biểu đã hoàn thành; sửa số liệu sẽ mở lại bản nháp." if done else ""
        )
        self.narrative_tab.count_all()
        update_carried(self)  # «Dùng số kỳ trước (N ô)» while greyed figures are shown
        self._say_reopened()
        self.statusChanged.emit()

    def _say_reopened(self) -> None:
        """An edit of a finished or sent form opens a new revision: say so once, or the
        clerk would leave the change unsent."""
        stored = self.session.stored
        was = getattr(self, "_was", None)
        self._was = (stored.revision, stored.status) if stored else None
        if was and stored and was[1] in ("final", "sent") and stored.revision > was[0]:
            sent = was[1] == "sent"
            self.say(f"Biểu {'đã gửi tỉnh' if sent else 'đã hoàn thành'} nên thay đổi này mở bản "
                     f"sửa lần {stored.revision} (bản lần {was[0]} vẫn giữ). Sửa xong, bấm "
                     f"«Hoàn thành» rồi «Gửi báo cáo…»{' lại' if sent else ''}.")  # fmt: skip

    def say(self, text: str, kind: str | None = None, *, error: bool = False) -> None:
        """The message line under the grid; `kind` says when it goes stale."""
        self._message_kind = kind
        self.message.setText(f"<span style='color:#b00020'>{text}</span>" if error else text)
        self.message.setVisible(bool(text))

    def _update_message(self) -> None:
        """Take back a message that is no longer true (a refused text since corrected, a
        finalisation refused for problems since fixed)."""
        if self._message_kind == "rejected":
            rejected = list(self.model.rejected.values())
            if not rejected:
                self.say("")
            else:
                self.say(f"Không nhận: {rejected[-1][1]}", "rejected", error=True)
        elif self._message_kind == "finalise":
            left = self.what_is_left()
            self.say(left, "finalise", error=True) if left else self.say("")

    def tell(self, result) -> None:
        """What the session said about a typed text: refused (too long) or cleaned."""
        if result.message:
            self.say(result.message if result.ok else f"Không nhận: {result.message}",
                     None, error=not result.ok)  # fmt: skip

    def show_rejected(self, message: str) -> None:
        self.say(f"Không nhận: {message}", "rejected", error=True)

    def after_paste(self, errors: list) -> None:
        if errors:  # the first problem in full; the refused cells stay red and listed
            more = f" (còn {len(errors) - 1} lỗi khác, xem bảng dưới)" if len(errors) > 1 else ""
            self.say(f"Không dán được: {errors[0]}{more}", None, error=True)
        else:
            self.say("Đã dán và lưu số liệu.")

    def commit_editing(self) -> None:
        """Save what is still being typed: a cell's open editor (as Enter would) and a
        justification not yet left.  Called by Ctrl+S and when the window closes."""
        self.table.commit_editor()
        if self.comment.isModified():
            self.save_comment()
            self.comment.setModified(False)

    def save_now(self) -> None:
        """Ctrl+S, out of a clerk's habit: every cell is saved as it is typed, so this
        takes the cell in progress and says that nothing else waits to be saved."""
        self.commit_editing()
        self.current_changed(self.table.currentIndex())  # the cell stays: say its new value
        if self.model.rejected:
            self.show_rejected(list(self.model.rejected.values())[-1][1])
            return
        self.say("Đã lưu. Mỗi ô được lưu ngay khi gõ xong, không cần bấm Ctrl+S.")

    def focus_comment(self) -> None:
        if self.model.key_at(self.table.currentIndex()) is None:
            self.say("Chọn một ô số liệu trước khi giải trình.", "rejected", error=True)
            return
        self.tabs.setCurrentIndex(0)
        self.comment.setFocus()
        self.comment.selectAll()

    def show_history(self) -> None:
        from desktop.gui.widgets.history_popup import show_cell_history

        key = self.model.key_at(self.table.currentIndex())
        if key is not None:
            show_cell_history(self, self.table, self.session, key)

    def current_changed(self, current: QModelIndex, _previous=None) -> None:
        key = self.model.key_at(current)
        self.comment.setEnabled(key is not None)
        self.comment.setText(self.session.submission.comments.get(key, "") if key else "")
        value = self.session.value(*key) if key else None
        if key and value is not None:
            from desktop.core.entry_session import describe

            self.understood.setText(f"Ô đang chọn: {describe(value)}")
        elif key and key in self.model.rejected:
            self.understood.setText(f"Không nhận: {self.model.rejected[key][1]}")
        elif not self.understood.text().startswith("ℹ"):  # what a text was read as stays
            self.understood.setText("")  # an empty cell or a heading: no other cell's value

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
        self.tell(self.session.set_comment(key[0], key[1], self.comment.text()))
        self.model.refresh()

    def save_narrative(self, code: str) -> None:
        self.tell(self.session.set_narrative(code, self.narratives[code].toPlainText()))
        self.narrative_tab.count(code)

    def undo(self) -> None:
        key = self.session.undo()
        if key is None:
            return
        if len(key) == 1 and key[0] in self.narratives:
            self.narrative_tab.reload(key[0], self.session.submission.narratives.get(key[0], ""))
        self.model.refresh()
        self.understood.setText("")  # a note on a text now undone («Đã hiểu …») goes too
        self.current_changed(self.table.currentIndex())  # its value may be the one put back
        self.say("Đã hoàn tác thay đổi gần nhất.")

    def what_is_left(self) -> str:
        """Why «Hoàn thành» is refused now ('' when nothing is left)."""
        if self.model.rejected:
            return (
                f"Chưa thể hoàn thành: còn {len(self.model.rejected)} ô gõ chưa đúng "
                "(chữ đỏ), hãy sửa hoặc xóa."
            )
        if self.session.stored is None:
            return "Biểu chưa có số liệu nào."
        blockers = self.session.blockers()
        if not blockers:
            return ""
        return (
            f"Chưa thể hoàn thành: còn {sum(i.is_error for i in blockers)} lỗi và "
            f"{sum(not i.is_error for i in blockers)} cảnh báo chưa giải trình."
        )

    def finalise(self) -> None:
        from desktop.core.errors import ValidationFailed

        left = self.what_is_left() if self.model.rejected else ""
        if left:
            self.say(left, "finalise", error=True)
            return
        if not settle_before_finishing(self):  # greyed figures of earlier reports left
            return
        try:
            self.session.finalise()
        except ValidationFailed as exc:  # say what is left, in the panel
            self.say(exc.message, "finalise", error=True)
            return
        except Exception as exc:
            show_error(self, exc, pack_of=lambda: self.session.svc.pack)
            return
        self.say("Đã hoàn thành biểu. Có thể «Gửi báo cáo».")
        self.model.refresh()

    def send(self) -> None:
        """Ask what to send (this form, or every finalised form not sent yet), then send."""
        from desktop.gui.dialogs.send_choice import forms_to_send

        if self.on_send is None:
            return
        form_ids = forms_to_send(self, self.session)
        if form_ids is None:
            return
        path = self.on_send(form_ids)
        if path is not None:  # the message under the grid said «Có thể «Gửi báo cáo»»
            self.say(f"Đã tạo gói «{path.name}» trong thư mục «{path.parent}». Gửi tệp này "
                     "cho văn phòng tỉnh.")  # fmt: skip  # where it went, not only its name
        self.model.refresh()  # a sent form: the province's comments of a return are history

    def export_excel(self) -> None:
        from desktop.gui.dialogs import ask

        if self.on_export_excel is None:
            return
        default = f"{self.session.form.id}_{self.session.unit.code}_{self.session.period}.xlsx"
        path = ask.save_file(self, "Xuất biểu ra Excel", "Excel (*.xlsx)", Path.home() / default)
        if path:
            self.on_export_excel(Path(path))
