"""IssuesModel: the issues panel (severity, where, message) over a list of core Issues."""

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

    def __init__(self, labels: dict[str, str] | None = None, parent=None) -> None:
        super().__init__(parent)
        self.issues: list[Issue] = []
        self.labels = labels or {}
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
                return self.labels.get(loc.indicator or "", loc.indicator or loc.narrative or "")
            return issue.message
        if role == Qt.ItemDataRole.ForegroundRole and index.column() == 0:
            return QBrush(QColor("#2e7d32") if explained else COLORS[issue.severity])
        if role == Qt.ItemDataRole.ToolTipRole:
            return issue.message
        return None
