"""«Tổng hợp» at 1366×768 (the page 1166 px wide beside the navigation): a note is read
whole in its row, not cut at 160 px with the full text only in a tooltip; and a value
column no row has a figure in («TH kỳ báo cáo» of a form no unit sent) is not shown (found
by L10 on Xvfb).  Consolidated by clicking «Tổng hợp» over Sở Tài chính's budget (seed 002)."""

from __future__ import annotations

from pathlib import Path

import pytest

pytest.importorskip("PySide6")

from desktop.core.periods import Period  # noqa: E402
from desktop.gui.pages.consolidation_columns import NOTE_MIN  # noqa: E402
from tests.gui.conftest import button, click  # noqa: E402

SEED = Path(__file__).resolve().parents[1] / "fixtures" / "seed002"


def _show(page, bieu_so: str) -> None:
    from PySide6.QtCore import Qt

    page.table_box.setCurrentIndex(
        page.table_box.findText(bieu_so, flags=Qt.MatchFlag.MatchStartsWith)
    )


def test_notes_read_whole_and_empty_columns_hidden(qtbot, services):
    from PySide6.QtCore import Qt

    from desktop.gui.pages.consolidation import ConsolidationPage

    services.load_file(SEED / "2003_ngan_sach.json", final=True)
    page = ConsolidationPage(services)
    qtbot.addWidget(page)
    page.resize(1166, 668)
    page.show()
    page.period_box.select_period(Period.parse("2023-01"))
    for i in range(page.form_list.count()):  # two forms: the budget and one nobody sent
        item = page.form_list.item(i)
        keep = item.text().startswith(("Biểu số 05", "Biểu số 02"))
        item.setCheckState(Qt.CheckState.Checked if keep else Qt.CheckState.Unchecked)
    click(qtbot, button(page, "Tổng hợp"))
    qtbot.waitUntil(lambda: page.job is None and page.table_box.count() == 2, timeout=30000)
    view, model = page.view, page.model

    _show(page, "Biểu số 02")  # no unit sent it: its one value column has no figure
    assert [model.headerData(4, Qt.Orientation.Horizontal)] == ["TH kỳ báo cáo"]
    assert view.isColumnHidden(4) and view.isColumnHidden(2)
    assert not view.isColumnHidden(1) and not view.isColumnHidden(3)

    _show(page, "Biểu số 05")  # Sở Tài chính's figures in every value column, and notes
    n = len(model.table.measures)
    assert [view.isColumnHidden(c) for c in range(4, 4 + n)] == [False] * n  # shown again
    note_col = 4 + n
    header = view.horizontalHeader()
    right = header.sectionViewportPosition(note_col) + header.sectionSize(note_col)
    assert right <= view.viewport().width(), (right, view.viewport().width())  # no scrolling
    qtbot.waitUntil(lambda: view.horizontalScrollBar().maximum() == 0, timeout=2000)
    assert any(row.note for row in model.table.rows)
    _notes_whole(view, model, note_col)
    page.resize(1000, 668)  # a narrower window: «Ghi chú» at its least, the notes wrap
    qtbot.waitUntil(lambda: header.sectionSize(note_col) == NOTE_MIN, timeout=2000)
    assert _notes_whole(view, model, note_col) > 0  # some note over two lines, every line shown


def _notes_whole(view, model, note_col: int) -> int:
    """Each note's every line inside its cell, in the row's own font; how many wrap."""
    from PySide6.QtCore import QRect, Qt
    from PySide6.QtGui import QFontMetrics

    style = view.style()
    margin = 2 * (style.pixelMetric(style.PixelMetric.PM_FocusFrameHMargin, None, view) + 1)
    wrapped = 0
    for r in [r for r, row in enumerate(model.table.rows) if row.note]:
        index = model.index(r, note_col)
        text, rect = model.data(index), view.visualRect(index)
        metrics = QFontMetrics(model.data(index, Qt.ItemDataRole.FontRole) or view.font())
        need = metrics.boundingRect(
            QRect(0, 0, rect.width() - margin, 10_000), Qt.TextFlag.TextWordWrap, text
        )
        assert need.height() <= rect.height(), (text, need, rect)
        wrapped += need.height() > metrics.height()
    return wrapped
