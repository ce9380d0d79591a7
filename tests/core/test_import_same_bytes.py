"""The same bytes twice in one batch (exchange/known.py `recall`, `accepted`): the second
copy is recalled from the manifest the first one logged, as from the log of an earlier
import — a duplicate, logged without a manifest of its own, its figures not read again."""

from __future__ import annotations

import pytest

from desktop.core.exchange.service import import_packages
from tests.core.test_import_batch import province_for, sent  # noqa: F401 — `sent` is a fixture

pytestmark = pytest.mark.usefixtures("warm_pack")


def test_a_file_given_twice_in_one_batch_is_then_a_duplicate_recalled(sent, tmp_path):  # noqa: F811
    units, files = sent
    province = province_for(tmp_path, "tinh", units)
    results = import_packages(province, [files[0], files[1], files[0]])
    assert [r.outcome for r in results] == ["new", "new", "duplicate"]
    rows = province.repo.conn.execute(
        "SELECT file_name, outcome, manifest IS NOT NULL FROM imports ORDER BY id"
    ).fetchall()
    assert rows == [
        (files[0].name, "new", 1),
        (files[1].name, "new", 1),
        (files[0].name, "duplicate", 0),
    ]
    again = import_packages(province, [files[0]])
    assert [r.message for r in again] == [results[2].message]
