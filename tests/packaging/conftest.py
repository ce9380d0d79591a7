"""The frozen bundle and the installer, built once per test session and shared by the
bundle tests and the Wine installer tests (building them is most of their time).

`bundle`: PyInstaller's one-folder bundle built from build.spec (Linux binaries here).
`installer`: the NSIS installer compiled against a staged copy of that bundle whose two
executables carry their Windows names (BaoCao.exe, baocao-cli.exe), so that shortcuts, the
uninstall entry and the file association point at files that were really installed."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
NSI = REPO / "resources" / "installer" / "baocao.nsi"
VERSION = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]["version"]
EXECUTABLES = ("BaoCao", "baocao-cli")


@pytest.fixture(scope="session")
def bundle(tmp_path_factory) -> Path:
    pytest.importorskip("PyInstaller")
    work = tmp_path_factory.mktemp("pyinstaller")
    r = subprocess.run(
        [
            sys.executable,
            "-m",
            "PyInstaller",
            "--noconfirm",
            "--log-level",
            "WARN",
            "--distpath",
            str(work / "dist"),
            "--workpath",
            str(work / "build"),
            str(REPO / "build.spec"),
        ],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=900,
    )
    assert r.returncode == 0, r.stderr[-4000:]
    return work / "dist" / "BaoCao"


def stage_for_windows(source: Path, target: Path) -> Path:
    """A hard-linked copy of the bundle with the executables named as on Windows."""
    shutil.copytree(source, target, copy_function=os.link, symlinks=True)
    for name in EXECUTABLES:
        plain = target / name
        if plain.exists():
            plain.rename(target / f"{name}.exe")
    return target


def makensis(srcdir: Path, out: Path, version: str = VERSION) -> subprocess.CompletedProcess:
    exe = shutil.which("makensis")
    if exe is None:
        if os.environ.get("CI"):
            pytest.fail("makensis is missing: .ci/run installs Debian's nsis")
        pytest.skip("makensis is not installed (Debian package nsis)")
    # The script as it is, with its files stored uncompressed (-X runs the command before the
    # script; the script never sets it): compressing ~200 MB of bundle, even with zlib
    # (FAST_COMPRESSION), was most of the build, and Wine then had to inflate it again.
    # Which compressor a release uses changes no path, registry value or section tested here.
    return subprocess.run(
        [
            exe,
            "-V2",
            "-XSetCompress off",
            f"-DSRCDIR={srcdir}",
            f"-DVERSION={version}",
            f"-DOUTFILE={out}",
            "-DFAST_COMPRESSION",
            str(NSI),
        ],
        capture_output=True,
        text=True,
        timeout=900,
    )


@pytest.fixture(scope="session")
def installer(bundle, tmp_path_factory) -> tuple[Path, subprocess.CompletedProcess]:
    work = tmp_path_factory.mktemp("installer")
    staged = stage_for_windows(bundle, work / "BaoCao")
    out = work / f"BaoCao-{VERSION}-setup.exe"
    return out, makensis(staged, out)
