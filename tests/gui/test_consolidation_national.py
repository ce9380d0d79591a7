"""The Tổng hợp page on a national run (issue 14, point 1): 3.321 xã consolidated
without their «CT …» sheet, a total's «Số liệu từng đơn vị» still listed for every unit
(that row's figures read on demand, from the page's own database: the run's worker
closed its own), and the «Xuất Excel…» export asking whether to add the breakdown
sheet, which then holds one column per unit."""

from __future__ import annotations

import datetime as dt
import json
import os
import time
from decimal import Decimal as D
from pathlib import Path

import openpyxl
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication

from desktop.core.services import Services
from desktop.core.submission import Submission
from desktop.gui.models.summary import format_figure
from desktop.gui.pages.consolidation import LEAVE_OUT, WITH_DETAILS, ConsolidationPage
from tests.gui.conftest import button, click

REPO = Path(__file__).resolve().parents[2]
N_UNITS = 3321
PERIOD = "2025-H2"
FORM = """
id: toan_quoc
version: 1
title: "Biểu kiểm thử toàn quốc"
bieu_so: "Biểu số 01"
domain: tong_hop
period_types: [half_year]
measures: [th_ky, kh_nam, pct_kh]
sections:
  - title: "Chỉ tiêu"
    indicators:
      - {code: THU, label: "Thu ngân sách", unit: trieu_dong}
      - {code: CHI, label: "Chi ngân sách", unit: trieu_dong}
      - {code: HO, label: "Số hộ nghèo", unit: ho, kind: integer, aggregation: stock}
"""


def national(tmp_path: Path) -> Services:
    forms = tmp_path / "forms"
    forms.mkdir()
    (forms / "_catalog.yaml").write_bytes((REPO / "forms" / "_catalog.yaml").read_bytes())
    (forms / "toan_quoc.yaml").write_text(FORM, encoding="utf-8")

    def unit(code, name, level, kind, parent):
        return {"code": code, "name": name, "level": level, "kind": kind,
                "parent_code": parent, "valid_from": None if parent is None else "2025-07-01",
                "valid_to": None, "predecessors": [], "successors": []}

    units = [unit("01", "Toàn quốc", "province", "Tỉnh", None)]
    units += [unit(f"{10000 + i}", f"Xã {i}", "commune", "Xã", "01") for i in range(N_UNITS)]
    (tmp_path / "units.json").write_text(
        json.dumps({"source": "thử nghiệm", "province": "01", "units": units}), encoding="utf-8"
    )
    svc = Services(db_path=tmp_path / "toan_quoc.db", forms_dir=forms,
                   units_path=tmp_path / "units.json", today=dt.date(2026, 11, 23))
    subs = [
        Submission("toan_quoc", 1, f"{10000 + i}", PERIOD, values={
            ("THU", "th_ky"): D(i) / 10, ("THU", "kh_nam"): D(2 * i), ("CHI", "th_ky"): D(i % 7),
            ("HO", "th_ky"): D(i % 13)})
        for i in range(N_UNITS - 1)  # the last xã has not reported
    ]
    svc.repo.save_many(subs, form_hash=svc.pack.content_hash("toan_quoc"),
                       unit_valid_from="2025-07-01", actor="t", status="final")
    return svc


