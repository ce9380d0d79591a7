"""The province's commands as people type them (the real CLI in a subprocess): a --db
that names no database, before or after the command."""

from __future__ import annotations

import pytest

from tests.conftest import run_cli

pytestmark = pytest.mark.usefixtures("warm_pack")


def test_a_mistyped_db_is_said_and_nothing_is_created(tmp_path):
    """`baocao --db tinh/baocoa.db status` showed every unit «chưa báo cáo» without a word
    that the file does not exist, and `consolidate` created the file and its folder before
    saying nobody had reported."""
    wrong = tmp_path / "tinh" / "baocoa.db"
    status = run_cli("--db", str(wrong), "status", "--period", "Quý II/2023")
    assert status.returncode == 0 and "Tình hình báo cáo Quý II năm 2023" in status.stdout
    assert f"Chưa có cơ sở dữ liệu «{wrong}»" in status.stderr and "--db" in status.stderr
    book = tmp_path / "tong_hop.xlsx"
    made = run_cli("consolidate", "--period", "2023-Q2", "--out", str(book), "--db", str(wrong))
    assert made.returncode == 1, made.stderr
    assert f"Chưa có cơ sở dữ liệu «{wrong}»" in made.stderr and "Traceback" not in made.stderr
    assert not wrong.parent.exists() and not book.exists()
