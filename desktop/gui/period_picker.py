"""A combo box of reporting periods with Vietnamese labels («Tháng 10/2025», «Quý III/2025»,
«6 tháng đầu năm 2025», «Năm 2025»): the period being collected now first, then back in
time, one year after another with a line between years; within a year a period comes
where it ends (a quarter after its last month, the year after December's quarter).  The
months of this year and last year are listed, and for the past five years the quarters,
halves, 9 months and years; any other past period is typed («2019-03», «Tháng 3/2019»,
«6 thang dau nam 2019»).  A text that is no period leaves the choice unchanged and says, in
red, what was expected."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QComboBox, QCompleter, QToolTip

from desktop.core.errors import BaoCaoError
from desktop.core.formdef.models import Calendar, PeriodType
from desktop.core.periods import Period

PAST_YEARS = 5
EXPECTED = (
    "Gõ kỳ báo cáo như 2023-H1 hoặc «6 tháng đầu năm 2023», 2023-Q2 hoặc «Quý II/2023», "
    "2023-06 hoặc «Tháng 6/2023», 2023-9M (9 tháng) hoặc 2023 (năm), hoặc chọn trong danh sách."
)
_LONGER = ("Q1", "Q2", "Q3", "Q4", "H1", "H2", "9M")


def offered_periods(today) -> list[Period]:
    """The periods listed, newest first (see the module's docstring); none not yet begun."""
    current = Period.from_date(today, PeriodType.MONTH, Calendar.ADMINISTRATIVE)
    wanted: list[Period] = []
    for year in range(current.year, current.year - PAST_YEARS - 1, -1):
        if year >= current.year - 1:
            wanted += [Period(year, PeriodType.MONTH, m) for m in range(1, 13)]
        wanted += [Period.parse(f"{year}-{code}") for code in _LONGER]
        wanted.append(Period(year, PeriodType.YEAR, 1))
    return sorted(
        (p for p in wanted if not p.is_future(today)),
        key=lambda p: (-p.year, -p.last_month_index, p.last_month_index - p.first_month_index),
    )


def parse_typed(text: str) -> Period | None:
    """A code («2023-H1») or a label in any spelling («Quý 2/2023»); None for anything else."""
    t = " ".join(text.split())
    try:
        return Period.parse(t)
    except (BaoCaoError, ValueError):
        return Period.from_label(t)


class PeriodPicker(QComboBox):
    rejectedText = Signal(str)  # the Vietnamese message for a text that is no period

    def __init__(self, svc, parent=None) -> None:
        super().__init__(parent)
        self.today = svc.today
        self.setMinimumWidth(230)
        self.setEditable(True)
        self.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.setMaxVisibleItems(20)
        year = None
        for p in offered_periods(self.today):
            if year is not None and p.year != year:
                self.insertSeparator(self.count())
            year = p.year
            self.addItem(p.short_label, p)
        self.completer().setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
        self.completer().setFilterMode(Qt.MatchFlag.MatchContains)
        self.lineEdit().returnPressed.connect(self._typed)
        self.lineEdit().editingFinished.connect(self._typed)
        self.setToolTip(EXPECTED)

    @property
    def period(self):
        return self.currentData()

    def _typed(self) -> None:
        text = self.lineEdit().text().strip()
        current = self.currentData()
        if current is not None and text == current.short_label:
            self.setStyleSheet("")
            return
        period = parse_typed(text)
        if period is None or period.is_future(self.today):
            message = (
                f"Kỳ «{text}» chưa bắt đầu." if period is not None
                else f"Không hiểu kỳ «{text}». {EXPECTED}"
            )
            self.setStyleSheet("QComboBox { border: 2px solid #b00020; }")
            QToolTip.showText(self.mapToGlobal(self.rect().bottomLeft()), message, self)
            self.rejectedText.emit(message)
            if current is not None:
                self.lineEdit().setText(current.short_label)
            return
        self.setStyleSheet("")
        self.select_period(period)

    def select_period(self, period) -> None:
        period = Period.parse(str(period))
        for i in range(self.count()):
            if str(self.itemData(i)) == str(period):
                self.setCurrentIndex(i)
                self.lineEdit().setText(period.short_label)
                return
        self.addItem(period.short_label, period)
        self.setCurrentIndex(self.count() - 1)
