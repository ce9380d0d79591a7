"""A combo box of reporting periods with Vietnamese labels: recent periods first, then the
quarters, halves, 9 months and years of the past five years; any other past period is typed
("2023-H1", "2023-Q2", "2023-06", "2023", or a label such as "6 tháng đầu năm 2023").  A text
that is no period leaves the choice unchanged and says, in red, what was expected."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QComboBox, QCompleter, QToolTip

from desktop.core.clerk_home import recent_periods
from desktop.core.errors import BaoCaoError
from desktop.core.periods import Period

PAST_YEARS = 5
EXPECTED = (
    "Gõ kỳ báo cáo như 2023-H1 (6 tháng), 2023-Q2 (quý), 2023-06 (tháng), 2023-9M (9 tháng) "
    "hoặc 2023 (năm), hoặc chọn trong danh sách."
)


def offered_periods(today) -> list[Period]:
    """Recent periods (as a clerk reports now), then older quarters, halves, 9 months, years."""
    recent = recent_periods(None, today)
    seen = {str(p) for p in recent}
    older: list[Period] = []
    for year in range(today.year, today.year - PAST_YEARS - 1, -1):
        for text in (f"{year}", f"{year}-9M", f"{year}-H2", f"{year}-H1",
                     f"{year}-Q4", f"{year}-Q3", f"{year}-Q2", f"{year}-Q1"):
            try:
                p = Period.parse(text)
            except BaoCaoError:
                continue
            if str(p) not in seen and not p.is_future(today):
                seen.add(str(p))
                older.append(p)
    return recent + older


def parse_typed(text: str, labels: dict[str, Period]) -> Period | None:
    t = " ".join(text.split())
    if t.casefold() in labels:
        return labels[t.casefold()]
    try:
        return Period.parse(t)
    except (BaoCaoError, ValueError):
        return None


class PeriodPicker(QComboBox):
    rejectedText = Signal(str)  # the Vietnamese message for a text that is no period

    def __init__(self, svc, parent=None) -> None:
        super().__init__(parent)
        self.today = svc.today
        self.setMinimumWidth(230)
        self.setEditable(True)
        self.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.setMaxVisibleItems(20)
        for p in offered_periods(self.today):
            self.addItem(p.label, p)
        self.completer().setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
        self.completer().setFilterMode(Qt.MatchFlag.MatchContains)
        self.lineEdit().returnPressed.connect(self._typed)
        self.lineEdit().editingFinished.connect(self._typed)
        self.setToolTip(EXPECTED)

    @property
    def period(self):
        return self.currentData()

    def _labels(self) -> dict[str, Period]:
        return {self.itemText(i).casefold(): self.itemData(i) for i in range(self.count())}

    def _typed(self) -> None:
        text = self.lineEdit().text().strip()
        current = self.currentData()
        if current is not None and text == current.label:
            self.setStyleSheet("")
            return
        period = parse_typed(text, self._labels())
        if period is None or period.is_future(self.today):
            message = (
                f"Kỳ «{text}» chưa bắt đầu." if period is not None
                else f"Không hiểu kỳ «{text}». {EXPECTED}"
            )
            self.setStyleSheet("QComboBox { border: 2px solid #b00020; }")
            QToolTip.showText(self.mapToGlobal(self.rect().bottomLeft()), message, self)
            self.rejectedText.emit(message)
            if current is not None:
                self.lineEdit().setText(current.label)
            return
        self.setStyleSheet("")
        self.select_period(period)

    def select_period(self, period) -> None:
        period = Period.parse(str(period))
        for i in range(self.count()):
            if str(self.itemData(i)) == str(period):
                self.setCurrentIndex(i)
                self.lineEdit().setText(period.label)
                return
        self.addItem(period.label, period)
        self.setCurrentIndex(self.count() - 1)
