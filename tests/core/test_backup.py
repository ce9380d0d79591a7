"""Backup and restore of an installation: database, key and settings; bad archives refused."""

from __future__ import annotations

import datetime as dt
import zipfile
from decimal import Decimal

import pytest

from desktop.core.backup import make_backup, restore_backup
from desktop.core.errors import InputFileError
from desktop.core.exchange.signing import SigningKey
from desktop.core.services import Services
from desktop.core.submission import Submission


def test_backup_and_restore_round_trip(tmp_path):
    data = tmp_path / "data"
    svc = Services(db_path=data / "baocao.db", today=dt.date(2026, 11, 23))
    svc.key_dir = data / "keys"
    report = svc.validate(Submission("ngan_sach", 1, "178", "2023-H1",
                                     values={("NS_THU", "th_ky"): Decimal("209435"), ("NS_CHI", "th_ky"): Decimal("1")}))
    svc.save_entry(report)
    key = SigningKey.load_or_create(data / "keys")
    archive = make_backup(svc.db_path, data, tmp_path / "sao_luu.zip", passphrase="mật khẩu dài")
    # the data is then damaged: a value changed
    sid = svc.repo.get("178", "", "ngan_sach", "2023-H1").id
    svc.repo.set_value(sid, "NS_THU", "th_ky", Decimal("1"), actor="x")
    svc.close()
    restore_backup(archive, data / "baocao.db", data, passphrase="mật khẩu dài")
    again = Services(db_path=data / "baocao.db", today=dt.date(2026, 11, 23))
    assert again.repo.get("178", "", "ngan_sach", "2023-H1").submission.values[("NS_THU", "th_ky")] == Decimal("209435")
    assert (data / "baocao.db.truoc-khoi-phuc").exists()
    assert SigningKey.load_or_create(data / "keys").fingerprint == key.fingerprint


def test_bad_archives_change_nothing(tmp_path):
    db = tmp_path / "baocao.db"
    db.write_bytes(b"")
    for name, build in (("rac.zip", lambda p: p.write_bytes(b"khong phai zip")),
                        ("la.zip", lambda p: zipfile.ZipFile(p, "w").writestr("virus.exe", b"x"))):
        path = tmp_path / name
        build(path)
        with pytest.raises(InputFileError) as exc:
            restore_backup(path, db, tmp_path)
        assert "sao lưu" in exc.value.message
    assert db.read_bytes() == b""


def test_backing_up_while_another_window_writes_and_a_damaged_file(tmp_path):
    """A backup taken while another BaoCao window holds the database for writing (another
    connection's BEGIN EXCLUSIVE, WAL) still copies it; a damaged database file is refused
    with the storage message in Vietnamese (it escaped as sqlite3.DatabaseError: «Lỗi không
    mong đợi») and no archive is written."""
    import sqlite3

    from desktop.core.errors import BaoCaoError

    data = tmp_path / "data"
    svc = Services(db_path=data / "baocao.db", today=dt.date(2026, 11, 23))
    svc.save_entry(svc.validate(Submission("ngan_sach", 1, "178", "2023-H1",
                                           values={("NS_THU", "th_ky"): Decimal("209435")})))  # fmt: skip
    svc.close()
    other = sqlite3.connect(data / "baocao.db", isolation_level=None)
    other.execute("BEGIN EXCLUSIVE")
    try:
        archive = make_backup(data / "baocao.db", data, tmp_path / "sao_luu.zip")
    finally:
        other.execute("ROLLBACK")
        other.close()
    assert "baocao.db" in zipfile.ZipFile(archive).namelist()

    bad = tmp_path / "hong" / "baocao.db"
    bad.parent.mkdir()
    bad.write_bytes(b"SQLite format 3\x00" + b"\xff" * 4080)
    with pytest.raises(BaoCaoError) as got:
        make_backup(bad, bad.parent, tmp_path / "hong.zip")
    assert "Traceback" not in got.value.message and str(bad) in got.value.message, got.value.message
    assert not (tmp_path / "hong.zip").exists()
