"""The unit catalog makes each unit when a question first needs it (units.py, issue 14
point 5): the answers are those of the catalog made whole, a command about one unit makes
that code's versions only, a level's question the units of that level, and a unit once made
stays the same object."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from desktop import paths
from desktop.core.units import UnitCatalog, _unit, departments_path

DAYS = (dt.date(2020, 1, 1), dt.date(2023, 6, 30), dt.date(2025, 7, 1), dt.date(2026, 11, 23))
LEVELS = (None, "province", "district", "commune", "department")


@pytest.fixture(scope="module")
def rows():
    """The shipped catalog's entries and its departments', as the catalog reads them."""
    path = paths.units_catalog_path()
    main = json.loads(path.read_text(encoding="utf-8"))["units"]
    return main + json.loads(departments_path(path).read_text(encoding="utf-8"))["units"]


def _made(catalog: UnitCatalog) -> int:
    return sum(unit is not None for unit in catalog._made)  # noqa: SLF001 — what was made


def test_every_answer_is_the_whole_catalogs(rows):
    whole = [_unit(row) for row in rows]
    for level in LEVELS:
        for day in DAYS:
            expected = [u for u in whole if (level is None or u.level == level) and u.valid_on(day)]
            assert UnitCatalog(rows).valid_on(day, level) == expected, (level, day)
    catalog = UnitCatalog(rows)
    assert catalog.units == whole and catalog.province == whole[0]
    for unit in whole:
        assert catalog.get(unit.code, unit.valid_from or dt.date(2020, 1, 1)).code == unit.code


def test_one_unit_makes_its_versions_only(rows):
    catalog = UnitCatalog(rows)
    unit = catalog.get("178", dt.date(2023, 6, 30))
    assert unit.name == "Thành phố Lạng Sơn"
    assert _made(catalog) == sum(row["code"] == "178" for row in rows) < 5
    assert catalog.get("178", dt.date(2023, 1, 1)) is unit  # made once


def test_a_level_makes_the_units_of_that_level(rows):
    catalog = UnitCatalog(rows)
    districts = catalog.valid_on(dt.date(2023, 6, 30), "district")
    assert len(districts) == 11
    assert _made(catalog) == sum(row["level"] == "district" for row in rows)
    assert catalog.units[1] is districts[0]  # the same objects when all are made
