"""`transaction()` nests by SAVEPOINT, each named by its depth on the connection
(storage/database.py): over any tree of nested blocks, some failing, what stays is
exactly the writes of the blocks that succeeded inside blocks that all succeeded, on a
real SQLite file; siblings at one depth reuse a name without touching each other."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from desktop.core.storage.database import open_database, transaction


class Fails(Exception):
    pass


# a block: (its value, whether it fails after its children ran, its children)
blocks = st.recursive(
    st.tuples(st.integers(0, 10**6), st.booleans(), st.just(())),
    lambda inner: st.tuples(st.integers(0, 10**6), st.booleans(), st.lists(inner, max_size=3)),
    max_leaves=12,
)


def run(db, block) -> None:
    value, fails, children = block
    with transaction(db):
        db.conn.execute("INSERT INTO t (v) VALUES (?)", (value,))
        for child in children:
            try:
                run(db, child)
            except Fails:
                pass
        if fails:
            raise Fails


def kept(block) -> list[int]:
    """The values a block leaves when it runs (nothing when it fails)."""
    value, fails, children = block
    if fails:
        return []
    return [value] + [v for child in children for v in kept(child)]


@pytest.fixture(scope="module")
def db(tmp_path_factory):
    db = open_database(tmp_path_factory.mktemp("kho") / "baocao.db")
    db.conn.execute("CREATE TABLE t (id INTEGER PRIMARY KEY, v INTEGER NOT NULL)")
    db.conn.commit()
    yield db
    db.conn.close()


@settings(
    max_examples=120, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(block=blocks)
def test_nested_blocks_keep_exactly_what_succeeded(db, block):
    db.conn.execute("DELETE FROM t")
    db.conn.commit()
    try:
        run(db, block)
    except Fails:
        pass
    assert not db.conn.in_transaction
    stored = [v for (v,) in db.conn.execute("SELECT v FROM t ORDER BY id")]
    assert stored == kept(block)
