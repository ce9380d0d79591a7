"""The main window: a navigation list on the left and one page at a time on the right.

A unit clerk sees: Biểu báo cáo (home), the entry page of the open form, Cài đặt.
The provincial office sees: Hộp thư, Tình hình báo cáo, Tổng hợp, Khóa đơn vị, Cài đặt.
Each page is built the first time it is shown (desktop/gui/pages/__init__.py; which pages,
and how each is linked to the window: desktop/gui/window_pages.py), so the
window opens with the page a person sees first and nothing else.  That first page (and the
form pack, the unit catalog and the database it reads) is built just after the window's
first paint: until then the page area says «Đang tải…» (issue 14 point 5).
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QListWidget,
    QMainWindow,
    QStackedWidget,
    QWidget,
)

from desktop.core.settings import Settings, load_ui_state
from desktop.gui.pages import LazyPages
from desktop.gui.window_clerk import ClerkWindowMixin
from desktop.gui.window_pages import Loading
from desktop.gui.window_state import RememberedStateMixin


def _page(key: str) -> property:
    """`window.inbox` … : the page, built if it was not yet; AttributeError for a page this
    role does not have (a unit has no inbox)."""

    def get(self):
        if key not in self.pages:
            raise AttributeError(key)
        return self.pages[key]

    return property(get)


STACK_MINIMUM = (480, 320)


class MainWindow(RememberedStateMixin, ClerkWindowMixin, QMainWindow):
    firstPageShown = Signal()  # the first page built and shown, after the first paint
    home = _page("home")
    inbox = _page("inbox")
    dashboard = _page("dashboard")
    consolidation = _page("consolidation")
    keys_page = _page("keys")
    settings_page = _page("settings")

    def __init__(self, svc, settings: Settings) -> None:
        super().__init__()
        self.svc, self.settings = svc, settings
        self.setWindowTitle(settings.unit_name)  # Qt adds « — BaoCao» (the display name)
        self.remembered = load_ui_state()  # as at start: the first page shown overwrites "page"
        self.state = dict(self.remembered)
        self._fit_screen()
        central = QWidget()
        layout = QHBoxLayout(central)
        layout.setContentsMargins(6, 6, 6, 6)
        self.nav = QListWidget()
        self.nav.setFixedWidth(170)
        self.nav_keys: list[str] = []  # the page of each row of `nav`
        self.stack = QStackedWidget()
        # pages are built when first opened: a wide one (charts) must not resize the window
        # the person set, so the window's minimum is fixed rather than the pages' widest
        self.stack.setMinimumSize(STACK_MINIMUM[0], STACK_MINIMUM[1])
        layout.addWidget(self.nav)
        layout.addWidget(self.stack, 1)
        self.setCentralWidget(central)
        self.pages = LazyPages(self._page_built)
        self.entry_page = None
        self._unit = None
        self.loading = Loading(self._open_first_page)  # «Đang tải…» until the first page
        self.stack.addWidget(self.loading)
        self.build_pages()
        self.nav.currentRowChanged.connect(self._go)
        self.nav.itemClicked.connect(self._nav_clicked)
        self.nav.blockSignals(True)  # the row is marked now, its page built after the paint
        self.nav.setCurrentRow(self._row_of(self._first_page()))
        self.nav.blockSignals(False)
        self.statusBar().showMessage(
            f"{settings.person_name} · {settings.role.label} · dữ liệu: {svc.db_path}"
        )

    def _open_first_page(self) -> None:
        """Just after the first paint: the first page, unless one was opened meanwhile
        (clicked, or opened by code)."""
        try:
            if self.stack.currentWidget() is self.loading:
                self._restore_state()
        except Exception as exc:
            if self.loading is not None:  # not «Đang tải…» for ever: what went wrong
                self.loading.failed(exc)
            raise  # → the error dialog and the log (app.install_excepthook)
        self._drop_loading()
        self.firstPageShown.emit()

    def _drop_loading(self) -> None:
        if self.loading is not None:
            self.stack.removeWidget(self.loading)
            self.loading.deleteLater()
            self.loading = None

    @property
    def unit(self):
        """The clerk's unit as the settings name it, read from the catalog when first asked
        (by the home page, built after the first paint)."""
        if self._unit is None:
            from desktop.gui.window_pages import unit_of

            self._unit = unit_of(self.svc, self.settings)
        return self._unit

    def _page_built(self, key: str, page: QWidget) -> None:
        """A page built on first use: into the stack, on the shared period (remembered, or
        the one the other pages show), its period remembered from now on.  The first page,
        asked for by code before the first paint brought it, is shown at once."""
        self.stack.addWidget(page)
        row = self.nav.currentRow()
        if self.loading is not None and 0 <= row and self.nav_keys[row] == key:
            self.stack.setCurrentWidget(page)
            self._drop_loading()
        picker = getattr(page, "period_box", None)
        if picker is None:
            return
        period = self.shared_period() or self._collected_period()
        if period is not None:
            picker.select_period(period)
        picker.currentIndexChanged.connect(lambda _i, source=picker: self._period_changed(source))

    def _collected_period(self):
        """Nothing remembered: the province's pages open on the month the office is
        collecting, as the board does (core/board_period.py), not on the calendar's month
        («Tổng hợp» opened on Tháng 12 while the board showed Tháng 11); a unit's: None."""
        from desktop.core.settings import Role

        if self.settings.role is not Role.PROVINCE:
            return None
        from desktop.core.board_period import period_collected
        from desktop.core.storage.exchange_tables import ImportLog

        svc = self.svc
        return period_collected(svc.pack, ImportLog(svc.db) if svc.db_exists() else None, svc.today)

    # ------------------------------------------------------------ pages

    def add_page(self, key: str, title: str, build) -> None:
        """A page in the navigation list, built by `build()` when first shown."""
        self.pages.register(key, build)
        self.nav.addItem(title)
        self.nav_keys.append(key)

    def build_pages(self) -> None:
        from desktop.gui.window_pages import register_pages

        register_pages(self)

    def _go(self, row: int) -> None:
        if row < 0:
            return
        key = self.nav_keys[row]
        coming_back = self.pages.is_built(key)  # a page just built shows fresh figures
        self.stack.setCurrentWidget(self.pages[key])
        self._drop_loading()
        self.remember(page=key)
        if key == "home" and coming_back:
            self.home.refresh()

    def _row_of(self, key: str | None) -> int:
        return self.nav_keys.index(key) if key in self.nav_keys else -1

    def show_page(self, key: str) -> None:
        row = self._row_of(key)
        if row < 0:
            return
        if self.nav.currentRow() == row:
            self._go(row)  # back from the entry page (or the first page): shown again
        else:
            self.nav.setCurrentRow(row)  # → _go

    # ------------------------------------------------------------ province

    def import_files(self, files: list[Path]) -> None:
        """Packages the system handed over (a double-clicked .baocao): into the inbox at
        the province; a unit clerk is told where such a file goes instead of nothing."""
        if hasattr(self, "inbox"):
            self.show_page("inbox")
            self.inbox.import_files(files)
            return
        from desktop.gui.dialogs import ask

        names = ", ".join(f"«{Path(f).name}»" for f in files[:3]) + (" …" if len(files) > 3 else "")
        ask.info(
            self,
            "Gói báo cáo",
            f"{names}: gói .baocao là báo cáo đơn vị gửi lên, chỉ văn phòng tỉnh nhập (Hộp thư); "
            "máy này là đơn vị báo cáo nên không nhập gói. Phản hồi của tỉnh (.baocao-phanhoi, "
            ".baocao-xacnhan) nhập bằng nút «Nhập phản hồi của tỉnh».",
        )

    # ------------------------------------------------------------ settings

    def settings_changed(self, settings: Settings) -> None:
        self.settings = settings
        self._unit = None  # the unit the new settings name
        self.reload()

    def reload(self, said: str = "") -> None:
        """Rebuild the pages (after a settings change or a restore); `said` is shown on the
        rebuilt Cài đặt (the page that did it is gone with the others)."""
        from desktop.gui.workers import wait_for_all

        wait_for_all()
        self.remembered = dict(self.state)  # come back to the same period and page
        self.svc.close()
        self.nav.blockSignals(True)
        self.nav.clear()
        self.nav_keys.clear()
        self._drop_loading()
        while self.stack.count():
            w = self.stack.widget(0)
            self.stack.removeWidget(w)
            w.deleteLater()
        self.pages.clear()
        self.entry_page = None
        self.build_pages()
        self.nav.blockSignals(False)
        self._restore_state()
        self.setWindowTitle(self.settings.unit_name)
        if said:
            self.settings_page.message.setText(said)

    def closeEvent(self, event):  # noqa: N802
        from desktop.gui.workers import wait_for_all

        if self.entry_page is not None:  # the cell being typed is saved, not lost
            self.entry_page.commit_editing()
        wait_for_all(10000)
        self.remember(geometry=bytes(self.saveGeometry().toBase64()).decode("ascii"))
        self.svc.close()
        super().closeEvent(event)
