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

The methods live by concern: storage/reading.py (reading back, the consolidation queries),
storage/writing.py (saving, the setters, status; its modules imported only when writing),
storage/receiving.py (what units send).  This module holds what they share: the
connection, the clock, the transaction and the running totals' cache.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from collections.abc import Callable
from contextlib import AbstractContextManager
from functools import cached_property
from typing import TYPE_CHECKING

from desktop.core.storage.connection import Database
from desktop.core.storage.database import transaction
from desktop.core.storage.naming import StoredNames
from desktop.core.storage.reading import ReadingMixin
from desktop.core.storage.receiving import ReceivingMixin
from desktop.core.storage.writing import WritingMixin

if TYPE_CHECKING:
    from desktop.core.storage.totals import SumsCache, TotalsRules


class SubmissionRepository(ReadingMixin, WritingMixin, ReceivingMixin):
    def __init__(
        self,
        db: Database,
        *,
        clock: Callable[[], dt.datetime] | None = None,
        totals_rules: TotalsRules | None = None,
        names: StoredNames | None = None,
    ) -> None:
        self.db = db
        # how refusals name a form, a unit and a period (storage/naming.py): the caller's
        # pack and unit catalog; codes without them
        self.names = names or StoredNames()
        self._clock = clock or (lambda: dt.datetime.now(dt.UTC))
        # how figures become running totals (storage/totals.py); without it, any change
        # to what counts drops the stored sums, to be rebuilt when next read
        self.totals_rules = totals_rules

    @cached_property
    def _sums(self) -> SumsCache:
        """The running totals last read or written (storage/totals.py), made when first
        needed: a command that neither writes nor consolidates does not load totals."""
        from desktop.core.storage.totals import SumsCache

        return SumsCache()

    @property
    def conn(self) -> sqlite3.Connection:
        return self.db.conn

    def now(self) -> str:
        return self._clock().astimezone(dt.UTC).isoformat(timespec="milliseconds")

    def transaction(self) -> AbstractContextManager[Database]:
        """One transaction (or a savepoint inside the caller's): all or nothing."""
        return transaction(self.db)
