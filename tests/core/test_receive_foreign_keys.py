"""A batch of received packages writes with SQLite's foreign-key check off
(storage/receiving.py: every row it writes belongs to a submission it has just written, and
it deletes none), and the check is on again once the batch ends, however it ends."""

from __future__ import annotations

import pytest

from desktop.core.exchange.service import import_packages
from tests.core.test_import_batch import (  # noqa: F401 — `sent` is a fixture
    fail_store_of,
    province_for,
    sent,
    stored_units,
)

pytestmark = pytest.mark.usefixtures("warm_pack")


def checked(province) -> int:
    return province.repo.conn.execute("PRAGMA foreign_keys").fetchone()[0]


def test_off_inside_the_batch_on_after_it_and_every_row_has_its_submission(sent, tmp_path):  # noqa: F811
    units, files = sent
    province = province_for(tmp_path, "tinh", units)
    inside: list[int] = []
    results = import_packages(province, files, cancelled=lambda: inside.append(checked(province)))
    assert {r.outcome for r in results} == {"new"}
    assert set(inside) == {0}
    assert checked(province) == 1
    assert province.repo.conn.execute("PRAGMA foreign_key_check").fetchall() == []


@pytest.mark.parametrize("how", ["ABORT", "ROLLBACK"])
def test_on_again_after_a_batch_that_failed(sent, tmp_path, how):  # noqa: F811
    units, files = sent
    province = province_for(tmp_path, "tinh", units)
    fail_store_of(province, ("180",), how)
    results = import_packages(province, files)
    assert [r.outcome for r in results].count("rejected") == 1
    assert stored_units(province) == set(units) - {"180"}
    assert checked(province) == 1
    assert province.repo.conn.execute("PRAGMA foreign_key_check").fetchall() == []
