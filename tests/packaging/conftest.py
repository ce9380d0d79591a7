"""The frozen bundle and the installer, built once per test session and shared by the
bundle tests and the Wine installer tests (building them is most of their time).

`bundle`: PyInstaller's one-folder bundle built from build.spec (Linux binaries here).
`installer`: the NSIS installer compiled against a staged copy of that bundle whose two
executables carry their Windows names (BaoCao.exe, baocao-cli.exe), so that shortcuts, the
uninstall entry and the file association point at files that were really installed.

Both are slow (PyInstaller ~45 s of one core, then makensis) and the suite reaches these
tests last, so they are started in a background thread as soon as the tests are collected
(`pytest_collection_finish`), beside the other tests on the machine's other core, with the
Wine prefix of test_installer_wine.py after them; the fixtures wait for their result.  What
is built and what each test checks are unchanged."""

from __future__ import annotations

import atexit
import importlib.util
import os
import shutil
import subprocess
import sys
import tempfile
import tomllib
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
NSI = REPO / "resources" / "installer" / "baocao.nsi"
VERSION = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]["version"]
EXECUTABLES = ("BaoCao", "baocao-cli")


HERE = Path(__file__).resolve().parent
# one worker: the jobs run one after the other, each taking at most one more core
_JOBS = ThreadPoolExecutor(max_workers=1, thread_name_prefix="packaging")
_STARTED: dict[str, Future] = {}
_WORK = Path(tempfile.mkdtemp(prefix="baocao-tests-packaging-"))
atexit.register(shutil.rmtree, _WORK, True)


def job(name: str, work: Callable[[], object] | None = None) -> Future:
    """The background job `name`, started now unless it was started at collection."""
    if name not in _STARTED:
        _STARTED[name] = _JOBS.submit(work or _BUILDS[name])
    return _STARTED[name]


def pytest_collection_finish(session) -> None:
    wanted = set()
    for item in session.items:
        if HERE in Path(item.path).parents:
            wanted.update(getattr(item, "fixturenames", ()))
    if wanted & {"bundle", "installer", "setup_exe"} and importlib.util.find_spec("PyInstaller"):
        job("bundle")
        if wanted & {"installer", "setup_exe"}:
            job("installer")
    if "wine" in wanted:
        from tests.packaging.test_installer_wine import start_prefix

        start_prefix()


def _build_bundle() -> subprocess.CompletedProcess:
    work = _WORK / "pyinstaller"
    return subprocess.run(
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


@pytest.fixture(scope="session")
def bundle() -> Path:
    pytest.importorskip("PyInstaller")
    r = job("bundle").result()
    assert r.returncode == 0, r.stderr[-4000:]
    return _WORK / "pyinstaller" / "dist" / "BaoCao"


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


def _build_installer() -> tuple[Path, subprocess.CompletedProcess]:
    built = job("bundle").result()
    assert built.returncode == 0, built.stderr[-4000:]
    work = _WORK / "installer"
    staged = stage_for_windows(_WORK / "pyinstaller" / "dist" / "BaoCao", work / "BaoCao")
    out = work / f"BaoCao-{VERSION}-setup.exe"
    return out, makensis(staged, out)


_BUILDS = {"bundle": _build_bundle, "installer": _build_installer}


@pytest.fixture(scope="session")
def installer(bundle) -> tuple[Path, subprocess.CompletedProcess]:
    return job("installer").result()
