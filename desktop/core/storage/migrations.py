"""Schema of the local store, migration set "baocao" (applied by `sqlite_utils.Migrations`
when one is pending: storage/connection.py).

A migration, once released, is never edited: a change of schema is a new function at
the end.  `open_database()` applies what is pending, each migration in its own
transaction together with the record of it having run.

Tables (one submission = one unit × form × period × revision):
- `submissions`: metadata.  `unit_valid_from` tells apart two units that carried the same
  code at different times ('' for a unit that is still open-ended); `is_current` is 1
  for the highest revision of its (unit, form, period) — what consolidation counts.
- `vals`: the figures, long format.  `num` is the exact value × 10^6 (storage/codec.py),
  `txt` a text-kind value, `big` the canonical text of a number too large for `num`.
  An empty cell has no row.
- `comments` (giải trình per cell), `narratives` (phần thuyết minh), `audit` (who
  changed what, when; kept even if a submission is ever deleted), `meta` (key/value).
"""

from __future__ import annotations

import datetime as dt

from desktop.core.storage.connection import Database, MigrationSet

migrations = MigrationSet("baocao")

SCHEMA_VERSION = "1"


@migrations()
def m001_initial(db: Database) -> None:
    for sql in (
        """CREATE TABLE submissions (
            id INTEGER PRIMARY KEY,
            unit_code TEXT NOT NULL,
            unit_valid_from TEXT NOT NULL DEFAULT '',
            form_id TEXT NOT NULL,
            form_version INTEGER NOT NULL,
            form_hash TEXT NOT NULL,
            period TEXT NOT NULL,
            revision INTEGER NOT NULL CHECK (revision >= 1),
            status TEXT NOT NULL CHECK (status IN ('draft', 'final', 'sent', 'received')),
            origin TEXT NOT NULL CHECK (origin IN ('local', 'imported')),
            package_uuid TEXT,
            author TEXT,
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL,
            finalised_at TEXT,
            sent_at TEXT,
            received_at TEXT,
            content_hash TEXT,
            is_current INTEGER NOT NULL DEFAULT 0 CHECK (is_current IN (0, 1)),
            UNIQUE (unit_code, unit_valid_from, form_id, period, revision)
        )""",
        # consolidation: "current, counted revisions of form F for period P of these
        # units" is answered from this index alone (it covers every column the query
        # reads from submissions), then vals is reached by its primary key
        """CREATE INDEX submissions_consolidation
            ON submissions (period, form_id, is_current, unit_code, unit_valid_from, status)""",
        # at most one current revision per (unit, form, period)
        """CREATE UNIQUE INDEX submissions_one_current
            ON submissions (unit_code, unit_valid_from, form_id, period) WHERE is_current = 1""",
        """CREATE TABLE vals (
            submission_id INTEGER NOT NULL REFERENCES submissions (id) ON DELETE CASCADE,
            indicator TEXT NOT NULL,
            measure TEXT NOT NULL,
            num INTEGER,
            txt TEXT,
            big TEXT,
            PRIMARY KEY (submission_id, indicator, measure),
            CHECK ((num IS NOT NULL) + (txt IS NOT NULL) + (big IS NOT NULL) = 1)
        ) WITHOUT ROWID""",
        """CREATE TABLE comments (
            submission_id INTEGER NOT NULL REFERENCES submissions (id) ON DELETE CASCADE,
            indicator TEXT NOT NULL,
            measure TEXT NOT NULL,
            text TEXT NOT NULL,
            PRIMARY KEY (submission_id, indicator, measure)
        ) WITHOUT ROWID""",
        """CREATE TABLE narratives (
            submission_id INTEGER NOT NULL REFERENCES submissions (id) ON DELETE CASCADE,
            code TEXT NOT NULL,
            text TEXT NOT NULL,
            PRIMARY KEY (submission_id, code)
        ) WITHOUT ROWID""",
        # no foreign key on purpose: the trail outlives what it describes
        """CREATE TABLE audit (
            id INTEGER PRIMARY KEY,
            at TEXT NOT NULL,
            actor TEXT,
            submission_id INTEGER NOT NULL,
            action TEXT NOT NULL CHECK (action IN
                ('create', 'set', 'clear', 'comment', 'narrative', 'status', 'import')),
            indicator TEXT,
            measure TEXT,
            old TEXT,
            new TEXT
        )""",
        "CREATE INDEX audit_by_submission ON audit (submission_id, id)",
        "CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT) WITHOUT ROWID",
    ):
        db.execute(sql)
    db.execute(
        "INSERT INTO meta (key, value) VALUES ('schema_version', ?), ('created_at', ?)",
        [SCHEMA_VERSION, dt.datetime.now(dt.UTC).isoformat(timespec="seconds")],
    )


