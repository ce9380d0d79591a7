"""«Lưu ảnh PNG…» writes through desktop/core/atomic.py like every other file: a new picture
replaces the old one whole, and a refusal (a folder where the file should be) is said in
Vietnamese in the error dialog with no temp file left."""

from __future__ import annotations

import os
from decimal import Decimal

import pytest

pytest.importorskip("PySide6")
pytest.importorskip("PySide6.QtCharts")
from PySide6.QtGui import QImage  # noqa: E402

from desktop.core.periods import Period  # noqa: E402
from desktop.core.series import Point  # noqa: E402
from tests.gui.conftest import click  # noqa: E402


def panel(qtbot):
    from desktop.gui.widgets.charts import ChartPanel, line_chart

    p = ChartPanel("Chưa có số liệu", "toan_tinh.png")
    qtbot.addWidget(p)
    p.resize(800, 400)
    p.show()
    points = [Point(Period.parse(t), Decimal(v)) for t, v in (("2023-05", "12"), ("2023-06", "15"))]
    p.set_chart(line_chart(points, "Thu ngân sách"), "Thu ngân sách theo tháng")
    p.save_button.setEnabled(True)
    return p


def test_the_png_is_written_whole_and_a_refusal_is_vietnamese(qtbot, tmp_path, dialogs):
    p = panel(qtbot)
    out = tmp_path / "toan_tinh.png"
    out.write_bytes(b"anh cu")
    dialogs.answer(out)
    click(qtbot, p.save_button)
    assert not QImage(str(out)).isNull() and "Đã lưu ảnh" in p.caption.text()

    folder = tmp_path / "la_thu_muc.png"
    folder.mkdir()
    dialogs.answer(folder)
    click(qtbot, p.save_button)
    assert dialogs.errors and "Không ghi được tệp «la_thu_muc.png»" in dialogs.errors[-1][0]
    dialogs.errors.clear()
    assert folder.is_dir() and [n for n in os.listdir(tmp_path) if ".dang-ghi-" in n] == []
