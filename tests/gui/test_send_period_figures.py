"""«Hoàn thành» then «Gửi báo cáo…» clicked on a quarter's Biểu 05 saved before «DT tháng»
became a month's column, with a figure in it the grid no longer shows: the package goes
out without it (the province takes it in as new), the clerk is told once in a message box
which figure was left out and why, the status line says so, and the figure stays in the
database (the CLI's side: tests/test_period_figures_left_out.py)."""

from __future__ import annotations

from decimal import Decimal

import pytest

pytest.importorskip("PySide6")

from desktop.core.exchange.service import import_packages  # noqa: E402
from desktop.core.periods import Period  # noqa: E402
from desktop.core.settings import Role, Settings  # noqa: E402
from tests.core.package_tools import enrol, installation  # noqa: E402
from tests.gui.conftest import click  # noqa: E402
from tests.test_period_figures_left_out import (  # noqa: E402
    MONTHLY,
    OLD_FORM_HASH,
    PERIOD,
    kept_locally,
    quarter_draft_from_before,
)


def test_gui_send_leaves_out_the_month_column_and_says_so(tmp_path, qtbot, dialogs):
    from desktop.gui.main_window import MainWindow

    svc = installation(tmp_path, "don_vi")
    quarter_draft_from_before(svc)
    settings = Settings(role=Role.UNIT, unit_code="183", unit_name="Huyện Cao Lộc",
                        person_name="Lan")  # fmt: skip
    window = MainWindow(svc, settings)
    qtbot.addWidget(window)
    window.show()
    q1 = Period.parse(PERIOD)
    window.home.select_period(q1)
    page = window.open_form(svc.pack.get("ngan_sach"), q1)
    assert page.session.status == "draft"
    click(qtbot, page.finish_button)
    assert page.session.status == "final"  # the month's figure hidden from the grid blocks nothing
    # finished under today's form, the one it was checked with (the draft was the old one's)
    assert kept_locally(svc).form_hash == svc.pack.content_hash("ngan_sach") != OLD_FORM_HASH

    out = tmp_path / "goi.baocao"
    dialogs.answer("Chỉ biểu này", out)
    click(qtbot, page.send_button)
    assert out.exists() and page.session.status == "sent"
    told = [(title, text) for title, text, icon in dialogs.shown if icon == "info"]
    assert len(told) == 1, dialogs.shown
    title, text = told[0]
    assert title == "Gửi báo cáo: có số liệu không gửi"
    assert text.startswith("Không gửi 1 số liệu của Huyện Cao Lộc, quý I năm 2023"), text
    assert "«Tổng thu ngân sách nhà nước trên địa bàn», cột «Dự toán tháng»" in text, text
    assert "(chỉ có ở kỳ tháng): 50.000" in text and "không bị xóa" in text, text
    line = window.statusBar().currentMessage()
    assert "Không gửi 1 số liệu ở cột không có trong kỳ này" in line, line
    assert kept_locally(svc).submission.values[MONTHLY] == Decimal("50000")

    province = installation(tmp_path, "tinh")
    enrol(province, svc, "183", PERIOD)
    (result,) = import_packages(province, [out])
    assert result.outcome == "new", result.message
    province.close()
