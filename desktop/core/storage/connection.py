"""The database object the application works with, and the migration sets, without
sqlite-utils on the way in.

sqlite-utils (with click, dateutil and pluggy behind it) costs a third of a second of
import; the start of the window and of short commands (`status`, `entry validate` with a
database) only ever run SQL.  So `Database` here is a plain sqlite3 connection with the
few methods the storage modules use, behaving as sqlite-utils' `Database` does
(`execute` commits a write that opened no transaction of its own; `table_names`), and
anything else (`atomic()`, `db["table"]`, …) is handed to a sqlite-utils `Database` over
the same connection, made the first time it is asked for.

`MigrationSet` keeps a set's migrations in the order they were declared; it brings in
sqlite-utils' `Migrations` only to apply what is pending, so the record of applied
migrations stays sqlite-utils' own table (`_sqlite_migrations`, same set names and
migration names as before) and a file upgrades exactly as it always did.
"""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Callable, Sequence
from functools import cached_property
from typing import Any

from desktop.core.storage.errors import to_storage_error

MIGRATIONS_TABLE = "_sqlite_migrations"  # sqlite_utils.Migrations.migrations_table
_CONTROL = {"BEGIN", "COMMIT", "END", "ROLLBACK", "SAVEPOINT", "RELEASE"}
_LEADING = re.compile(r"(?:\s|;|\ufeff|--[^\n]*(?:\n|$)|/\*.*?(?:\*/|$))*", re.S)


def _first_keyword(sql: str) -> str:
    match = re.match(r"[A-Za-z]+", sql[_LEADING.match(sql).end():])  # type: ignore[union-attr]
    return match.group(0).upper() if match else ""


_FAILURES = (sqlite3.Error, UnicodeDecodeError)


class Cursor:
    """sqlite3's cursor whose rows fail as `execute` does.  SQLite reads a table's pages as
    the rows are stepped through, so a page damaged after the first row fails in
    `fetchall` or the `for` loop, not in `execute`: it too is the `StorageError` naming
    the file, never a raw «database disk image is malformed» (an exit 3)."""

    __slots__ = ("_cursor", "_path")

    def __init__(self, cursor: sqlite3.Cursor, path) -> None:
        self._cursor = cursor
        self._path = path

    def __iter__(self):
        try:
            yield from self._cursor
        except _FAILURES as exc:
            raise to_storage_error(exc, self._path) from exc

    def fetchone(self):
        try:
            return self._cursor.fetchone()
        except _FAILURES as exc:
            raise to_storage_error(exc, self._path) from exc

    def fetchall(self) -> list:
        try:
            return self._cursor.fetchall()
        except _FAILURES as exc:
            raise to_storage_error(exc, self._path) from exc

    def fetchmany(self, size: int | None = None) -> list:
        try:
            return self._cursor.fetchmany(size or self._cursor.arraysize)
        except _FAILURES as exc:
            raise to_storage_error(exc, self._path) from exc

    @property
    def description(self):
        return self._cursor.description

    @property
    def lastrowid(self) -> int | None:
        return self._cursor.lastrowid

    @property
    def rowcount(self) -> int:
        return self._cursor.rowcount


class Database:
    """A sqlite3 connection with sqlite-utils' `execute` and `table_names`; the rest of
    sqlite-utils' `Database` is reached through it on demand.

    `execute` and `executemany` are where SQL run through a `Database` fails: a sqlite3
    error (a lock held by another program, a damaged schema, a full disk) leaves them as
    the storage layer's `StorageError` naming `path`, the file (storage/errors.py), so
    every module holding a `Database` (trust, exchange tables …) refuses in Vietnamese;
    the rows of the `Cursor` they return fail the same way when fetched."""

    def __init__(self, conn: sqlite3.Connection, path=None) -> None:
        self.conn = conn
        self.path = path
        self.execute("PRAGMA recursive_triggers=on;")  # as sqlite-utils' Database sets

    def execute(self, sql: str, parameters: Sequence | dict[str, Any] | None = None) -> Cursor:
        conn = self.conn
        was_in_transaction = conn.in_transaction
        try:
            cursor = conn.execute(sql) if parameters is None else conn.execute(sql, parameters)
            if (
                not was_in_transaction
                and conn.in_transaction
                and cursor.description is None
                and _first_keyword(sql) not in _CONTROL
            ):
                conn.execute("COMMIT")  # a write outside a transaction commits on its own
        except Exception as exc:
            if not was_in_transaction and conn.in_transaction:
                conn.execute("ROLLBACK")  # the failed statement's implicit transaction
            if isinstance(exc, _FAILURES):
                raise to_storage_error(exc, self.path) from exc
            raise
        return Cursor(cursor, self.path)

    def executemany(self, sql: str, rows) -> Cursor:
        """sqlite3's `executemany` (the caller's transaction, if any, decides when it
        commits), failing as `execute` does."""
        try:
            return Cursor(self.conn.executemany(sql, rows), self.path)
        except _FAILURES as exc:
            raise to_storage_error(exc, self.path) from exc

    def table_names(self) -> list[str]:
        return [r[0] for r in self.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]

    @cached_property
    def sqlite_utils(self):
        """sqlite-utils' `Database` over this same connection (imported only now)."""
        from sqlite_utils import Database as SqliteUtilsDatabase

        return SqliteUtilsDatabase(self.conn, execute_plugins=False)  # no entry-point scan

    def __getattr__(self, name: str):
        if name.startswith("__") or name == "sqlite_utils":
            raise AttributeError(name)
        return getattr(self.sqlite_utils, name)

    def __getitem__(self, table: str):
        return self.sqlite_utils[table]


class MigrationSet:
    """Migrations declared with `@migrations()` and applied, when some are pending, by
    sqlite-utils' `Migrations` under the same set name."""

    def __init__(self, name: str) -> None:
        self.name = name
        self._functions: list[Callable] = []

    def __call__(self) -> Callable[[Callable], Callable]:
        def register(function: Callable) -> Callable:
            if any(f.__name__ == function.__name__ for f in self._functions):
                raise ValueError(f"migration {function.__name__} declared twice in {self.name}")
            self._functions.append(function)
            return function

        return register

    def names(self) -> set[tuple[str, str]]:
        return {(self.name, f.__name__) for f in self._functions}

    def apply(self, db: Database) -> None:
        from sqlite_utils import Migrations

        migrations = Migrations(self.name)
        for function in self._functions:
            migrations()(function)
        migrations.apply(db.sqlite_utils)


def applied_migrations(conn: sqlite3.Connection) -> set[tuple[str, str]]:
    """(set, migration) pairs the file records as applied; none for a new file."""
    has_log = conn.execute(
        "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", [MIGRATIONS_TABLE]
    ).fetchone()
    if not has_log:
        return set()
    return set(conn.execute(f"SELECT migration_set, name FROM {MIGRATIONS_TABLE}").fetchall())
