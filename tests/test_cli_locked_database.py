"""The province's database held by another program (another connection's BEGIN EXCLUSIVE:
an open DB browser, a second BaoCao writing): every writing command waits the busy timeout,
then refuses in Vietnamese, exit 1, no traceback, and changes nothing — `package import`
used to print a traceback and quarantine the good package as a StorageError."""

from __future__ import annotations

import sqlite3

import pytest

from tests.conftest import FIXTURES, run_cli
from tests.test_cli_user_messages import province_with_a_received_form

pytestmark = pytest.mark.usefixtures("warm_pack")

QUICK = {"BAOCAO_BUSY_TIMEOUT_MS": "200"}  # the lock is never let go: wait 0.2 s, not 5 s
LOCKED = "đang được một chương trình khác (hoặc một cửa sổ BaoCao khác) sử dụng (bị khóa)"


def _state(db) -> list[str]:
    """Every row of every table, in order (the database «the same»)."""
    conn = sqlite3.connect(db)
    try:
        return list(conn.iterdump())
    finally:
        conn.close()


def test_writing_commands_refuse_a_database_another_program_holds(tmp_path):
    db = province_with_a_received_form(tmp_path)
    package = tmp_path / "goi.baocao"
    before, package_bytes = _state(db), package.read_bytes()
    other = sqlite3.connect(db, isolation_level=None)
    other.execute("BEGIN EXCLUSIVE")
    try:
        commands = {
            "import": ("package", "import", str(package)),
            "entry": ("entry", "load", str(FIXTURES / "seed000" / "ngan_sach.json"), "--final"),
            "review": ("review", "accept", "--unit", "183", "--period", "2023-H1",
                       "--form", "ngan_sach", "--out", str(tmp_path / "chap_nhan.baocao-phanhoi")),
            "keys": ("keys", "delegate", "183", "06187", "--as-of", "2023-06-30"),
        }  # fmt: skip
        said = {}
        for what, args in commands.items():
            got = run_cli(*args, db=db, env=QUICK)
            said[what] = got.stdout + got.stderr
            assert got.returncode == 1, said[what]
            assert LOCKED in said[what] and f"«{db}»" in said[what], said[what]
            assert "Traceback" not in said[what] and "StorageError" not in said[what], said[what]
    finally:
        other.execute("ROLLBACK")
        other.close()
    assert "Chưa nhập gói nào; các tệp vẫn ở nguyên chỗ cũ." in said["import"]
    assert "cách ly" not in said["import"] and "Bị từ chối" not in said["import"]
    # the package where it was, nothing quarantined, no decision file, not a row changed
    assert package.read_bytes() == package_bytes
    assert not (db.parent / "quarantine").exists()
    assert not list(tmp_path.glob("*.baocao-phanhoi"))
    assert _state(db) == before
    # once the other program lets go, the same import goes through
    again = run_cli("package", "import", str(package), db=db, env=QUICK)
    assert again.returncode == 0 and "Trùng" in again.stdout, again.stdout + again.stderr
