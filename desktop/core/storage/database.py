"""Opening the local SQLite file, and transactions that nest.

`open_database()` is the only way the application gets a `Database`: it creates the data
folder, sets the connection up (WAL journal, synchronous=NORMAL, foreign keys, a busy
timeout) and applies pending migrations (sqlite-utils is imported only when one is pending:
storage/connection.py).  sqlite3 connections belong to the thread that
made them: open one `Database` per thread, or keep all database work on one worker.

`transaction(db)` is one transaction at the outermost level and a SAVEPOINT inside
another, so a service can wrap several repository calls (a package of several forms is
all-or-nothing) while each call stays atomic on its own.  It starts with BEGIN IMMEDIATE
rather than sqlite-utils' deferred BEGIN: a deferred transaction that reads first and
then writes fails at once with SQLITE_BUSY if another connection wrote in between,
whereas an immediate one waits its turn under the busy timeout.  It nests with
`db.atomic()` in both directions.

A file that records a migration this version does not know was written by a newer
BaoCao: it is refused before anything (not even the journal mode) is written.
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from desktop import __version__
from desktop.core.errors import StorageError
from desktop.core.storage import exchange_tables
from desktop.core.storage.connection import Database, applied_migrations
from desktop.core.storage.errors import storage_errors, to_storage_error
from desktop.core.storage.migrations import migrations

DEFAULT_BUSY_TIMEOUT_MS = 5000
NEWER_DATABASE = "cơ sở dữ liệu này do phiên bản BaoCao mới hơn tạo ra"
FOREIGN_DATABASE = "đây là cơ sở dữ liệu SQLite của chương trình khác, không phải của BaoCao"
MIGRATION_SETS = (migrations, exchange_tables.migrations)

# savepoints open on each connection (by id): a savepoint is named by its depth, so the
# few names are the same statements every time (sqlite3 keeps them prepared)
_depth: dict[int, int] = {}


def open_database(path: str | Path, *, busy_timeout_ms: int | None = None) -> Database:
    """Open (creating if needed) the database file at `path`, migrated to the latest schema.
    A write waits up to `busy_timeout_ms` for another program's lock (default: the
    environment's BAOCAO_BUSY_TIMEOUT_MS, else 5 s), then fails as `DatabaseBusy`."""
    path = Path(path)
    if busy_timeout_ms is None:
        busy_timeout_ms = busy_timeout_from_environment()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise StorageError(
            f"Không tạo được thư mục dữ liệu «{path.parent}»: {exc.strerror or exc}.",
            code="csdl_khong_mo_duoc",
        ) from exc
    with storage_errors(path):
        conn = sqlite3.connect(str(path))
        try:
            conn.execute(f"PRAGMA busy_timeout = {int(busy_timeout_ms)}")
            applied = applied_migrations(conn)
            _refuse_newer(applied, path)  # before anything is written, even the journal mode
            if not applied and conn.execute("SELECT 1 FROM sqlite_master LIMIT 1").fetchone():
                raise StorageError(  # tables but no BaoCao migration: another program's file
                    f"Không mở «{path}»: {FOREIGN_DATABASE}. Hãy chọn tệp cơ sở dữ liệu "
                    "của BaoCao (baocao.db); tệp chưa bị thay đổi gì.",
                    code="csdl_khong_phai_baocao",
                )
            conn.execute("PRAGMA journal_mode = WAL").fetchone()
            conn.execute("PRAGMA synchronous = NORMAL")
            conn.execute("PRAGMA foreign_keys = ON")
            db = Database(conn, path)
            if _known_migrations() - applied:  # sqlite-utils is imported only then
                for migration_set in MIGRATION_SETS:
                    migration_set.apply(db)
        except BaseException:
            conn.close()
            raise
    return db


def busy_timeout_from_environment() -> int:
    """BAOCAO_BUSY_TIMEOUT_MS when it is a whole number of milliseconds (a slow network
    share may want longer, a test shorter), else the default."""
    text = os.environ.get("BAOCAO_BUSY_TIMEOUT_MS", "").strip()
    return int(text) if text.isdigit() else DEFAULT_BUSY_TIMEOUT_MS


def _known_migrations() -> set[tuple[str, str]]:
    return set().union(*(s.names() for s in MIGRATION_SETS))


def _refuse_newer(applied: set[tuple[str, str]], path: Path) -> None:
    """A migration this version does not know means a newer BaoCao wrote the file: opening
    it would write into a schema we do not understand, so refuse before touching it."""
    unknown = sorted(f"{s}/{n}" for s, n in applied - _known_migrations())
    if unknown:
        raise StorageError(
            f"Không mở «{path}»: {NEWER_DATABASE} (có thay đổi cấu trúc "
            f"{', '.join(unknown[:3])}{' …' if len(unknown) > 3 else ''} mà phiên bản "
            f"{__version__} chưa biết). Hãy cài BaoCao mới nhất; tệp chưa bị thay đổi gì.",
            code="csdl_phien_ban_moi_hon",
        )


@contextmanager
def transaction(db: Database) -> Iterator[Database]:
    """All writes in the block commit together or not at all; nests via SAVEPOINT."""
    conn = db.conn
    depth = _depth.get(id(conn), 0) + 1 if conn.in_transaction else 0
    savepoint = f"baocao_{depth}" if depth else None
    with storage_errors(db.path):
        conn.execute(f"SAVEPOINT {savepoint}" if savepoint else "BEGIN IMMEDIATE")
    _depth[id(conn)] = depth
    try:
        try:
            yield db
        except sqlite3.Error as exc:
            _undo(conn, savepoint)
            raise to_storage_error(exc, db.path) from exc
        except BaseException:
            _undo(conn, savepoint)
            raise
        with storage_errors(db.path):
            try:
                conn.execute(f"RELEASE SAVEPOINT {savepoint}" if savepoint else "COMMIT")
            except sqlite3.Error:
                _undo(conn, savepoint)
                raise
    finally:
        if depth:
            _depth[id(conn)] = depth - 1
        else:
            _depth.pop(id(conn), None)


@contextmanager
def read_snapshot(db: Database) -> Iterator[Database]:
    """Several SELECTs that must see one consistent state (a submission and its rows),
    even if another connection commits meanwhile.  Takes no write lock."""
    conn = db.conn
    if conn.in_transaction:
        yield db
        return
    with storage_errors(db.path):
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
