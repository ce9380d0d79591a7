"""Biểu 05 opened by a clerk's clicks in a quarter has no «DT tháng» column (nor its
percentages): the month's allotment of the budget estimate means nothing there, and the
clerk was shown empty columns and asked for them.  Back to the list, a month picked, the
same form has them (forms/ngan_sach.yaml `measure_periods`, formdef/period_form.py)."""

from __future__ import annotations

import pytest

pytest.importorskip("PySide6")
from PySide6.QtCore import Qt  # noqa: E402

from tests.gui.conftest import button, click, type_period  # noqa: E402
from tests.gui.test_entry_keyboard import clerk_window, open_by_double_click  # noqa: E402

MONTHLY = {"DT tháng", "% DT tháng", "Ước % DT tháng"}


@pytest.fixture(autouse=True)
def _installed_once(warm_pack):
    return warm_pack


def _headings(page) -> list[str]:
    model = page.model
    return [
        model.headerData(c, Qt.Orientation.Horizontal, Qt.ItemDataRole.DisplayRole)
        for c in range(model.columnCount())
    ]


def test_budget_form_has_the_month_columns_in_a_month_only(qtbot, tmp_path):
    svc, window = clerk_window(qtbot, tmp_path)
    type_period(qtbot, window.home.period_box, "2023-Q1")
    page = open_by_double_click(qtbot, window, "ngan_sach")
    quarter = _headings(page)
    assert "DT tỉnh giao" in quarter and "% DT tỉnh" in quarter
    assert not MONTHLY & set(quarter)

    click(qtbot, button(page, "← Danh sách biểu"))
    type_period(qtbot, window.home.period_box, "2023-03")
    page = open_by_double_click(qtbot, window, "ngan_sach")
    month = _headings(page)
    assert MONTHLY <= set(month)
    assert [h for h in month if h not in MONTHLY] == quarter  # otherwise the same columns
