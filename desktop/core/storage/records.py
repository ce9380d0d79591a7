"""What the repository hands back: stored submissions, their metadata, audit entries and
the outcome of storing a received package entry.  Plain frozen dataclasses (`@record`:
defined without compiling code, as a short command imports them); timestamps are ISO-8601
UTC text (None when not applicable).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Literal

from desktop.core.record import record

if TYPE_CHECKING:
    from desktop.core.submission import Submission

Status = Literal["draft", "final", "sent", "received"]
Origin = Literal["local", "imported"]
UnitKey = tuple[str, str]  # (unit code, unit valid_from; '' when open-ended)

STATUSES: tuple[str, ...] = ("draft", "final", "sent", "received")
COUNTED: tuple[str, ...] = ("final", "sent", "received")

META_COLUMNS = (
    "id",
    "unit_code",
    "unit_valid_from",
    "form_id",
    "form_version",
    "form_hash",
    "period",
    "revision",
    "status",
    "origin",
    "package_uuid",
    "author",
    "created_at",
    "updated_at",
    "finalised_at",
    "sent_at",
    "received_at",
    "content_hash",
    "is_current",
)
META_SELECT = ", ".join(META_COLUMNS)


@record
class SubmissionMeta:
    """One stored revision without its figures (the "who has reported" matrix, lists)."""

    id: int
    unit_code: str
    unit_valid_from: str
    form_id: str
    form_version: int
    form_hash: str
    period: str
    revision: int
    status: str
    origin: str
    package_uuid: str | None
    author: str | None
    created_at: str
    updated_at: str
    finalised_at: str | None
    sent_at: str | None
    received_at: str | None
    content_hash: str | None
    is_current: bool

    @property
    def unit_key(self) -> UnitKey:
        return (self.unit_code, self.unit_valid_from)

    @classmethod
    def from_row(cls, row: tuple) -> SubmissionMeta:
        return cls(*row[:-1], bool(row[-1]))


@record
class StoredSubmission(SubmissionMeta):
    """A stored revision with its figures, comments and narratives."""

    submission: Submission


@record
class AuditEntry:
    """One line of the audit trail.  For `narrative` rows `indicator` holds the narrative
    section code; for `status` rows `old`/`new` are statuses; for `create` and `import`
    rows `new` says which revision / package."""

    id: int
    at: str
    actor: str | None
    submission_id: int
    action: str
    indicator: str | None
    measure: str | None
    old: str | None
    new: str | None


ReceiveKind = Literal["new", "new_revision", "duplicate", "older_revision", "conflict"]


@record
class ReceiveOutcome:
    """What `store_received` did.  `submission_id` is the stored row (the existing one for
    a duplicate or a conflict); `supersedes` is the revision that stopped being current."""

    outcome: ReceiveKind
    submission_id: int | None
    revision: int
    supersedes: int | None = None
