"""«Xem xét» in a received submission's window, clicked: «Trả lại» without a comment is
refused with a message; with a form comment and a cell comment it writes the signed
feedback file (checked by its signature) and the submission shows «bị trả lại» (issue 12)."""

from __future__ import annotations

import pytest

pytest.importorskip("PySide6")

from PySide6.QtCore import Qt  # noqa: E402

from desktop.core.periods import Period  # noqa: E402
from tests.gui.conftest import button, click  # noqa: E402

H1 = Period.parse("2023-H1")


def test_officer_returns_a_submission_with_a_cell_comment(qtbot, tmp_path, monkeypatch, dialogs):
    from desktop.core.trust.envelope import open_sealed
    from desktop.core.trust.review import Feedback, review_state
    from desktop.gui.demo import make_province
    from desktop.gui.dialogs.submission_view import SubmissionDialog

    monkeypatch.setenv("BAOCAO_DATA_DIR", str(tmp_path / "tinh"))
    svc, _settings, _packages = make_province(tmp_path)
    unit, form = svc.units.for_period("178", H1), svc.pack.get("ngan_sach")
    dialog = SubmissionDialog(svc, unit, form, H1)
    qtbot.addWidget(dialog)
    dialog.show()
    panel = dialog.review
    dialog.tabs.setCurrentWidget(panel)
    assert "chờ xem xét" in panel.state.text()

    target = tmp_path / "tra_lai.baocao-phanhoi"
    dialogs.answer(target)
    click(qtbot, button(panel, "Trả lại"))
    assert "cần ý kiến" in panel.message.text() and not target.exists()

    panel.indicator.setCurrentIndex(panel.indicator.findData("NS_THU"))
    panel.measure.setCurrentIndex(panel.measure.findData("th_ky"))
    qtbot.mouseClick(panel.cell_text, Qt.MouseButton.LeftButton)
    qtbot.keyClicks(panel.cell_text, "Kho bac ghi 265.812")
    click(qtbot, button(panel, "Thêm ý kiến ô"))
    assert panel.cell_table.rowCount() == 1
    qtbot.keyClicks(panel.comment, "Can doi chieu lai so thu")
    dialogs.answer(target)
    click(qtbot, button(panel, "Trả lại"))
    assert target.exists(), panel.message.text()
    assert "bị trả lại" in panel.state.text()
    assert review_state(svc.db, unit.key, "ngan_sach", "2023-H1", 1) == "returned"
    body, _signer, _ = open_sealed(target, Feedback)
    assert [(c.indicator, c.measure, c.text) for c in body.cells] == [("NS_THU", "th_ky", "Kho bac ghi 265.812")]
    assert body.comment == "Can doi chieu lai so thu"
