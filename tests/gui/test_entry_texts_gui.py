"""The clerk's justification typed in the entry page: a right-to-left override is dropped
and the page says so; a pasted text over the limit is refused on the message line and the
stored justification stays."""

from __future__ import annotations

import pytest

pytest.importorskip("PySide6")
from PySide6.QtCore import Qt  # noqa: E402
from PySide6.QtGui import QGuiApplication  # noqa: E402

from desktop.core.texts import MAX_COMMENT_CHARS  # noqa: E402
from tests.gui.conftest import type_text  # noqa: E402
from tests.gui.test_gui_flows import H1, type_into, unit_window  # noqa: E402


def test_a_typed_justification_is_cleaned_and_a_pasted_long_one_refused(qtbot, tmp_path):
    svc, window = unit_window(qtbot, tmp_path)
    page = window.open_form(svc.pack.get("ngan_sach"), H1)
    model, table = page.model, page.table
    type_into(qtbot, table, model.index_of("NS_THU", "th_ky"), "209.435")
    table.setCurrentIndex(model.index_of("NS_THU", "th_ky"))

    page.comment.setFocus()
    type_text(page.comment, "Tăng do thuế \u202eđất")
    qtbot.keyClick(page.comment, Qt.Key.Key_Return)
    assert page.session.submission.comments[("NS_THU", "th_ky")] == "Tăng do thuế đất"
    assert "Giải trình" in page.message.text() and "RLO" in page.message.text()

    page.comment.setFocus()
    page.comment.selectAll()
    QGuiApplication.clipboard().setText("x" * (MAX_COMMENT_CHARS + 1))
    qtbot.keyClick(page.comment, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(page.comment, Qt.Key.Key_Return)
    assert "Không nhận" in page.message.text() and "tối đa 2.000 ký tự" in page.message.text()
    stored = svc.repo.get("178", "", "ngan_sach", "2023-H1").submission
    assert stored.comments[("NS_THU", "th_ky")] == "Tăng do thuế đất"
