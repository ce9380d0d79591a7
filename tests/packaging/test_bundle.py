"""The PyInstaller bundle, built here from build.spec into a temp dir: the frozen app passes
its self-test, the console CLI works from the same bundle, the trimming held, and the NSIS
installer script compiles against it (when makensis is installed).

On Linux this proves the spec, the data lookup through sys._MEIPASS and the installer
script's syntax; it says nothing about Windows DLLs (the windows-release workflow does)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from desktop.selftest import STEPS
from tests.packaging.conftest import VERSION

pytestmark = pytest.mark.slow

SUFFIX = ".exe" if sys.platform == "win32" else ""


def frozen_env(tmp_path: Path) -> dict:
    return {**os.environ, "QT_QPA_PLATFORM": "offscreen", "BAOCAO_DATA_DIR": str(tmp_path / "data")}


def test_frozen_selftest(bundle, tmp_path):
    result = tmp_path / "selftest.txt"
    r = subprocess.run(
        [str(bundle / f"BaoCao{SUFFIX}"), "--selftest", str(result)],
        env=frozen_env(tmp_path),
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=180,
    )
    text = result.read_text(encoding="utf-8") if result.exists() else r.stdout + r.stderr
    assert r.returncode == 0, text
    lines = text.splitlines()
    assert len(lines) == len(STEPS) + 1, text
    assert all(line.startswith("[OK] ") for line in lines), text
    assert "đóng gói" in lines[0]  # it really ran frozen
    assert not (tmp_path / "data").exists()  # the user's data folder was never touched


def test_frozen_cli_shares_the_bundle(bundle, tmp_path):
    cli = bundle / f"baocao-cli{SUFFIX}"
    env = {**frozen_env(tmp_path), "PYTHONIOENCODING": "utf-8"}
    r = subprocess.run([str(cli), "--version"], env=env, capture_output=True, text=True, timeout=60)
    assert r.returncode == 0 and VERSION in r.stdout
    r = subprocess.run(
        [str(cli), "forms", "check"],
        env=env,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=60,
    )
    assert r.returncode == 0, r.stdout + r.stderr
    assert "hợp lệ" in r.stdout and "_internal" in r.stdout  # forms found under sys._MEIPASS


def test_bundle_is_trimmed(bundle):
    internal = bundle / "_internal"
    assert (internal / "forms" / "_catalog.yaml").exists()
    assert (internal / "resources" / "units" / "lang_son.json").exists()
    assert (internal / "resources" / "icons" / "baocao.png").exists()
    assert not (internal / "resources" / "installer").exists()
    names = [p.name for p in internal.rglob("*")]
    assert not [n for n in names if n.endswith(".qm") and not n.endswith("_vi.qm")]
    for unused in ("Qt6Network", "Qt6Qml", "Qt6Quick", "Qt6Pdf", "Qt6WebEngine", "QtNetwork."):
        assert not [n for n in names if unused in n], unused
    platforms = internal / "PySide6" / "Qt" / "plugins" / "platforms"
    assert {p.name.split(".")[0] for p in platforms.iterdir()} <= {
        "qwindows",
        "qoffscreen",
        "libqxcb",
        "libqoffscreen",
        "libqcocoa",
    }


def test_installer_script_compiles(installer):
    out, r = installer
    assert r.returncode == 0, r.stdout + r.stderr
    assert "warning" not in (r.stdout + r.stderr).lower(), r.stdout + r.stderr
    assert out.read_bytes()[:2] == b"MZ" and out.stat().st_size > 10_000_000
