"""`@record`: a frozen dataclass that costs next to nothing to define (issue 14 point 5).

`@dataclass(frozen=True)` compiles six functions from generated source for every class
(`__init__`, `__repr__`, `__eq__`, `__hash__`, `__setattr__`, `__delattr__`): about a third
of a short command's time went to defining the ~35 classes it imports.  `record` asks
`dataclass` only for what it does without compiling (the fields, `__match_args__`), then
gives the class the same methods written once here, working from its fields:

- `__init__` takes the same arguments (positional, or keyword-only with `kw_only=True`),
  fills defaults and default factories, calls `__post_init__` if there is one, and raises
  `TypeError` for a missing, unknown or repeated argument;
- `__repr__`, `__eq__` and `__hash__` as dataclass writes them (over the fields that have
  `repr` / `compare` / `hash`); a method the class defines itself is kept;
- assigning or deleting a field raises `FrozenInstanceError`.

The class is a real dataclass, marked frozen: `dataclasses.fields`, `replace`, `asdict`,
pydantic and `dataspec` read it as before.
"""

from __future__ import annotations

import dataclasses
from operator import attrgetter

_UNSET = object()
_new = object.__new__


def assemble(cls, fields: dict):
    """An instance of a frozen dataclass (or record) whose `__init__` would only store its
    fields, made with `fields` put straight into its `__dict__` (every field, in field
    order).  A frozen `__init__` sets each field through `object.__setattr__`, several times
    slower; where thousands are made at once (the 317 units and a form's models read from
    the pack cache, a national table's 3,321 unit references, a table's rows, a kept
    manifest) this is the one way they are made without it."""
    obj = _new(cls)
    obj.__dict__.update(fields)
    return obj


def record(cls=None, /, *, kw_only: bool = False):
    """`@dataclass(frozen=True, kw_only=…)` for our models, without compiling code."""

    def wrap(c):
        return _make(c, kw_only)

    return wrap if cls is None else wrap(cls)


def _make(cls, kw_only: bool):
    own = set(cls.__dict__)
    # dataclass refuses a non-frozen child of a frozen base: a record's child (rare) lets
    # it write the two frozen methods, replaced below anyway
    frozen_base = any(
        getattr(getattr(base, "__dataclass_params__", None), "frozen", False)
        for base in cls.__mro__[1:]
    )
    cls = dataclasses.dataclass(
        cls, init=False, repr=False, eq=False, frozen=frozen_base, kw_only=kw_only
    )
    cls.__dataclass_params__.init = True
    cls.__dataclass_params__.repr = True
    cls.__dataclass_params__.eq = True
    cls.__dataclass_params__.frozen = True
    every = dataclasses.fields(cls)
    if "__init__" not in own:
        cls.__init__ = _init(cls, every)
    shown = [f.name for f in every if f.repr]
    if "__repr__" not in own:
        cls.__repr__ = _repr(shown)
    compared = tuple(f.name for f in every if f.compare)
    values = attrgetter(*compared) if len(compared) > 1 else _one_tuple(compared)
    if "__eq__" not in own:
        cls.__eq__ = _eq(values)
    explicit_hash = "__hash__" in own and not (cls.__dict__["__hash__"] is None and "__eq__" in own)
    if not explicit_hash:
        hashed = tuple(f.name for f in every if (f.compare if f.hash is None else f.hash))
        cls.__hash__ = _hash(attrgetter(*hashed) if len(hashed) > 1 else _one_tuple(hashed))
    names = frozenset(f.name for f in every)
    cls.__setattr__, cls.__delattr__ = _frozen(cls, names)
    return cls


def _one_tuple(names: tuple):
    if not names:
        return lambda self: ()
    get = attrgetter(names[0])
    return lambda self: (get(self),)


def _init(cls, every: tuple):
    """The dataclass `__init__`: positional and keyword-only parameters, defaults."""
    fields = [f for f in every if f.init]
    positional = [f.name for f in fields if not f.kw_only]
    allowed = frozenset(f.name for f in fields)
    template = {}
    for f in every:
        if f.default is not dataclasses.MISSING:
            template[f.name] = f.default
        elif f.default_factory is not dataclasses.MISSING or f.init:
            template[f.name] = _UNSET  # a factory's fresh value, or given by the caller
    factories = [
        (f.name, f.default_factory) for f in every if f.default_factory is not dataclasses.MISSING
    ]
    required = [
        f.name
        for f in fields
        if f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING
    ]
    post_init = getattr(cls, "__post_init__", None)
    name = cls.__qualname__
    # a class whose every field is a positional parameter, called with all of them
    every_positional = positional if len(positional) == len(every) else None

    def __init__(self, *args, **kwargs):  # noqa: N807 — the method itself
        if every_positional and len(args) == len(every_positional) and not kwargs:
            self.__dict__.update(zip(every_positional, args, strict=True))  # all given, in order
            if post_init is not None:
                post_init(self)
            return
        state = template.copy()
        if args:
            if len(args) > len(positional):
                raise TypeError(
                    f"{name}.__init__() takes {len(positional) + 1} positional arguments "
                    f"but {len(args) + 1} were given"
                )
            state.update(zip(positional, args, strict=False))
            if kwargs and not kwargs.keys().isdisjoint(positional[: len(args)]):
                raise TypeError(f"{name}.__init__() got multiple values for an argument")
        if kwargs:
            if not kwargs.keys() <= allowed:
                unknown = sorted(kwargs.keys() - allowed)[0]
                raise TypeError(f"{name}.__init__() got an unexpected keyword argument {unknown!r}")
            state.update(kwargs)
        if factories:
            for key, factory in factories:
                if state[key] is _UNSET:
                    state[key] = factory()
        if _UNSET in state.values():
            missing = [k for k in required if state[k] is _UNSET]
            raise TypeError(f"{name}.__init__() missing required argument(s): {missing}")
        self.__dict__.update(state)
        if post_init is not None:
            post_init(self)

    __init__.__qualname__ = f"{name}.__init__"
    __init__.stores_fields_only = post_init is None  # type: ignore[attr-defined]  # dataspec
    return __init__


def _repr(shown: list[str]):
    def __repr__(self) -> str:  # noqa: N807
        inner = ", ".join(f"{n}={getattr(self, n)!r}" for n in shown)
        return f"{type(self).__qualname__}({inner})"

    return __repr__


def _eq(values):
    def __eq__(self, other):  # noqa: N807
        if other.__class__ is self.__class__:
            return values(self) == values(other)
        return NotImplemented

    return __eq__


def _hash(values):
    def __hash__(self) -> int:  # noqa: N807
        return hash(values(self))

    return __hash__


def _frozen(cls, names: frozenset):
    def __setattr__(self, name, value):  # noqa: N807
        if type(self) is cls or name in names:
            raise dataclasses.FrozenInstanceError(f"cannot assign to field {name!r}")
        super(cls, self).__setattr__(name, value)

    def __delattr__(self, name):  # noqa: N807
        if type(self) is cls or name in names:
            raise dataclasses.FrozenInstanceError(f"cannot delete field {name!r}")
        super(cls, self).__delattr__(name)

    return __setattr__, __delattr__
