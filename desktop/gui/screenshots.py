"""Take a picture of every screen of the real app at 1366×768 into PNG files
(docs/screenshots/), from a real X server:

    Xvfb :99 -screen 0 1366x768x24 &
    DISPLAY=:99 QT_QPA_PLATFORM=xcb python -m desktop.gui.screenshots docs/screenshots

The pictures are the X server's pixels (QScreen.grabWindow); without a display Qt's
offscreen platform renders the widgets instead.  Uses demo installations built from the
seed fixtures (desktop/gui/demo.py) in a temporary folder; nothing touches the user's data.
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

SCREEN = (1366, 768)


def _settle(app, ms: int = 400) -> None:
    from PySide6.QtCore import QDeadlineTimer, QThread

    deadline = QDeadlineTimer(ms)
    while not deadline.hasExpired():
        app.processEvents()
        QThread.msleep(20)


def _shot(widget, path: Path, app) -> None:
    widget.show()
    widget.raise_()
    widget.activateWindow()
    _settle(app)
    picture = None
    if app.platformName() == "xcb":  # what the X server shows, not a re-rendering
        picture = widget.screen().grabWindow(widget.winId())
    if picture is None or picture.isNull():
        picture = widget.grab()
    picture.save(str(path))
    print(f"  {path} ({picture.width()}×{picture.height()})")


def _full_screen(window) -> None:
    window.setGeometry(0, 0, *SCREEN)  # Xvfb has no window manager: no title bar, no panel


def render(out_dir: Path) -> list[Path]:
    if not (os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY")):
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    out_dir.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix="baocao-shots-"))
    os.environ["BAOCAO_DATA_DIR"] = str(tmp / "don_vi")
    from desktop.core.periods import Period
    from desktop.gui.app import make_application
    from desktop.gui.demo import make_province, make_unit
    from desktop.gui.dialogs.first_run import FirstRunDialog
    from desktop.gui.main_window import MainWindow
    from desktop.gui.workers import wait_for_all

    app = make_application(sys.argv[:1])
    shots = []

    unit_svc, unit_settings = make_unit(tmp / "don_vi")
    dialog = FirstRunDialog(unit_svc)
    dialog.search.setText("cao loc")
    dialog.person.setText("Nguyễn Thị Lan")
    dialog.resize(620, 600)
    shots.append(out_dir / "01-thiet-lap-ban-dau.png")
    _shot(dialog, shots[-1], app)
    dialog.close()

    window = MainWindow(unit_svc, unit_settings)
    _full_screen(window)
    h1 = Period.parse("2023-H1")
    window.home.select_period(h1)
    shots.append(out_dir / "02-don-vi-danh-sach-bieu.png")
    _shot(window, shots[-1], app)
    page = window.open_form(unit_svc.pack.get("ngan_sach"), h1)
    model = page.model
    idx = model.index_of("NS_THU_ND", "th_ky")
    model.setData(idx, "1.234.567")  # larger than the total: an error, shown red
    page.table.setCurrentIndex(idx)
    page.current_changed(idx)
    shots.append(out_dir / "03-don-vi-nhap-lieu.png")
    _shot(window, shots[-1], app)
    page.tabs.setCurrentIndex(1)
    shots.append(out_dir / "04-don-vi-thuyet-minh.png")
    _shot(window, shots[-1], app)
    page.undo()
    window.show_page("settings")
    shots.append(out_dir / "05-cai-dat.png")
    _shot(window, shots[-1], app)
    window.close()

    os.environ["BAOCAO_DATA_DIR"] = str(tmp / "tinh")
    prov_svc, prov_settings, packages = make_province(tmp)
    bad = tmp / "hop_thu" / "goi_hong.baocao"
    bad.write_bytes(packages[1].read_bytes()[:300])
    window = MainWindow(prov_svc, prov_settings)
    _full_screen(window)
    window.inbox.import_files([packages[1], packages[0], bad])
    wait_for_all()
    for _ in range(10):
        app.processEvents()
    shots.append(out_dir / "06-tinh-hop-thu.png")
    _shot(window, shots[-1], app)
    window.dashboard.select_period(h1)
    window.show_page("dashboard")
    shots.append(out_dir / "07-tinh-tinh-hinh-bao-cao.png")
    _shot(window, shots[-1], app)
    window.show_page("consolidation")
    cons = window.consolidation
    cons.period_box.select_period(h1)
    cons.run()
    wait_for_all()
    for _ in range(10):
        app.processEvents()
    for i in range(cons.table_box.count()):
        if cons.table_box.itemData(i).form.id == "ngan_sach":
            cons.table_box.setCurrentIndex(i)
    cons.view.selectRow(1)
    shots.append(out_dir / "08-tinh-tong-hop.png")
    _shot(window, shots[-1], app)
    cons.below.setCurrentWidget(cons.contrib)
    shots.append(out_dir / "09-tinh-so-lieu-tung-don-vi.png")
    _shot(window, shots[-1], app)
    if "keys" in window.pages:
        window.show_page("keys")
        shots.append(out_dir / "10-tinh-khoa-don-vi.png")
        _shot(window, shots[-1], app)
    window.close()
    return shots


if __name__ == "__main__":
    target = Path(sys.argv[1]) if len(sys.argv) > 1 else Path("docs/screenshots")
    print("Chụp màn hình:")
    render(target)
