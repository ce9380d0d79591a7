"""`SubmissionRepository`: storing submissions, their revisions and audit trail; reading
them back; the queries consolidation needs.  Pipeline: validate → **store** → export /
consolidate.

Revision rules (one key = unit × unit_valid_from × form × period):
- nothing stored yet → revision 1;
- the latest revision is a draft → it is updated in place, writing only the cells that
  changed, one audit row per change;
- the latest is final or sent → a new revision latest+1 holding exactly what is saved
  becomes current (the sent one stays, as history);
- the latest was received from a unit (province side) → refused: only the unit can
  correct its figures, by sending a new revision (storing what units send is
  storage/receiving.py, whose methods this class has).
The figure-level setters (`set_value`, …) are what the entry grid calls on each commit;
each is one small transaction and only works on a draft.

Each public method is atomic on its own and may also run inside `transaction()`, which
nests (SAVEPOINT), so a service can make several calls all-or-nothing.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from collections.abc import Callable, Iterable, Mapping, Sequence
from contextlib import AbstractContextManager
from decimal import Decimal

from desktop.core.errors import StorageError
from desktop.core.storage import contents, edits, queries, revisions, totals
from desktop.core.storage.codec import Encoded, encode
from desktop.core.storage.connection import Database
from desktop.core.storage.database import read_snapshot, transaction
from desktop.core.storage.errors import translate_errors
from desktop.core.storage.receiving import ReceivingMixin
from desktop.core.storage.records import (
    COUNTED,
    META_SELECT,
    AuditEntry,
    StoredSubmission,
    SubmissionMeta,
    UnitKey,
)
from desktop.core.storage.revisions import PendingRows
from desktop.core.storage.totals import Acc, AccKey, TotalsRules, TotalsTracker
from desktop.core.submission import Key, Submission

FLUSH_ROWS = 50_000


class SubmissionRepository(ReceivingMixin):
    def __init__(
        self,
        db: Database,
        *,
        clock: Callable[[], dt.datetime] | None = None,
        totals_rules: TotalsRules | None = None,
    ) -> None:
        self.db = db
        self._clock = clock or (lambda: dt.datetime.now(dt.UTC))
        # how figures become running totals (storage/totals.py); without it, any change
        # to what counts drops the stored sums, to be rebuilt when next read
        self.totals_rules = totals_rules
        self._sums = totals.SumsCache()

    def _tracker(self) -> TotalsTracker:
        return TotalsTracker(self.totals_rules, self._sums)

    def _pending(self) -> PendingRows:
        return PendingRows(totals=self._tracker())

    @property
    def conn(self) -> sqlite3.Connection:
        return self.db.conn

    def now(self) -> str:
        return self._clock().astimezone(dt.UTC).isoformat(timespec="milliseconds")

    def transaction(self) -> AbstractContextManager[Database]:
        """One transaction (or a savepoint inside the caller's): all or nothing."""
        return transaction(self.db)

    # ------------------------------------------------------------------ saving

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
        """Save a local submission under the revision rules (module docstring); one
        transaction.  `status` is 'draft' or 'final' (sets finalised_at)."""
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
        with self.transaction():
            key, new = (submission_id, indicator, measure), ((text,) if text else None)
            return edits.set_cell(self.conn, "comment", key, new, actor=actor, now=self.now())

    @translate_errors
    def set_narrative(
        self, submission_id: int, code: str, text: str | None, *, actor: str | None
    ) -> bool:
        """Set (or remove, with None or '') one narrative section (phần thuyết minh)."""
        with self.transaction():
            key, new = (submission_id, code), ((text,) if text else None)
            return edits.set_cell(self.conn, "narrative", key, new, actor=actor, now=self.now())

    @translate_errors
    def set_status(self, submission_id: int, status: str, *, actor: str | None) -> SubmissionMeta:
        """draft → final (finalised_at), final → draft, final → sent (sent_at).  Setting the
        status a submission already has changes nothing (an export may be repeated)."""
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

    # ------------------------------------------------------------------ reading

    @translate_errors
    def get(
        self,
        unit_code: str,
        unit_valid_from: str,
        form_id: str,
        period: str,
        revision: int | None = None,
    ) -> StoredSubmission | None:
        """One revision; the current one when `revision` is None."""
        sql = (
            f"SELECT {META_SELECT} FROM submissions WHERE unit_code = ? AND unit_valid_from = ? "
            "AND form_id = ? AND period = ? AND "
        )
        key = [unit_code, unit_valid_from, form_id, period]
        with read_snapshot(self.db):
            if revision is None:
                row = self.conn.execute(sql + "is_current = 1", key).fetchone()
            else:
                row = self.conn.execute(sql + "revision = ?", [*key, revision]).fetchone()
            return self._with_contents(row)

    @translate_errors
    def get_by_id(self, submission_id: int) -> StoredSubmission | None:
        with read_snapshot(self.db):
            row = self.conn.execute(
                f"SELECT {META_SELECT} FROM submissions WHERE id = ?", (submission_id,)
            ).fetchone()
            return self._with_contents(row)

    @translate_errors
    def get_meta(self, submission_id: int) -> SubmissionMeta | None:
        row = self.conn.execute(
            f"SELECT {META_SELECT} FROM submissions WHERE id = ?", (submission_id,)
        ).fetchone()
        return SubmissionMeta.from_row(row) if row else None

    @translate_errors
    def history(
        self, unit_code: str, unit_valid_from: str, form_id: str, period: str
    ) -> list[StoredSubmission]:
        """Every stored revision, newest first."""
        with read_snapshot(self.db):
            rows = self.conn.execute(
                f"SELECT {META_SELECT} FROM submissions WHERE unit_code = ? "
                "AND unit_valid_from = ? AND form_id = ? AND period = ? ORDER BY revision DESC",
                (unit_code, unit_valid_from, form_id, period),
            ).fetchall()
            return [s for r in rows if (s := self._with_contents(r)) is not None]

    @translate_errors
    def audit(self, submission_id: int) -> list[AuditEntry]:
        rows = self.conn.execute(
            "SELECT id, at, actor, submission_id, action, indicator, measure, old, new "
            "FROM audit WHERE submission_id = ? ORDER BY id",
            (submission_id,),
        )
        return [AuditEntry(*r) for r in rows]

    @translate_errors
    def list_for_period(
        self, period: str, form_ids: Sequence[str] | None = None
    ) -> list[SubmissionMeta]:
        """Current revisions of a period (any status): the "who has reported" matrix."""
        return queries.list_for_period(self.conn, period, form_ids)

    def _with_contents(self, row: tuple | None) -> StoredSubmission | None:
        if row is None:
            return None
        meta = SubmissionMeta.from_row(row)
        values, comments, narratives = contents.load_contents(self.conn, meta.id)
        sub = Submission(
            form_id=meta.form_id,
            form_version=meta.form_version,
            unit=meta.unit_code,
            period=meta.period,
            values=values,
            comments=comments,
            narratives=narratives,
            author=meta.author,
            marks=contents.load_marks(self.conn, meta.id),
            data_cutoff=contents.load_cutoff(self.conn, meta.id),
        )
        return StoredSubmission(**meta.__dict__, submission=sub)

    # ------------------------------------------------------------------ consolidation

    @translate_errors
    def sum_values(
        self,
        period: str,
        form_id: str,
        unit_keys: Sequence[UnitKey],
        statuses: Sequence[str] = COUNTED,
    ) -> dict[Key, Decimal]:
        """Exact totals over the current counted revisions of these units (numbers only)."""
        return queries.sum_values(self.conn, period, form_id, unit_keys, tuple(statuses))

    @translate_errors
    def values_by_unit(
        self,
        period: str,
        form_id: str,
        unit_keys: Sequence[UnitKey],
        statuses: Sequence[str] = COUNTED,
    ) -> dict[UnitKey, dict[Key, Decimal | str]]:
        return queries.values_by_unit(self.conn, period, form_id, unit_keys, tuple(statuses))

    @translate_errors
    def counted_totals(
        self, period: str, form_id: str, covering: tuple[int, int] | None = None
    ) -> tuple[dict[AccKey, Acc], int] | None:
        """The running sums over the counted submissions of a period and form (final, sent
        or received, current revision) and how many submissions they cover; rebuilt from
        the figures first when stale.  None when the repository has no totals rules.
        `covering`: how many counted submissions there are and the sum of their ids, when
        the caller has just read them (totals.read)."""
        rules = self.totals_rules
        if rules is None:
            return None
        with read_snapshot(self.db):
            got = totals.read(self.conn, period, form_id, rules, self._sums, covering)
        if got is None:
            with self.transaction():
                got = totals.rebuild(self.conn, period, form_id, rules, self._sums)
        return got

    @translate_errors
    def cutoffs_by_unit(
        self,
        period: str,
        form_id: str,
        unit_keys: Sequence[UnitKey],
        statuses: Sequence[str] = COUNTED,
    ) -> dict[UnitKey, str]:
        return queries.cutoffs_by_unit(self.conn, period, form_id, unit_keys, tuple(statuses))

    @translate_errors
    def marks_by_unit(
        self,
        period: str,
        form_id: str,
        unit_keys: Sequence[UnitKey],
        statuses: Sequence[str] = COUNTED,
    ) -> dict[UnitKey, dict[str, str]]:
        return queries.marks_by_unit(self.conn, period, form_id, unit_keys, tuple(statuses))

    @translate_errors
    def narratives_by_unit(
        self,
        period: str,
        form_id: str,
        unit_keys: Sequence[UnitKey],
        statuses: Sequence[str] = COUNTED,
    ) -> dict[UnitKey, dict[str, str]]:
        return queries.narratives_by_unit(self.conn, period, form_id, unit_keys, tuple(statuses))


def _check_save_status(status: str) -> None:
    if status not in ("draft", "final"):
        raise ValueError(f"save() stores 'draft' or 'final', not {status!r}")
