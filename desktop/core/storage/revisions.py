"""The revision rules, applied on a connection inside the caller's transaction: saving a
local submission (`save_one`) and storing one form received in a package (`receive_one`).
`SubmissionRepository` wraps them in transactions; nothing here commits.

One key = unit × unit_valid_from × form × period.  `is_current` always marks the highest
revision of a key, so moving it is: clear the old one, then insert the new one (a partial
unique index refuses two current revisions).
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from desktop.core.errors import StorageError
from desktop.core.storage import contents
from desktop.core.storage.codec import Encoded, figures
from desktop.core.storage.records import COUNTED, ReceiveKind, ReceiveOutcome
from desktop.core.storage.totals import TotalsTracker
from desktop.core.submission import Key, Submission

if TYPE_CHECKING:
    from desktop.core.storage.naming import StoredNames

INSERT_SUBMISSION = (
    "INSERT INTO submissions (unit_code, unit_valid_from, form_id, form_version, form_hash, "
    "period, revision, status, origin, package_uuid, author, created_at, updated_at, "
    "finalised_at, sent_at, received_at, content_hash, is_current) "
    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
)
# a received form, with what is always so of it written as literals: sqlite3 passes every
# None parameter through its adapter registry (storage/contents.py NUMBERS_INTO)
INSERT_RECEIVED = (
    "INSERT INTO submissions (unit_code, unit_valid_from, form_id, form_version, form_hash, "
    "period, revision, status, origin, package_uuid, author, created_at, updated_at, "
    "received_at, content_hash, is_current) "
    "VALUES (?, ?, ?, ?, ?, ?, ?, 'received', 'imported', ?, ?, ?, ?, ?, ?, ?)"
)
# a received form's audit row (at, actor, submission id, package uuid): written with its
# batch's others at the batch's end (storage/receiving.py)
IMPORT_AUDIT_INTO = "INSERT INTO audit (at, actor, submission_id, new, action)"
LATEST = (
    "SELECT id, revision, status FROM submissions WHERE unit_code = ? AND unit_valid_from = ? "
    "AND form_id = ? AND period = ? ORDER BY revision DESC LIMIT 1"
)
KEY_REVISIONS = (
    "SELECT id, revision, status, content_hash FROM submissions WHERE unit_code = ? "
    "AND unit_valid_from = ? AND form_id = ? AND period = ? ORDER BY revision DESC"
)
NOT_CURRENT = "UPDATE submissions SET is_current = 0 WHERE id = ?"


@dataclass
class PendingRows:
    """Rows of newly created submissions, written in large batches (the figures by
    storage/bulk.py, the rest by executemany), and the change to the running totals
    (written by `finish`, once per call)."""

    vals: list[tuple] = field(default_factory=list)
    comments: list[tuple] = field(default_factory=list)
    narratives: list[tuple] = field(default_factory=list)
    audit: list[tuple] = field(default_factory=list)
    totals: TotalsTracker = field(default_factory=lambda: TotalsTracker(None))

    def flush(self, conn: sqlite3.Connection) -> None:
        contents.insert_vals(conn, self.vals)
        conn.executemany(contents.UPSERT_COMMENT, self.comments)
        conn.executemany(contents.UPSERT_NARRATIVE, self.narratives)
        conn.executemany(contents.INSERT_AUDIT, self.audit)
        self.vals, self.comments, self.narratives, self.audit = [], [], [], []

    def finish(self, conn: sqlite3.Connection) -> None:
        self.flush(conn)
        self.totals.flush(conn)


def save_one(
    conn: sqlite3.Connection,
    sub: Submission,
    encoded: dict[Key, Encoded],
    *,
    form_hash: str,
    unit_valid_from: str,
    actor: str | None,
    status: str,
    now: str,
    pending: PendingRows,
    names: StoredNames,
) -> int:
    """Apply the revision rules to one local save; returns the submission id.

    Rows of a new revision are queued in `pending` (the caller flushes)."""
    key = (sub.unit, unit_valid_from, sub.form_id, sub.period)
    latest = conn.execute(LATEST, key).fetchone()
    if latest is not None and latest[2] == "draft":
        pending.flush(conn)  # the diff below must see every row written so far
        _update_draft(conn, latest[0], sub, encoded, form_hash, actor, status, now)
        if status == "final":  # a draft never counted; now it does
            rows = [(latest[0], i, m, *enc) for (i, m), enc in encoded.items()]
            pending.totals.enter(conn, latest[0], sub.period, sub.form_id, figures(rows))
        return latest[0]
    if latest is not None and latest[2] == "received":
        raise StorageError(
            f"Không sửa được {names.of(sub.form_id, sub.unit, unit_valid_from, sub.period)} "
            "tại đây: đó là số liệu đơn vị đã gửi lên. Đơn vị cần sửa và gửi lại lần sửa đổi mới.",
            code="ban_nhan_tu_don_vi",
        )
    revision = 1
    if latest is not None:  # final or sent: a new revision supersedes it
        revision = latest[1] + 1
        pending.flush(conn)  # its figures may still be queued
        pending.totals.leave(conn, latest[0], sub.period, sub.form_id)
        conn.execute(NOT_CURRENT, (latest[0],))
    finalised = now if status == "final" else None
    row = (*key[:3], sub.form_version, form_hash, sub.period, revision, status, "local", None)
    row += (sub.author, now, now, finalised, None, None, None, 1)
    sid = conn.execute(INSERT_SUBMISSION, row).lastrowid
    assert sid is not None
    rows = [(sid, i, m, *enc) for (i, m), enc in encoded.items()]
    pending.vals += rows
    pending.comments += [(sid, i, m, t) for (i, m), t in sub.comments.items()]
    pending.narratives += [(sid, c, t) for c, t in sub.narratives.items()]
    if sub.marks or sub.data_cutoff:
        contents.write_marks(conn, sid, sub.marks, sub.data_cutoff)
    if status == "final":
        pending.totals.enter(conn, sid, sub.period, sub.form_id, figures(rows))
    previous = str(latest[1]) if latest is not None else None
    pending.audit.append((now, actor, sid, "create", None, None, previous, str(revision)))
    if status == "final":
        pending.audit.append((now, actor, sid, "status", None, None, "draft", "final"))
    return sid


def _update_draft(
    conn: sqlite3.Connection,
    sid: int,
    sub: Submission,
    encoded: dict[Key, Encoded],
    form_hash: str,
    actor: str | None,
    status: str,
    now: str,
) -> None:
    changes = contents.update_contents(
        conn, sid, encoded, sub.comments, sub.narratives, at=now, actor=actor
    )
    contents.write_marks(conn, sid, sub.marks, sub.data_cutoff)
    if status == "final":
        contents.write_audit(conn, [(now, actor, sid, "status", None, None, "draft", "final")])
    # updated_at moves only when something did change
    conn.execute(
        "UPDATE submissions SET form_version = :version, form_hash = :hash, author = :author, "
        "status = :status, updated_at = :now, "
        "finalised_at = CASE WHEN :status = 'final' THEN :now ELSE finalised_at END "
        "WHERE id = :id AND (:changed OR form_version IS NOT :version OR form_hash IS NOT :hash "
        "OR author IS NOT :author OR status IS NOT :status)",
        {
            "version": sub.form_version,
            "hash": form_hash,
            "author": sub.author,
            "status": status,
            "now": now,
            "id": sid,
            "changed": bool(changes),
        },
    )


def receive_one(
    conn: sqlite3.Connection,
    sub: Submission,
    *,
    revision: int,
    package_uuid: str,
    form_hash: str,
    unit_valid_from: str,
    content_hash: str,
    created_at: str,
    actor: str | None,
    now: str,
    totals: TotalsTracker,
    audit: list,
) -> ReceiveOutcome:
    """Store one received form.  The end state depends only on the set of forms received,
    not on their order: the highest revision is current whatever arrived last.  One
    query reads every stored revision of the key (usually none, or one).  Its audit row
    is added to `audit` (IMPORT_AUDIT_INTO's values) for the caller to write."""
    key = (sub.unit, unit_valid_from, sub.form_id, sub.period)
    stored = conn.execute(KEY_REVISIONS, key).fetchall()
    for sid, rev, _, stored_hash in stored:
        if rev == revision:
            return ReceiveOutcome(
                "duplicate" if stored_hash == content_hash else "conflict", sid, revision
            )
    latest, supersedes = (stored[0] if stored else None), None
    kind: ReceiveKind
    if latest is None:
        kind = "new"
    elif revision > latest[1]:
        kind, supersedes = "new_revision", latest[1]
        if latest[2] in COUNTED:
            totals.leave(conn, latest[0], sub.period, sub.form_id)
        conn.execute(NOT_CURRENT, (latest[0],))
    else:
        kind = "older_revision"
    current = 0 if kind == "older_revision" else 1
    row = (*key[:3], sub.form_version, form_hash, sub.period, revision, package_uuid)
    row += (sub.author, created_at, now, now, content_hash, current)
    sid = conn.execute(INSERT_RECEIVED, row).lastrowid
    assert sid is not None
    written = contents.insert_contents(conn, sid, sub)
    if current:
        totals.enter(conn, sid, sub.period, sub.form_id, written)
    audit += (now, actor, sid, package_uuid, "import")
    return ReceiveOutcome(kind, sid, revision, supersedes)
