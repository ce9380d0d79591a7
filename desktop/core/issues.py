"""The `Issue` value: one problem found in user data (or in a form definition), and where.

Kept apart from `errors.py` so that importing the exception classes (every CLI command
does, even `--help`) does not import pydantic; `desktop.core.errors` still offers
`Issue`, `Location` and `has_errors`, loading this module the first time they are asked for.
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict

from desktop.core.errors import Severity


class Location(BaseModel):
    """Where an issue is: a form/indicator/measure, and/or a file/sheet/cell."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    form: str | None = None
    indicator: str | None = None
    measure: str | None = None
    narrative: str | None = None
    file: str | None = None
    sheet: str | None = None
    cell: str | None = None
    field: str | None = None

    def describe(self) -> str:
        parts: list[str] = []
        if self.file:
            parts.append(f"tệp {self.file}")
        if self.sheet:
            parts.append(f"trang tính «{self.sheet}»")
        if self.cell:
            parts.append(f"ô {self.cell}")
        if self.form:
            parts.append(f"biểu {self.form}")
        if self.indicator:
            parts.append(f"chỉ tiêu {self.indicator}")
        if self.measure:
            parts.append(f"cột {self.measure}")
        if self.narrative:
            parts.append(f"phần thuyết minh {self.narrative}")
        if self.field:
            parts.append(f"trường {self.field}")
        return ", ".join(parts)


class Issue(BaseModel):
    """One problem found in user data (or in a form definition)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    severity: Severity
    code: str
    message: str
    location: Location = Location()

    @property
    def is_error(self) -> bool:
        return self.severity is Severity.ERROR

    def render(self) -> str:
        where = self.location.describe()
        return f"[{self.severity.label}] {self.code}: {self.message}" + (
            f" ({where})" if where else ""
        )


def has_errors(issues: list[Issue]) -> bool:
    return any(i.severity is Severity.ERROR for i in issues)
