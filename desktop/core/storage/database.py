"""Opening the local SQLite file, and transactions that nest.

`open_database()` is the only way the application gets a `Database`: it creates the data
folder, sets the connection up (WAL journal, synchronous=NORMAL, foreign keys, a busy
timeout) and applies pending migrations.  sqlite3 connections belong to the thread that
made them: open one `Database` per thread, or keep all database work on one worker.

`transaction(db)` is one transaction at the outermost level and a SAVEPOINT inside
another, so a service can wrap several repository calls (a package of several forms is
all-or-nothing) while each call stays atomic on its own.  It starts with BEGIN IMMEDIATE
rather than sqlite-utils' deferred BEGIN: a deferred transaction that reads first and
then writes fails at once with SQLITE_BUSY if another connection wrote in between,
whereas an immediate one waits its turn under the busy timeout.  It nests with
`db.atomic()` in both directions.
"""

from __future__ import annotations

import itertools
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlite_utils import Database

from desktop.core.errors import StorageError
from desktop.core.storage import exchange_tables
from desktop.core.storage.errors import storage_errors, to_storage_error
from desktop.core.storage.migrations import migrations

DEFAULT_BUSY_TIMEOUT_MS = 5000
MIGRATION_SETS = (migrations, exchange_tables.migrations)

_savepoints = itertools.count(1)


def open_database(path: str | Path, *, busy_timeout_ms: int = DEFAULT_BUSY_TIMEOUT_MS) -> Database:
    """Open (creating if needed) the database file at `path`, migrated to the latest schema."""
    path = Path(path)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise StorageError(
            f"Không tạo được thư mục dữ liệu «{path.parent}»: {exc.strerror or exc}.",
            code="csdl_khong_mo_duoc",
        ) from exc
    with storage_errors():
        conn = sqlite3.connect(str(path))
        try:
            conn.execute(f"PRAGMA busy_timeout = {int(busy_timeout_ms)}")
            conn.execute("PRAGMA journal_mode = WAL").fetchone()
            conn.execute("PRAGMA synchronous = NORMAL")
            conn.execute("PRAGMA foreign_keys = ON")
            db = Database(conn, execute_plugins=False)
            for migration_set in MIGRATION_SETS:
                migration_set.apply(db)
        except BaseException:
            conn.close()
            raise
    return db


@contextmanager
def transaction(db: Database) -> Iterator[Database]:
    """All writes in the block commit together or not at all; nests via SAVEPOINT."""
    conn = db.conn
    savepoint = f"baocao_{next(_savepoints)}" if conn.in_transaction else None
    with storage_errors():
        conn.execute(f"SAVEPOINT {savepoint}" if savepoint else "BEGIN IMMEDIATE")
    try:
        yield db
    except sqlite3.Error as exc:
        _undo(conn, savepoint)
        raise to_storage_error(exc) from exc
    except BaseException:
        _undo(conn, savepoint)
        raise
    with storage_errors():
        try:
            conn.execute(f"RELEASE SAVEPOINT {savepoint}" if savepoint else "COMMIT")
        except sqlite3.Error:
            _undo(conn, savepoint)
            raise


@contextmanager
def read_snapshot(db: Database) -> Iterator[Database]:
    """Several SELECTs that must see one consistent state (a submission and its rows),
    even if another connection commits meanwhile.  Takes no write lock."""
    conn = db.conn
    if conn.in_transaction:
        yield db
        return
    with storage_errors():
        conn.execute("BEGIN")
    try:
        yield db
    finally:
        if conn.in_transaction:
            conn.rollback()  # nothing was written: ending the read is all it does


def _undo(conn: sqlite3.Connection, savepoint: str | None) -> None:
    # an error such as SQLITE_FULL may already have ended the whole transaction
    if not conn.in_transaction:
        return
    if savepoint is None:
        conn.rollback()
        return
    try:
        conn.execute(f"ROLLBACK TO SAVEPOINT {savepoint}")
        conn.execute(f"RELEASE SAVEPOINT {savepoint}")
    except sqlite3.Error:
        conn.rollback()  # the savepoint is gone: nothing of the outer work can be trusted
