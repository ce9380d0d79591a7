"""The entry page's issues panel names the row and the column as the clerk reads them (the
indicator's label, the column's heading), never «DT_GN» or «pct_kh»; the full place is in the
tooltip; a click on the row lands on the cell.  The figures are the seed's real investment
form (Biểu số 07) loaded as a draft.

A picture of the page is written to the test's folder (on Xvfb with QT_QPA_PLATFORM=xcb it
is the real X rendering)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

pytest.importorskip("PySide6")
from PySide6.QtCore import Qt  # noqa: E402
from PySide6.QtGui import QGuiApplication  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from desktop.core.periods import Period  # noqa: E402
from desktop.core.services import Services  # noqa: E402

SEED = Path(__file__).resolve().parents[1] / "fixtures" / "seed000" / "dau_tu_cong.json"
CODE = re.compile(r"\b[A-Z]{2,}_[A-Z0-9_]+\b|\b[a-z]+_[a-z_]+\b")  # DT_GN, pct_kh, th_ky


def test_issues_panel_shows_the_row_and_column_names(qtbot, tmp_path):
    from desktop.core.entry_session import EntrySession
    from desktop.gui.pages.entry import EntryPage

    svc = Services(db_path=tmp_path / "baocao.db")
    report = svc.validate_file(SEED)
    svc.save_entry(report, actor="Lan")
    form = svc.pack.get("dau_tu_cong")
    unit = svc.units.for_period("178", Period.parse("2023-H1"))
    session = EntrySession(svc, unit=unit, form=form, period=Period.parse("2023-H1"), actor="Lan")
    page = EntryPage(session)
    qtbot.addWidget(page)
    page.resize(1366, 740)
    page.show()

    m = page.issues_model
    rows = [m.data(m.index(r, 1)) for r in range(m.rowCount())]
    [warn] = [r for r, i in enumerate(m.issues) if i.code == "ty_le_khong_khop"]
    label = form.indicator_map()["DT_GN"].label
    assert rows[warn] == f"{label} — % KH"  # the column as the grid's header names it
    assert not [r for r in rows if CODE.search(r)], rows
    tip = m.data(m.index(warn, 1), Qt.ItemDataRole.ToolTipRole)
    assert tip.endswith(f"(chỉ tiêu «{label}», cột «So kế hoạch năm (%)»)")
    page.grab().save(str(tmp_path / "bang_loi_ten.png"))
    if QGuiApplication.platformName() == "xcb":
        QApplication.processEvents()
        assert page.screen().grabWindow(0).save(str(tmp_path / "bang_loi_man_hinh.png"))

    # a click on the issue lands on its cell
    rect = page.issues_view.visualRect(m.index(warn, 1))
    qtbot.mouseClick(page.issues_view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert page.model.key_at(page.table.currentIndex()) == ("DT_GN", "pct_kh")
