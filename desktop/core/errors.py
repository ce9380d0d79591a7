"""One exception hierarchy and the `Issue` value.

Problems in user data are *values* (`Issue`), returned all at once by validation and
never raised.  Real failures (a file that cannot be read, a form that does not exist, a
package that fails its signature) raise a `BaoCaoError`, each with a Vietnamese message
for people and a stable `code` for tests and scripts.
"""

from __future__ import annotations

from enum import StrEnum

from pydantic import BaseModel, ConfigDict


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"
    INFO = "info"

    @property
    def label(self) -> str:
        return {"error": "Lỗi", "warning": "Cảnh báo", "info": "Lưu ý"}[self.value]


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


class BaoCaoError(Exception):
    """Base of every failure we raise on purpose.  `message` is Vietnamese, for people."""

    code = "loi_chung"
    exit_code = 1

    def __init__(self, message: str, *, code: str | None = None, issues: list[Issue] | None = None):
        super().__init__(message)
        self.message = message
        if code:
            self.code = code
        self.issues = list(issues or [])


class InputFileError(BaoCaoError):
    """A file given by the user cannot be read or is not in the expected format."""

    code = "tep_khong_doc_duoc"
    exit_code = 2


class FormDefinitionError(BaoCaoError):
    """The form pack (forms/) has problems; `issues` lists them all."""

    code = "bieu_mau_loi"


class NotFoundError(BaoCaoError):
    code = "khong_tim_thay"


class ValidationFailed(BaoCaoError):
    """Data was refused because validation found errors (or unexplained warnings)."""

    code = "du_lieu_khong_hop_le"


class StorageError(BaoCaoError):
    code = "loi_co_so_du_lieu"


class PackageRejected(BaoCaoError):
    code = "goi_bi_tu_choi"