@migrations()
def m002_running_totals(db: Database) -> None:
    """Running sums per (period, form) for national consolidation (storage/totals.py).
    Created empty: the sums of data stored before are made the first time they are read."""
    for sql in (
        """CREATE TABLE totals (
            period TEXT NOT NULL,
            form_id TEXT NOT NULL,
            kind TEXT NOT NULL,
            indicator TEXT NOT NULL,
            measure TEXT NOT NULL,
            a TEXT NOT NULL,
            b TEXT NOT NULL,
            n INTEGER NOT NULL,
            PRIMARY KEY (period, form_id, kind, indicator, measure)
        ) WITHOUT ROWID""",
        """CREATE TABLE totals_state (
            period TEXT NOT NULL,
            form_id TEXT NOT NULL,
            spec TEXT NOT NULL,
            members INTEGER NOT NULL,
            id_sum INTEGER NOT NULL,
            token TEXT NOT NULL,
            PRIMARY KEY (period, form_id)
        ) WITHOUT ROWID""",
    ):
        db.execute(sql)


@migrations()
def m005_marks_and_cutoff(db: Database) -> None:
    """Marks instead of a figure («không phát sinh», «chưa có số liệu» with its reason,
    desktop/core/marks.py) and the data cut-off date a submission states («số liệu tính
    đến ngày …»), per submission (issue 10)."""
    for sql in (
        """CREATE TABLE marks (
            submission_id INTEGER NOT NULL REFERENCES submissions (id) ON DELETE CASCADE,
            indicator TEXT NOT NULL,
            mark TEXT NOT NULL CHECK (mark IN ('khong_phat_sinh', 'chua_co_so_lieu')),
            reason TEXT NOT NULL DEFAULT '',
            PRIMARY KEY (submission_id, indicator)
        ) WITHOUT ROWID""",
        """CREATE TABLE cutoffs (
            submission_id INTEGER PRIMARY KEY REFERENCES submissions (id) ON DELETE CASCADE,
            day TEXT NOT NULL
        )""",
    ):
        db.execute(sql)


@migrations()
def m006_trust(db: Database) -> None:
    """Enrolled unit keys, delegations, held packages, the trust log, the province's pinned
    key and review decisions (storage/trust_tables.py, issue 12)."""
    from desktop.core.storage.trust_tables import create_trust_tables

    create_trust_tables(db)


@migrations()
def m007_sends(db: Database) -> None:
    """The log of packages a unit wrote («Gửi báo cáo»): one row per form per send, so
    "Lần gửi" counts sends, not revisions (storage/sends.py, issue 11)."""
    from desktop.core.storage.sends import create_sends_table

    create_sends_table(db)


@migrations()
def m008_imports_by_file(db: Database) -> None:
    """The import log looked up by the file's SHA-256 through an index, and the signed
    manifest of every file that passed every check kept with it, so that a re-imported
    file is known before it is even opened (storage/exchange_tables.py, issue 14)."""
    from desktop.core.storage.exchange_tables import index_imports_by_file

    index_imports_by_file(db)


@migrations()
def m009_refusal_reason(db: Database) -> None:
    """Why the officer refused a key, kept with the key (`unit_keys.refusal_reason`) instead
    of read back out of the trust log's sentence; a refusal recorded before is given the
    reason its log sentence carries (storage/trust_tables.py)."""
    from desktop.core.storage.trust_tables import add_refusal_reason

    add_refusal_reason(db)
