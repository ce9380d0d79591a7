"""Reading and writing what a submission holds (values, comments, narratives) and the
audit trail, on a connection inside the caller's transaction.  Used by the repository;
nothing here opens or commits a transaction.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Sequence
from decimal import Decimal
from itertools import chain, repeat
from operator import itemgetter

from desktop.core.marks import Mark
from desktop.core.storage import bulk
from desktop.core.storage.codec import (
    Encoded,
    Figures,
    decode,
    display,
    figures,
    number_columns,
    value_rows,
)
from desktop.core.submission import Key, Submission

AuditRow = tuple[str, str | None, int, str, str | None, str | None, str | None, str | None]

UPSERT_VAL = (
    "INSERT INTO vals (submission_id, indicator, measure, num, txt, big) VALUES (?, ?, ?, ?, ?, ?) "
    "ON CONFLICT (submission_id, indicator, measure) DO UPDATE SET "
    "num = excluded.num, txt = excluded.txt, big = excluded.big"
)
INSERT_VAL = (
    "INSERT INTO vals (submission_id, indicator, measure, num, txt, big) VALUES (?, ?, ?, ?, ?, ?)"
)
# a number figure (nearly every one) binds only its four columns: sqlite3 passes each None
# parameter through its adapter registry (a key tuple, a dict look-up, a failed attribute
# look-up: ~3 µs), which made the two empty columns cost as much as the insert itself;
# they go in by multi-row statements (storage/bulk.py)
NUMBERS_INTO = "INSERT INTO vals (submission_id, indicator, measure, num)"
_NUM = itemgetter(3)
_NUMBER_ROW = itemgetter(0, 1, 2, 3)
DELETE_VAL = "DELETE FROM vals WHERE submission_id = ? AND indicator = ? AND measure = ?"
UPSERT_COMMENT = (
    "INSERT INTO comments (submission_id, indicator, measure, text) VALUES (?, ?, ?, ?) "
    "ON CONFLICT (submission_id, indicator, measure) DO UPDATE SET text = excluded.text"
)
DELETE_COMMENT = "DELETE FROM comments WHERE submission_id = ? AND indicator = ? AND measure = ?"
UPSERT_NARRATIVE = (
    "INSERT INTO narratives (submission_id, code, text) VALUES (?, ?, ?) "
    "ON CONFLICT (submission_id, code) DO UPDATE SET text = excluded.text"
)
DELETE_NARRATIVE = "DELETE FROM narratives WHERE submission_id = ? AND code = ?"
INSERT_MARK = "INSERT INTO marks (submission_id, indicator, mark, reason) VALUES (?, ?, ?, ?)"
INSERT_CUTOFF = "INSERT INTO cutoffs (submission_id, day) VALUES (?, ?)"
INSERT_AUDIT = (
    "INSERT INTO audit (at, actor, submission_id, action, indicator, measure, old, new) "
    "VALUES (?, ?, ?, ?, ?, ?, ?, ?)"
)


def encode_values(values: dict[Key, Decimal | str]) -> dict[Key, Encoded]:
    return {(i, m): (n, t, b) for _, i, m, n, t, b in value_rows(0, values)}


def load_encoded(conn: sqlite3.Connection, sid: int) -> dict[Key, Encoded]:
    rows = conn.execute(
        "SELECT indicator, measure, num, txt, big FROM vals WHERE submission_id = ?", (sid,)
    )
    return {(i, m): (n, t, b) for i, m, n, t, b in rows}


def load_contents(
    conn: sqlite3.Connection, sid: int
) -> tuple[dict[Key, Decimal | str], dict[Key, str], dict[str, str]]:
    values = {key: decode(*enc) for key, enc in load_encoded(conn, sid).items()}
    comments = {
        (i, m): t
        for i, m, t in conn.execute(
            "SELECT indicator, measure, text FROM comments WHERE submission_id = ?", (sid,)
        )
    }
    narratives = dict(
        conn.execute("SELECT code, text FROM narratives WHERE submission_id = ?", (sid,))
    )
    return values, comments, narratives


def insert_contents(conn: sqlite3.Connection, sid: int, sub: Submission) -> Figures:
    """Fill a new, empty submission with what `sub` holds (figures, comments, narratives,
    marks, cut-off); returns its figures as columns (codec.Figures).  A package read by the
    canonical route gives every figure's integer (`Submission.scaled`): its numbers go in
    straight from those columns, no row made per figure; any other submission's rows are
    made by codec.value_rows."""
    columns = number_columns(sub.values, sub.scaled)
    if columns is None:
        rows = value_rows(sid, sub.values, sub.scaled)
        insert_vals(conn, rows)
        columns = figures(rows)
    else:
        params = list(chain.from_iterable(zip(repeat(sid), *columns)))
        bulk.insert_flat(conn, NUMBERS_INTO, 4, params)
    if sub.comments:
        conn.executemany(UPSERT_COMMENT, [(sid, i, m, t) for (i, m), t in sub.comments.items()])
    if sub.narratives:
        conn.executemany(UPSERT_NARRATIVE, [(sid, c, t) for c, t in sub.narratives.items()])
    if sub.marks:
        conn.executemany(INSERT_MARK, [(sid, i, k.kind, k.reason) for i, k in sub.marks.items()])
    if sub.data_cutoff:
        conn.execute(INSERT_CUTOFF, (sid, sub.data_cutoff))
    return columns


def insert_vals(conn: sqlite3.Connection, rows: Sequence[tuple]) -> None:
    """Write new `vals` rows (submission_id, indicator, measure, num, txt, big): the
    numbers by a few multi-row statements (storage/bulk.py), any text or beyond-64-bit
    number by `INSERT_VAL`."""
    if None in map(_NUM, rows):  # some figure is not a 64-bit number
        conn.executemany(INSERT_VAL, [r for r in rows if r[3] is None])
        rows = [r for r in rows if r[3] is not None]
    bulk.insert_rows(conn, NUMBERS_INTO, 4, list(map(_NUMBER_ROW, rows)))


def update_contents(
    conn: sqlite3.Connection,
    sid: int,
    encoded: dict[Key, Encoded],
    comments: dict[Key, str],
    narratives: dict[str, str],
    *,
    at: str,
    actor: str | None,
) -> list[AuditRow]:
    """Make a stored submission hold exactly the given contents, writing only what differs.

    Returns one audit row per changed value, comment and narrative (also written).
    """
    audit: list[AuditRow] = []
    old_vals = load_encoded(conn, sid)
    upserts = [(sid, i, m, *enc) for (i, m), enc in encoded.items() if old_vals.get((i, m)) != enc]
    deletes = [(sid, i, m) for (i, m) in old_vals if (i, m) not in encoded]
    for _, i, m, *enc in upserts:
        old = old_vals.get((i, m))
        audit.append(
            (at, actor, sid, "set", i, m, _shown(old), display(decode(*enc)))  # type: ignore[arg-type]
        )
    for _, i, m in deletes:
        audit.append((at, actor, sid, "clear", i, m, _shown(old_vals[(i, m)]), None))
    conn.executemany(UPSERT_VAL, upserts)
    conn.executemany(DELETE_VAL, deletes)

    old_comments = {
        (i, m): t
        for i, m, t in conn.execute(
            "SELECT indicator, measure, text FROM comments WHERE submission_id = ?", (sid,)
        )
    }
    c_up = [(sid, i, m, t) for (i, m), t in comments.items() if old_comments.get((i, m)) != t]
    c_del = [(sid, i, m) for (i, m) in old_comments if (i, m) not in comments]
    audit += [(at, actor, sid, "comment", i, m, old_comments.get((i, m)), t) for _, i, m, t in c_up]
    audit += [(at, actor, sid, "comment", i, m, old_comments[(i, m)], None) for _, i, m in c_del]
    conn.executemany(UPSERT_COMMENT, c_up)
    conn.executemany(DELETE_COMMENT, c_del)

    old_narr = dict(
        conn.execute("SELECT code, text FROM narratives WHERE submission_id = ?", (sid,))
    )
    n_up = [(sid, c, t) for c, t in narratives.items() if old_narr.get(c) != t]
    n_del = [(sid, c) for c in old_narr if c not in narratives]
    audit += [(at, actor, sid, "narrative", c, None, old_narr.get(c), t) for _, c, t in n_up]
    audit += [(at, actor, sid, "narrative", c, None, old_narr[c], None) for _, c in n_del]
    conn.executemany(UPSERT_NARRATIVE, n_up)
    conn.executemany(DELETE_NARRATIVE, n_del)

    write_audit(conn, audit)
    return audit


def write_audit(conn: sqlite3.Connection, rows: Iterable[AuditRow]) -> None:
    conn.executemany(INSERT_AUDIT, rows)


def _shown(enc: Encoded | None) -> str | None:
    return None if enc is None else display(decode(*enc))


# ---------------------------------------------------------------- marks, cut-off (m005)


def load_marks(conn: sqlite3.Connection, sid: int) -> dict[str, Mark]:
    rows = conn.execute("SELECT indicator, mark, reason FROM marks WHERE submission_id = ?", (sid,))
    return {i: Mark(k, r) for i, k, r in rows}


def write_marks(conn: sqlite3.Connection, sid: int, marks: dict[str, Mark], cutoff: str | None) -> None:
    """Make a submission hold exactly these marks and this cut-off date."""
    conn.execute("DELETE FROM marks WHERE submission_id = ?", (sid,))
    conn.executemany(INSERT_MARK, [(sid, i, m.kind, m.reason) for i, m in marks.items()])
    conn.execute("DELETE FROM cutoffs WHERE submission_id = ?", (sid,))
    if cutoff:
        conn.execute(INSERT_CUTOFF, (sid, cutoff))


def load_cutoff(conn: sqlite3.Connection, sid: int) -> str | None:
    row = conn.execute("SELECT day FROM cutoffs WHERE submission_id = ?", (sid,)).fetchone()
    return row[0] if row else None
