"""A 1920×1080 screen at 125 % scaling (issue 11 point 4), the commonest office set-up:
1536×864 logical pixels.  The scale factor must be set before Qt starts, so the app runs in
a subprocess on the offscreen platform given a 1920×1080 screen (its `configfile` option)
and QT_SCALE_FACTOR=1.25; the window takes the size of a maximised window (less the
taskbar and title bar) and every main page's action buttons must lie inside it."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

pytest.importorskip("PySide6")

# 864 logical pixels high, less Windows 11's taskbar (48) and a title bar (31) at 125 %
WIDTH, HEIGHT = 1536, 864 - 48 - 31

SCRIPT = textwrap.dedent("""
    import json, sys
    from pathlib import Path
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QApplication, QPushButton
    from desktop.core.periods import Period
    from desktop.gui.demo import make_province, make_unit
    from desktop.gui.main_window import MainWindow

    app = QApplication([])
    root, width, height = Path(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3])
    screen = app.primaryScreen()
    report = {"dpr": screen.devicePixelRatio(),
              "screen": [screen.size().width(), screen.size().height()],
              "windows": [], "missing": [], "outside": []}

    def inside(window, widget):
        rect = window.rect()
        return rect.contains(widget.mapTo(window, widget.rect().topLeft())) and rect.contains(
            widget.mapTo(window, widget.rect().bottomRight()))

    def check(window, page, where, names):
        app.processEvents()
        shown = {b.text(): b for b in page.findChildren(QPushButton) if b.isVisible()}
        for name in names:
            if name not in shown:
                report["missing"].append(f"{where}: {name}")
            elif not inside(window, shown[name]):
                report["outside"].append(f"{where}: {name}")

    def go(window, title):
        items = window.nav.findItems(title, Qt.MatchFlag.MatchExactly)
        assert len(items) == 1, title
        window.nav.setCurrentItem(items[0])
        app.processEvents()

    def opened(svc, settings):
        window = MainWindow(svc, settings)
        window.resize(width, height)
        window.show()
        app.processEvents()
        report["windows"].append([window.width(), window.height()])
        return window

    svc, settings = make_unit(root / "don_vi")
    window = opened(svc, settings)
    page = window.open_form(svc.pack.get("ngan_sach"), Period.parse("2023-H1"))
    check(window, page, "Nhập biểu", ["Hoàn tác", "Hoàn thành", "Gửi báo cáo…", "Xuất Excel…"])
    go(window, "Cài đặt")
    check(window, window.settings_page, "Cài đặt (đơn vị)", ["Đổi thiết lập…", "Sao lưu…", "Khôi phục…"])
    window.close()

    svc, settings, _ = make_province(root / "tinh")
    window = opened(svc, settings)
    go(window, "Hộp thư")
    check(window, window.inbox, "Hộp thư", ["Chọn tệp…", "Chọn thư mục…", "Dừng"])
    go(window, "Tình hình báo cáo")
    check(window, window.dashboard, "Tình hình báo cáo", ["Làm mới"])
    go(window, "Tổng hợp")
    check(window, window.consolidation, "Tổng hợp", ["Tổng hợp", "Xuất Excel…"])
    go(window, "Cài đặt")
    check(window, window.settings_page, "Cài đặt (tỉnh)",
          ["Đổi thiết lập…", "Sao lưu…", "Khôi phục…", "Lưu cách trình bày"])
    window.close()
    print(json.dumps(report, ensure_ascii=False))
""")


def test_main_pages_fit_1920x1080_at_125_percent(tmp_path):
    config = tmp_path / "screen.json"
    config.write_text(json.dumps({
        "synchronousWindowSystemEvents": True,
        "windowFrameMargins": False,
        "screens": [{"name": "1920x1080", "x": 0, "y": 0, "width": 1920, "height": 1080,
                     "logicalDpi": 96, "logicalBaseDpi": 96, "dpr": 1}],
    }))
    env = {**os.environ, "QT_QPA_PLATFORM": f"offscreen:configfile={config}",
           "QT_SCALE_FACTOR": "1.25", "BAOCAO_DATA_DIR": str(tmp_path / "data")}
    env.pop("DISPLAY", None)
    repo_root = Path(__file__).resolve().parents[2]
    done = subprocess.run(
        [sys.executable, "-c", SCRIPT, str(tmp_path), str(WIDTH), str(HEIGHT)],
        cwd=repo_root, env=env, capture_output=True, text=True, timeout=300,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    report = json.loads(done.stdout.strip().splitlines()[-1])
    assert report["dpr"] == 1.25 and report["screen"] == [1536, 864], report  # really 125 %
    assert report["windows"] == [[WIDTH, HEIGHT]] * 2, report["windows"]  # not grown past the screen
    assert report["missing"] == [], report["missing"]
    assert report["outside"] == [], report["outside"]
