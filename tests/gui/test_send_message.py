"""After «Gửi báo cáo…» the clerk reads what happened: the form's message line no longer
says «Có thể «Gửi báo cáo»» (it was sent) but names the package written, and the status bar
names the file in «» (a file the clerk called «gói tháng 6.baocao» read «Đã tạo gói gói
tháng 6.baocao»).  Clicked: «Hoàn thành», then «Gửi báo cáo…», «Chỉ biểu này», the file."""

from __future__ import annotations

import datetime as dt
import json

import pytest

pytest.importorskip("PySide6")

from desktop.core.periods import Period  # noqa: E402
from desktop.core.services import Services  # noqa: E402
from desktop.core.settings import Role, Settings  # noqa: E402
from tests.gui.conftest import click  # noqa: E402

H1 = Period.parse("2023-H1")


def test_sending_says_which_package_was_written(qtbot, tmp_path, dialogs):
    from desktop.gui.main_window import MainWindow

    svc = Services(db_path=tmp_path / "baocao.db", today=dt.date(2023, 6, 20))
    svc.key_dir = tmp_path / "keys"
    source = tmp_path / "ns.json"
    source.write_text(
        json.dumps(
            {
                "format": "baocao-submission/1",
                "form": "ngan_sach",
                "form_version": svc.pack.get("ngan_sach").version,
                "unit": "178",
                "period": "2023-H1",
                "values": {"NS_THU": {"th_ky": "209435"}, "NS_CHI": {"th_ky": "323115"}},
            }
        ),
        encoding="utf-8",
    )
    svc.load_file(source, final=False)
    settings = Settings(
        role=Role.UNIT, unit_code="178", unit_name="Thành phố Lạng Sơn", person_name="Lan"
    )
    window = MainWindow(svc, settings)
    qtbot.addWidget(window)
    window.show()
    window.home.select_period(H1)
    page = window.open_form(svc.pack.get("ngan_sach"), H1)
    click(qtbot, page.finish_button)
    assert page.session.status == "final", page.message.text()
    assert "Có thể «Gửi báo cáo»" in page.message.text()

    out = tmp_path / "gói tháng 6.baocao"
    dialogs.answer("Chỉ biểu này", out)
    click(qtbot, page.send_button)
    assert out.exists() and page.session.status == "sent"
    assert "Có thể «Gửi báo cáo»" not in page.message.text()
    assert "«gói tháng 6.baocao»" in page.message.text()
    shown = window.statusBar().currentMessage()
    # with its period: the line stays on screen while the clerk opens another period
    assert shown.startswith("Đã tạo gói «gói tháng 6.baocao» (1 biểu, 6 tháng đầu năm 2023)")
