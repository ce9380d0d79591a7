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
from typing import TYPE_CHECKING

from PySide6.QtCore import QByteArray, Signal
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QHBoxLayout,
    QListWidget,
    QMainWindow,
    QStackedWidget,
    QWidget,
)

from desktop.core.errors import BaoCaoError
from desktop.core.settings import Settings, load_ui_state, save_ui_state
from desktop.gui.pages import LazyPages
from desktop.gui.window_pages import Loading

if TYPE_CHECKING:
    from desktop.core.periods import Period


def _page(key: str) -> property:
    """`window.inbox` … : the page, built if it was not yet; AttributeError for a page this
    role does not have (a unit has no inbox)."""

    def get(self):
        if key not in self.pages:
            raise AttributeError(key)
        return self.pages[key]

    return property(get)


STACK_MINIMUM = (480, 320)


class MainWindow(QMainWindow):
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

    # ------------------------------------------------------------ remembered state

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
        period = self.shared_period()
        if period is not None:
            picker.select_period(period)
        picker.currentIndexChanged.connect(lambda _i, source=picker: self._period_changed(source))

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

    # ------------------------------------------------------------ unit clerk

    def open_form(self, form, period):
        from desktop.core.entry_session import EntrySession
        from desktop.gui.pages.entry import EntryPage

        session = EntrySession(
            self.svc, unit=self.unit, form=form, period=period, actor=self.settings.person_name
        )
        if self.entry_page is not None:
            self.stack.removeWidget(self.entry_page)
            self.entry_page.deleteLater()
        self.entry_page = EntryPage(
            session,
            on_send=lambda form_ids: self.send_reports(period, form_ids=form_ids),
            on_export_excel=lambda path: self.export_unit_excel(form, period, path),
            on_template_loaded=lambda said: self.open_form(form, period).say(said),
        )
        self.entry_page.back.connect(self._back_to_list)
        self.stack.addWidget(self.entry_page)
        self.stack.setCurrentWidget(self.entry_page)
        self.entry_page.table.setFocus()  # typing goes to the first figure, not the back button
        return self.entry_page

    def _nav_clicked(self, item) -> None:
        """A click on the page already chosen shows it again: «Biểu báo cáo» from a form is
        the list (the row did not change, so `_go` was not called)."""
        key = self.nav_keys[self.nav.row(item)]
        if key == "home" and self.stack.currentWidget() is self.entry_page is not None:
            self._back_to_list()

    def _back_to_list(self) -> None:
        """«← Danh sách biểu»: the list again, its focus on the form just left (Enter reopens)."""
        self.show_page("home")
        self.home.view.setFocus()

    def send_reports(
        self, period, out: Path | None = None, form_ids: list[str] | None = None
    ) -> Path | None:
        from desktop.core.exchange.service import default_package_name, export_package
        from desktop.gui.dialogs import ask
        from desktop.gui.dialogs.error_dialog import show_error

        if out is None:
            default = Path.home() / default_package_name(
                self.unit.code, self.unit.name, str(period)
            )
            out = ask.save_file(
                self,
                "Gửi báo cáo: lưu gói để gửi qua thư điện tử hoặc USB",
                "Gói BaoCao (*.baocao)",
                default,
            )
            if out is None:
                return None
        try:
            path, entries = export_package(
                self.svc,
                unit_code=self.unit.code,
                period_text=str(period),
                form_ids=form_ids,
                out=out,
                actor=self.settings.person_name,
            )
        except Exception as exc:
            show_error(self, exc, pack_of=lambda: self.svc.pack)
            return None
        self.statusBar().showMessage(
            f"Đã tạo gói «{path.name}» ({len(entries)} biểu). Gửi tệp này cho văn phòng tỉnh."
        )
        if self.entry_page is not None:
            self.entry_page.session.stored = (
                self.svc.repo.get_by_id(self.entry_page.session.stored.id)
                if self.entry_page.session.stored
                else None
            )
            self.entry_page.refresh()
        self.home.refresh()
        return path

    def export_unit_excel(self, form, period, path: Path) -> Path | None:
        from desktop.core.consolidation.engine import unit_report
        from desktop.core.excel.workbook import write_consolidated_workbook
        from desktop.gui.dialogs.error_dialog import show_error

        try:
            result = unit_report(self.svc, self.unit, str(period), [form.id])
            out = write_consolidated_workbook(result, self.svc.pack.catalog, path)
        except Exception as exc:
            show_error(self, exc, pack_of=lambda: self.svc.pack)
            return None
        self.statusBar().showMessage(f"Đã xuất {out}")
        return out

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
