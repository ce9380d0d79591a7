"""The main window builds a page the first time it is opened (issue 14 point 5): a fresh
process paints the window («Đang tải…» in the page area) before its first page, the form
pack, the database, validation, pydantic or cryptography are loaded; it then shows the
clerk's home (or the province's inbox) without importing the other pages,
the charts (QtCharts), the key screen or the first-run dialog; clicking a page's name builds
it once, and a page already open shows the packages the inbox brings in."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap

import pytest

pytest.importorskip("PySide6")

from tests.conftest import REPO  # noqa: E402
from tests.gui.conftest import click_nav, type_period  # noqa: E402

SCRIPT = textwrap.dedent("""
    import json, sys, time
    from PySide6.QtWidgets import QApplication
    from desktop.core.settings import load_settings
    from desktop.gui.app import build_main_window

    app = QApplication([])
    window = build_main_window(load_settings())
    window.show()
    report = {
        "at_paint": [m for m in FIRST_PAINT if m in sys.modules],
        "placeholder": window.stack.currentWidget().text(),
        "built_at_paint": len(window.pages.built()),
    }
    shown_first = []
    window.firstPageShown.connect(lambda: shown_first.append(True))
    end = time.monotonic() + 120
    while not shown_first and time.monotonic() < end:  # painted, then the first page built
        app.processEvents()
    watched = [m for m in sys.argv[2:] if m in sys.modules]
    shown = window.stack.currentWidget()
    report.update(imported=watched, built=len(window.pages.built()), shown=type(shown).__name__)
    window.show_page(sys.argv[1])
    app.processEvents()
    report["after"] = type(window.stack.currentWidget()).__name__
    report["imported_after"] = [m for m in sys.argv[2:] if m in sys.modules]
    print(json.dumps(report))
