"""How the store writes a submission's figures (storage/contents.py `insert_vals`): numbers
bind only their four columns, texts and numbers beyond 64 bits go by the full statement;
whatever the mix, the `vals` table ends holding exactly the rows `codec.value_rows` makes,
on a real SQLite file, and they read back as the figures given."""

from __future__ import annotations

from decimal import Decimal as D

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from desktop.core.storage import contents, revisions
from desktop.core.storage.codec import value_rows
from desktop.core.storage.database import open_database

MEASURES = ["th_ky", "luy_ke", "kh_nam"]
SUBMISSION = ("178", "", "ngan_sach", 1, "h", "2023-H1", 1, "received", "imported", None, None)
SUBMISSION += ("2024-01-01", "2024-01-01", None, None, "2024-01-01", None, 1)

numbers = st.builds(
    lambda digits, places, sign: D(sign * digits).scaleb(-places),
    st.one_of(st.integers(0, 10**6), st.integers(0, 10**30)),  # 64-bit and far beyond
    st.integers(0, 6),
    st.sampled_from([1, -1]),
)
figures = st.dictionaries(
    st.tuples(st.sampled_from([f"CT{i:02d}" for i in range(12)]), st.sampled_from(MEASURES)),
    st.one_of(numbers, st.text(max_size=12)),
    max_size=30,
)


@pytest.fixture(scope="module")
def conn(tmp_path_factory):
    db = open_database(tmp_path_factory.mktemp("kho") / "baocao.db")
    yield db.conn
    db.conn.close()


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(values=figures)
def test_the_stored_rows_are_exactly_value_rows(conn, values):
    conn.execute("BEGIN IMMEDIATE")
    try:
        sid = conn.execute(revisions.INSERT_SUBMISSION, SUBMISSION).lastrowid
        rows = value_rows(sid, values)
        contents.insert_vals(conn, rows)
        stored = conn.execute(
            "SELECT submission_id, indicator, measure, num, txt, big FROM vals "
            "WHERE submission_id = ?",
            (sid,),
        ).fetchall()
        assert sorted(stored) == sorted(rows)
        assert contents.load_contents(conn, sid)[0] == values
    finally:
        conn.rollback()


def test_text_and_huge_figures_beside_numbers(conn):
    """Both statements in one call: a text, a number beyond 64 bits and plain numbers."""
    values = {
        ("A", "th_ky"): D("12.5"),
        ("B", "th_ky"): "không có số liệu",
        ("C", "th_ky"): D("12345678901234567890.123456"),
        ("D", "th_ky"): D("-7"),
    }
    conn.execute("BEGIN IMMEDIATE")
    try:
        sid = conn.execute(revisions.INSERT_SUBMISSION, SUBMISSION).lastrowid
        contents.insert_vals(conn, value_rows(sid, values))
        kinds = conn.execute(
            "SELECT indicator, num IS NOT NULL, txt IS NOT NULL, big IS NOT NULL FROM vals "
            "WHERE submission_id = ? ORDER BY indicator",
            (sid,),
        ).fetchall()
        assert kinds == [("A", 1, 0, 0), ("B", 0, 1, 0), ("C", 0, 0, 1), ("D", 1, 0, 0)]
        assert contents.load_contents(conn, sid)[0] == values
    finally:
        conn.rollback()
