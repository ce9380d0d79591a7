"""Many new rows of one table written by a few statements, on a connection inside the
caller's transaction: the figures of a received package (contents.insert_vals), a batch's
running totals (totals._apply).

`executemany` steps, resets and binds one statement per row; that per-row round trip cost
about as much as SQLite's own work of inserting the row (measured on 300-figure packages:
0.9 ms against 0.45 ms by the statements here).  A multi-row `INSERT … VALUES (…), (…)`
makes it once per statement: rows go in statements of 256, 128, …, 1 rows (at most one
of each size below 256 per call, a handful of distinct statements in the connection's
cache), every value a bound parameter (256 × 8 parameters, far below SQLite's limit of
32,766).  The rows, the constraints checked and the errors raised are those of the same
rows by `executemany`; a failing statement leaves nothing of itself behind, and the
caller's savepoint or transaction takes back the ones before it.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from functools import cache
from itertools import chain

_SIZES = (256, 128, 64, 32, 16, 8, 4, 2, 1)


@cache
def _statement(head: str, width: int, count: int) -> str:
    row = "(" + ", ".join(["?"] * width) + ")"
    return f"{head} VALUES {', '.join([row] * count)}"


def insert_rows(conn: sqlite3.Connection, head: str, width: int, rows: Sequence[Sequence]) -> None:
    """Write `rows`, each of `width` values in the columns `head` names
    (`INSERT INTO t (a, b)` or `INSERT OR REPLACE INTO t (a, b)`)."""
    params = list(chain.from_iterable(rows))
    if len(params) != width * len(rows):  # a row of another width would shift every value
        raise ValueError(f"insert_rows: rows of {width} values expected")
    insert_flat(conn, head, width, params)


def insert_flat(conn: sqlite3.Connection, head: str, width: int, params: list) -> None:
    """`insert_rows` of rows given one after the other in one flat list of values."""
    total, at = divmod(len(params), width)
    if at:
        raise ValueError(f"insert_flat: rows of {width} values expected")
    for size in _SIZES:
        while total - at >= size:
            conn.execute(_statement(head, width, size), params[at * width : (at + size) * width])
            at += size
