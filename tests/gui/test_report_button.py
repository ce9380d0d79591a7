"""«Viết báo cáo…» clicked on the clerk's home and on the province's consolidation page:
the .docx written is the draft of the chosen period, checked in the file."""

from __future__ import annotations

from pathlib import Path

import pytest

pytest.importorskip("PySide6")

from desktop.core.periods import Period  # noqa: E402
from tests.core.test_report_seeds import body_text, load_seed  # noqa: E402
from tests.gui.conftest import button, click, type_period  # noqa: E402

H1 = Period.parse("2023-H1")


def test_clerk_home_writes_the_units_draft(qtbot, services, dialogs, tmp_path):
    from desktop.gui.pages.home import HomePage

    load_seed(services, "seed000")
    page = HomePage(services, services.units.for_period("178", H1))
    qtbot.addWidget(page)
    page.show()
    qtbot.waitExposed(page)
    type_period(qtbot, page.period_box, "2023-H1")
    assert str(page.period) == "2023-H1"
    out = tmp_path / "bao_cao_don_vi.docx"
    dialogs.answer(out, "Đóng")
    click(qtbot, button(page, "Viết báo cáo…"))
    qtbot.waitUntil(lambda: getattr(page, "last_report", None) is not None, timeout=30000)
    assert dialogs.asked[0] == ("save_file", "Lưu dự thảo báo cáo", "BaoCao_2023-H1.docx")
    assert dialogs.asked[-1][0] == "choose"
    assert Path(page.last_report) == out
    text = body_text(out)
    assert "trên địa bàn thành phố Lạng Sơn" in text
    assert "Thu ngân sách nhà nước 6 tháng đầu năm 2023 đạt 209.435 triệu đồng" in text
    # the city writes its tourists as they are (seed 000), the province in nghìn (below)
    assert "đạt 1.798.700 lượt khách" in text and "nghìn lượt" not in text
    import docx

    # dated the office's day (Services.today, Vietnam time), not the machine clock's: at
    # 05:00 on 01/12 in Lạng Sơn a UTC machine dated the draft 30/11 (the board said 01/12)
    assert docx.Document(str(out)).tables[0].cell(1, 1).text.endswith("ngày 23 tháng 11 năm 2026")
    qtbot.waitUntil(lambda: button(page, "Viết báo cáo…").isEnabled())


def test_consolidation_page_writes_the_province_draft(qtbot, services, dialogs, tmp_path):
    from desktop.gui.pages.consolidation import ConsolidationPage

    load_seed(services, "seed000")
    load_seed(services, "seed004")
    page = ConsolidationPage(services)
    qtbot.addWidget(page)
    page.show()
    qtbot.waitExposed(page)
    type_period(qtbot, page.period_box, "2023-H1")

    click(qtbot, button(page, "Viết báo cáo…"))  # nothing consolidated yet: says so
    assert dialogs.asked[-1][0] == "choose" and not list(tmp_path.glob("*.docx"))

    click(qtbot, button(page, "Tổng hợp"))
    qtbot.waitUntil(lambda: page.result is not None and page.job is None, timeout=60000)
    # the office set, in Cài đặt, who signs and money in tỷ đồng: the draft follows (L6)
    from desktop.core.settings import Role, Settings, save_settings

    save_settings(
        Settings(role=Role.PROVINCE, unit_code="20", unit_name="Tỉnh Lạng Sơn",
                 person_name="Trần Văn Minh", signer_name="Dương Xuân Huyền",
                 money_in_billions=True)
    )  # fmt: skip
    out = tmp_path / "bao_cao_tinh.docx"
    dialogs.answer(out, "Đóng")
    click(qtbot, button(page, "Viết báo cáo…"))
    qtbot.waitUntil(lambda: getattr(page, "last_report", None) is not None, timeout=30000)
    text = body_text(out)
    assert "trên địa bàn tỉnh Lạng Sơn" in text
    # 209.435 (the city) + 256.812 (Cao Lộc): the consolidated revenue, not a unit's own
    assert "Thu ngân sách nhà nước 6 tháng đầu năm 2023 đạt 466,25 tỷ đồng" in text
    for own in ("209.435", "256.812", "209,44", "256,81"):  # the units' own: narratives only
        assert f"Thu ngân sách nhà nước 6 tháng đầu năm 2023 đạt {own}" not in text
    # the city's 1.798.700 tourists (Cao Lộc's are in its culture form) in nghìn lượt, as
    # seed 002 writes the province's (forms' province_sentence); it read «1.798.700 lượt»
    assert "Trong 6 tháng đầu năm 2023, thu hút 1.798,7 nghìn lượt khách du lịch." in text
    # the units' 0 food poisonings in words (zero_sentence), not «…: 0 vụ»
    assert "Trong 6 tháng đầu năm 2023, không có vụ ngộ độc thực phẩm xảy ra." in text
    assert "thực phẩm: 0 vụ" not in text
    import docx

    signature = docx.Document(str(out)).tables[1].cell(0, 1).text
    dated = docx.Document(str(out)).tables[0].cell(1, 1).text
    assert dated == "Lạng Sơn, ngày 23 tháng 11 năm 2026"
    assert "KT. CHỦ TỊCH" in signature and "Dương Xuân Huyền" in signature
    assert "Thành phố Lạng Sơn: " in text and "Huyện Cao Lộc: " in text

    # another period picked, «Tổng hợp» not pressed again: the H1 tables leave the page,
    # neither exported nor written as Quý II's (they were, under the picker's Quý II/2023)
    qtbot.waitUntil(lambda: button(page, "Viết báo cáo…").isEnabled())
    type_period(qtbot, page.period_box, "2023-Q2")
    assert str(page.period_box.currentData()) == "2023-Q2"
    assert page.result is None and page.model.rowCount() == 0
    assert not button(page, "Xuất Excel…").isEnabled()
    assert page.missing.text() == "Bấm «Tổng hợp» để tổng hợp Quý II năm 2023."
    asked = len(dialogs.asked)
    click(qtbot, button(page, "Viết báo cáo…"))
    assert dialogs.asked[asked][0] == "choose" and len(list(tmp_path.glob("*.docx"))) == 1
