"""A package held until its key is confirmed counts as received when it came, not when the
officer accepted the key: Thành phố Lạng Sơn's 6 tháng đầu năm 2023, due 19/06/2023, held
on 18/06 and released when the officer phoned the unit later, was «trễ» on the status board
(its received_at was the release's).  In-process on real databases; the held row's time is
set back as if the package had waited (the release happens now)."""

from __future__ import annotations

import sqlite3

from desktop.core.exchange.service import import_packages
from desktop.core.periods import Period
from desktop.core.status import reporting_status
from desktop.core.trust.enrolment import accept_key
from tests.core.test_trust_policy import fp, installation, package

ARRIVED = "2023-06-18T03:00:00+00:00"  # 10:00 on 18/06 in Lạng Sơn, a day before the deadline


def test_a_released_package_is_on_time_when_it_came_on_time(tmp_path):
    clerk, province = installation(tmp_path / "xa"), installation(tmp_path / "tinh")
    sent = package(clerk, "256812", tmp_path / "lang_son_h1.baocao")
    [held] = import_packages(province, [sent])
    assert held.outcome == "held"
    with sqlite3.connect(province.db_path) as conn:  # the package waited for the phone call
        conn.execute("UPDATE held_packages SET held_at = ?", [ARRIVED])
    conn.close()
    unit = province.units.for_period("178", Period.parse("2023-H1"))
    [released] = accept_key(province, unit, fp(clerk), actor="Minh")
    assert released.outcome == "new"
    cell = reporting_status(province, "2023-H1").cells[("178", "ngan_sach")]
    assert (cell.status, cell.submitted_at) == ("on_time", ARRIVED)
    # a package that came after the deadline stays late, held or not
    late = package(clerk, "256900", tmp_path / "lang_son_h1_sua.baocao")
    [again] = import_packages(province, [late])
    assert again.outcome == "new_revision"
    cell = reporting_status(province, "2023-H1").cells[("178", "ngan_sach")]
    assert cell.status == "revised_late" and cell.submitted_at > ARRIVED


def test_a_held_package_is_on_the_board_as_waiting_for_its_key_not_overdue(tmp_path):
    """Before the officer confirms the key, the board said «quá 1.260 ngày» for a unit whose
    package had come: now the cell is «Chờ xác nhận khóa» with the day it came, the unit is
    not among the overdue, and `baocao status` says which package waits (the real CLI)."""
    import datetime as dt

    from tests.conftest import run_cli

    clerk, province = installation(tmp_path / "xa"), installation(tmp_path / "tinh")
    sent = package(clerk, "256812", tmp_path / "lang_son_h1.baocao")
    [held] = import_packages(province, [sent])
    assert held.outcome == "held"
    with sqlite3.connect(province.db_path) as conn:
        conn.execute("UPDATE held_packages SET held_at = ?", [ARRIVED])
    conn.close()
    matrix = reporting_status(province, "2023-H1")
    cell = matrix.cells[("178", "ngan_sach")]
    assert (cell.status, cell.label, cell.submitted_at) == ("held", "Chờ xác nhận khóa", ARRIVED)
    assert matrix.cells[("178", "chuyen_doi_so")].status == "missing"  # not in the package
    overdue = matrix.overdue_lines(dt.date(2023, 7, 1))
    assert not any("Biểu 05" in line for line in overdue if line.startswith("Thành phố Lạng Sơn"))
    assert matrix.held_lines() == [
        "Thành phố Lạng Sơn — Biểu 05: gói đến 18/06/2023, chờ xác nhận khóa"
    ]
    got = run_cli("status", "--period", "2023-H1", db=province.db_path)
    assert got.returncode == 0 and "Traceback" not in got.stderr, got.stderr
    assert "Gói đã đến, chờ xác nhận khóa" in got.stdout
    assert "Thành phố Lạng Sơn — Biểu 05: gói đến 18/06/2023, chờ xác nhận khóa" in got.stdout
