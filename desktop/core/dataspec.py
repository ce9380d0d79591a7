"""Frozen dataclasses as our data models, without pydantic on the short paths.

A model is a `@dataclass(frozen=True)` whose field types carry their constraints as
`Annotated` markers (`Pattern`, `NonEmpty`, `Range`).  Two readers use the same definition:

- pydantic (imported only when needed: `validator(cls)`) checks what a person wrote, with
  its lax conversions and the Vietnamese messages of `pydantic_vi`, and writes JSON Schema;
  each marker tells pydantic its constraint through `__get_pydantic_core_schema__`.
- `build(cls, data)` re-reads data that pydantic already accepted and `dump()` wrote
  (a cache entry, a stored row): strict, no conversion beyond what JSON cannot carry
  (a Decimal as text, an enum as its value), every constraint checked again.  Whatever it
  does not accept raises `Rejected`; its caller then goes the pydantic way.  It lives in
  dataspec_build.py and is re-exported here, as `Rejected` is.

`dump(obj)` is what pydantic's `dump_python(mode="json")` gives (a test holds them equal),
so content hashes computed from it are unchanged.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from decimal import Decimal
from enum import Enum
from functools import cache

from desktop.core.dataspec_build import Rejected as Rejected
from desktop.core.dataspec_build import build as build


class Pattern:
    """A text matching a regular expression (pydantic: `pattern=`)."""

    def __init__(self, pattern: str) -> None:
        self.pattern = pattern
        # Python's "$" also matches before a final newline; pydantic's (Rust) regex does not
        self.regex = re.compile(pattern[:-1] + r"\Z" if pattern.endswith("$") else pattern)

    def check(self, value: object) -> bool:
        return isinstance(value, str) and self.regex.search(value) is not None

    def __get_pydantic_core_schema__(self, source, handler):
        schema = handler(source)
        schema["pattern"] = self.pattern
        return schema


class NonEmpty:
    """A text with surrounding spaces removed and at least one character left."""

    def check(self, value: object) -> bool:
        return isinstance(value, str) and value == value.strip() and len(value) >= 1

    def __get_pydantic_core_schema__(self, source, handler):
        schema = handler(source)
        schema.update(strip_whitespace=True, min_length=1)
        return schema


class Range:
    """A number within bounds (pydantic: `ge=`, `le=`)."""

    def __init__(self, ge: int | None = None, le: int | None = None) -> None:
        self.ge, self.le = ge, le

    def check(self, value: object) -> bool:
        return (self.ge is None or value >= self.ge) and (self.le is None or value <= self.le)  # type: ignore[operator]

    def __get_pydantic_core_schema__(self, source, handler):
        schema = handler(source)
        if self.ge is not None:
            schema["ge"] = self.ge
        if self.le is not None:
            schema["le"] = self.le
        return schema


class MaxLen:
    """A text of at most so many characters (pydantic: `max_length=`)."""

    def __init__(self, max_length: int) -> None:
        self.max_length = max_length

    def check(self, value: object) -> bool:
        return len(value) <= self.max_length  # type: ignore[arg-type]

    def __get_pydantic_core_schema__(self, source, handler):
        schema = handler(source)
        schema["max_length"] = self.max_length
        return schema


# ---------------------------------------------------------------- pydantic, when asked


@cache
def validator(cls):
    """pydantic's TypeAdapter for a model (imports pydantic; built once per model)."""
    from pydantic import TypeAdapter

    return TypeAdapter(cls)


# ---------------------------------------------------------------- writing


def dump(obj: object, *, defaults: bool = True) -> object:
    """Plain JSON data of a model, as pydantic's `dump_python(mode="json")` writes it;
    `defaults=False` leaves out fields at their default (shorter, and `build` restores them)."""
    if dataclasses.is_dataclass(obj) and not isinstance(obj, type):
        out = {}
        for f in dataclasses.fields(obj):
            value = getattr(obj, f.name)
            if defaults or not _is_default(f, value):
                out[f.name] = dump(value, defaults=defaults)
        return out
    if isinstance(obj, Enum):
        return obj.value
    if isinstance(obj, (list, tuple)):
        return [dump(v, defaults=defaults) for v in obj]
    if isinstance(obj, dict):
        return {dump(k): dump(v, defaults=defaults) for k, v in obj.items()}
    if isinstance(obj, Decimal):
        return str(obj)
    if isinstance(obj, dt.date):
        return obj.isoformat()
    return obj


class Model:
    """The few pydantic-style methods other modules call on a model, over the functions above."""

    __pydantic_config__ = {"extra": "forbid"}

    def model_dump(self, mode: str = "json") -> dict:
        return dump(self)  # type: ignore[return-value]

    def model_copy(self, *, update: dict | None = None):
        return dataclasses.replace(self, **(update or {}))  # type: ignore[type-var]

    @classmethod
    def model_validate(cls, data: object):
        """Check what a person wrote (pydantic; raises its ValidationError)."""
        return validator(cls).validate_python(data)


def _is_default(f: dataclasses.Field, value: object) -> bool:
    # by text, not by value: Decimal("100.0") equals the default 100 but dumps otherwise
    if f.default is not dataclasses.MISSING:
        return type(value) is type(f.default) and repr(value) == repr(f.default)
    if f.default_factory is not dataclasses.MISSING:
        default = f.default_factory()
        return type(value) is type(default) and repr(value) == repr(default)
    return False
