"""«Đổi thiết lập…» on Cài đặt, clicked: the first-run dialog changes the person's name and
keeps every other setting (the province's display options, the database) in the one file it
saves; cancelling it changes nothing."""

from __future__ import annotations

import pytest

pytest.importorskip("PySide6")
from PySide6.QtCore import QPoint, Qt, QTimer  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from desktop.core.settings import load_settings  # noqa: E402
from tests.gui.conftest import button, click, click_nav, type_text  # noqa: E402

SIGNER = "Đoàn Thu Hà"
NEW_PERSON = "Lê Thị Hồng"


@pytest.fixture
def settings_page(qtbot, tmp_path, monkeypatch):
    from desktop.gui.demo import make_province
    from desktop.gui.main_window import MainWindow

    monkeypatch.setenv("BAOCAO_DATA_DIR", str(tmp_path / "tinh"))
    svc, settings, _ = make_province(tmp_path)
    window = MainWindow(svc, settings)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    click_nav(qtbot, window, "Cài đặt")
    return window, tmp_path


def _when_the_dialog_opens(qtbot, act) -> list:
    """Run `act(dialog)` once the modal dialog is up (exec() blocks the test until closed)."""
    seen: list = []

    def poll() -> None:
        dialog = QApplication.activeModalWidget()
        if dialog is None:
            QTimer.singleShot(20, poll)
            return
        seen.append(dialog)
        act(dialog)

    QTimer.singleShot(0, poll)
    return seen


def _save_display_options(qtbot, window) -> None:
    display = window.settings_page.display
    box = display.billions  # a new province shows tỷ đồng: the officer unticks it
    assert box.isChecked()
    qtbot.mouseClick(box, Qt.MouseButton.LeftButton, pos=QPoint(8, box.height() // 2))
    edit = display.edits["signer_name"]
    qtbot.mouseClick(edit, Qt.MouseButton.LeftButton)
    type_text(edit, SIGNER)
    click(qtbot, button(window.settings_page, "Lưu cách trình bày"))
    saved = load_settings()
    assert not saved.money_in_billions and saved.signer_name == SIGNER


def test_changing_the_person_keeps_the_display_options(qtbot, settings_page):
    window, _ = settings_page
    _save_display_options(qtbot, window)
    before = load_settings()

    def retype_name_and_save(dialog) -> None:
        qtbot.mouseClick(dialog.person, Qt.MouseButton.LeftButton)
        dialog.person.selectAll()
        qtbot.keyClick(dialog.person, Qt.Key.Key_Delete)
        type_text(dialog.person, NEW_PERSON)
        qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)

    seen = _when_the_dialog_opens(qtbot, retype_name_and_save)
    click(qtbot, button(window.settings_page, "Đổi thiết lập…"))
    assert seen, "the dialog did not open"

    saved = load_settings()
    assert saved.person_name == NEW_PERSON
    assert saved.model_dump(exclude={"person_name"}) == before.model_dump(exclude={"person_name"})
    assert not saved.money_in_billions and saved.signer_name == SIGNER
    assert window.settings.person_name == NEW_PERSON  # the window took the new settings
    click_nav(qtbot, window, "Cài đặt")
    assert window.settings_page.person.text() == NEW_PERSON
    assert not window.settings_page.display.billions.isChecked()
    assert window.settings_page.display.edits["signer_name"].text() == SIGNER


def test_cancelling_the_change_leaves_the_settings_file_as_it_was(qtbot, settings_page):
    window, root = settings_page
    _save_display_options(qtbot, window)
    path = root / "tinh" / "settings.json"
    before = path.read_bytes()

    def type_then_cancel(dialog) -> None:
        type_text(dialog.person, " thêm chữ")
        cancel = next(b for b in dialog.findChildren(type(dialog.ok_button)) if b.text() == "Hủy")
        qtbot.mouseClick(cancel, Qt.MouseButton.LeftButton)

    seen = _when_the_dialog_opens(qtbot, type_then_cancel)
    click(qtbot, button(window.settings_page, "Đổi thiết lập…"))
    assert seen, "the dialog did not open"
    assert path.read_bytes() == before
