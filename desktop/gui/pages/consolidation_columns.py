"""The columns of the «Tổng hợp» table (ConsolidationPage.view) for the width it has.

- «Mã số» holds internal codes: for the Excel file only, never on screen;
- a value column with no figure in any row of the table («TH kỳ báo cáo» of a form no unit
  has a figure of) is hidden: an empty column says nothing and takes the note's room;
- STT and the figures have fixed widths, ĐVT its longest unit's; «Chỉ tiêu» and «Ghi chú» share what is left,
  «Chỉ tiêu» never below LABEL_MIN (the table scrolls sideways instead of cutting every
  label), «Ghi chú» never below NOTE_MIN;
- the text wraps at words and each row is as tall as its longest text, so a note is read
  whole on the page, not only in its tooltip (found by L10 at 1366×768: 160 px, cut).
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHeaderView, QTableView

LABEL_MIN = 320  # px: below this the indicator names become unreadable
NOTE_MIN = 120  # px: a note wraps, a word of it fits
CODE_COLUMN = 2
STT_WIDTH, UNIT_MAX = 44, 90
FIGURE_WIDTH = 110


def set_up(view: QTableView) -> None:
    """Wrapped text and rows as tall as their contents (once, when the view is made)."""
    view.setWordWrap(True)
    view.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    # the width the columns share does not change when wrapped rows come to need a scroll
    # bar (the view gets no resize then, and the notes were pushed past its edge on Xvfb)
    view.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOn)


def empty_columns(table) -> set[int]:
    """The model's value columns (4 + the measure's place) no row has a figure in."""
    if table is None:
        return set()
    return {
        4 + i
        for i, m in enumerate(table.measures)
        if all(row.values.get(m) is None for row in table.rows)
    }


def show_columns(view: QTableView, table) -> None:
    """Hide «Mã số» and the empty value columns, show every other one (a table shown
    before may have hidden other columns)."""
    hidden = {CODE_COLUMN} | empty_columns(table)
    for c in range(view.model().columnCount()):
        view.setColumnHidden(c, c in hidden)


def fit_columns(view: QTableView, table) -> None:
    if table is None:
        return
    header = view.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    note = 4 + len(table.measures)
    metrics = view.fontMetrics()  # ĐVT as wide as its longest unit («triệu đồng»), ≤ 90 px
    units = max((metrics.horizontalAdvance(r.unit_label or "") for r in table.rows), default=0)
    widths = {0: STT_WIDTH, 3: min(UNIT_MAX, max(units, metrics.horizontalAdvance("ĐVT")) + 16)}
    widths.update({c: FIGURE_WIDTH for c in range(4, note) if not view.isColumnHidden(c)})
    for c, w in widths.items():
        header.resizeSection(c, w)
    left = view.viewport().width() - sum(widths.values())
    target = left * 3 // 5 if any(row.note for row in table.rows) else left
    label = max(LABEL_MIN, min(target, left - NOTE_MIN))
    header.resizeSection(1, label)
    header.resizeSection(note, max(NOTE_MIN, left - label))  # the rest: wrapped, read whole
    # rows as tall as their text at these widths (a column's resize does not redo them)
    view.verticalHeader().resizeSections(QHeaderView.ResizeMode.ResizeToContents)