def test_national_drill_down_and_export_with_the_breakdown_sheet(qtbot, tmp_path, dialogs):
    from desktop.core.settings import Role, Settings, save_settings

    # the xã's figures are a few trăm nghìn đồng: an office showing them in triệu đồng
    save_settings(Settings(role=Role.PROVINCE, unit_code="20", unit_name="Tỉnh Lạng Sơn",
                           person_name="Trần Văn Minh", money_in_billions=False))  # fmt: skip
    svc = national(tmp_path)
    page = ConsolidationPage(svc)
    qtbot.addWidget(page)
    page.resize(1366, 768)
    page.show()
    page.period_box.select_period(PERIOD)
    click(qtbot, button(page, "Tổng hợp"))
    qtbot.waitUntil(lambda: page.result is not None and page.job is None, timeout=120000)
    table = page.table_box.currentData()
    assert len(table.reported) == N_UNITS - 1 and not table.has_breakdown
    assert "không lập bảng chi tiết từng đơn vị" in page.missing.text()

    # «Số liệu từng đơn vị» of the THU total: every xã, read for this row only
    page.below.setCurrentWidget(page.contrib)
    row = next(r for r, x in enumerate(table.rows) if x.indicator and x.indicator.code == "THU")
    rect = page.view.visualRect(page.model.index(row, 1))
    started = time.perf_counter()
    qtbot.mouseClick(page.view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    took = time.perf_counter() - started
    assert page.contrib.rowCount() == N_UNITS + 1  # each xã, the one missing, the total
    shown = {page.contrib.item(r, 0).text(): page.contrib.item(r, 1).text() for r in range(3)}
    assert shown["Xã 1"] == format_figure(D("0.1")) and shown["Xã 2"] == format_figure(D("0.2"))
    assert page.contrib.item(N_UNITS - 1, 0).text() == f"Xã {N_UNITS - 1} (chưa báo cáo)"
    total = sum((D(i) / 10 for i in range(N_UNITS - 1)), D(0))
    assert table.rows[row].values["th_ky"] == total
    shot = Path(os.environ.get("BAOCAO_SHOTS", tmp_path))
    page.grab().save(str(shot / "tong_hop_toan_quoc.png"))
    if QGuiApplication.platformName() == "xcb":  # the real screen, once painted
        for _ in range(5):
            QApplication.processEvents()
        assert page.screen().grabWindow(0).save(str(shot / "tong_hop_toan_quoc_man_hinh.png"))
    print(f"drill-down of {N_UNITS} units: {took * 1000:.0f} ms")

    # the export asks; «Hủy» writes nothing, the breakdown sheet is one column per xã
    dialogs.answer("Hủy")
    click(qtbot, button(page, "Xuất Excel…"))
    assert [q[0] for q in dialogs.asked] == ["choose"]
    assert dialogs.asked[0][2] == [LEAVE_OUT, WITH_DETAILS, "Hủy"]
    out = tmp_path / "toan_quoc.xlsx"
    dialogs.answer(WITH_DETAILS, out)  # then «Đóng» to the «Mở tệp» question
    click(qtbot, button(page, "Xuất Excel…"))
    qtbot.waitUntil(lambda: page.job is None and out.exists(), timeout=300000)
    assert not dialogs.errors
    book = openpyxl.load_workbook(out, read_only=True)
    [ct] = [n for n in book.sheetnames if n.startswith("CT ")]
    sheet = book[ct]
    names = next(r for r in sheet.iter_rows(values_only=True) if r and r[0] == "STT")
    assert names[4] == "Xã 0" and names[4 + N_UNITS - 2] == f"Xã {N_UNITS - 2}"
    assert names[-1] == "Tổng cộng" and len(names) == 4 + N_UNITS + 1
    thu = next(r for r in sheet.iter_rows(values_only=True) if r and r[2] == "THU")
    assert thu[4 + 2] == 0.2 and thu[4 + N_UNITS - 1] is None  # the xã that did not report
    book.close()
    # «Chỉ các biểu tổng hợp»: the summary only, saying how to get the breakdown
    plain = tmp_path / "chi_tong_hop.xlsx"
    dialogs.answer(LEAVE_OUT, plain)
    click(qtbot, button(page, "Xuất Excel…"))
    qtbot.waitUntil(lambda: page.job is None and plain.exists(), timeout=300000)
    book = openpyxl.load_workbook(plain, read_only=True)
    assert not [n for n in book.sheetnames if n.startswith("CT ")]
    book.close()
    # the table on screen kept its own figures, read from the page's database
    assert page.contrib.rowCount() == N_UNITS + 1 and not dialogs.errors
    svc.close()
