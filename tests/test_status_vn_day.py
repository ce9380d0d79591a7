"""`baocao status` counts overdue days to the office's day, Vietnam time, whatever the
machine's clock zone: the days packages were received are read in Vietnam time
(status._vn_day), and a machine on UTC showed «quá 1.411 ngày» for a missing report beside
«trễ 1.412 ngày» for one received the same evening (found on a realistic month)."""

from __future__ import annotations

import datetime as dt

from desktop.core.vn_time import VN_TIME
from tests.conftest import run_cli


def test_overdue_days_are_counted_to_the_day_in_vietnam(tmp_path, warm_pack):
    # UTC−12: its date is not Vietnam's for 19 hours of each day
    r = run_cli("status", "--period", "2023-01", "--form", "ngan_sach",
                db=tmp_path / "tinh.db", env={"TZ": "Etc/GMT+12"})  # fmt: skip
    assert r.returncode == 0, r.stderr
    today = dt.datetime.now(VN_TIME).date()
    assert f"tính đến ngày {today:%d/%m/%Y}" in r.stdout, r.stdout
