"""Files a person asked for are written whole or not at all: a visibly named temp file in the
target folder, removed on every failure path (an exception, a full disk), and one left by a
killed process removed by the next run."""

from __future__ import annotations

import hashlib
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from desktop.core import atomic
from desktop.core.errors import BaoCaoError
from tests.conftest import FIXTURES, REPO, run_cli

SEED = FIXTURES / "seed000" / "ngan_sach.json"


def temps(folder: Path) -> list[str]:
    return sorted(n for n in os.listdir(folder) if atomic.TEMP_MARK in n)


def test_the_target_appears_whole_and_the_temp_is_named_after_it(tmp_path):
    target = tmp_path / "tong_hop.xlsx"
    with atomic.writing(target) as tmp:
        assert tmp.parent == tmp_path and not tmp.name.startswith(".")
        assert tmp.name == f"tong_hop.xlsx.dang-ghi-{os.getpid()}.tmp"
        tmp.write_bytes(b"moi")
        assert not target.exists()
    assert target.read_bytes() == b"moi" and temps(tmp_path) == []


def test_a_failure_while_writing_keeps_the_old_file_and_no_temp(tmp_path):
    target = tmp_path / "bao_cao.json"
    atomic.write_text(target, "cũ")
    with pytest.raises(RuntimeError):
        with atomic.writing(target) as tmp:
            tmp.write_text("nửa chừng", encoding="utf-8")
            raise RuntimeError("lỗi giữa chừng")
    assert target.read_text(encoding="utf-8") == "cũ" and temps(tmp_path) == []


def test_a_folder_in_place_of_the_target_is_a_vietnamese_refusal(tmp_path):
    (tmp_path / "x.xlsx").mkdir()
    with pytest.raises(BaoCaoError) as refused:
        atomic.write_bytes(tmp_path / "x.xlsx", b"data")
    assert "«x.xlsx»" in refused.value.message and "thư mục" in refused.value.message
    assert temps(tmp_path) == []


def test_stale_temps_of_dead_processes_go_and_live_ones_stay(tmp_path):
    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()
    alive = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    try:
        (tmp_path / f"a.xlsx.dang-ghi-{dead.pid}.tmp").write_bytes(b"x")
        (tmp_path / f"b.baocao.dang-ghi-{alive.pid}.tmp").write_bytes(b"x")
        (tmp_path / "cua-nguoi-khac.tmp").write_bytes(b"x")  # not ours: never touched
        atomic.write_bytes(tmp_path / "c.json", b"{}")
        assert temps(tmp_path) == [f"b.baocao.dang-ghi-{alive.pid}.tmp"]
        assert (tmp_path / "cua-nguoi-khac.tmp").exists()
    finally:
        alive.kill()
        alive.wait()


DISK_FULL = r"""
import json, resource, signal, sys, datetime as dt
from pathlib import Path
from desktop.core.services import Services
from desktop.core.excel.templates import make_template
from desktop.core.errors import BaoCaoError
root = Path(sys.argv[1])
svc = Services(db_path=root / "baocao.db", today=dt.date(2026, 11, 23))
out = root / "ra" / "bieu.xlsx"
make_template(svc, form_id="ngan_sach", unit_code="178", period_text="2023-H1", out=out)
signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # a write past the limit fails like a full disk
resource.setrlimit(resource.RLIMIT_FSIZE, (4096, resource.RLIM_INFINITY))
try:
    make_template(svc, form_id="ngan_sach", unit_code="178", period_text="2023-H2", out=out)
except BaoCaoError as exc:
    print(json.dumps({"code": exc.code, "message": exc.message}, ensure_ascii=False))
"""


@pytest.mark.skipif(sys.platform == "win32", reason="RLIMIT_FSIZE is POSIX")
def test_a_full_disk_while_saving_a_template_leaves_the_old_file_and_no_temp(tmp_path):
    r = subprocess.run([sys.executable, "-c", DISK_FULL, str(tmp_path)], cwd=REPO,
                       capture_output=True, text=True, encoding="utf-8", timeout=120,
                       env={**os.environ, "BAOCAO_DATA_DIR": str(tmp_path / "data")})
    assert r.returncode == 0, r.stderr
    refused = json.loads(r.stdout)
    assert refused["code"] == "o_dia_day"
    assert "«bieu.xlsx»" in refused["message"] and "Tệp cũ" in refused["message"]
    out = tmp_path / "ra" / "bieu.xlsx"
    assert temps(out.parent) == []
    import openpyxl

    meta = openpyxl.load_workbook(out)["_baocao"]
    assert ("period", "2023-H1") in [(str(a), str(b)) for a, b in meta.iter_rows(max_col=2, values_only=True)]


def _kill_during_save(cmd: list[str], folder: Path, env: dict) -> bool:
    proc = subprocess.Popen(cmd, cwd=REPO, env=env, stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL)
    try:
        while proc.poll() is None:
            if temps(folder):
                os.kill(proc.pid, signal.SIGKILL)
                proc.wait()
                return True
            time.sleep(0.0005)
        return False
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()


@pytest.mark.skipif(sys.platform == "win32", reason="kill -9 is POSIX")
def test_kill_9_during_consolidate_out_then_the_next_run_leaves_no_temp(tmp_path):
    db, folder = tmp_path / "tinh.db", tmp_path / "ket_qua"
    folder.mkdir()
    assert run_cli("entry", "load", str(SEED), "--final", db=db).returncode == 0
    out = folder / "tong_hop.xlsx"
    args = ["consolidate", "--period", "2023-H1", "--out", str(out), "--db", str(db)]
    env = {**os.environ, "BAOCAO_DATA_DIR": str(tmp_path / "data")}
    for _ in range(5):  # the save is a fraction of the run: try until the kill lands in it
        if _kill_during_save([sys.executable, "-m", "desktop", *args], folder, env):
            break
    else:
        pytest.fail("the temp file was never seen while consolidate ran")
    left = temps(folder)
    assert left and left[0].startswith("tong_hop.xlsx.dang-ghi-")
    assert not out.exists()
    r = run_cli(*args)
    assert r.returncode == 0, r.stdout + r.stderr
    assert temps(folder) == [] and out.exists()
    digest = hashlib.sha256(out.read_bytes()).hexdigest()
    assert digest  # a whole workbook: openpyxl reads it
    import openpyxl

    assert openpyxl.load_workbook(out, read_only=True).sheetnames
