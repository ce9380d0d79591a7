"""Charts built from real data: three districts' budget figures for 2023-H1 (two of them
also for 2022-H2) stored as finalised submissions, consolidated by clicking «Tổng hợp»,
the indicator chosen by clicking its row.  The bars are the units' figures largest first,
the districts that did not report are gaps (categories with no bar), the province line has
points only where a period has figures, and «Lưu ảnh PNG…» writes a PNG.  The status page
draws the completeness over time and marks overdue cells with the days late."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal
from pathlib import Path

import pytest

pytest.importorskip("PySide6")
pytest.importorskip("PySide6.QtCharts")
from PySide6.QtCore import Qt  # noqa: E402
from PySide6.QtGui import QImage  # noqa: E402

from desktop.core.periods import Period  # noqa: E402
from desktop.core.services import Services  # noqa: E402
from tests.gui.conftest import button, click  # noqa: E402

TODAY = dt.date(2026, 11, 23)
H1, H2_2022 = Period.parse("2023-H1"), Period.parse("2022-H2")
FIGURES = {  # unit → {period: NS_THU th_ky}
    "178": {"2023-H1": "209435", "2022-H2": "190000"},
    "180": {"2023-H1": "50000", "2022-H2": "40000"},
    "181": {"2023-H1": "120000"},
}


def province_with_figures(root: Path) -> Services:
    svc = Services(db_path=root / "baocao.db", today=TODAY)
    for unit, by_period in FIGURES.items():
        for period, value in by_period.items():
            path = root / f"ns_{unit}_{period}.json"
            path.write_text(
                json.dumps(
                    {
                        "format": "baocao-submission/1",
                        "form": "ngan_sach",
                        "form_version": svc.pack.get("ngan_sach").version,
                        "unit": unit,
                        "period": period,
                        "values": {"NS_THU": {"th_ky": value}, "NS_CHI": {"th_ky": "1000"}},
                    }
                ),
                encoding="utf-8",
            )
            report, _ = svc.load_file(path, final=True)
            assert not [i for i in report.issues if i.is_error], report.issues
    return svc


@pytest.mark.parametrize("with_sheet", [True, False], ids=["kem_bang_chi_tiet", "khong_kem"])
def test_consolidation_charts_and_png(qtbot, tmp_path, dialogs, monkeypatch, with_sheet):
    """Also for a table made without its «CT …» sheet (a national run's default): its
    rows carry no units' figures, and the bars still show every unit's."""
    from desktop.core.consolidation import engine
    from desktop.gui.pages.consolidation import ConsolidationPage
    from desktop.gui.widgets.charts import bar_values, line_values

    if not with_sheet:
        monkeypatch.setattr(engine, "SHEET_UNITS", 0)
    svc = province_with_figures(tmp_path)
    page = ConsolidationPage(svc)
    qtbot.addWidget(page)
    page.resize(1166, 700)
    page.show()
    page.period_box.select_period(H1)
    for i in range(page.form_list.count()):  # consolidate the budget form only
        item = page.form_list.item(i)
        keep = item.data(Qt.ItemDataRole.UserRole) == "ngan_sach"
        item.setCheckState(Qt.CheckState.Checked if keep else Qt.CheckState.Unchecked)
    click(qtbot, button(page, "Tổng hợp"))
    qtbot.waitUntil(lambda: page.job is None and page.result is not None, timeout=30000)
    assert page.model.table.has_breakdown is with_sheet

    r = next(
        i
        for i, row in enumerate(page.model.table.rows)
        if row.indicator and row.indicator.code == "NS_THU"
    )
    rect = page.view.visualRect(page.model.index(r, 1))
    qtbot.mouseClick(page.view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())

    chart = page.charts.bars.chart
    (series,) = chart.series()
    (bar_set,) = series.barSets()
    expected = len(page.model.table.expected)
    drawn = bar_values(chart)  # bottom up: smallest figure … largest, then the gaps
    # no settings.json: a provincial office's default, money in tỷ đồng (office_display)
    assert drawn[:3] == [
        ("Huyện Tràng Định", 50.0),
        ("Huyện Bình Gia", 120.0),
        ("Thành phố Lạng Sơn", 209.435),
    ]
    assert len(drawn) == expected and bar_set.count() == 3  # the others have no value at all
    assert all(c.endswith("(chưa báo cáo)") and v is None for c, v in drawn[3:])
    # each figure under the bars with its unit: the axis names none (×1000 misreadings)
    assert "Thành phố Lạng Sơn: 209,435 tỷ đồng" in page.charts.bars.caption.text()

    line = line_values(page.charts.line.chart)
    assert line == {10: Decimal(230), 11: Decimal("379.435")}  # no zero for empty periods

    out = tmp_path / "theo_don_vi.png"
    dialogs.answer(out)
    click(qtbot, page.charts.bars.save_button)
    assert out.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    image = QImage(str(out))
    assert not image.isNull() and image.height() >= 18 * expected
    dialogs.answer(tmp_path / "toan_tinh.png")
    click(qtbot, page.charts.line.save_button)
    assert QImage(str(tmp_path / "toan_tinh.png")).width() > 100


def test_status_page_completeness_and_overdue(qtbot, tmp_path):
    from desktop.core.numbers import format_vn
    from desktop.core.overdue import days_late
    from desktop.core.status import reporting_status
    from desktop.gui.pages.dashboard import OVERDUE, DashboardPage
    from desktop.gui.widgets.charts import line_values

    svc = province_with_figures(tmp_path)
    page = DashboardPage(svc)
    qtbot.addWidget(page)
    page.show()
    page.select_period(H1)
    page.refresh()
    matrix = reporting_status(svc, "2023-H1")
    done = sum(c.status in ("on_time", "late", "revised_late") for c in matrix.cells.values())
    line = line_values(page.chart.panel.chart)
    share = Decimal(done) * 100 / Decimal(len(matrix.cells))
    assert abs(line[11] - share) < Decimal("0.0001")  # drawn as a float
    assert line[0] == 0

    # a district that never sent the budget form: red, with the days since the deadline
    model = page.model
    units = [u.code for u in model.matrix.units]
    forms = [f.id for f in model.matrix.forms]
    index = model.index(units.index("183"), forms.index("ngan_sach"))
    deadline = model.matrix.deadlines["ngan_sach"]
    days = (TODAY - deadline).days
    assert model.data(index) == f"quá {format_vn(Decimal(days))} ngày"  # quá 1.253 ngày
    assert model.data(index, Qt.ItemDataRole.BackgroundRole).color().name() == OVERDUE
    assert days_late(matrix, deadline).get(("183", "ngan_sach")) is None  # not yet on the day
