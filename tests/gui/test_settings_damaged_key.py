"""A damaged signing-key file (trust/keystore.py refuses it) at the unit: «Cài đặt» still
opens — it is where «Khôi phục…» mends the key — and shows the refusal in place of the
fingerprint; restoring the backup made with a passphrase brings the key back."""

from __future__ import annotations

import pytest

pytest.importorskip("PySide6")

from desktop.core.backup import make_backup  # noqa: E402
from desktop.core.exchange.signing import KEY_FILE, SigningKey  # noqa: E402
from tests.core.test_keystore_check import seed_flip  # noqa: E402
from tests.gui.conftest import button, click, click_nav  # noqa: E402

PASSPHRASE = "Mật khẩu khóa 2023"


def test_settings_show_a_damaged_key_and_restore_mends_it(qtbot, tmp_path, monkeypatch, dialogs):
    from desktop.gui.demo import make_unit
    from desktop.gui.main_window import MainWindow

    monkeypatch.setenv("BAOCAO_DATA_DIR", str(tmp_path))
    svc, settings = make_unit(tmp_path)
    original = SigningKey.load_or_create(svc.key_dir).fingerprint
    archive = make_backup(svc.db_path, tmp_path, tmp_path / "sao_luu.zip", passphrase=PASSPHRASE)
    key_file = svc.key_dir / KEY_FILE
    key_file.write_bytes(seed_flip(key_file.read_bytes()))

    window = MainWindow(svc, settings)
    qtbot.addWidget(window)
    window.show()
    click_nav(qtbot, window, "Cài đặt")
    shown = window.settings_page.fingerprint.text()
    assert "tệp khóa bị hỏng" in shown and "Khôi phục…" in shown, shown

    window.svc.close()
    dialogs.answer(archive, "Có", PASSPHRASE)
    click(qtbot, button(window.settings_page, "Khôi phục…"))
    assert not dialogs.errors
    assert SigningKey.load_or_create(svc.key_dir).fingerprint == original
