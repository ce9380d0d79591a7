"""On screen, the budget's province figure says it is provisional while Sở Tài chính (its
lead department) has not reported: the «Tổng hợp» page, clicked as a person does, shows the
districts' sum with «Tạm tính từ 2 đơn vị; Sở Tài chính chưa báo cáo» in the Ghi chú column."""

from __future__ import annotations

import datetime as dt
import json

import pytest

pytest.importorskip("PySide6")

from PySide6.QtCore import Qt  # noqa: E402

from desktop.core.services import Services  # noqa: E402
from tests.gui.conftest import click, type_period  # noqa: E402


@pytest.fixture
def page(qtbot, tmp_path):
    from desktop.gui.pages.consolidation import ConsolidationPage

    svc = Services(db_path=tmp_path / "tinh.db", today=dt.date(2026, 11, 23))
    for unit, thu, chi in (("178", "30000", "40000"), ("183", "12500", "21000")):  # synthetic
        path = tmp_path / f"{unit}.json"
        path.write_text(
            json.dumps(
                {
                    "format": "baocao-submission/1",
                    "form": "ngan_sach",
                    "form_version": 1,
                    "unit": unit,
                    "period": "2023-01",
                    "values": {"NS_THU": {"th_ky": thu}, "NS_CHI": {"th_ky": chi}},
                }
            ),
            encoding="utf-8",
        )
        svc.load_file(path, final=True)
    widget = ConsolidationPage(svc)
    qtbot.addWidget(widget)
    widget.resize(1300, 700)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


def test_the_province_budget_cell_says_it_is_provisional(qtbot, page, dialogs):
    for n in range(page.form_list.count()):  # only the budget: the other forms have no figures
        item = page.form_list.item(n)
        keep = item.data(Qt.ItemDataRole.UserRole) == "ngan_sach"
        item.setCheckState(Qt.CheckState.Checked if keep else Qt.CheckState.Unchecked)
    type_period(qtbot, page.period_box, "2023-01")
    click(qtbot, page.run_button)
    qtbot.waitUntil(lambda: page.result is not None and page.job is None, timeout=60000)
    model = page.view.model()
    codes = [model.index(r, 2).data() for r in range(model.rowCount())]
    row = codes.index("NS_THU")
    shown = [model.index(row, c).data() for c in range(model.columnCount())]
    # the districts' sum, 42.500 triệu đồng: in tỷ đồng with no settings.json (a province's default)
    assert "42,5" in shown and "tỷ đồng" in shown
    assert shown[-1].startswith("Tạm tính từ 2 đơn vị; Sở Tài chính chưa báo cáo")
    assert model.headerData(model.columnCount() - 1, Qt.Orientation.Horizontal) == "Ghi chú"
