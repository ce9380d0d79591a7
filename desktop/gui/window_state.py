"""What the main window remembers between runs (desktop/core/settings.py's ui state): its
geometry, the page last shown, and the period the province's pages share."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QByteArray
from PySide6.QtGui import QGuiApplication

from desktop.core.errors import BaoCaoError
from desktop.core.settings import save_ui_state

if TYPE_CHECKING:
    from desktop.core.periods import Period


class RememberedStateMixin:
    """MainWindow's remembered state: `self.remembered` (as at start, or before a reload)
    and `self.state` (what is saved), both dicts of text."""

    def _fit_screen(self) -> None:
        """The remembered geometry, else 1280×800 shrunk to the screen's free area (a
        1366×768 laptop, or 1920×1080 at 125 %)."""
        saved = self.remembered.get("geometry")
        if saved and self.restoreGeometry(QByteArray.fromBase64(saved.encode("ascii"))):
            return
        screen = QGuiApplication.primaryScreen()
        free = screen.availableGeometry() if screen else None
        width, height = 1280, 800
        if free is not None and free.width() > 0:
            width, height = min(width, free.width()), min(height, free.height() - 30)
        self.resize(width, height)

    def period_pickers(self) -> list:
        return [p.period_box for p in self.pages.built() if hasattr(p, "period_box")]

    def _first_page(self) -> str | None:
        """The remembered page (else the first)."""
        wanted = self.remembered.get("page")
        return wanted if wanted in self.pages else next(iter(self.pages), None)

    def _restore_state(self) -> None:
        """Open on the remembered page (else the first); its period is the remembered one."""
        key = self._first_page()
        self.remembered = dict(self.state)
        self.show_page(key)

    def shared_period(self) -> Period | None:
        """The period the pages share: remembered from the last run or chosen on another page
        (None when there is none, or a remembered text no longer parses)."""
        from desktop.core.periods import Period

        text = self.state.get("period")
        try:
            return Period.parse(text) if text else None
        except (BaoCaoError, ValueError):
            return None

    def _period_changed(self, source) -> None:
        """Province pages share one period; it is remembered for the next run."""
        period = source.currentData()
        if period is None:
            return
        for picker in self.period_pickers():
            if picker is not source and str(picker.currentData()) != str(period):
                picker.select_period(period)
        self.remember(period=str(period))

    def remember(self, **values: str) -> None:
        if all(self.state.get(k) == v for k, v in values.items()):
            return  # nothing new: the file is not written again
        self.state.update(values)
        try:
            save_ui_state(self.state)
        except BaoCaoError:
            pass  # a read-only data folder: nothing remembered, nothing broken
