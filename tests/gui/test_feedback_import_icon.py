"""«Nhập phản hồi của tỉnh», clicked: a file that is refused is shown with the warning
icon (a clerk must not skim past it as news), nothing changes; what went in is shown as
information (tests/gui/test_trust_review.py goes the whole accepted/returned path)."""

from __future__ import annotations

import pytest

pytest.importorskip("PySide6")

from tests.gui.conftest import button, click  # noqa: E402
from tests.gui.test_gui_flows import unit_window  # noqa: E402


def test_a_refused_reply_file_is_a_warning_and_changes_nothing(qtbot, tmp_path, dialogs):
    svc, window = unit_window(qtbot, tmp_path / "don_vi")
    before = {it.form.id: it.status for it in window.home.model.items}
    wrong = tmp_path / "phan hồi của tỉnh.baocao-phanhoi"
    wrong.write_bytes(b"PK\x03\x04 not a signed file")
    dialogs.answer([wrong])
    click(qtbot, button(window.home, "Nhập phản hồi của tỉnh"))
    title, text, icon = dialogs.shown[-1]
    assert title == "Phản hồi của tỉnh" and icon == "warn"
    assert "phan hồi của tỉnh.baocao-phanhoi" in text
    assert {it.form.id: it.status for it in window.home.model.items} == before
