"""The Windows-only paths of ours, checked here with platformdirs' Windows layout: the data
folder the app uses is the one the installer's uninstaller keeps (or removes on request)."""

from __future__ import annotations

import re
from pathlib import Path

import platformdirs.windows

from desktop import paths

REPO = Path(__file__).resolve().parent.parent


def test_windows_data_folder_is_localappdata_baocao(monkeypatch):
    local = r"C:\Users\Nguyễn Thị Lan\AppData\Local"
    monkeypatch.setenv("LOCALAPPDATA", local)
    # on Windows platformdirs asks the shell (SHGetKnownFolderPath); here it reads the same
    # folder from the environment, as it does on Windows when the shell is unavailable
    monkeypatch.setattr(
        platformdirs.windows, "get_win_folder", platformdirs.windows.get_win_folder_from_env_vars
    )
    folder = paths.platform_data_dir(platformdirs.windows.Windows)
    assert str(folder).replace("/", "\\") == local + r"\BaoCao"


def test_the_uninstaller_removes_exactly_that_folder():
    nsi = (REPO / "resources" / "installer" / "baocao.nsi").read_text(encoding="utf-8-sig")
    assert re.search(r'RMDir /r "\$LOCALAPPDATA\\\$\{APP\}"', nsi)
    assert '!define APP "BaoCao"' in nsi and paths.APP_NAME == "BaoCao"
