"""Storing what units send (province side): the forms of received packages, many packages
in one transaction.  Pipeline: import (exchange/service.py) → **store** → consolidate.

A batch (`receive_batch`) is one transaction over many packages; each package inside it
is all-or-nothing in its own SAVEPOINT (`ReceiveBatch.package`), so a package that fails
half-way leaves no row and takes nothing from the others.  The running totals
(storage/totals.py) are written once, when the batch ends, from the contributions of the
packages that stayed, and so are the audit rows of the forms stored; the figures
themselves go in by a few multi-row statements per form (storage/bulk.py).

`ReceivingMixin` gives `SubmissionRepository` these methods; a single form stored on its
own (`store_received`) is a batch of one package.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

from desktop.core.errors import StorageError
from desktop.core.storage.errors import translate_errors
from desktop.core.storage.records import ReceiveOutcome

if TYPE_CHECKING:  # annotations only: reading the store (status) loads no submission model
    from desktop.core.submission import Submission


class BatchLost(StorageError):
    """The batch's transaction ended under it (SQLite rolls back the whole transaction on
    some errors, a full disk among them): nothing of the batch stands."""


class ReceiveBatch:
    def __init__(self, repo) -> None:
        self.repo = repo
        self.tracker = repo._tracker()
        self.audit: list = []  # the stored forms' audit rows, flat (revisions.receive_one)

    def check(self) -> None:
        """Refuse to go on when the batch's transaction is gone: what follows would be
        committed on its own while the sums still count what was rolled back."""
        if not self.repo.conn.in_transaction:
            raise BatchLost(
                "Giao dịch nhập gói bị hủy giữa chừng (có thể do đầy ổ đĩa); "
                "các gói của lượt này được nhập lại từng gói một.",
                code="lo_nhap_bi_huy",
            )

    @contextmanager
    def package(self) -> Iterator[ReceiveBatch]:
        """One package: all its forms are stored, or none and nothing of it is counted."""
        self.check()
        audited = len(self.audit)
        try:
            with self.repo.transaction():  # a SAVEPOINT inside the batch's transaction
                yield self
        except BaseException:
            self.tracker.discard()
            del self.audit[audited:]
            raise
        self.tracker.commit()

    def finish(self) -> None:
        """What the batch's packages leave to its end: their audit rows (by a few
        multi-row statements, in the packages' order) and the running totals."""
        from desktop.core.storage import bulk, revisions

        self.check()
        bulk.insert_flat(self.repo.conn, revisions.IMPORT_AUDIT_INTO, 5, self.audit)
        self.audit = []
        self.tracker.flush(self.repo.conn)

    @translate_errors
    def store(
        self,
        sub: Submission,
        *,
        revision: int,
        package_uuid: str,
        form_hash: str,
        unit_valid_from: str,
        content_hash: str,
        created_at: str,
        actor: str | None,
    ) -> ReceiveOutcome:
        """Store one form of a unit's package under the revision rules (storage/revisions.py):
        the end state depends only on the set of packages received, not on their order."""
        from desktop.core.storage import revisions  # the write path, not loaded to read

        return revisions.receive_one(
            self.repo.conn,
            sub,
            revision=revision,
            package_uuid=package_uuid,
            form_hash=form_hash,
            unit_valid_from=unit_valid_from,
            content_hash=content_hash,
            created_at=created_at,
            actor=actor,
            now=self.repo.now(),
            totals=self.tracker,
            audit=self.audit,
        )


@contextmanager
def _parents_written_first(conn) -> Iterator[None]:
    """SQLite's foreign-key check off for a batch's own transaction, on again after it
    however it ends.  A batch writes a form's rows (figures, comments, narratives, marks,
    cut-off) only right after the submission row they belong to, in the same savepoint, with
    its id as SQLite gave it, and deletes no submission: the check — a look-up of the
    submission for every figure, ~40 % of what writing a figure costs — can only pass, and
    no cascade can be missed.  Inside a caller's transaction the pragma does nothing (the
    check stays on); a connection that had it off keeps it off."""
    if conn.in_transaction or not conn.execute("PRAGMA foreign_keys").fetchone()[0]:
        yield
        return
    conn.execute("PRAGMA foreign_keys = OFF")
    try:
        yield
    finally:
        conn.execute("PRAGMA foreign_keys = ON")


class ReceivingMixin:
    """The receiving half of `SubmissionRepository` (storage/repository.py)."""

    @contextmanager
    def receive_batch(self) -> Iterator[ReceiveBatch]:
        """One transaction over many received packages; the running totals are written at
        its end, once, before the commit."""
        batch = ReceiveBatch(self)
        with _parents_written_first(self.conn), self.transaction():  # type: ignore[attr-defined]
            yield batch
            batch.finish()

    @translate_errors
    def store_received(self, sub: Submission, **received) -> ReceiveOutcome:
        """Store one form of a unit's package (province side), atomically: a batch of one.
        `received` are `ReceiveBatch.store`'s keyword arguments (revision, package_uuid, …)."""
        with self.receive_batch() as batch, batch.package():
            return batch.store(sub, **received)

    @translate_errors
    def received_content_hash(
        self, unit_key: tuple[str, str], form_id: str, period: str, revision: int
    ) -> str | None:
        """The content hash of this revision of a unit's form, if already stored."""
        row = self.conn.execute(  # type: ignore[attr-defined]
            "SELECT content_hash FROM submissions WHERE unit_code = ? AND unit_valid_from = ? "
            "AND form_id = ? AND period = ? AND revision = ?",
            (*unit_key, form_id, period, revision),
        ).fetchone()
        return None if row is None else row[0]

    @translate_errors
    def received_content_hashes(
        self, keys: Iterable[tuple[str, str, str, str, int]]
    ) -> dict[tuple[str, str, str, str, int], str]:
        """`received_content_hash` of many (unit code, unit valid_from, form, period,
        revision) at once, a few thousand per query: those stored, with their hash."""
        wanted = sorted(set(keys))
        out: dict[tuple[str, str, str, str, int], str] = {}
        step = 1000  # 5 parameters each: well under SQLite's 32766
        for start in range(0, len(wanted), step):
            part = wanted[start : start + step]
            rows = self.conn.execute(  # type: ignore[attr-defined]
                "WITH k(u, v, f, p, r) AS (VALUES "
                + ", ".join(["(?, ?, ?, ?, ?)"] * len(part))
                + ") SELECT s.unit_code, s.unit_valid_from, s.form_id, s.period, s.revision, "
                "s.content_hash FROM k JOIN submissions s ON s.unit_code = k.u AND "
                "s.unit_valid_from = k.v AND s.form_id = k.f AND s.period = k.p "
                "AND s.revision = k.r",
                [x for key in part for x in key],
            )
            out.update({(u, v, f, p, r): h for u, v, f, p, r, h in rows})
        return out
