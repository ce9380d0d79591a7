"""The write side of `SubmissionRepository`: saving submissions under the revision rules
(storage/repository.py says them), the figure-level setters the entry grid calls on each
commit, status changes and reopening.  Pipeline: validate → **store** → export.

The modules that write (revisions, edits, contents' encoders, the running totals) are
imported by the methods that use them, so a command that only reads (`status`,
`entry show`) does not load them (issue 14 point 5; tests/test_cli_startup.py watches it).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from decimal import Decimal
from typing import TYPE_CHECKING

from desktop.core.errors import StorageError
from desktop.core.storage.errors import translate_errors

if TYPE_CHECKING:
    from desktop.core.storage.codec import Encoded
    from desktop.core.storage.records import StoredSubmission, SubmissionMeta
    from desktop.core.storage.revisions import PendingRows
    from desktop.core.storage.totals import TotalsTracker
    from desktop.core.submission import Key, Submission

FLUSH_ROWS = 50_000


class WritingMixin:
    """Gives `SubmissionRepository` its saving and editing methods."""

    def _tracker(self) -> TotalsTracker:
        from desktop.core.storage.totals import TotalsTracker

        return TotalsTracker(self.totals_rules, self._sums)

    def _pending(self) -> PendingRows:
        from desktop.core.storage.revisions import PendingRows

        return PendingRows(totals=self._tracker())

    @translate_errors
    def save(
        self,
        sub: Submission,
        *,
        form_hash: str,
        unit_valid_from: str,
        actor: str | None,
        status: str = "draft",
    ) -> StoredSubmission:
        """Save a local submission under the revision rules (repository.py's docstring); one
        transaction.  `status` is 'draft' or 'final' (sets finalised_at)."""
        from desktop.core.storage import contents

        _check_save_status(status)
        encoded = contents.encode_values(sub.values)  # refuse unstorable values up front
        pending = self._pending()
        with self.transaction():
            sid = self._save_one(sub, encoded, form_hash, unit_valid_from, actor, status, pending)
            pending.finish(self.conn)
        stored = self.get_by_id(sid)
        assert stored is not None
        return stored

    @translate_errors
    def save_many(
        self,
        subs: Iterable[Submission],
        *,
        form_hash: str | Mapping[str, str],
        unit_valid_from: str | Mapping[str, str] = "",
        actor: str | None = None,
        status: str = "draft",
        progress: Callable[[int, int | None], None] | None = None,
    ) -> list[int]:
        """Save many submissions in one transaction, same rules as `save`; returns their ids.

        `form_hash` is one hash or {form_id: hash}; `unit_valid_from` is one value or
        {unit_code: valid_from}.  New revisions are written with executemany in batches.
        """
        from desktop.core.storage import contents

        _check_save_status(status)
        total = len(subs) if isinstance(subs, Sequence) else None
        pending, ids = self._pending(), []
        with self.transaction():
            for n, sub in enumerate(subs, start=1):
                fh = form_hash if isinstance(form_hash, str) else form_hash[sub.form_id]
                vf = (
                    unit_valid_from
                    if isinstance(unit_valid_from, str)
                    else unit_valid_from[sub.unit]
                )
                encoded = contents.encode_values(sub.values)
                ids.append(self._save_one(sub, encoded, fh, vf, actor, status, pending))
                if len(pending.vals) >= FLUSH_ROWS:
                    pending.flush(self.conn)
                if progress and n % 500 == 0:
                    progress(n, total)
            pending.finish(self.conn)
        if progress:
            progress(len(ids), total)
        return ids

    def _save_one(
        self,
        sub: Submission,
        encoded: dict[Key, Encoded],
        form_hash: str,
        unit_valid_from: str,
        actor: str | None,
        status: str,
        pending: PendingRows,
    ) -> int:
        from desktop.core.storage import revisions

        return revisions.save_one(
            self.conn,
            sub,
            encoded,
            form_hash=form_hash,
            unit_valid_from=unit_valid_from,
            actor=actor,
            status=status,
            now=self.now(),
            pending=pending,
            names=self.names,
        )

    # ------------------------------------------------------------------ cell edits

    @translate_errors
    def set_value(
        self,
        submission_id: int,
        indicator: str,
        measure: str,
        value: Decimal | str | None,
        *,
        actor: str | None,
    ) -> bool:
        """Set (or clear, with None or '') one figure of a draft; False when unchanged."""
        from desktop.core.storage import edits
        from desktop.core.storage.codec import encode

        new = None if value is None or value == "" else encode(value)
        with self.transaction():
            key = (submission_id, indicator, measure)
            return edits.set_cell(self.conn, "value", key, new, actor=actor, now=self.now())

    @translate_errors
    def set_comment(
        self,
        submission_id: int,
        indicator: str,
        measure: str,
        text: str | None,
        *,
        actor: str | None,
    ) -> bool:
        """Set (or remove, with None or '') the explanation (giải trình) of one cell."""
        from desktop.core.storage import edits

        with self.transaction():
            key, new = (submission_id, indicator, measure), ((text,) if text else None)
            return edits.set_cell(self.conn, "comment", key, new, actor=actor, now=self.now())

    @translate_errors
    def set_narrative(
        self, submission_id: int, code: str, text: str | None, *, actor: str | None
    ) -> bool:
        """Set (or remove, with None or '') one narrative section (phần thuyết minh)."""
        from desktop.core.storage import edits

        with self.transaction():
            key, new = (submission_id, code), ((text,) if text else None)
            return edits.set_cell(self.conn, "narrative", key, new, actor=actor, now=self.now())

    @translate_errors
    def set_status(self, submission_id: int, status: str, *, actor: str | None) -> SubmissionMeta:
        """draft → final (finalised_at), final → draft, final → sent (sent_at).  Setting the
        status a submission already has changes nothing (an export may be repeated)."""
        from desktop.core.storage import edits

        tracker = self._tracker()
        with self.transaction():
            edits.set_status(
                self.conn, submission_id, status, actor=actor, now=self.now(), totals=tracker
            )
            tracker.flush(self.conn)
            meta = self.get_meta(submission_id)
        assert meta is not None
        return meta

    @translate_errors
    def reopen(self, submission_id: int, *, actor: str | None) -> StoredSubmission:
        """A new draft revision copying a final or sent one, for correcting it."""
        from desktop.core.storage import edits

        stored = self.get_by_id(submission_id)
        if stored is None:
            raise edits.not_found(submission_id)
        if not stored.is_current or stored.status not in ("final", "sent"):
            raise StorageError(
                "Chỉ mở lại được lần báo cáo mới nhất đã hoàn thành hoặc đã gửi.",
                code="khong_mo_lai_duoc",
            )
        return self.save(
            stored.submission,
            form_hash=stored.form_hash,
            unit_valid_from=stored.unit_valid_from,
            actor=actor,
        )


def _check_save_status(status: str) -> None:
    if status not in ("draft", "final"):
        raise ValueError(f"save() stores 'draft' or 'final', not {status!r}")
