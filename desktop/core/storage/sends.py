"""The unit's send log: every time «Gửi báo cáo» writes a package, one row per form in it.

"Lần gửi" on the clerk's form list is the number of these rows for the form (a resend of
the same revision counts; a revision that was never sent does not).  The table starts
with one row per submission already marked sent when the log was introduced, so existing
installations keep their count.  `unsent_final_forms` is what «Gửi báo cáo» offers as
"every finalised form not sent yet".
"""

from __future__ import annotations

from collections.abc import Sequence

from desktop.core.storage.connection import Database


def create_sends_table(db: Database) -> None:
    db.execute(
        """CREATE TABLE sends (
            id INTEGER PRIMARY KEY,
            submission_id INTEGER NOT NULL,
            unit_code TEXT NOT NULL,
            unit_valid_from TEXT NOT NULL,
            form_id TEXT NOT NULL,
            period TEXT NOT NULL,
            revision INTEGER NOT NULL,
            at TEXT NOT NULL,
            actor TEXT,
            package TEXT
        )"""
    )
    db.execute("CREATE INDEX sends_by_form ON sends (unit_code, unit_valid_from, period, form_id)")
    db.execute(
        "INSERT INTO sends (submission_id, unit_code, unit_valid_from, form_id, period, "
        "revision, at, actor, package) SELECT id, unit_code, unit_valid_from, form_id, period, "
        "revision, COALESCE(sent_at, updated_at), author, NULL FROM submissions "
        "WHERE status = 'sent' AND origin = 'local'"
    )


def record_sends(repo, submission_ids: Sequence[int], package: str, actor: str | None) -> None:
    """Log one send of each submission (the caller holds the transaction)."""
    now = repo.now()
    for sid in submission_ids:
        repo.db.execute(
            "INSERT INTO sends (submission_id, unit_code, unit_valid_from, form_id, period, "
            "revision, at, actor, package) SELECT id, unit_code, unit_valid_from, form_id, "
            "period, revision, ?, ?, ? FROM submissions WHERE id = ?",
            (now, actor, package, sid),
        )


def send_counts(repo, unit_code: str, unit_valid_from: str, period: str) -> dict[str, int]:
    """form id -> how many times the unit sent it for the period."""
    rows = repo.db.execute(
        "SELECT form_id, COUNT(*) FROM sends WHERE unit_code = ? AND unit_valid_from = ? "
        "AND period = ? GROUP BY form_id",
        (unit_code, unit_valid_from, period),
    )
    return {form_id: n for form_id, n in rows}


def unsent_final_forms(repo, unit, period: str) -> list[str]:
    """Forms of the unit and period whose current revision is finalised and not yet sent."""
    rows = repo.db.execute(
        "SELECT form_id FROM submissions WHERE unit_code = ? AND unit_valid_from = ? "
        "AND period = ? AND is_current = 1 AND status = 'final' AND origin = 'local' "
        "ORDER BY form_id",
        (unit.code, unit.key[1], period),
    )
    return [r[0] for r in rows]
