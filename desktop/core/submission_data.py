"""`SubmissionFile`'s fields as a frozen dataclass read without pydantic (`dataspec.py`):
what `submission_from_json()` reads a well-formed JSON submission into.

No `from __future__ import annotations` here: real annotations let the strict reader
resolve the field types without compiling each one.
"""

import datetime as dt
from dataclasses import field
from decimal import Decimal
from typing import Annotated, Literal

from desktop.core import dataspec
from desktop.core.dataspec import MaxLen, Pattern, Range
from desktop.core.marks import MarkKind
from desktop.core.record import record


@record(kw_only=True)
class MarkData(dataspec.Model):
    """`MarkFile`'s fields, read without pydantic (`SubmissionData`)."""

    mark: MarkKind
    reason: Annotated[str, MaxLen(2000)] = ""


@record(kw_only=True)
class SubmissionData(dataspec.Model):
    """`SubmissionFile`'s fields, read strictly without pydantic.  A file this does not
    accept as it stands goes to `SubmissionFile` (submission_schema.py), whose messages
    and conversions decide; a test holds the two to the same result wherever this one
    accepts."""

    format: Literal["baocao-submission/1"]
    form: str
    form_version: Annotated[int, Range(ge=1, le=10_000)]
    unit: Annotated[str, Pattern(r"^\d{2,5}$")]
    period: str
    author: str | None = None
    values: dict[str, dict[str, str | int | Decimal | None]] = field(default_factory=dict)
    comments: dict[str, dict[str, str]] = field(default_factory=dict)
    narratives: dict[str, str] = field(default_factory=dict)
    data_cutoff: dt.date | None = None
    marks: dict[str, MarkData] = field(default_factory=dict)
