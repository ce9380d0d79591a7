"""`@record` behaves as `@dataclass(frozen=True)` does (core/record.py): each class shape
below is defined twice, once by each, and every call is made on both twins."""

# no `from __future__ import annotations`: the classes are local, their hints must be objects

import dataclasses
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cached_property

import pytest
from hypothesis import given
from hypothesis import strategies as st

from desktop.core import dataspec
from desktop.core.record import record


def _shapes(frozen, frozen_kw):
    """The shapes our models have, made by `frozen` (positional) / `frozen_kw` (kw_only)."""

    @frozen
    class Plain:
        code: str
        count: int = 0
        tags: list[str] = field(default_factory=list)
        note: str | None = field(default=None, compare=False, repr=False)

        @property
        def label(self) -> str:
            return f"{self.code}:{self.count}"

    @frozen_kw
    class Keyed(dataspec.Model):
        """A keyword-only model (Issue, Unit, the form definitions)."""

        name: str
        amount: Decimal = Decimal(1)
        parts: list[Plain] = field(default_factory=list)

        @cached_property
        def key(self) -> tuple[str, str]:
            return (self.name, str(self.amount))

    @frozen
    class Checked:
        low: int
        high: int

        def __post_init__(self) -> None:
            if self.high < self.low:
                raise ValueError("high below low")

    @frozen
    class Child(Plain):
        extra: str = "x"

    @frozen
    class OwnRepr:
        value: int

        def __repr__(self) -> str:
            return f"<{self.value}>"

    return Plain, Keyed, Checked, Child, OwnRepr


DATA = _shapes(dataclass(frozen=True), dataclass(frozen=True, kw_only=True))
MINE = _shapes(record, record(kw_only=True))

texts = st.text(max_size=5)
numbers = st.integers(-5, 5)


def _both(index: int, *args, **kwargs):
    return DATA[index](*args, **kwargs), MINE[index](*args, **kwargs)


def _hash(obj) -> object:
    try:
        return hash(obj)
    except TypeError as exc:
        return str(exc)


def _alike(a, b) -> None:
    assert repr(a) == repr(b)
    assert dataclasses.astuple(a) == dataclasses.astuple(b)
    assert [f.name for f in dataclasses.fields(a)] == [f.name for f in dataclasses.fields(b)]
    assert list(vars(a)) == list(vars(b))


@given(code=texts, count=numbers, tags=st.lists(texts, max_size=2), note=texts)
def test_same_objects_equality_hash_and_repr(code, count, tags, note):
    for args, kwargs in (
        ((code,), {}),
        ((code, count), {"tags": tags}),
        ((), {"code": code, "note": note}),
        ((code, count, tags, note), {}),  # every field, in order
    ):
        d, m = _both(0, *args, **kwargs)
        _alike(d, m)
        d2, m2 = _both(0, *args, **kwargs)
        assert (d == d2) and (m == m2) and not (m != m2)
        assert _hash(m) == _hash(m2) == _hash(d)  # a list inside: unhashable in both
        assert m.label == d.label
    other = MINE[0](code + "!", count)
    assert other != MINE[0](code, count) and MINE[0](code) != DATA[0](code)  # other class
    # `note` is left out of equality and repr, as field(compare=False, repr=False) says
    assert MINE[0](code, note="a") == MINE[0](code, note="b")


@given(name=texts, amount=st.decimals(allow_nan=False, allow_infinity=False, places=2))
def test_keyword_only_models_with_factories_and_cached_properties(name, amount):
    d, m = _both(1, name=name, amount=amount, parts=[MINE[0]("a")] if name else [])
    d, m = DATA[1](name=name, amount=amount), MINE[1](name=name, amount=amount)
    _alike(d, m)
    assert m.parts == [] and m.parts is not MINE[1](name=name).parts  # a fresh list each
    assert m.key == (name, str(amount)) and "key" in vars(m)
    assert dataspec.dump(m) == dataspec.dump(d)
    assert dataspec.build(MINE[1], dataspec.dump(m)) == m
    assert m.model_copy(update={"name": "z"}) == MINE[1](name="z", amount=amount)
    for bad in ((name,), ()):
        for cls in (DATA[1], MINE[1]):
            with pytest.raises(TypeError):
                cls(*bad)


def test_frozen_errors_and_post_init_as_dataclass():
    for cls in (DATA[0], MINE[0]):
        obj = cls("a")
        with pytest.raises(dataclasses.FrozenInstanceError):
            obj.code = "b"
        with pytest.raises(dataclasses.FrozenInstanceError):
            del obj.count
        with pytest.raises(TypeError):
            cls("a", 1, [], None, "too many")
        with pytest.raises(TypeError):
            cls("a", code="twice")
        with pytest.raises(TypeError):
            cls("a", unknown=1)
        with pytest.raises(TypeError):
            cls()
    for cls in (DATA[2], MINE[2]):
        assert cls(1, 2).high == 2
        with pytest.raises(ValueError, match="high below low"):
            cls(2, 1)
    d, m = _both(3, "c", 2, extra="y")
    _alike(d, m)
    assert m == MINE[3]("c", 2, extra="y") and m != MINE[0]("c", 2)
    assert repr(MINE[4](3)) == "<3>" and MINE[4](3) == MINE[4](3)
    assert hash(MINE[4](3)) == hash(DATA[4](3)) == hash((3,))
    assert hash(MINE[2](1, 2)) == hash(DATA[2](1, 2))
    assert dataclasses.is_dataclass(MINE[0]) and MINE[0].__dataclass_params__.frozen
    assert dataclasses.replace(MINE[0]("a", 1), count=2) == MINE[0]("a", 2)
    assert dataclasses.asdict(MINE[3]("a")) == dataclasses.asdict(DATA[3]("a"))


def test_pydantic_reads_a_record_as_the_dataclass():
    data = {"name": " x ", "amount": "2.50", "parts": [{"code": "p", "count": "3"}]}
    d = dataspec.validator(DATA[1]).validate_python(data)
    m = dataspec.validator(MINE[1]).validate_python(data)
    _alike(d, m)
    assert m.parts == [MINE[0]("p", 3)]
    assert dataspec.validator(MINE[1]).json_schema() == dataspec.validator(DATA[1]).json_schema()
