"""IssuesModel: the issues panel (severity, where, message) over a list of core Issues;
where by the names the clerk reads (the indicator's label and the column's heading, from the
form pack: `Location.names`), the full place in the tooltip."""

from __future__ import annotations

from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt
from PySide6.QtGui import QBrush, QColor

from desktop.core.errors import Issue, Severity

COLORS = {
    Severity.ERROR: QColor("#b00020"),
    Severity.WARNING: QColor("#8a5a00"),
    Severity.INFO: QColor("#1f5fa8"),
}


class IssuesModel(QAbstractTableModel):
    HEADERS = ["Mức", "Chỉ tiêu", "Nội dung"]

    def __init__(self, pack=None, parent=None) -> None:
        super().__init__(parent)
        self.issues: list[Issue] = []
        self.pack = pack
        self.explained: set[tuple[str, str]] = set()

    def set_issues(
        self, issues: list[Issue], explained: set[tuple[str, str]] | None = None
    ) -> None:
        self.beginResetModel()
        self.issues = list(issues)
        self.explained = explained or set()
        self.endResetModel()

    def rowCount(self, parent=QModelIndex()) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(self.issues)

    def columnCount(self, parent=QModelIndex()) -> int:  # noqa: N802
        return 0 if parent.isValid() else 3

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):  # noqa: N802
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.HEADERS[section]
        return None

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        issue = self.issues[index.row()]
        loc = issue.location
        explained = (
            loc.indicator,
            loc.measure,
        ) in self.explained and issue.severity is Severity.WARNING
        if role == Qt.ItemDataRole.DisplayRole:
            if index.column() == 0:
                return issue.severity.label + (" (đã giải trình)" if explained else "")
            if index.column() == 1:
                named = loc.names(self.pack, short=True)  # the column as the grid heads it
                where = named.get("indicator") or named.get("narrative") or ""
                return f"{where} — {named['measure']}" if "measure" in named else where
            return issue.message
        if role == Qt.ItemDataRole.ForegroundRole and index.column() == 0:
            return QBrush(QColor("#2e7d32") if explained else COLORS[issue.severity])
        if role == Qt.ItemDataRole.ToolTipRole:
            where = loc.describe(self.pack, skip=("form",))
            return f"{issue.message}\n({where})" if where and index.column() == 1 else issue.message
        return None
