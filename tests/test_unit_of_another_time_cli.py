"""A unit that no longer exists today (merged on 1/7/2025, as Thành phố Lạng Sơn; a
department merged on 1/3/2025) is named with the time it existed, so the clerk knows to
give the period: «keys request --unit 178» in 2026 said only «Không có đơn vị mã 178 vào
ngày …» (found by L6 making a month of 2023 reports)."""

from __future__ import annotations

from tests.conftest import run_cli


def test_a_closed_unit_is_named_with_its_time(tmp_path, warm_pack):
    db, out = tmp_path / "don_vi.db", tmp_path / "dang_ky.baocao-dangky"
    r = run_cli(
        "keys", "request", "--unit", "178", "--person", "Nguyễn Thị Lan", "--out", str(out), db=db
    )
    said = r.stdout + r.stderr
    assert r.returncode == 1 and not out.exists()
    assert "Đơn vị mã 178 (Thành phố Lạng Sơn) có trong danh mục đến 30/06/2025" in said, said
    assert "hãy chọn kỳ báo cáo" in said and "Traceback" not in said
    ok = run_cli(
        "keys", "request", "--unit", "178", "--period", "2023-H1", "--person", "Nguyễn Thị Lan",
        "--out", str(out), db=db,
    )  # fmt: skip
    assert ok.returncode == 0, ok.stderr
    assert out.exists()
