"""One exception hierarchy and the `Issue` value.

Problems in user data are *values* (`Issue`), returned all at once by validation and
never raised.  Real failures (a file that cannot be read, a form that does not exist, a
package that fails its signature) raise a `BaoCaoError`, each with a Vietnamese message
for people and a stable `code` for tests and scripts.
"""

from __future__ import annotations

from enum import StrEnum
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from desktop.core.issues import Issue, Location, has_errors  # noqa: F401

_LAZY = ("Issue", "Location", "has_errors")


def __getattr__(name: str):
    # Issue and Location are pydantic models: loaded when first asked for (PEP 562)
    if name in _LAZY:
        from desktop.core import issues

        return getattr(issues, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"
    INFO = "info"

    @property
    def label(self) -> str:
        return {"error": "Lỗi", "warning": "Cảnh báo", "info": "Lưu ý"}[self.value]


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

    def of_file(self, name: str) -> BaoCaoError:
        """The same refusal said of the file whose content caused it («Tệp «x.json»: không có
        biểu mẫu …»), for a reader that passes a field of the file to a look-up."""
        said = f"Tệp «{name}»: {self.message[:1].lower()}{self.message[1:]}"
        return type(self)(said, code=self.code, issues=self.issues)


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
