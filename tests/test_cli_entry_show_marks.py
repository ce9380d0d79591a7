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


def test_a_period_is_read_as_a_code_or_as_its_label():
    """`--period` takes what a clerk reads on the screen as well as the code."""
    from desktop.core.periods import Period, PeriodError, PeriodType

    assert Period.read("Quý II/2023") == Period(2023, PeriodType.QUARTER, 2)
    assert Period.read("Tháng 3/2023") == Period(2023, PeriodType.MONTH, 3)
    assert Period.read("6 thang dau nam 2023") == Period(2023, PeriodType.HALF_YEAR, 1)
    assert Period.read("Năm 2023") == Period(2023, PeriodType.YEAR, 1)
    assert Period.read("2023-Q2") == Period(2023, PeriodType.QUARTER, 2)
    with pytest.raises(PeriodError) as refused:
        Period.read("Quý V/2023")
    said = refused.value.message
    assert "«Quý V/2023»" in said and "2023-Q2" in said and "Quý II/2023" in said, said


def test_the_cli_takes_a_periods_label_and_says_what_it_takes(tmp_path):
    db = tmp_path / "xa.db"
    assert run_cli("entry", "load", str(SEED), db=db).returncode == 0
    for label in ("6 tháng đầu năm 2023", "6 thang dau nam 2023"):
        shown = run_cli("entry", "show", "--unit", "178", "--period", label, "--form", "ngan_sach", db=db)
        assert shown.returncode == 0 and "209.435" in shown.stdout, shown.stdout + shown.stderr
    refused = run_cli("entry", "show", "--unit", "178", "--period", "Quý 5/2023", "--form", "ngan_sach", db=db)
    said = refused.stdout + refused.stderr
    assert refused.returncode != 0 and "Traceback" not in said, said
    assert "«Quý 5/2023»" in said and "2023-H1" in said and "6 tháng đầu năm 2023" in said, said
