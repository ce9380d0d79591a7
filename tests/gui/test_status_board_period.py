"""«Tình hình báo cáo» opens on the month the office is collecting, not the calendar's month
(core/board_period.py, docs/status-board.md).  On 1/12/2026 it opened on Tháng 12/2026,
whose data run to 14/12 and are due 19/12: every cell «chưa», while November's reports,
due 19/11, were the ones to chase."""

from __future__ import annotations

import datetime as dt

import pytest

pytest.importorskip("PySide6")

from desktop.core.board_period import period_collected  # noqa: E402
from desktop.core.services import Services  # noqa: E402
from desktop.core.storage.exchange_tables import ImportLog  # noqa: E402


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
