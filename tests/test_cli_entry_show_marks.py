"""`baocao entry show` as a clerk reads it: a row marked «chưa có số liệu» or «không phát
sinh» is shown with its mark (and reason) in an «Đánh dấu» column.  It dropped the first
(no figure: the row vanished) and showed the second as a bare «0»."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.conftest import run_cli

pytestmark = pytest.mark.usefixtures("warm_pack")
SEED = Path(__file__).resolve().parent / "fixtures" / "seed000" / "ngan_sach.json"


def test_entry_show_gives_each_rows_mark_and_reason(tmp_path):
    body = json.loads(SEED.read_text(encoding="utf-8"))
    body["marks"] = {
        "NS_THU_SDD": {"mark": "chua_co_so_lieu", "reason": "Chi cục Thuế chưa gửi số liệu"},
        "NS_THU_PHI": {"mark": "khong_phat_sinh"},
    }
    path = tmp_path / "178.json"
    path.write_text(json.dumps(body, ensure_ascii=False), encoding="utf-8")
    db = tmp_path / "xa.db"
    loaded = run_cli("entry", "load", str(path), db=db)
    assert loaded.returncode == 0, loaded.stdout + loaded.stderr
    shown = run_cli("entry", "show", "--unit", "178", "--period", "2023-H1", "--form", "ngan_sach", db=db)
    assert shown.returncode == 0, shown.stdout + shown.stderr
    lines = shown.stdout.splitlines()
    assert any("Đánh dấu" in x for x in lines), shown.stdout
    [sdd] = [x for x in lines if "Thu tiền sử dụng đất" in x]
    assert "Chưa có số liệu: Chi cục Thuế chưa gửi số liệu" in sdd, sdd
    [phi] = [x for x in lines if "phí, lệ phí" in x.lower()]
    assert "Không phát sinh" in phi, phi
    [thu] = [x for x in lines if "Tổng thu ngân sách" in x]  # an unmarked row: no mark on it
    assert "209.435" in thu, thu
    assert "Không phát sinh" not in thu and "Chưa có" not in thu
