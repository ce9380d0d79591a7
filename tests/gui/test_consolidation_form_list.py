"""«Tổng hợp»'s list of forms to consolidate, on a 1366×768 screen: every form's number and
whole title can be read (long titles wrap within the list, as «Biểu số 16: Thanh tra, tiếp
công dân, giải quyết khiếu nại, tố cáo và phòng, chống tham nhũng»), none cut at the list's
edge behind a sideways scroll bar; the full title is also the item's tooltip.  The list is
used by clicking a check box: the unchecked form is not consolidated."""

from __future__ import annotations

import datetime as dt

import pytest

pytest.importorskip("PySide6")
from PySide6.QtCore import QPoint, QRect, Qt  # noqa: E402
from PySide6.QtWidgets import QStyle  # noqa: E402

from desktop.core.services import Services  # noqa: E402

WIDTH, HEIGHT = 1366 - 200, 768 - 40 - 30 - 30  # the page beside the navigation list


def test_every_form_title_is_readable_in_the_list(qtbot, tmp_path):
    from desktop.gui.pages.consolidation import ConsolidationPage

    svc = Services(db_path=tmp_path / "baocao.db", today=dt.date(2023, 7, 10))
    page = ConsolidationPage(svc)
    qtbot.addWidget(page)
    page.resize(WIDTH, HEIGHT)
    page.show()
    qtbot.waitExposed(page)
    forms = page.form_list
    assert not forms.horizontalScrollBar().isVisible()
    width = forms.viewport().width()
    metrics = forms.fontMetrics()
    one_line = metrics.height()
    box = forms.style().pixelMetric(QStyle.PixelMetric.PM_IndicatorWidth) + 12  # + margins
    for i in range(forms.count()):
        item = forms.item(i)
        form = svc.pack.get(item.data(Qt.ItemDataRole.UserRole))
        assert item.text() == f"{form.bieu_so}: {form.title}"
        assert item.toolTip() == item.text()
        rect = forms.visualItemRect(item)
        assert rect.left() >= 0 and rect.right() < width, (item.text(), rect, width)
        # the height the wrapped title needs beside its check box
        need = metrics.boundingRect(
            QRect(0, 0, width - box, 10_000), Qt.TextFlag.TextWordWrap, item.text()
        ).height()
        assert rect.height() >= need, (item.text(), rect.height(), need)
    # clicking a form's check box leaves it out
    first = forms.item(0)
    rect = forms.visualItemRect(first)
    box = QPoint(rect.left() + one_line // 2 + 3, rect.center().y())
    qtbot.mouseClick(forms.viewport(), Qt.MouseButton.LeftButton, pos=box)
    assert first.checkState() == Qt.CheckState.Unchecked
    assert first.data(Qt.ItemDataRole.UserRole) not in page.selected_forms()
