"""Shared fixtures: real files in tmp_path, the real form pack, the real CLI in a subprocess."""

from __future__ import annotations

import atexit
import datetime as dt
import functools
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
FIXTURES = REPO / "tests" / "fixtures"
SHARED = REPO.parent / "shared"

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
# Never the developer's real data folder, not even for what session- and module-scoped
# fixtures load before `_isolated_data_dir` (below) points each test at its own folder:
# a throw-away folder for the whole session, removed when it ends.
_SESSION_DATA = Path(tempfile.mkdtemp(prefix="baocao-tests-session-"))
atexit.register(shutil.rmtree, _SESSION_DATA, True)
os.environ["BAOCAO_DATA_DIR"] = str(_SESSION_DATA / "data")

# Hypothesis: 500 examples per property in CI (CI=true, as GitHub Actions sets it), a quick
# pass locally; HYPOTHESIS_PROFILE picks one explicitly.  No deadline: the round trips go
# through real SQLite files and real workbooks, whose time varies on a loaded machine.
from hypothesis import HealthCheck, settings  # noqa: E402

_SLOW_OK = [HealthCheck.too_slow, HealthCheck.function_scoped_fixture]
settings.register_profile("ci", max_examples=500, deadline=None, suppress_health_check=_SLOW_OK)
settings.register_profile("dev", max_examples=25, deadline=None, suppress_health_check=_SLOW_OK)
settings.load_profile(
    os.environ.get("HYPOTHESIS_PROFILE") or ("ci" if os.environ.get("CI") == "true" else "dev")
)


@pytest.fixture(autouse=True)
def _isolated_data_dir(tmp_path, monkeypatch):
    """Never touch the developer's real data folder."""
    monkeypatch.setenv("BAOCAO_DATA_DIR", str(tmp_path / "data"))


@pytest.fixture(scope="session")
def pack():
    from desktop.core.formdef.loader import load_pack

    return load_pack(REPO / "forms")


@functools.cache
def _cached_pack_cache() -> Path:
    """A data folder's `cache` holding the shipped pack, checked and cached (formdef/
    pack_cache.py) once per test session, in a folder removed when the session ends."""
    from desktop.core.formdef.loader import load_pack

    data = Path(tempfile.mkdtemp(prefix="baocao-tests-warm-")) / "data"
    atexit.register(shutil.rmtree, data.parent, True)
    before = os.environ.get("BAOCAO_DATA_DIR")
    os.environ["BAOCAO_DATA_DIR"] = str(data)
    try:
        load_pack(REPO / "forms")
    finally:
        if before is None:
            del os.environ["BAOCAO_DATA_DIR"]
        else:
            os.environ["BAOCAO_DATA_DIR"] = before
    return data / "cache"


def warm_pack_cache(data_dir: Path) -> Path:
    """Give the data folder `data_dir` the shipped pack's cache entry, as an installation
    that has run once has it: its first command then reads the pack from the entry instead
    of checking the YAML again (~0.6 s of CPU per fresh data folder).  For tests about
    something else; tests of the cache itself start from an empty data folder.  (A pack
    that the cache does not keep leaves the folder as it was: its first command reads the
    YAML, as without this.)"""
    seed = _cached_pack_cache()
    if seed.is_dir():
        shutil.copytree(seed, Path(data_dir) / "cache", dirs_exist_ok=True)
    return data_dir


@pytest.fixture
def warm_pack(tmp_path):
    """The test's data folder (BAOCAO_DATA_DIR) with the pack already cached."""
    return warm_pack_cache(tmp_path / "data")


@pytest.fixture
def services(tmp_path, warm_pack):
    """An installation in tmp_path that has run once (its pack cached)."""
    from desktop.core.services import Services

    return Services(db_path=tmp_path / "baocao.db", today=dt.date(2026, 11, 23))


def run_cli(*args: str, db: Path | None = None, cwd: Path | None = None, env: dict | None = None,
            input: str | None = None) -> subprocess.CompletedProcess:
    """Run the real `baocao` command in a subprocess (python -m desktop)."""
    cmd = [sys.executable, "-m", "desktop", *args]
    if db is not None:
        cmd += ["--db", str(db)]
    full_env = {**os.environ, "PYTHONIOENCODING": "utf-8", **(env or {})}
    return subprocess.run(cmd, capture_output=True, text=True, encoding="utf-8", cwd=cwd or REPO,
                          env=full_env, input=input, timeout=120)
