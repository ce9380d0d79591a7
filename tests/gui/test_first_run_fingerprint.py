"""The first-run dialog's fingerprint, the one the clerk reads out over the phone, is shown
whole on one line (at the dialog's usual 620 px it was broken after «…-1A16-»), and as the
key has it (Cài đặt, `baocao keys show`)."""

from __future__ import annotations

import datetime as dt

import pytest

pytest.importorskip("PySide6")
from PySide6.QtGui import QTextDocument  # noqa: E402

from desktop.core.services import Services  # noqa: E402


def lines_of(label) -> list[str]:
    """The label's text as Qt lays it out at its width, line by line."""
    doc = QTextDocument()
    doc.setDefaultFont(label.font())
    doc.setHtml(label.text())
    doc.setTextWidth(label.contentsRect().width())
    doc.setDocumentMargin(0)
    doc.size()  # lays the text out
    lines, block = [], doc.begin()
    while block.isValid():
        layout = block.layout()
        for i in range(layout.lineCount()):
            line = layout.lineAt(i)
            lines.append(block.text()[line.textStart() : line.textStart() + line.textLength()])
        block = block.next()
    return lines


@pytest.mark.parametrize("width", [620, 480])
def test_fingerprint_on_one_line(qtbot, tmp_path, monkeypatch, width):
    from desktop.gui.dialogs.first_run import FirstRunDialog

    monkeypatch.setenv("BAOCAO_DATA_DIR", str(tmp_path))
    svc = Services(db_path=tmp_path / "baocao.db", today=dt.date(2026, 11, 23))
    svc.key_dir = tmp_path / "keys"
    dialog = FirstRunDialog(svc)
    qtbot.addWidget(dialog)
    dialog.resize(width, 600)
    dialog.show()
    qtbot.waitExposed(dialog)
    label = dialog.key_label
    shown = lines_of(label)
    assert any(dialog.fingerprint in line for line in shown), shown
