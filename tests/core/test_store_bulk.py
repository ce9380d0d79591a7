"""Many rows by multi-row statements (storage/bulk.py): whatever their number, the table
ends holding exactly what `executemany` of the same rows leaves, and a row that breaks a
constraint raises the same error."""

from __future__ import annotations

import sqlite3

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from desktop.core.storage import bulk

TABLE = (
    "CREATE TABLE t (k INTEGER NOT NULL, s TEXT NOT NULL, n INTEGER, PRIMARY KEY (k, s), "
    "CHECK (n IS NULL OR n >= 0)) WITHOUT ROWID"
)
row = st.tuples(
    st.integers(0, 40), st.sampled_from(["a", "b", "Tổng", ""]), st.none() | st.integers(0, 2**63 - 1)
)


def _db() -> sqlite3.Connection:
    conn = sqlite3.connect(":memory:", isolation_level=None)
    conn.execute(TABLE)
    return conn


def _either(conn, write) -> tuple:
    conn.execute("BEGIN")
    try:
        write()
        error = None
    except sqlite3.IntegrityError as exc:
        error = str(exc)
    conn.execute("ROLLBACK" if error else "COMMIT")
    return error, conn.execute("SELECT * FROM t ORDER BY k, s").fetchall()


@settings(max_examples=40)
@given(rows=st.lists(row, max_size=700, unique_by=lambda r: r[:2]), extra=st.lists(row, max_size=3))
def test_the_table_holds_what_executemany_leaves(rows, extra):
    mine, theirs = _db(), _db()
    every = rows + extra  # extra may repeat a key: the same IntegrityError, nothing stays
    got = _either(mine, lambda: bulk.insert_rows(mine, "INSERT INTO t (k, s, n)", 3, every))
    want = _either(theirs, lambda: theirs.executemany("INSERT INTO t (k, s, n) VALUES (?, ?, ?)", every))
    assert got == want


def test_a_row_of_another_width_is_refused_before_anything_is_written():
    conn = _db()
    with pytest.raises(ValueError):
        bulk.insert_rows(conn, "INSERT INTO t (k, s, n)", 3, [(1, "a", 2), (2, "b")])
    assert conn.execute("SELECT COUNT(*) FROM t").fetchone() == (0,)


def test_few_statements():
    conn = _db()
    seen: list[str] = []
    conn.set_trace_callback(seen.append)
    bulk.insert_rows(conn, "INSERT INTO t (k, s, n)", 3, [(k, "a", k) for k in range(300)])
    assert len(seen) == 4  # 256 + 32 + 8 + 4
    assert conn.execute("SELECT COUNT(*), SUM(n) FROM t").fetchone() == (300, sum(range(300)))


def test_a_flat_list_of_part_of_a_row_is_refused():
    conn = _db()
    with pytest.raises(ValueError):
        bulk.insert_flat(conn, "INSERT INTO t (k, s, n)", 3, [1, "a", 2, 2, "b"])
    assert conn.execute("SELECT COUNT(*) FROM t").fetchone() == (0,)
