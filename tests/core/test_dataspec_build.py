"""`dataspec.build` makes the same objects `cls(**fields)` makes (issue 14 point 5: it fills
a plain dataclass's `__dict__` directly instead of calling its frozen `__init__`), and
still calls `__init__` wherever that does more than store the fields."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from dataclasses import dataclass, field

import pytest

from desktop import paths
from desktop.core import dataspec
from desktop.core.formdef.loader import read_pack
from desktop.core.units import Unit, UnitCatalog


def _same(built, made) -> None:
    assert built == made and type(built) is type(made)
    names = {f.name for f in dataclasses.fields(made)}  # (a cached_property may be set too)
    assert [k for k in vars(built) if k in names] == [k for k in vars(made) if k in names]
    for f in dataclasses.fields(made):
        assert repr(getattr(built, f.name)) == repr(getattr(made, f.name))


def test_every_form_and_unit_builds_as_its_constructor_makes_it():
    pack, _ = read_pack(paths.forms_dir())
    assert pack is not None
    objects = [pack.catalog, *pack.forms.values(), *UnitCatalog.load().all()]
    for obj in objects:
        data = json.loads(json.dumps(dataspec.dump(obj, defaults=False)))
        built = dataspec.build(type(obj), data)
        made = type(obj)(**{f.name: getattr(obj, f.name) for f in dataclasses.fields(obj)})
        _same(built, made)
        _same(built, obj)
    assert len(objects) > 300


def test_defaults_are_fresh_per_object_and_frozen_stays_frozen():
    data = {"code": "1", "name": "Tỉnh A", "level": "province", "kind": "Tỉnh"}
    one, two = dataspec.build(Unit, data), dataspec.build(Unit, dict(data))
    assert one.predecessors == [] and one.predecessors is not two.predecessors
    assert one.valid_from is None and one.key == ("1", "")
    with pytest.raises(dataclasses.FrozenInstanceError):
        one.name = "khác"  # type: ignore[misc]
    with pytest.raises(dataspec.Rejected):
        dataspec.build(Unit, {"code": "1", "name": "Tỉnh A", "level": "province"})
    with pytest.raises(dataspec.Rejected):
        dataspec.build(Unit, {**data, "extra": 1})


@dataclass(frozen=True)
class _Checked:
    start: dt.date
    end: dt.date
    seen: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        if self.end < self.start:
            raise dataspec.Rejected("end before start")
        self.seen.append("post_init")


@dataclass(frozen=True, init=False)
class _OwnInit:
    code: str

    def __init__(self, code: str) -> None:
        object.__setattr__(self, "code", code.upper())


def test_classes_whose_init_does_more_are_made_through_it():
    got = dataspec.build(_Checked, {"start": "2025-01-01", "end": "2025-02-01"})
    assert got.seen == ["post_init"]
    with pytest.raises(dataspec.Rejected):
        dataspec.build(_Checked, {"start": "2025-03-01", "end": "2025-02-01"})
    assert dataspec.build(_OwnInit, {"code": "abc"}).code == "ABC"
