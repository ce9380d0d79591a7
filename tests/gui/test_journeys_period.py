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
    labels = {p.label.casefold(): p for p in offered}
    for p in offered:
        assert parse_typed(p.label, labels) == p
        assert parse_typed(f"  {p.label.upper()} ", labels) == p
        assert parse_typed(str(p), labels) == p


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
    assert picker.currentText() == "Tháng 3 năm 2019"
    said = []
    picker.rejectedText.connect(said.append)
    type_period(qtbot, picker, "2031-H1")  # not started yet
    assert picker.currentData() == Period.parse("2019-03")
    assert said == ["Kỳ «2031-H1» chưa bắt đầu."]
