"""Every file BaoCao writes goes through desktop/core/atomic.py: a package, a signed
enrolment request, the draft báo cáo (.docx), settings.json and ui_state.json.  A disk that
fills up in the middle of the write leaves the old file as it was and no temp file, and the
person reads why in Vietnamese; the CLI exits 1 (never 3) when it cannot write."""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from desktop.core import atomic
from tests.conftest import FIXTURES, REPO, run_cli

# the pack read from its cache entry, as by an installation that has run once (conftest)
pytestmark = pytest.mark.usefixtures("warm_pack")

SEED = FIXTURES / "seed000" / "ngan_sach.json"

# One real write of each kind (the old file), then the same write with the file size
# limited to half of it: the disk is "full" half-way through the new file.
FULL_MID_WRITE = r"""
import datetime as dt, hashlib, json, os, resource, signal, sys
from pathlib import Path
from desktop.core.errors import BaoCaoError
from desktop.core.services import Services
kind, root = sys.argv[1], Path(sys.argv[2])
svc = Services(db_path=root / "baocao.db", today=dt.date(2026, 11, 23))
out_dir = root / "ra"
if kind in ("package", "report", "request"):
    report = svc.validate_file(Path(sys.argv[3]))
    svc.save_entry(report, final=True)

def write(n):
    if kind == "package":
        from desktop.core.exchange.service import export_package
        return export_package(svc, unit_code="178", period_text="2023-H1", form_ids=None,
                              out=out_dir / "goi.baocao")[0]
    if kind == "report":
        from desktop.core.report.drafts import write_unit_draft
        from desktop.core.report.writer import ReportOptions
        return write_unit_draft(svc.repo, svc.pack, svc.units, "178", "2023-H1",
                                out_dir / "bao_cao.docx", ReportOptions(svc.today))
    if kind == "request":
        from desktop.core.exchange.signing import SigningKey
        from desktop.core.periods import Period
        from desktop.core.trust.enrolment import write_request
        unit = svc.units.for_period("178", Period.parse("2023-H1"))
        write_request(SigningKey.load_or_create(svc.key_dir), unit, f"Người thứ {n}",
                      out_dir / "yeu_cau.json")
        return out_dir / "yeu_cau.json"
    from desktop.core.settings import Role, Settings, save_settings, save_ui_state
    if kind == "settings":
        return save_settings(Settings(role=Role.UNIT, unit_code="178", unit_name="Thành phố Lạng Sơn",
                                      person_name=f"Nguyễn Văn {n}" * 40), out_dir)
    return save_ui_state({"period": "2023-H1", "page": f"nhap-{n}" * 40}, out_dir)

target = write(1)
old = target.read_bytes()
signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # a write past the limit fails like a full disk
resource.setrlimit(resource.RLIMIT_FSIZE, (len(old) // 2, resource.RLIM_INFINITY))
try:
    write(2)
    print(json.dumps({"refused": None}))
except BaoCaoError as exc:
    print(json.dumps({"refused": exc.code, "message": exc.message, "exit": exc.exit_code,
                      "target": str(target), "old": hashlib.sha256(old).hexdigest()},
                     ensure_ascii=False))
"""


@pytest.mark.skipif(sys.platform == "win32", reason="RLIMIT_FSIZE is POSIX")
@pytest.mark.parametrize("kind", ["package", "report", "request", "settings", "ui_state"])
def test_a_disk_full_mid_write_keeps_the_old_file_and_leaves_no_temp(tmp_path, kind):
    r = subprocess.run([sys.executable, "-c", FULL_MID_WRITE, kind, str(tmp_path), str(SEED)],
                       cwd=REPO, capture_output=True, text=True, encoding="utf-8", timeout=120,
                       env={**os.environ, "BAOCAO_DATA_DIR": str(tmp_path / "data")})
    assert r.returncode == 0, r.stdout + r.stderr
    result = json.loads(r.stdout.strip().splitlines()[-1])
    assert result["refused"] == "o_dia_day", result
    target = Path(result["target"])
    assert f"«{target.name}»" in result["message"] and "ổ đĩa" in result["message"]
    assert "Tệp cũ (nếu có) vẫn giữ nguyên" in result["message"] and result["exit"] == 1
    assert hashlib.sha256(target.read_bytes()).hexdigest() == result["old"]
    assert sorted(n for n in os.listdir(target.parent) if atomic.TEMP_MARK in n) == []


@pytest.fixture(scope="module")
def unit_db(tmp_path_factory) -> Path:
    db = tmp_path_factory.mktemp("don_vi") / "db.sqlite"
    r = run_cli("entry", "load", str(SEED), "--final", db=db)
    assert r.returncode == 0, r.stdout + r.stderr
    return db


@pytest.mark.parametrize(
    "args",
    [
        ("package", "export", "--unit", "178", "--period", "2023-H1", "--out"),
        ("report", "--period", "2023-H1", "--unit", "178", "--out"),
        ("keys", "request", "--unit", "178", "--person", "Nguyễn Văn A", "--period", "2023-H1",
         "--out"),
    ],
    ids=["package", "report", "request"],
)
def test_the_cli_cannot_write_exits_1_in_vietnamese_and_keeps_the_old_file(
    unit_db, tmp_path, args
):
    ok = tmp_path / "ra" / "tep_cu"
    r = run_cli(*args, str(ok), db=unit_db)
    assert r.returncode == 0, r.stdout + r.stderr
    old = ok.read_bytes()
    # a file where the folder should be: the OS refuses the temp file itself
    r = run_cli(*args, str(ok / "moi"), db=unit_db)
    assert r.returncode == 1, r.stdout + r.stderr
    assert "Không ghi được tệp «moi»" in r.stderr and "tệp trùng tên với thư mục" in r.stderr
    assert "Traceback" not in r.stderr and "Errno" not in r.stderr
    assert ok.read_bytes() == old
    assert [n for n in os.listdir(ok.parent) if atomic.TEMP_MARK in n] == []
