"""A database written by a newer BaoCao (a migration this version does not know) is refused
with a clear message, and not a byte of it is written."""

from __future__ import annotations

import hashlib
import sqlite3
from pathlib import Path

import pytest

from desktop.core.errors import StorageError
from desktop.core.storage.database import NEWER_DATABASE, open_database
from tests.conftest import FIXTURES, run_cli

SEED = FIXTURES / "seed000" / "ngan_sach.json"


def make_newer(db: Path, migration_set: str = "baocao", name: str = "m999_from_the_future") -> None:
    open_database(db).conn.close()
    with sqlite3.connect(db) as conn:
        conn.execute(
            "INSERT INTO _sqlite_migrations (migration_set, name, applied_at) VALUES (?, ?, ?)",
            [migration_set, name, "2030-01-01 00:00:00"],
        )
        conn.execute("CREATE TABLE future_things (x)")  # what that newer version made
    conn.close()
    with sqlite3.connect(db) as conn:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        conn.execute("PRAGMA journal_mode = DELETE")  # a plain file whose bytes say it all
    conn.close()


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.mark.parametrize("migration_set", ["baocao", "baocao_exchange", "baocao_khac"])
def test_newer_database_is_refused_and_untouched(tmp_path, migration_set):
    db = tmp_path / "moi_hon.db"
    make_newer(db, migration_set)
    before = digest(db)
    with pytest.raises(StorageError) as refused:
        open_database(db)
    assert NEWER_DATABASE in refused.value.message
    assert f"{migration_set}/m999_from_the_future" in refused.value.message
    assert digest(db) == before
    with sqlite3.connect(db) as conn:  # still in the rollback journal mode it was left in
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "delete"
    conn.close()


def test_a_database_of_this_version_opens_again(tmp_path):
    db = tmp_path / "baocao.db"
    open_database(db).conn.close()
    open_database(db).conn.close()


def test_cli_refuses_a_newer_database_and_stores_nothing(tmp_path):
    db = tmp_path / "moi_hon.db"
    make_newer(db)
    before = digest(db)
    r = run_cli("entry", "load", str(SEED), db=db)
    assert r.returncode == 1, r.stdout + r.stderr
    assert NEWER_DATABASE in r.stderr and "Traceback" not in r.stderr
    assert digest(db) == before
