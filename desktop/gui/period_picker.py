"""A combo box of reporting periods with Vietnamese labels (recent periods first)."""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox

from desktop.core.entry_session import recent_periods


class PeriodPicker(QComboBox):
    def __init__(self, svc, parent=None) -> None:
        super().__init__(parent)
        self.setMinimumWidth(220)
        for p in recent_periods(svc, svc.today):
            self.addItem(p.label, p)

    @property
    def period(self):
        return self.currentData()

    def select_period(self, period) -> None:
        for i in range(self.count()):
            if str(self.itemData(i)) == str(period):
                self.setCurrentIndex(i)
                return
        self.addItem(period.label, period)
        self.setCurrentIndex(self.count() - 1)
