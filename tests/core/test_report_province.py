"""The province's draft is written from the consolidated figures (over the acceptance data
of tests/core/test_consolidation.py), never from one unit's own; the units' narratives
follow under their names; a missing unit is said, not counted as zero."""

from __future__ import annotations

import datetime as dt

from desktop.core.report.drafts import write_consolidated_draft
from desktop.core.report.writer import ReportOptions
from tests.core.test_consolidation import put
from tests.core.test_consolidation import svc as svc  # noqa: F401  (the fixture)
from tests.core.test_report_seeds import body_text


def _acceptance_data(svc) -> None:
    """The units' figures of test_consolidation.test_province_h1_by_hand."""
    communes = svc.units.children(svc.units.get("182", dt.date(2023, 6, 30)), dt.date(2023, 6, 30))
    put(svc, "178", "2023-H1", {"FL.th_ky": "50"})
    put(svc, "178", "2023-H1", {"FL.th_ky": "100.5", "FL.luy_ke": "300", "FL.kh_nam": "1000",
                                "FL.cung_ky": "90", "ST.th_ky": "40", "NU.th_ky": "3",
                                "DD.th_ky": "10", "RA.th_ky": "30", "CU.th_ky": "2",
                                "TO.th_ky": "5", "TEN.th_ky": "Thành phố"},
        "Thành phố tăng trưởng khá.")  # fmt: skip
    put(svc, "180", "2023-H1", {"FL.th_ky": "200", "FL.luy_ke": "500", "FL.kh_nam": "2000",
                                "FL.cung_ky": "210", "ST.th_ky": "60", "NU.th_ky": "7",
                                "DD.th_ky": "20", "RA.th_ky": "35", "CU.th_ky": "1",
                                "TO.th_ky": "4"},
        "Tràng Định ổn định.")  # fmt: skip
    put(svc, "181", "2023-H1", {"FL.th_ky": "0.25", "FL.luy_ke": "0.25", "NU.th_ky": "1",
                                "DD.th_ky": "2", "CU.th_ky": "0", "TO.th_ky": "3"})  # fmt: skip
    put(svc, communes[0].code, "2023-H1",
        {"FL.th_ky": "10", "ST.th_ky": "5", "NU.th_ky": "1", "DD.th_ky": "4"})  # fmt: skip
    put(svc, communes[1].code, "2023-H1",
        {"FL.th_ky": "20.5", "ST.th_ky": "6", "NU.th_ky": "2", "DD.th_ky": "4"})  # fmt: skip
    put(svc, "183", "2023-H1", {"FL.th_ky": "999"}, status="draft")


def test_province_draft_has_the_consolidated_figures_not_the_units(svc, tmp_path):  # noqa: F811
    _acceptance_data(svc)
    out = write_consolidated_draft(
        svc, "2023-H1", tmp_path / "tinh.docx", ReportOptions(day=dt.date(2023, 7, 10))
    )
    text = body_text(out)
    consolidated = [
        "Dòng chảy: 331,25 ha",  # 100,5 + 200 + 0,25 + (10 + 20,5 from 182's communes)
        "đạt 26,7% kế hoạch năm",  # 800 lũy kế ÷ 3.000 KH, recomputed
        "tăng 0,2% so với cùng kỳ",  # 300,5 ÷ 300 over the units that gave both
        # … which are 2 of the 4 in the figure: said, not taken for the whole figure's
        "so với cùng kỳ (% KH, % cùng kỳ tính trên 2/4 đơn vị).",
        "Tồn: 111 con",
        "Tử số: 14 vụ",
        "Mẫu số: 40 vụ",
        "Tỷ lệ: 35%",  # 14 ÷ 40, never 30 + 35 nor their mean
        "Xã đạt chuẩn: 03 xã",
        "Tổng số xã: 12 xã",
    ]
    assert [s for s in consolidated if s not in text] == []
    units_own = ["100,5", "Dòng chảy: 200 ha", "Dòng chảy: 999", "Tồn: 40", "Tồn: 60",
                 "Tỷ lệ: 30%", "Tỷ lệ: 32,5%", "Tỷ lệ: 65%", "Thành phố\n"]  # fmt: skip
    assert [s for s in units_own if s in text] == []
    assert "Thành phố Lạng Sơn: Thành phố tăng trưởng khá." in text
    assert "Huyện Tràng Định: Tràng Định ổn định." in text
    assert "Thiếu số liệu 7 đơn vị" in text
    assert "trên địa bàn tỉnh Lạng Sơn" in text


def test_narratives_without_unit_names_by_option(svc, tmp_path):  # noqa: F811
    _acceptance_data(svc)
    out = write_consolidated_draft(
        svc, "2023-H1", tmp_path / "tinh.docx", ReportOptions(dt.date(2023, 7, 10), group_by_unit=False, annex="none")
    )
    text = body_text(out)
    assert "\nThành phố tăng trưởng khá." in text and "Thành phố Lạng Sơn:" not in text
