"""The main window's pages for a role, each built when it is first opened (the window's
`LazyPages`, desktop/gui/pages/__init__.py) and linked to the window then: a clerk has the
home page (forms open from it) and Cài đặt; the provincial office the inbox, the reporting
status, the consolidation, the units' keys and Cài đặt.  Each page's module is imported by
its builder, so a page never opened costs nothing at start."""

from __future__ import annotations

from html import escape

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QLabel

from desktop.core.settings import Role


class Loading(QLabel):
    """«Đang tải…», the page area of a window until its first page is built: `then()` runs
    once, just after this is first painted, so the window is on the screen before the page
    reads the form pack, the units and the database.  (No Qt enum here: Qt's namespace
    costs tens of milliseconds the first time it is touched, after the paint is soon enough.)"""

    def __init__(self, then) -> None:
        super().__init__('<p align="center">Đang tải…</p>')
        self._then = then

    def failed(self, exc: Exception) -> None:
        """The page could not be opened: say so here (the error dialog has the details)."""
        why = getattr(exc, "message", "") or "lỗi không mong đợi"
        self.setText(
            f'<p align="center">Không mở được trang này: {escape(why)}<br>'
            "Hãy chọn trang khác ở bên trái, hoặc đóng rồi mở lại BaoCao.</p>"
        )

    def paintEvent(self, event) -> None:  # noqa: N802
        super().paintEvent(event)
        if self._then is not None:
            then, self._then = self._then, None
            QTimer.singleShot(0, then)


def register_pages(window) -> None:
    """The navigation list of `window` (a MainWindow) for its settings' role."""
    if window.settings.role is Role.PROVINCE:
        window.add_page("inbox", "Hộp thư", lambda: _inbox(window))
        window.add_page("dashboard", "Tình hình báo cáo", lambda: _dashboard(window))
        window.add_page("consolidation", "Tổng hợp", lambda: _consolidation(window))
        window.add_page("keys", "Khóa đơn vị", lambda: _keys(window))
    else:
        window.add_page("home", "Biểu báo cáo", lambda: _home(window))
    window.add_page("settings", "Cài đặt", lambda: _settings_page(window))


def _inbox(window):
    from desktop.gui.pages.inbox import InboxPage

    page = InboxPage(window.svc, window.settings.person_name)
    page.imported.connect(lambda: _imported(window))
    return page


def _imported(window) -> None:
    """Packages came in: the pages already open show them (the others will when built)."""
    for key in ("dashboard", "keys"):
        if window.pages.is_built(key):
            window.pages[key].refresh()


def _dashboard(window):
    from desktop.gui.pages.dashboard import DashboardPage

    return DashboardPage(window.svc, actor=window.settings.person_name)


def _consolidation(window):
    from desktop.gui.pages.consolidation import ConsolidationPage

    return ConsolidationPage(window.svc)


def _keys(window):
    from desktop.gui.pages.keys_page import KeysPage

    return KeysPage(window.svc, window.settings.person_name)


def _home(window):
    from desktop.gui.pages.home import HomePage

    page = HomePage(window.svc, window.unit, period=window.shared_period())
    page.openForm.connect(window.open_form)
    return page


def _settings_page(window):
    from desktop.gui.pages.settings_page import SettingsPage

    page = SettingsPage(window.svc, window.settings)
    page.settingsChanged.connect(window.settings_changed)
    page.restored.connect(window.reload)
    return page


def unit_of(svc, settings):
    """The clerk's unit as the settings name it (code and the date it took effect)."""
    for u in svc.units.all():
        if u.key == (settings.unit_code, settings.unit_valid_from):
            return u
    return svc.units.get(settings.unit_code, svc.today)
