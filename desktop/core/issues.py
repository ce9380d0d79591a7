"""The `Issue` value: one problem found in user data (or in a form definition), and where.

Frozen dataclasses (`dataspec.py`): our own code makes every issue, so nothing needs
pydantic here, and a command that reports issues does not load it.  `desktop.core.errors`
also offers `Issue`, `Location` and `has_errors`.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from desktop.core.dataspec import Model
from desktop.core.errors import Severity


@dataclass(frozen=True, kw_only=True)
class Location(Model):
    """Where an issue is: a form/indicator/measure, and/or a file/sheet/cell."""

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


@dataclass(frozen=True, kw_only=True)
class Issue(Model):
    """One problem found in user data (or in a form definition)."""

    severity: Severity
    code: str
    message: str
    location: Location = field(default_factory=Location)

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
