"""Composition root of the desktop app: QApplication, logging, the excepthook dialog, the
core `Services`, the first-run dialog and the main window.  `baocao` with no argument and
`python -m desktop` end up in `run()`.

What the window needs to be painted (settings, a `Services` that has opened nothing yet) is
imported before Qt, and Qt only inside the functions below: once PySide6 is loaded it reads
the source of every module imported after it (its `__feature__` check).  The rest of the
core (forms, units, database, validation) comes with the first page, just after the
window's first paint (desktop/gui/main_window.py)."""

from __future__ import annotations

import logging
import sys
from pathlib import Path

from desktop import __version__, paths
from desktop.core.services import Services
from desktop.core.settings import Settings, load_settings

log = logging.getLogger("baocao.gui")


def setup_logging() -> Path:
    logfile = paths.data_dir() / "logs" / "baocao.log"
    logfile.parent.mkdir(parents=True, exist_ok=True)
    logging.basicConfig(
        filename=logfile,
        level=logging.INFO,
        encoding="utf-8",
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
    )
    return logfile


def install_excepthook(pack_of=None) -> None:
    """Every uncaught exception to the error dialog and the log; `pack_of()` gives the form
    pack that names an error's issues."""

    def hook(exc_type, exc, tb):
        import traceback

        from PySide6.QtWidgets import QApplication

        log.error("Lỗi không mong đợi", exc_info=(exc_type, exc, tb))
        details = "".join(traceback.format_exception(exc_type, exc, tb))
        from desktop.gui.dialogs.error_dialog import show_error

        show_error(QApplication.activeWindow(), exc, details, pack_of=pack_of)

    sys.excepthook = hook


def make_application(argv: list[str]):
    from PySide6.QtCore import QLocale
    from PySide6.QtGui import QFont, QIcon
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance() or QApplication(argv)
    app.setApplicationName("BaoCao")
    app.setApplicationDisplayName("BaoCao")
    app.setApplicationVersion(__version__)
    app.setOrganizationName("BaoCao")
    from desktop.gui import qt_vietnamese

    qt_vietnamese.install(app)
    QLocale.setDefault(QLocale(QLocale.Language.Vietnamese, QLocale.Country.Vietnam))  # dates
    icon = paths.resources_dir() / "icons" / "baocao.png"
    if icon.exists():
        app.setWindowIcon(QIcon(str(icon)))
    font = QFont(app.font())
    font.setPointSize(max(font.pointSize(), 10))
    app.setFont(font)
    return app


def services_for(settings: Settings | None) -> Services:
    db = Path(settings.db_path) if settings and settings.db_path else None
    return Services(db_path=db)


def build_main_window(settings: Settings | None = None, svc: Services | None = None):
    """First run when there are no settings; then the main window.  Returns it (or None)."""
    from desktop.gui.main_window import MainWindow

    settings = settings or load_settings()
    svc = svc or services_for(settings)
    if settings is None:
        from desktop.gui.dialogs.first_run import FirstRunDialog

        dialog = FirstRunDialog(svc)
        if not dialog.exec():
            return None
        settings = dialog.saved_settings
        svc = services_for(settings)
    return MainWindow(svc, settings)


def run(argv: list[str]) -> int:
    from desktop.gui import startup_probe

    probe = startup_probe.start()  # None unless BAOCAO_STARTUP_PROBE is set
    setup_logging()
    settings = load_settings()
    svc = services_for(settings)  # nothing opened yet: the pack and database on first use
    from desktop.gui.single_instance import InstanceGuard, package_arguments  # Qt from here

    files = package_arguments(argv[1:])
    guard = InstanceGuard(paths.data_dir())
    if not guard.acquire():  # a window is open on this installation: it takes the files
        guard.hand_over(files)
        log.info("Đã chuyển %d tệp cho cửa sổ BaoCao đang mở", len(files))
        return 0
    app = make_application(argv)
    install_excepthook(lambda: svc.pack)
    window = build_main_window(settings, svc)
    if window is None:
        return 0
    window.show()
    if probe:
        probe.report_and_quit(app, window, ready=window.firstPageShown)
    if files:  # double-clicked package (file association), once the loop runs: a dialog it
        # opens is then a window of the running app (the probe's quit closes it too)
        from PySide6.QtCore import QTimer

        QTimer.singleShot(0, lambda: open_requested(window, files))
    guard.listen(lambda more: open_requested(window, more))  # … and those of later starts
    return app.exec()


def open_requested(window, files: list[Path]) -> None:
    """Files the OS gave BaoCao (this start, or a later one handed over): import them."""
    if window.isMinimized():
        window.showNormal()
    window.raise_()
    window.activateWindow()
    if files and hasattr(window, "import_files"):
        window.import_files(files)
