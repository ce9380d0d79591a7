"""A received submission, read-only: figures, narratives, revision history and comments."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QPlainTextEdit,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
)

from desktop.core.formdef.layout import form_rows
from desktop.core.formdef.period_form import form_for_period
from desktop.core.numbers import format_vn
from desktop.core.vn_time import status_word, vn_datetime

RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter


class SubmissionDialog(QDialog):
    def __init__(self, svc, unit, form, period, parent=None, actor: str | None = None) -> None:
        super().__init__(parent)  # actor: the officer who signs a review decision
        form = form_for_period(form, period)  # the period's columns only (period_form.py)
        self.setWindowTitle(f"{form.bieu_so} — {unit.name} — {period.label}")
        self.resize(1000, 640)
        stored = svc.repo.get(unit.code, unit.key[1], form.id, str(period))
        layout = QVBoxLayout(self)
        self.tabs = tabs = QTabWidget()
        layout.addWidget(tabs)
        cat = svc.pack.catalog
        measures = [m for m in form.measures if any(k[1] == m for k in stored.submission.values)]
        rows = form_rows(form)
        self.grid = grid = QTableWidget(len(rows), 3 + len(measures))
        grid.setHorizontalHeaderLabels(
            ["STT", "Chỉ tiêu", "ĐVT", *[cat.measure(m).short for m in measures]]
        )
        grid.verticalHeader().setVisible(False)
        grid.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        for r, row in enumerate(rows):
            grid.setItem(r, 0, QTableWidgetItem(row.stt))
            if row.indicator is None:
                heading = QTableWidgetItem(row.section.title.upper())
                font = heading.font()
                font.setBold(True)
                heading.setFont(font)
                grid.setItem(r, 1, heading)
                continue
            ind = row.indicator
            grid.setItem(r, 1, QTableWidgetItem("    " * (row.level - 1) + ind.label))
            grid.setItem(r, 2, QTableWidgetItem(cat.unit(ind.unit).label))
            for c, m in enumerate(measures):
                v = stored.submission.values.get((ind.code, m))
                figure = v is not None and not isinstance(v, str)
                item = QTableWidgetItem(format_vn(v) if figure else (v or ""))
                if figure:  # figures line up on the right, as in the entry grid
                    item.setTextAlignment(RIGHT)
                comment = stored.submission.comments.get((ind.code, m))
                if comment:
                    item.setToolTip(f"Giải trình: {comment}")
                grid.setItem(r, 3 + c, item)
        grid.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        tabs.addTab(grid, "Số liệu")
        text = QPlainTextEdit()
        text.setReadOnly(True)
        text.setPlainText(
            "\n\n".join(
                f"{n.title}:\n{stored.submission.narratives.get(n.code, '(không có)')}"
                for n in form.narratives
            )
        )
        tabs.addTab(text, "Thuyết minh")
        comments = stored.submission.comments
        ctable = QTableWidget(len(comments), 3)
        ctable.setHorizontalHeaderLabels(["Chỉ tiêu", "Cột", "Giải trình"])
        imap = form.indicator_map()
        for r, ((ind, m), c) in enumerate(sorted(comments.items())):
            ctable.setItem(r, 0, QTableWidgetItem(imap[ind].label if ind in imap else ind))
            ctable.setItem(r, 1, QTableWidgetItem(cat.measure(m).short if cat.measure(m) else m))
            ctable.setItem(r, 2, QTableWidgetItem(c))
        ctable.horizontalHeader().setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        tabs.addTab(ctable, f"Giải trình ({len(comments)})")
        history = svc.repo.history(unit.code, unit.key[1], form.id, str(period))
        self.history_table = htable = QTableWidget(len(history), 4)
        htable.setHorizontalHeaderLabels(["Lần", "Trạng thái", "Lập lúc", "Hiện hành"])
        for r, h in enumerate(history):
            for c, text_value in enumerate(
                [
                    str(h.revision),
                    status_word(h.status),
                    vn_datetime(h.created_at),
                    "có" if h.is_current else "",
                ]
            ):
                htable.setItem(r, c, QTableWidgetItem(text_value))
        htable.horizontalHeader().setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        tabs.addTab(htable, f"Lịch sử ({len(history)} lần)")
        if stored.origin == "imported":  # «Chấp nhận» / «Trả lại» (gui/dialogs/review.py)
            from desktop.gui.dialogs.review import ReviewPanel

            self.review = ReviewPanel(svc, unit, form, period, stored, actor=actor)
            tabs.addTab(self.review, "Xem xét")
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.button(QDialogButtonBox.StandardButton.Close).setText("Đóng")
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
