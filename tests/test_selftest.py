"""`baocao selftest` / `--selftest FILE` from the source tree, in a subprocess; the start-up
probe; a double-clicked .baocao argument reaching the app instead of argparse."""

from __future__ import annotations

from desktop.selftest import STEPS
from tests.conftest import run_cli


def step_lines(text: str) -> list[str]:
    return [line for line in text.splitlines() if line.startswith("[")]


def test_selftest_passes_every_step(tmp_path):
    data = tmp_path / "data"  # the conftest's BAOCAO_DATA_DIR: must stay untouched
    out = tmp_path / "ket_qua" / "selftest.txt"
    r = run_cli("selftest", "--out", str(out))
    assert r.returncode == 0, r.stdout + r.stderr
    lines = r.stdout.strip().splitlines()
    assert len(lines) == len(STEPS) + 1
    assert all(line.startswith("[OK] ") for line in lines), r.stdout
    assert "giây)" in lines[0] and "209435" in r.stdout
    assert out.read_text(encoding="utf-8").splitlines() == lines
    assert not data.exists()


def test_frozen_style_flag_writes_the_file(tmp_path):
    out = tmp_path / "selftest.txt"
    r = run_cli("--selftest", str(out))
    assert r.returncode == 0, r.stdout + r.stderr
    lines = out.read_text(encoding="utf-8").splitlines()
    assert len(lines) == len(STEPS) + 1 and all(x.startswith("[OK] ") for x in lines)


def test_a_broken_install_fails_in_vietnamese(tmp_path):
    empty = tmp_path / "forms"
    empty.mkdir()
    r = run_cli("selftest", env={"BAOCAO_FORMS_DIR": str(empty)})
    assert r.returncode == 1
    lines = step_lines(r.stdout)
    assert any(x.startswith("[LỖI] Bộ biểu mẫu") for x in lines)
    assert any("không chạy vì bước «Bộ biểu mẫu» bị lỗi" in x for x in lines)
    assert lines[-1].startswith("[LỖI] Tự kiểm tra")
    assert "Traceback" not in r.stderr


def test_startup_probe_and_package_argument(tmp_path):
    """A .baocao argument (file association) opens the app, not an argparse error; the probe
    reports the start-up time and quits, with throw-away settings on a fresh machine."""
    r = run_cli(
        str(tmp_path / "goi.baocao"),
        env={"BAOCAO_STARTUP_PROBE": "1", "QT_QPA_PLATFORM": "offscreen"},
    )
    assert r.returncode == 0, r.stdout + r.stderr
    [line] = [x for x in r.stdout.splitlines() if x.startswith("startup_seconds=")]
    assert 0 < float(line.split("=")[1]) < 60
    assert not (tmp_path / "data").exists()
