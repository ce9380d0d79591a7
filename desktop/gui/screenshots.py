"""Render every screen of the real app offscreen into PNG files (docs/screenshots/).

    QT_QPA_PLATFORM=offscreen python -m desktop.gui.screenshots docs/screenshots

Uses demo installations built from the seed fixtures (desktop/gui/demo.py) in a
temporary folder; nothing touches the user's data.
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path


def _shot(widget, path: Path, app) -> None:
    widget.show()
    for _ in range(5):
        app.processEvents()
    widget.grab().save(str(path))
    print(f"  {path}")


def render(out_dir: Path) -> list[Path]:
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
    window.resize(1366, 820)
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
    window.resize(1366, 820)
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
    cons.show_contributions(cons.model.index(1, 0))
    shots.append(out_dir / "08-tinh-tong-hop.png")
    _shot(window, shots[-1], app)
    window.close()
    return shots


if __name__ == "__main__":
    target = Path(sys.argv[1]) if len(sys.argv) > 1 else Path("docs/screenshots")
    print("Chụp màn hình:")
    render(target)
