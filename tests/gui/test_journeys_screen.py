"""The window on a 1366×768 laptop (and a 1920×1080 screen at 125 %, 1536×864 logical, which
is larger): every page's action buttons are inside the window; the window remembers its
geometry, the period and the page for the next run."""

from __future__ import annotations

import pytest

pytest.importorskip("PySide6")
from PySide6.QtWidgets import QPushButton  # noqa: E402

from desktop.core.periods import Period  # noqa: E402
from tests.gui.conftest import click_nav, type_period  # noqa: E402

# 1366×768 minus a taskbar (40) and a title bar (30)
WIDTH, HEIGHT = 1366, 768 - 40 - 30
H1 = Period.parse("2023-H1")


def inside(window, widget) -> bool:
    top_left = widget.mapTo(window, widget.rect().topLeft())
    bottom_right = widget.mapTo(window, widget.rect().bottomRight())
    return window.rect().contains(top_left) and window.rect().contains(bottom_right)


def assert_buttons_visible(window, page, names: list[str]) -> None:
    assert window.width() <= WIDTH and window.height() <= HEIGHT, window.size()
    buttons = {b.text(): b for b in page.findChildren(QPushButton) if b.isVisible()}
    for name in names:
        assert name in buttons, f"«{name}» not shown ({sorted(buttons)})"
        assert inside(window, buttons[name]), f"«{name}» is outside the {window.width()}×{window.height()} window"


def laptop_window(qtbot, svc, settings):
    from desktop.gui.main_window import MainWindow

    window = MainWindow(svc, settings)
    qtbot.addWidget(window)
    window.resize(WIDTH, HEIGHT)
    window.show()
    qtbot.waitExposed(window)
    return window


def test_clerk_pages_fit_a_laptop_screen(qtbot, tmp_path, monkeypatch):
    from desktop.gui.demo import make_unit

    monkeypatch.setenv("BAOCAO_DATA_DIR", str(tmp_path))
    svc, settings = make_unit(tmp_path)
    window = laptop_window(qtbot, svc, settings)
    assert window.minimumSizeHint().height() <= HEIGHT and window.minimumSizeHint().width() <= WIDTH
    page = window.open_form(svc.pack.get("ngan_sach"), H1)
    qtbot.wait(50)
    assert_buttons_visible(window, page, ["Hoàn tác", "Hoàn thành", "Gửi báo cáo…", "Xuất Excel…"])
    click_nav(qtbot, window, "Cài đặt")
    assert_buttons_visible(window, window.settings_page, ["Sao lưu…", "Khôi phục…", "Đổi thiết lập…"])


def test_province_pages_fit_a_laptop_screen(qtbot, tmp_path, monkeypatch):
    from desktop.core.settings import Role, Settings
    from desktop.gui.demo import _installation

    monkeypatch.setenv("BAOCAO_DATA_DIR", str(tmp_path))
    svc = _installation(tmp_path)
    settings = Settings(role=Role.PROVINCE, unit_code="20", unit_name="Tỉnh Lạng Sơn", person_name="Minh")
    window = laptop_window(qtbot, svc, settings)
    assert_buttons_visible(window, window.inbox, ["Chọn tệp…", "Chọn thư mục…", "Dừng"])
    click_nav(qtbot, window, "Tình hình báo cáo")
    assert_buttons_visible(window, window.dashboard, ["Làm mới"])
    click_nav(qtbot, window, "Tổng hợp")
    assert_buttons_visible(window, window.consolidation, ["Tổng hợp", "Xuất Excel…"])


def test_window_remembers_geometry_period_and_page(qtbot, tmp_path, monkeypatch):
    from desktop.core.settings import Role, Settings
    from desktop.gui.demo import _installation
    from desktop.gui.main_window import MainWindow

    monkeypatch.setenv("BAOCAO_DATA_DIR", str(tmp_path))
    svc = _installation(tmp_path)
    settings = Settings(role=Role.PROVINCE, unit_code="20", unit_name="Tỉnh Lạng Sơn", person_name="Minh")
    window = laptop_window(qtbot, svc, settings)
    free = window.screen().availableGeometry()  # offscreen: 800×600; Xvfb: its screen
    window.resize(min(1200, free.width() - 60), min(650, free.height() - 60))
    size = (window.width(), window.height())
    assert size != (WIDTH, HEIGHT)
    click_nav(qtbot, window, "Tình hình báo cáo")
    type_period(qtbot, window.dashboard.period_box, "2023-H1")
    click_nav(qtbot, window, "Tổng hợp")
    assert str(window.consolidation.period_box.currentData()) == "2023-H1"  # not reset to this month
    window.close()

    again = MainWindow(_installation(tmp_path), settings)
    qtbot.addWidget(again)
    again.show()
    assert (again.width(), again.height()) == size
    qtbot.waitUntil(lambda: again.loading is None)  # «Đang tải…» painted, then the page
    assert again.stack.currentWidget() is again.consolidation
    assert str(again.consolidation.period_box.currentData()) == "2023-H1"
    assert str(again.dashboard.period_box.currentData()) == "2023-H1"
