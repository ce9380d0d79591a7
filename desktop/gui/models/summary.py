"""The consolidated table of one form as the province sees it before export: the Excel
sheet's rows and columns, indicator codes in notes turned into indicator names."""

from __future__ import annotations

import re
from decimal import Decimal

from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt
from PySide6.QtGui import QBrush, QColor, QFont

from desktop.core.consolidation.model import ConsolidatedForm
from desktop.core.excel.workbook_styles import readable_places
from desktop.core.numbers import format_vn


def format_figure(v) -> str:
    """A figure to at most two decimals, as typed: «5,1» (not «5,10»), «1.545,5», «107,54»;
    more where one other than zero would read 0 (4 triệu đồng in tỷ đồng: «0,004», not
    «0»; the workbook's route, `readable_places`)."""
    if isinstance(v, Decimal):
        if v == v.to_integral_value():
            return format_vn(v)
        text = format_vn(v, readable_places(v, 2))
        return text.rstrip("0").rstrip(",") if "," in text else text
    return v or ""


class SummaryModel(QAbstractTableModel):
    """The consolidated table of one form, as on the Excel sheet."""

    def __init__(self, catalog, parent=None) -> None:
        super().__init__(parent)
        self.catalog = catalog
        self.table: ConsolidatedForm | None = None

    def set_table(self, table: ConsolidatedForm | None) -> None:
        self.beginResetModel()
        self.table = table
        self.endResetModel()

    def rowCount(self, parent=QModelIndex()) -> int:  # noqa: N802
        return 0 if parent.isValid() or self.table is None else len(self.table.rows)

    def columnCount(self, parent=QModelIndex()) -> int:  # noqa: N802
        return 0 if parent.isValid() or self.table is None else 5 + len(self.table.measures)

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):  # noqa: N802
        if (
            orientation != Qt.Orientation.Horizontal
            or role != Qt.ItemDataRole.DisplayRole
            or self.table is None
        ):
            return None
        fixed = ["STT", "Chỉ tiêu", "Mã số", "ĐVT"]
        if section < 4:
            return fixed[section]
        if section < 4 + len(self.table.measures):
            return self.catalog.measure(self.table.measures[section - 4]).short
        return "Ghi chú"

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or self.table is None:
            return None
        row = self.table.rows[index.row()]
        col = index.column()
        n = len(self.table.measures)
        if role == Qt.ItemDataRole.DisplayRole:
            if col == 0:
                return row.stt
            if col == 1:
                return ("    " * max(row.level - 1, 0)) + (
                    row.label.upper() if row.is_heading else row.label
                )
            if col == 2:
                return row.indicator.code if row.indicator else ""
            if col == 3:
                return row.unit_label
            if col < 4 + n:
                return format_figure(row.values.get(self.table.measures[col - 4]))
            return self.readable(row.note)
        if role == Qt.ItemDataRole.TextAlignmentRole and 4 <= col < 4 + n:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.FontRole and (row.is_heading or row.level == 1):
            f = QFont()
            f.setBold(True)
            return f
        if role == Qt.ItemDataRole.BackgroundRole and row.is_heading:
            return QBrush(QColor("#dde7f3"))
        if role == Qt.ItemDataRole.ToolTipRole and col == 4 + n:
            return self.readable(row.note) or None
        if role == Qt.ItemDataRole.ToolTipRole and col == 1:
            return row.label  # the whole label when the column is narrower than it
        return None

    def readable(self, text: str | None) -> str:
        """A note as people read it: indicator codes (NS_THU_ND_KSDD) become «their names»."""
        if not text or self.table is None:
            return text or ""
        names = {code: ind.label for code, ind in self.table.form.indicator_map().items()}
        return re.sub(
            r"\b[A-Z][A-Z0-9_]{2,}\b", lambda m: f"«{names[m[0]]}»" if m[0] in names else m[0], text
        )
