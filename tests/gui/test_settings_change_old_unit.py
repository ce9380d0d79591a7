"""«Đổi thiết lập…» for a unit of the former structure (Thành phố Lạng Sơn, 178, closed on
30/6/2025): the dialog opens on a period when that unit existed, with the unit selected, so a
clerk who only corrects the name clicks «Lưu» and keeps the unit (it opened on today's units,
none selected, and refused «Hãy chọn đơn vị trong danh sách.»).  It does not greet the
person as on the first run."""

from __future__ import annotations

import datetime as dt

import pytest

pytest.importorskip("PySide6")
from PySide6.QtCore import Qt  # noqa: E402

from desktop.core.services import Services  # noqa: E402
from desktop.core.settings import Role, Settings, load_settings  # noqa: E402
from tests.gui.conftest import click, type_text  # noqa: E402


def test_changing_the_name_keeps_a_former_unit(qtbot, tmp_path, monkeypatch):
    from desktop.gui.dialogs.first_run import FirstRunDialog

    monkeypatch.setenv("BAOCAO_DATA_DIR", str(tmp_path))
    svc = Services(db_path=tmp_path / "baocao.db", today=dt.date(2026, 11, 23))
    svc.key_dir = tmp_path / "keys"
    current = Settings(
        role=Role.UNIT,
        unit_code="178",
        unit_valid_from="",
        unit_name="Thành phố Lạng Sơn",
        person_name="Nguyễn Thị Lan",
        db_path=str(svc.db_path),
    )
    dialog = FirstRunDialog(svc, current)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    assert "Chào mừng" not in " ".join(w.text() for w in dialog.findChildren(type(dialog.message)))
    item = dialog.unit_list.currentItem()
    assert item is not None and item.text() == "Thành phố Lạng Sơn  (178)"

    dialog.person.clear()
    qtbot.mouseClick(dialog.person, Qt.MouseButton.LeftButton)
    type_text(dialog.person, "Lê Thị Hồng")
    click(qtbot, dialog.ok_button)
    assert dialog.message.text() == ""
    saved = load_settings(tmp_path)
    assert (saved.unit_code, saved.unit_name, saved.person_name) == (
        "178",
        "Thành phố Lạng Sơn",
        "Lê Thị Hồng",
    )
