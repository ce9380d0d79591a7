"""`build(cls, data)`: the strict re-reading of data that pydantic already accepted and
`dataspec.dump()` wrote (a cache entry, a stored row, a kept manifest), without pydantic.

No conversion beyond what JSON cannot carry (a Decimal as text, an enum as its value),
every constraint of the `Annotated` markers (dataspec.py) checked again.  Whatever it does
not accept raises `Rejected`; its caller then goes the pydantic way.  One reader is made
per type, once (the pack has tens of thousands of values, and a command waits for them).
`dataspec` re-exports both names: `dataspec.build`, `dataspec.Rejected`.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
import types
import typing
from decimal import Decimal, InvalidOperation
from enum import Enum
from functools import cache
from itertools import chain

from desktop.core.record import assemble


class Rejected(ValueError):
    """Data `build` does not accept as it stands."""


def build(cls, data: object):
    """An instance of dataclass `cls` from `dump()`-shaped data, or `Rejected`."""
    return _reader(cls)(data)


def _fail(why: str):
    raise Rejected(why)


@cache
def _reader(tp):  # noqa: C901 — one reader per kind of type we use, made once per type
    """A function reading one value of type `tp` strictly (compiled once: the pack has
    tens of thousands of values, and a command waits for them)."""
    origin = typing.get_origin(tp)
    if origin is typing.Annotated:
        base, *marks = typing.get_args(tp)
        read_base = _reader(base)
        checks = [m.check for m in marks if hasattr(m, "check")]
        if not checks:
            return read_base

        def read_annotated(value):
            value = read_base(value)
            for check in checks:
                if not check(value):
                    _fail(f"{value!r} breaks a constraint of {tp}")
            return value

        return read_annotated
    if origin in (typing.Union, types.UnionType):
        members = [_reader(a) for a in typing.get_args(tp) if a is not type(None)]
        optional = type(None) in typing.get_args(tp)
        if optional and len(members) == 1:
            (only,) = members

            def read_optional(value):
                return None if value is None else only(value)

            return _keeping(read_optional, [type(None)], members)

        def read_union(value):
            if value is None and optional:
                return None
            for member in members:
                try:
                    return member(value)
                except Rejected:
                    continue
            return _fail(f"{value!r} fits no member of {tp}")

        return _keeping(read_union, [type(None)] if optional else [], members)
    if origin is typing.Literal:
        choices = typing.get_args(tp)
        allowed = {(type(c), c) for c in choices}

        def read_literal(value):
            try:
                if (type(value), value) in allowed:
                    return value
            except TypeError:  # a list or an object: not hashable, not a choice
                pass
            return _fail(f"{value!r} is not one of {choices}")

        return read_literal
    if origin is list:
        (item_type,) = typing.get_args(tp)
        read_item = _reader(item_type)

        def read_list(value):
            if type(value) is not list:
                _fail("expected a list")
            return [read_item(v) for v in value]

        return read_list
    if origin is dict:
        read_key, read_value = (_reader(a) for a in typing.get_args(tp))
        as_is = _as_is(read_key, read_value)  # None: no type is kept as it is

        def read_dict(value):
            if type(value) is not dict:
                _fail("expected an object")
            if as_is is not None and as_is(value):
                return value  # every key and value as the readers would return it
            return {read_key(k): read_value(v) for k, v in value.items()}

        read_dict.kept_items = _kept(read_key), _kept(read_value)  # type: ignore[attr-defined]
        return read_dict
    if dataclasses.is_dataclass(tp):
        return _dataclass_reader(tp)
    if isinstance(tp, type) and issubclass(tp, Enum):
        by_value = {member.value: member for member in tp}

        def read_enum(value):
            member = by_value.get(value) if isinstance(value, str | int) else None
            return member if member is not None else _fail(f"{value!r} is not a {tp.__name__}")

        return read_enum
    if tp in (bool, int, str):

        def read_plain(value):
            return value if type(value) is tp else _fail(f"expected {tp.__name__}")

        read_plain.kept = frozenset({tp})  # type: ignore[attr-defined]
        read_plain.only = True  # type: ignore[attr-defined]
        return read_plain
    if tp is Decimal:
        return _read_decimal
    if tp is dt.date:
        return _read_date
    raise TypeError(f"dataspec cannot read {tp!r}")


# -- values taken as they are: most data is already exactly what a reader would return (a
# package's 300 figures as text), and looking at every value's type at C speed
# (`set(map(type, …))`) is several times cheaper than calling the readers value by value.
# A reader's `kept` is the set of types whose values it returns unchanged; a plain one
# (`only`) also refuses every other type, so a union keeps what its plain members keep.


def _kept(reader) -> frozenset | None:
    return getattr(reader, "kept", None)


def _keeping(reader, kept: list, members: list):
    for member in members:
        kept.extend(_kept(member) or ())
        if not getattr(member, "only", False):
            break  # what this member does with other types is not known here
    reader.kept = frozenset(kept)
    return reader


def _as_is(read_key, read_value):
    """A test that the readers would return every key and value of a dict unchanged, for
    `dict[K, V]` and `dict[K, dict[K2, V2]]` with plain K, V, K2, V2 (else None: read it
    item by item).  Such a dict is taken as it is, not copied: `build` is given data parsed
    for it (JSON just read), and the model takes it over."""
    keys, values = _kept(read_key), _kept(read_value)
    if keys is None:
        return None
    if values is not None:

        def flat(value) -> bool:
            return set(map(type, value)) <= keys and set(map(type, value.values())) <= values

        return flat
    inner_keys, inner_values = getattr(read_value, "kept_items", (None, None))
    if inner_keys is None or inner_values is None:
        return None
    dicts = frozenset({dict})

    def nested(value) -> bool:
        inner = value.values()
        return (
            set(map(type, value)) <= keys
            and set(map(type, inner)) <= dicts
            and set(map(type, chain.from_iterable(inner))) <= inner_keys
            and set(map(type, chain.from_iterable(map(dict.values, inner)))) <= inner_values
        )

    return nested


def _dataclass_reader(cls):
    hints = typing.get_type_hints(cls, include_extras=True)
    every = dataclasses.fields(cls)
    fields = {f.name: _reader(hints[f.name]) for f in every}
    required = frozenset(
        f.name
        for f in every
        if f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING
    )
    make = _maker(cls, every)

    def read_dataclass(value):
        if type(value) is not dict:
            _fail(f"expected an object for {cls.__name__}")
        kwargs = {}
        for name, item in value.items():
            read = fields.get(name)
            if read is None:
                _fail(f"unknown field {cls.__name__}.{name}")
            kwargs[name] = read(item)
        if not required <= kwargs.keys():
            _fail(f"a field of {cls.__name__} is missing")
        return make(kwargs)

    return read_dataclass


_UNSET = object()


def _maker(cls, every: tuple):
    """`cls(**kwargs)` for read fields.  When that `__init__` would only store the fields
    (dataclasses' own, no `__post_init__`, no `init=False` field, a `__dict__`), the
    instance gets them straight into its `__dict__`, in field order: a frozen dataclass's
    `__init__` sets each field through `object.__setattr__`, several times slower, and a
    form of 25 has ~100 objects (the 317 units as many).  Same fields, values, order."""
    init = getattr(cls, "__init__", None)
    by_dataclass = (
        getattr(init, "__code__", None) is not None
        and init.__code__.co_filename == "<string>"  # written by @dataclass, not by hand
        and not hasattr(cls, "__post_init__")
    )
    plain = (
        (by_dataclass or getattr(init, "stores_fields_only", False))  # or by record.py
        and not hasattr(cls, "__slots__")
        and all(f.init for f in every)
    )
    if not plain:
        return lambda kwargs: cls(**kwargs)
    template = {
        f.name: f.default if f.default is not dataclasses.MISSING else _UNSET for f in every
    }
    factories = [
        (f.name, f.default_factory) for f in every if f.default_factory is not dataclasses.MISSING
    ]

    def make(kwargs):
        state = template.copy()  # field order, defaults in place
        state.update(kwargs)
        for name, factory in factories:
            if state[name] is _UNSET:
                state[name] = factory()
        return assemble(cls, state)

    return make


# what str(Decimal) writes, and no more: Decimal() itself also takes " 1_000 " and "NaN"
_DECIMAL_TEXT = re.compile(r"-?\d+(\.\d+)?(E[+-]\d+)?")
_DATE_TEXT = re.compile(r"\d{4}-\d{2}-\d{2}")


def _read_decimal(value):
    if type(value) is Decimal:  # read from JSON by our canonical reader
        return value if value.is_finite() else _fail("not a finite decimal")
    if type(value) is not str or not _DECIMAL_TEXT.fullmatch(value):
        _fail("expected a decimal as text")
    try:
        number = Decimal(value)
    except InvalidOperation:
        return _fail(f"{value!r} is not a decimal")
    return number if number.is_finite() else _fail("not a finite decimal")


def _read_date(value):
    if type(value) is not str or not _DATE_TEXT.fullmatch(value):
        _fail("expected a date as text (YYYY-MM-DD)")
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        return _fail(f"{value!r} is not a date")
