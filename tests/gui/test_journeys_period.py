"""The period picker: past periods offered and typed (a late 2023-H1 report in 2026), every
offered label and code reads back as its period, and a province page keeps the period."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

pytest.importorskip("PySide6")

from desktop.core.periods import Period  # noqa: E402
from desktop.gui.period_picker import offered_periods, parse_typed  # noqa: E402
from tests.gui.conftest import type_period  # noqa: E402

TODAY = dt.date(2026, 11, 23)


def test_past_halves_quarters_and_years_are_offered():
    offered = {str(p) for p in offered_periods(TODAY)}
    assert {"2023-H1", "2023-Q2", "2023", "2021-H1", "2026-11"} <= offered
    assert not any(p.is_future(TODAY) for p in offered_periods(TODAY))


@given(st.dates(min_value=dt.date(2021, 1, 1), max_value=dt.date(2035, 12, 31)))
def test_every_offered_period_reads_back_from_its_label_and_its_code(today):
    offered = offered_periods(today)
    for p in offered:
        assert parse_typed(p.short_label) == p
        assert parse_typed(f"  {p.short_label.upper()} ") == p
        assert parse_typed(p.label) == p
        assert parse_typed(str(p)) == p
    # newest first, one year after another: no year comes back once left
    years = [p.year for p in offered]
    assert years == sorted(years, reverse=True)
    ends = [(p.year, p.last_month_index) for p in offered]
    assert ends == sorted(ends, reverse=True)


def test_labels_typed_loosely_name_their_period():
    assert parse_typed("thang 3 nam 2019") == Period.parse("2019-03")
    assert parse_typed("QUÝ 2 / 2023") == Period.parse("2023-Q2")
    assert parse_typed("6 thang cuoi 2022") == Period.parse("2022-H2")
    assert parse_typed("Tháng 13/2020") is None
    assert parse_typed("quý V/2020") is None


def test_clerk_opens_the_period_list_newest_first_year_by_year(qtbot, tmp_path, monkeypatch):
    """Clicked: the home's drop-down opens on «Tháng 12/2026» (23/11/2026 is in December's
    window), then December's quarter, half and year, then November …; a line between years."""
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QStyle, QStyleOptionComboBox

    from desktop.gui.demo import make_unit
    from desktop.gui.main_window import MainWindow

    monkeypatch.setenv("BAOCAO_DATA_DIR", str(tmp_path))
    svc, settings = make_unit(tmp_path)
    window = MainWindow(svc, settings)
    qtbot.addWidget(window)
    window.show()
    picker = window.home.period_box
    opt = QStyleOptionComboBox()
    picker.initStyleOption(opt)
    arrow = picker.style().subControlRect(
        QStyle.ComplexControl.CC_ComboBox, opt, QStyle.SubControl.SC_ComboBoxArrow, picker
    )
    qtbot.mouseClick(picker, Qt.MouseButton.LeftButton, pos=arrow.center())
    view = picker.view()
    qtbot.waitUntil(view.isVisible)
    shown = [picker.itemText(i) for i in range(picker.count())]
    assert shown[:8] == [
        "Tháng 12/2026", "Quý IV/2026", "6 tháng cuối năm 2026", "Năm 2026",
        "Tháng 11/2026", "Tháng 10/2026", "Tháng 9/2026", "Quý III/2026",
    ]
    i_2025 = shown.index("Tháng 12/2025")
    assert shown[i_2025 - 2:i_2025] == ["Tháng 1/2026", ""]  # the line between the years
    assert shown.index("Năm 2025") > shown.index("Quý I/2026")
    years = [picker.itemData(i).year for i in range(picker.count()) if picker.itemData(i)]
    assert years == sorted(years, reverse=True)
    # the clerk goes down once with the keyboard and picks December's quarter
    qtbot.keyClick(view, Qt.Key.Key_Down)
    qtbot.keyClick(view, Qt.Key.Key_Return)
    assert picker.currentData() == Period.parse("2026-Q4")
    assert picker.currentText() == "Quý IV/2026"
    # arrow keys in the closed box step over the line between the years
    picker.select_period("2026-01")
    qtbot.keyClick(picker, Qt.Key.Key_Down)
    assert picker.currentData() == Period.parse("2025-12")
    qtbot.keyClick(picker, Qt.Key.Key_Up)
    assert picker.currentData() == Period.parse("2026-01")


def test_clerk_types_a_month_not_in_the_list(qtbot, tmp_path, monkeypatch):
    from desktop.gui.demo import make_unit
    from desktop.gui.main_window import MainWindow

    monkeypatch.setenv("BAOCAO_DATA_DIR", str(tmp_path))
    svc, settings = make_unit(tmp_path)
    window = MainWindow(svc, settings)
    qtbot.addWidget(window)
    window.show()
    picker = window.home.period_box
    type_period(qtbot, picker, "2019-03")
    assert picker.currentData() == Period.parse("2019-03")
    assert picker.currentText() == "Tháng 3/2019"
    said = []
    picker.rejectedText.connect(said.append)
    type_period(qtbot, picker, "2031-H1")  # not started yet
    assert picker.currentData() == Period.parse("2019-03")
    assert said == ["Kỳ «2031-H1» chưa bắt đầu."]