""")

LATER = [
    "PySide6.QtCharts",
    "desktop.gui.pages.settings_page",
    "desktop.gui.pages.dashboard",
    "desktop.gui.pages.consolidation",
    "desktop.gui.pages.keys_page",
    "desktop.gui.pages.inbox",
    "desktop.gui.dialogs.first_run",
    "desktop.core.trust.enrolment",
    "desktop.core.entry_session",
    "openpyxl",
    "docx",
    "sqlite_utils",  # the database of a window is opened without it (storage/connection.py)
]


# what the window is painted without (issue 14 point 5): its first page, and the form pack,
# the unit catalog, the database, validation, the signing library and pydantic behind it,
# come just after the first paint («Đang tải…» until then)
FIRST_PAINT = [
    "desktop.gui.pages.home",
    "desktop.gui.pages.inbox",
    "desktop.core.formdef.models",
    "desktop.core.formdef.loader",
    "desktop.core.periods",
    "desktop.core.units",
    "desktop.core.validation.engine",
    "desktop.core.storage.repository",
    "desktop.core.exchange.package",
    "desktop.core.trust.envelope",
    "sqlite3",
    "cryptography",
    "pydantic",
]


def _start(data_dir, page: str) -> dict:
    env = {**os.environ, "BAOCAO_DATA_DIR": str(data_dir), "QT_QPA_PLATFORM": "offscreen"}
    script = SCRIPT.replace("FIRST_PAINT", repr(FIRST_PAINT))
    r = subprocess.run(
        [sys.executable, "-c", script, page, *LATER],
        cwd=REPO, env=env, capture_output=True, text=True, timeout=180, check=False,
    )
    assert r.returncode == 0, r.stderr[-3000:]
    return json.loads(r.stdout.strip().splitlines()[-1])


def test_a_clerks_window_opens_with_the_home_page_only(tmp_path):
    from desktop.gui.demo import make_unit

    make_unit(tmp_path)
    got = _start(tmp_path, "settings")
    assert got["at_paint"] == [] and got["built_at_paint"] == 0
    assert "Đang tải…" in got["placeholder"]
    assert got["shown"] == "HomePage" and got["built"] == 1
    assert got["imported"] == []  # none of the later pages, charts, dialogs, Excel or Word
    assert got["after"] == "SettingsPage"  # built when opened
    assert got["imported_after"] == ["desktop.gui.pages.settings_page"]


def test_the_provinces_window_builds_the_dashboard_when_it_is_opened(tmp_path):
    from desktop.gui.demo import make_province

    make_province(tmp_path)
    got = _start(tmp_path / "tinh", "dashboard")
    assert got["at_paint"] == [] and got["built_at_paint"] == 0
    assert got["shown"] == "InboxPage" and got["built"] == 1
    assert got["imported"] == ["desktop.gui.pages.inbox"]
    assert got["after"] == "DashboardPage"
    assert "PySide6.QtCharts" in got["imported_after"]
    assert "desktop.gui.pages.keys_page" not in got["imported_after"]


@pytest.fixture
def province_window(qtbot, tmp_path, monkeypatch):
    from desktop.gui.demo import make_province
    from desktop.gui.main_window import MainWindow

    monkeypatch.setenv("BAOCAO_DATA_DIR", str(tmp_path / "tinh"))
    svc, settings, packages = make_province(tmp_path)
    window = MainWindow(svc, settings)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    return window, packages


def test_clicking_a_page_builds_it_once(qtbot, province_window):
    window, _ = province_window
    assert "keys" in window.pages and not window.pages.is_built("keys")  # asking builds nothing
    click_nav(qtbot, window, "Khóa đơn vị")
    page = window.stack.currentWidget()
    assert page is window.keys_page and page.isVisible()
    click_nav(qtbot, window, "Hộp thư")
    click_nav(qtbot, window, "Khóa đơn vị")
    assert window.stack.currentWidget() is page  # the same page, not a second one
    assert window.stack.count() == 2  # inbox and keys: the others still unbuilt


def _reported(dashboard) -> str:
    """The «Đã báo cáo» cell of the first form (the matrix's last row), e.g. "1/11"."""
    model = dashboard.model
    return model.data(model.index(model.rowCount() - 1, 0))


def test_an_open_dashboard_shows_what_the_inbox_brought_in(qtbot, province_window):
    window, packages = province_window
    click_nav(qtbot, window, "Tình hình báo cáo")
    type_period(qtbot, window.dashboard.period_box, "2023-H1")
    assert _reported(window.dashboard) == "1/11"  # the city's package, imported before
    click_nav(qtbot, window, "Hộp thư")
    window.inbox.import_files([packages[1]])  # Huyện Cao Lộc's, as a dropped file
    qtbot.waitUntil(lambda: window.inbox.job is None, timeout=60000)
    assert _reported(window.dashboard) == "2/11"
    assert not window.pages.is_built("consolidation")  # nothing else was built for it


def test_qt_texts_table_has_text_keys_only():
    """YAML 1.1 reads a bare Yes / No as a boolean: the Yes and No buttons were never
    translated while qt_vi.yaml had them unquoted."""
    from desktop.gui.qt_vietnamese import load_table

    table = load_table()
    assert all(isinstance(c, str) and isinstance(s, str) and isinstance(t, str)
               for (c, s), t in table.items())
    assert table[("QPlatformTheme", "Yes")] == "Có"
    assert table[("QPlatformTheme", "No")] == "Không"


def test_a_first_page_that_cannot_open_says_so_instead_of_loading(qtbot, tmp_path):
    """The first page is built after the first paint: when it fails (here a database file
    that is not one), the page area says what went wrong, not «Đang tải…» for ever."""
    from desktop.core.services import Services
    from desktop.core.settings import Role, Settings
    from desktop.gui.main_window import MainWindow

    broken = tmp_path / "baocao.db"
    broken.write_bytes(b"khong phai co so du lieu " * 200)
    settings = Settings(role=Role.UNIT, unit_code="178", unit_name="Thành phố Lạng Sơn",
                        person_name="Lan")  # fmt: skip
    window = MainWindow(Services(db_path=broken), settings)
    qtbot.addWidget(window)
    with qtbot.captureExceptions() as raised:
        window.show()
        qtbot.waitUntil(lambda: bool(raised), timeout=60000)
    assert type(raised[0][1]).__name__ == "StorageError"
    shown = window.stack.currentWidget()
    assert shown is window.loading and "Không mở được trang này" in shown.text()
    assert "không phải cơ sở dữ liệu BaoCao" in shown.text() and "Đang tải" not in shown.text()
