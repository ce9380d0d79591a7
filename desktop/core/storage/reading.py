"""The read side of `SubmissionRepository`: one stored revision with its figures, its
history and audit trail, the "who has reported" list, and the per-unit queries
consolidation asks (sums, figures, cut-off dates, marks, narratives, running totals).

Reads run in one snapshot (`read_snapshot`), so a revision and its figures are read as of
the same moment even while another connection writes.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from typing import TYPE_CHECKING

from desktop.core.storage import queries
from desktop.core.storage.database import read_snapshot
from desktop.core.storage.errors import translate_errors
from desktop.core.storage.records import (
    COUNTED,
    META_SELECT,
    AuditEntry,
    StoredSubmission,
    SubmissionMeta,
    UnitKey,
)

if TYPE_CHECKING:
    from desktop.core.storage.totals import Acc, AccKey
    from desktop.core.submission import Key


class ReadingMixin:
    """Gives `SubmissionRepository` its reading methods."""

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
        # a submission's figures: not loaded by what only lists submissions (status)
        from desktop.core.storage import contents
        from desktop.core.submission import Submission

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
        from desktop.core.storage import totals

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
