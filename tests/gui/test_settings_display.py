"""The province's display options on Cài đặt (issue 10 point 5): money in tỷ đồng and who
signs, typed and clicked as a person does, then «Xuất Excel…» on Tổng hợp clicked and the
workbook read back: the signature lines and a money cell in tỷ đồng with one decimal."""

from __future__ import annotations

from decimal import Decimal

import openpyxl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

pytest.importorskip("PySide6")
from PySide6.QtCore import QPoint, Qt  # noqa: E402

from desktop.core.settings import Role, billions_by_default, load_settings, office_display  # noqa: E402
from tests.gui.conftest import button, click, click_nav, type_period, type_text  # noqa: E402

SIGNER = "Đoàn Thu Hà"


@pytest.fixture
def province_window(qtbot, tmp_path, monkeypatch):
    from desktop.gui.demo import make_province
    from desktop.gui.main_window import MainWindow

    monkeypatch.setenv("BAOCAO_DATA_DIR", str(tmp_path / "tinh"))
    svc, settings, _ = make_province(tmp_path)  # the city's 2023-H1 package imported
    window = MainWindow(svc, settings)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    click_nav(qtbot, window, "Cài đặt")
    return window, tmp_path


def _retype(qtbot, edit, text: str) -> None:
    qtbot.mouseClick(edit, Qt.MouseButton.LeftButton)
    edit.selectAll()
    qtbot.keyClick(edit, Qt.Key.Key_Delete)
    type_text(edit, text)


def _rows(path):
    book = openpyxl.load_workbook(path)
    try:
        return [
            (sheet.title, [c for c in row])
            for sheet in book.worksheets
            for row in sheet.iter_rows()
        ]
    finally:
        book.close()


def test_signer_and_billions_typed_on_settings_reach_the_exported_workbook(
    qtbot, province_window, dialogs
):
    window, root = province_window
    page = window.settings_page
    display = page.display
    assert display.isVisible()
    assert [e.text() for e in display.edits.values()] == [
        "TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH", "",
    ]
    # the demo province is a new province: money in tỷ đồng, as new_settings gives (L8)
    box = display.billions  # a wide row: click its box, not the empty middle of the row
    assert box.isChecked() and load_settings().money_in_billions
    assert office_display(load_settings()).money_in_billions is billions_by_default(Role.PROVINCE)
    for _ in range(2):  # off and on again, clicked
        qtbot.mouseClick(box, Qt.MouseButton.LeftButton, pos=QPoint(8, box.height() // 2))
    assert box.isChecked()
    _retype(qtbot, display.edits["signer_name"], SIGNER)
    click(qtbot, button(page, "Lưu cách trình bày"))
    assert "Đã lưu cách trình bày" in display.message.text()
    saved = load_settings()
    assert saved.money_in_billions and saved.signer_name == SIGNER
    assert saved.unit_code == "20" and saved.person_name == "Trần Văn Minh"  # the rest kept

    click_nav(qtbot, window, "Tổng hợp")
    cons = window.consolidation
    type_period(qtbot, cons.period_box, "2023-H1")
    click(qtbot, button(cons, "Tổng hợp"))
    qtbot.waitUntil(lambda: cons.result is not None and cons.job is None, timeout=60000)
    out = root / "tong_hop.xlsx"
    dialogs.answer(out)  # then «Đóng» to «Mở tệp / Mở thư mục / Đóng»
    click(qtbot, button(cons, "Xuất Excel…"))
    qtbot.waitUntil(lambda: cons.job is None and out.exists(), timeout=60000)

    rows = _rows(out)
    texts = [str(c.value).strip() for _, cells in rows for c in cells if isinstance(c.value, str)]
    for line in ("TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH", SIGNER):
        assert line in texts, line

    form = next(f for f in cons.result.forms if f.form.id == "ngan_sach")
    row = next(r for r in form.rows if r.indicator is not None and r.indicator.code == "NS_THU")
    assert row.indicator.unit == "trieu_dong"
    million = next(v for m, v in row.values.items() if isinstance(v, Decimal) and m in form.measures[:1])
    shown = []
    for title, cells in rows:  # the table itself («Biểu 05 …»), not the by-unit detail («CT …»)
        values = [c.value for c in cells]
        if title.startswith("Biểu") and row.label.strip() in [str(v).strip() for v in values if isinstance(v, str)]:
            assert "tỷ đồng" in values, values
            shown += [c for c in cells if isinstance(c.value, int | float)]
    assert shown, f"no row «{row.label}»"
    cell = next(c for c in shown if Decimal(str(c.value)) == million / 1000)
    assert cell.number_format == "#,##0.0"


def test_a_signature_without_a_position_is_not_saved(qtbot, province_window, dialogs):
    window, root = province_window
    display = window.settings_page.display
    before = (root / "tinh" / "settings.json").read_bytes()
    _retype(qtbot, display.edits["signer_position"], "")
    click(qtbot, button(window.settings_page, "Lưu cách trình bày"))
    assert "Hãy nhập chức vụ người ký" in display.message.text()
    assert (root / "tinh" / "settings.json").read_bytes() == before


def test_a_unit_has_no_province_display_options(qtbot, tmp_path, monkeypatch, dialogs):
    from desktop.gui.demo import make_unit
    from desktop.gui.main_window import MainWindow

    monkeypatch.setenv("BAOCAO_DATA_DIR", str(tmp_path))
    svc, settings = make_unit(tmp_path)
    window = MainWindow(svc, settings)
    qtbot.addWidget(window)
    window.show()
    click_nav(qtbot, window, "Cài đặt")
    assert not window.settings_page.display.isVisible()
    assert "Lưu cách trình bày" not in [
        b.text() for b in window.settings_page.findChildren(type(window.settings_page.backup_button))
        if b.isVisible()
    ]


TEXT = st.text(
    alphabet=st.characters(codec="utf-8", categories=("L", "M", "N", "Zs", "P")), max_size=40
)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(lines=st.tuples(TEXT, TEXT, TEXT.filter(lambda t: t.strip()), TEXT), billions=st.booleans())
def test_display_options_round_trip_through_the_settings_file(qtbot, tmp_path, lines, billions):
    """Whatever is typed comes back from the settings file as saved: NFC, trimmed; and the
    page shows it again."""
    import unicodedata

    from desktop.core.settings import Role, Settings, save_settings
    from desktop.gui.pages.settings_page import DISPLAY_FIELDS, DisplayOptions

    display = DisplayOptions()
    qtbot.addWidget(display)
    for field, text in zip(DISPLAY_FIELDS, lines, strict=True):
        display.edits[field].setText(text)
    display.billions.setChecked(billions)
    base = Settings(role=Role.PROVINCE, unit_code="20", unit_name="Tỉnh Lạng Sơn", person_name="Minh")
    save_settings(base.model_copy(update=display.values()), tmp_path)
    loaded = load_settings(tmp_path)
    expected = {f: unicodedata.normalize("NFC", t).strip() for f, t in zip(DISPLAY_FIELDS, lines, strict=True)}
    assert {f: getattr(loaded, f) for f in DISPLAY_FIELDS} == expected
    assert loaded.money_in_billions is billions and loaded.unit_code == "20"
    again = DisplayOptions()
    qtbot.addWidget(again)
    again.show_settings(loaded)
    assert again.values() == {**expected, "money_in_billions": billions}
