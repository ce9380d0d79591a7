"""«Xem xét», the cells changed between two revisions, at 1100×700 (the window on a 1366×768
laptop): the indicator by its name in full, never «Tổng diện tích gieo trồng cây hằng năm …»
cut short by its internal code «(NN_DT_GIEO_TRONG)»; the figures written the Vietnamese way
and right-aligned (found by L6 on Xvfb)."""

from __future__ import annotations

from decimal import Decimal

import pytest

pytest.importorskip("PySide6")
from PySide6.QtCore import Qt  # noqa: E402

from desktop.core.periods import Period  # noqa: E402
from desktop.core.submission import Submission  # noqa: E402

JAN = Period.parse("2023-01")
CODE = "NN_DT_GIEO_TRONG"


def test_changed_cells_by_name_and_figures_aligned(qtbot, services):
    from desktop.gui.dialogs.review import ReviewPanel

    form = services.pack.get("nong_lam_nghiep")
    for area in ("1505", "1515.5"):  # Hữu Lũng's revision 1, then 2
        sub = Submission(
            form.id, form.version, "186", "2023-01", values={(CODE, "uoc_th"): Decimal(area)}
        )
        stored = services.repo.save(
            sub, form_hash=services.pack.content_hash(form.id), unit_valid_from="", actor="t",
            status="final",
        )  # fmt: skip
    panel = ReviewPanel(services, services.units.for_period("186", JAN), form, JAN, stored)
    qtbot.addWidget(panel)
    panel.resize(1100, 650)
    panel.show()
    qtbot.waitExposed(panel)

    table = panel.changes
    assert table.rowCount() == 1
    name = table.item(0, 0).text()
    assert name == "Tổng diện tích gieo trồng cây hằng năm"
    assert table.columnWidth(0) >= table.fontMetrics().horizontalAdvance(name)
    assert [table.item(0, c).text() for c in (1, 2, 3)] == ["Ước TH", "1.505", "1.515,5"]
    for column in (2, 3):
        assert table.item(0, column).textAlignment() & Qt.AlignmentFlag.AlignRight
    # a cell comment starts on the column the unit filled («Ước TH»), not an empty «TH kỳ»
    panel.indicator.setCurrentIndex(panel.indicator.findData(CODE))
    assert panel.measure.currentData() == "uoc_th"
