"""«Tình hình báo cáo» opens on the month the office is collecting, not the calendar's month
(core/board_period.py, docs/status-board.md).  On 1/12/2026 it opened on Tháng 12/2026,
whose data run to 14/12 and are due 19/12: every cell «chưa», while November's reports,
due 19/11, were the ones to chase."""

from __future__ import annotations

import datetime as dt

import pytest

pytest.importorskip("PySide6")

from PySide6.QtCore import Qt  # noqa: E402

from desktop.core.board_period import period_collected  # noqa: E402
from desktop.core.services import Services  # noqa: E402
from desktop.core.storage.exchange_tables import ImportLog  # noqa: E402
from tests.gui.test_clerk_months import app_font  # noqa: E402, F401 (a fixture)


def board(qtbot, svc):
    from desktop.gui.pages.dashboard import DashboardPage

    page = DashboardPage(svc)
    qtbot.addWidget(page)
    page.show()
    return page


def test_the_board_opens_on_the_month_being_collected(qtbot, tmp_path):
    svc = Services(db_path=tmp_path / "tinh" / "baocao.db", today=dt.date(2026, 12, 1))
    page = board(qtbot, svc)
    assert str(page.period_box.currentData()) == "2026-11"
    assert page.period_box.currentText() == "Tháng 11/2026"
    assert page.model.matrix.period == "2026-11"  # the matrix shown is that month's


def test_which_month_by_day_and_by_what_arrived(tmp_path):
    svc = Services(db_path=tmp_path / "tinh" / "baocao.db", today=dt.date(2026, 12, 1))
    log = ImportLog(svc.db)

    def on(day: dt.date) -> str:
        return str(period_collected(svc.pack, log, day))

    assert on(dt.date(2026, 12, 1)) == "2026-11"  # December due 19/12: far
    assert on(dt.date(2026, 12, 11)) == "2026-11"
    assert on(dt.date(2026, 12, 12)) == "2026-12"  # due within a week
    assert on(dt.date(2026, 12, 16)) == "2026-12"  # January's data begin 15/12, not due
    assert on(dt.date(2027, 1, 3)) == "2026-12"  # past December's deadline, January far
    assert on(dt.date(2027, 1, 12)) == "2027-01"
    assert period_collected(svc.pack, None, dt.date(2026, 12, 1)) == period_collected(
        svc.pack, log, dt.date(2026, 12, 1)
    )  # no database yet: nothing arrived
    # a unit sent December early (held for its key, yet it came): December is arriving
    log.add(file_name="goi.baocao", file_sha256="x", outcome="held", message="…",
            unit_code="178", period="2026-12")  # fmt: skip
    assert on(dt.date(2026, 12, 1)) == "2026-12"
    assert on(dt.date(2026, 11, 10)) == "2026-10"  # a later month's file says nothing of it


def test_a_held_package_reads_waiting_for_its_key_on_the_board(qtbot, tmp_path):
    """A commune's package held for its key showed «quá … ngày» in red on the board: the
    cell now reads «chờ khóa», not in the overdue colour, its tooltip says when it came and
    where the key is confirmed.  Picked «6 tháng đầu năm 2023» on the real page."""
    from desktop.core.exchange.service import import_packages
    from desktop.core.periods import Period
    from desktop.gui.pages.dashboard import COLORS, OVERDUE
    from tests.core.test_trust_policy import installation, package

    clerk, province = installation(tmp_path / "xa"), installation(tmp_path / "tinh")
    [held] = import_packages(province, [package(clerk, "256812", tmp_path / "goi.baocao")])
    assert held.outcome == "held"
    page = board(qtbot, province)
    page.select_period(Period.parse("2023-H1"))
    qtbot.waitUntil(lambda: page.model.matrix and page.model.matrix.period == "2023-H1")
    m = page.model
    row = [u.code for u in m.matrix.units].index("178")
    col = [f.id for f in m.matrix.forms].index("ngan_sach")
    cell = m.index(row, col)
    assert m.data(cell) == "chờ khóa"
    assert m.data(cell, Qt.ItemDataRole.BackgroundRole).color().name() == COLORS["held"] != OVERDUE
    assert "trang «Khóa đơn vị»" in m.data(cell, Qt.ItemDataRole.ToolTipRole)
    other = m.index(row, [f.id for f in m.matrix.forms].index("chuyen_doi_so"))
    assert m.data(other).startswith("quá ")  # the forms not in the package stay overdue


@pytest.mark.usefixtures("app_font")  # the app's 10 points, as on Xvfb
def test_the_legend_reads_whole_at_1366(qtbot, tmp_path):
    """With the «Chờ xác nhận khóa» chip the legend's row ran off the page at 1366×768
    («? chờ…» cut, seen on Xvfb): every chip and the review marks inside the page."""
    from PySide6.QtWidgets import QLabel

    svc = Services(db_path=tmp_path / "tinh" / "baocao.db", today=dt.date(2026, 12, 1))
    page = board(qtbot, svc)
    wide = 1366 - 190  # the page beside the navigation list in a 1366 window
    assert page.minimumSizeHint().width() <= wide  # else the window would cut it
    page.resize(wide, 700)
    qtbot.waitUntil(lambda: page.width() == wide)
    chips = [w for w in page.findChildren(QLabel) if w.isVisible() and w.text().strip()]
    assert any("chờ xem xét" in w.text() for w in chips)
    for w in chips:
        right = w.mapTo(page, w.rect().topRight()).x()
        assert right < page.width() and w.width() >= w.sizeHint().width(), w.text()
