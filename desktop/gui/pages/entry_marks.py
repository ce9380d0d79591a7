"""The entry page's row marks (desktop/core/entry_marks.py): on the grid's right-click menu
and by keyboard, «Không phát sinh (số 0 thật)» (Ctrl+0), «Chưa có số liệu…» (Ctrl+M, asks
the reason) and «Bỏ đánh dấu», for the row of the current cell.  A required row is then
finished without a made-up figure, as the validation message asks."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence

from desktop.core.marks import CHUA_CO_SO_LIEU, KHONG_PHAT_SINH
from desktop.gui.dialogs import ask

ACTIONS = (
    ("Không phát sinh (số 0 thật)", "Ctrl+0", KHONG_PHAT_SINH),
    ("Chưa có số liệu…", "Ctrl+M", CHUA_CO_SO_LIEU),
    ("Bỏ đánh dấu", None, None),
)


def add_mark_actions(page) -> None:
    """Put the three actions on `page` (an EntryPage) and its grid's right-click menu."""
    for text, keys, kind in ACTIONS:
        action = QAction(text, page)
        if keys:
            action.setShortcut(QKeySequence(keys))
            action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        action.triggered.connect(lambda _=False, kind=kind: mark_current_row(page, kind))
        page.addAction(action)
        page.table.addAction(action)


def mark_current_row(page, kind: str | None) -> None:
    """Mark the current cell's row (None: take its mark off), asking the reason of a
    «chưa có số liệu»; what was done, or why not, is said on the page's message line."""
    index = page.table.currentIndex()
    row = page.model.rows[index.row()] if index.isValid() else None
    ind = row.indicator if row is not None else None
    if ind is None:
        page.say("Chọn một ô của dòng chỉ tiêu cần đánh dấu.", error=True)
        return
    reason = ""
    if kind == CHUA_CO_SO_LIEU:
        old = page.session.mark_of(ind.code)
        got = ask.text(
            page,
            "Chưa có số liệu",
            f"Lý do «{ind.label}» chưa có số liệu:",
            old.reason if old is not None else "",
        )
        if got is None:
            return
        reason = got
    result = page.session.set_mark(ind.code, kind, reason)
    if not result.ok:
        page.say(result.message, error=True)
        return
    page.model.refresh()
    done = "Đã bỏ đánh dấu" if kind is None else "Đã đánh dấu"
    page.say(f"{done} dòng «{ind.label}».")
    page.table.setFocus()
