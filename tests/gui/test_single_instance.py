"""Opening a package from the OS: `BaoCao.exe "C:\\…\\Tải về\\gói tháng 6.baocao"`.

The file association starts the app with the package's path (spaces, Vietnamese letters) as
its only argument: the app imports it.  A second start while a window is open on the same
installation hands its file to that window and exits, instead of opening a second app on
the same database.  Both run the real app in subprocesses (offscreen), as the OS would."""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from desktop.gui.demo import make_province
from desktop.gui.single_instance import LOCK_NAME, REQUESTS, InstanceGuard

pytestmark = pytest.mark.slow


@pytest.fixture
def province(tmp_path):
    _svc, settings, packages = make_province(tmp_path)
    downloads = tmp_path / "Người dùng" / "Tải về"
    downloads.mkdir(parents=True)
    package = downloads / "gói tháng 6.baocao"
    shutil.copy(packages[1], package)  # Cao Lộc's package: not yet in the province's inbox
    return tmp_path / "tinh", Path(settings.db_path), package


def start_app(data_dir: Path, *args: str) -> subprocess.Popen:
    env = {**os.environ, "BAOCAO_DATA_DIR": str(data_dir), "QT_QPA_PLATFORM": "offscreen"}
    return subprocess.Popen(
        [sys.executable, "-m", "desktop", *args],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        encoding="utf-8",
    )


def imported_files(db: Path) -> list[tuple[str, str]]:
    with sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=10) as con:
        return con.execute("SELECT file_name, outcome FROM imports ORDER BY id").fetchall()


def wait_for(condition, seconds: float = 60.0):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(0.2)
    return condition()


def stop(proc: subprocess.Popen) -> str:
    proc.terminate()
    try:
        _out, errors = proc.communicate(timeout=20)
    except subprocess.TimeoutExpired:
        proc.kill()
        _out, errors = proc.communicate()
    return errors or ""


def test_started_with_a_package_path_imports_it(province):
    data, db, package = province
    app = start_app(data, str(package))
    try:
        seen = wait_for(lambda: [r for r in imported_files(db) if r[0] == package.name])
        assert seen, imported_files(db)
        assert seen[0][1] != "rejected", seen
    finally:
        errors = stop(app)
    assert "Traceback" not in errors


def test_a_second_start_hands_its_file_to_the_open_window(province):
    data, db, package = province
    first = start_app(data)
    try:
        assert wait_for(lambda: (data / LOCK_NAME).exists()), "the first window never started"
        before = len(imported_files(db))
        second = start_app(data, str(package))
        code = second.wait(timeout=60)
        assert code == 0, second.stderr.read()
        assert first.poll() is None  # the first window is still open …
        seen = wait_for(lambda: [r for r in imported_files(db)[before:] if r[0] == package.name])
        assert seen, imported_files(db)  # … and it imported the file
        assert wait_for(lambda: not list((data / REQUESTS).glob("*.json")))
    finally:
        errors = stop(first)
    assert "Traceback" not in errors


def test_the_lock_is_taken_once_and_free_again_after_release(tmp_path):
    first = InstanceGuard(tmp_path)
    assert first.acquire()
    assert not InstanceGuard(tmp_path).acquire()
    first.release()
    assert InstanceGuard(tmp_path).acquire()
