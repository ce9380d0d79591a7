"""Tables for the province side of package exchange: pinned unit keys and the import log.

A separate migration set ("baocao_exchange") so it evolves independently of the
submission tables.  `KeyStore` pins a unit's signing key on first use (like SSH
known_hosts); `ImportLog` records what happened to every package file.
"""

from __future__ import annotations

import datetime as dt
import json
import time

from desktop.core.record import record
from desktop.core.storage import bulk
from desktop.core.storage.connection import Database, MigrationSet

migrations = MigrationSet("baocao_exchange")
ACCEPTED = "('new', 'new_revision', 'duplicate', 'older_revision')"
CREATE_IMPORTS = """CREATE TABLE IF NOT EXISTS imports (
    id INTEGER PRIMARY KEY,
    at TEXT NOT NULL,
    file_name TEXT NOT NULL,
    file_sha256 TEXT NOT NULL,
    package_uuid TEXT,
    unit_code TEXT,
    period TEXT,
    outcome TEXT NOT NULL,
    message TEXT NOT NULL,
    detail TEXT,
    quarantine_path TEXT
)"""


@migrations()
def m001_keys_and_imports(db: Database) -> None:
    db.execute(
        """CREATE TABLE IF NOT EXISTS trusted_keys (
            unit_code TEXT NOT NULL,
            unit_valid_from TEXT NOT NULL,
            fingerprint TEXT NOT NULL,
            public_key TEXT,
            source TEXT NOT NULL CHECK (source IN ('tofu', 'manual')),
            trusted_at TEXT NOT NULL,
            trusted_by TEXT,
            PRIMARY KEY (unit_code, unit_valid_from)
        )"""
    )
    db.execute(CREATE_IMPORTS)
    db.execute("CREATE INDEX IF NOT EXISTS imports_by_time ON imports (at)")

IMPORTS_INTO = (
    "INSERT INTO imports (at, file_name, file_sha256, package_uuid, unit_code, period, outcome, "
    "message, detail, quarantine_path, manifest)"
)
INSERT_IMPORT = IMPORTS_INTO + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"


def index_imports_by_file(db: Database) -> None:
    """Migration m008 of the main set (storage/migrations.py), which runs before this set
    on a new file, hence the table made here if it is not there yet: an index on the
    file's SHA-256, so that a re-imported file is recognised by one index look-up instead
    of a scan of the whole log, and the signed manifest of a file that passed every check
    (`manifest`), which stands for those exact bytes when they come again."""
    db.execute(CREATE_IMPORTS)
    columns = {row[1] for row in db.execute("PRAGMA table_info(imports)").fetchall()}
    if "manifest" not in columns:
        db.execute("ALTER TABLE imports ADD COLUMN manifest TEXT")
    db.execute("CREATE INDEX IF NOT EXISTS imports_by_file ON imports (file_sha256)")


_stamp: tuple[int, str] = (-1, "")  # the last second stamped and its text


def _now() -> str:
    """Now, to the second, in UTC («2026-11-30T21:05:00+00:00»): made once per second (an
    import batch stamps a log row per file)."""
    global _stamp
    second = int(time.time())
    if _stamp[0] != second:
        _stamp = (second, dt.datetime.fromtimestamp(second, dt.UTC).isoformat())
    return _stamp[1]


@record
class TrustedKey:
    """A unit's public key as stored at the province."""
    unit_code: str
    unit_valid_from: str
    fingerprint: str
    public_key: str | None
    source: str
    trusted_at: str
    trusted_by: str | None


class KeyStore:
    def __init__(self, db: Database) -> None:
        self.db = db

    def get(self, unit_code: str, unit_valid_from: str) -> TrustedKey | None:
        row = self.db.execute(
            "SELECT unit_code, unit_valid_from, fingerprint, public_key, source, trusted_at, trusted_by "
            "FROM trusted_keys WHERE unit_code = ? AND unit_valid_from = ?",
            [unit_code, unit_valid_from],
        ).fetchone()
        return TrustedKey(*row) if row else None

    def pin(
        self,
        unit_code: str,
        unit_valid_from: str,
        fingerprint: str,
        public_key: str | None,
        *,
        source: str,
        actor: str | None = None,
    ) -> None:
        """Insert or replace the trusted key of a unit (the caller holds the transaction)."""
        self.db.execute(
            "INSERT INTO trusted_keys (unit_code, unit_valid_from, fingerprint, public_key, source, trusted_at, trusted_by) "
            "VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (unit_code, unit_valid_from) DO UPDATE SET "
            "fingerprint = excluded.fingerprint, public_key = excluded.public_key, source = excluded.source, "
            "trusted_at = excluded.trusted_at, trusted_by = excluded.trusted_by",
            [unit_code, unit_valid_from, fingerprint, public_key, source, _now(), actor],
        )

    def fill_public_key(self, unit_code: str, unit_valid_from: str, public_key: str) -> None:
        self.db.execute(
            "UPDATE trusted_keys SET public_key = ? WHERE unit_code = ? AND unit_valid_from = ? AND public_key IS NULL",
            [public_key, unit_code, unit_valid_from],
        )

    def all(self) -> list[TrustedKey]:
        rows = self.db.execute(
            "SELECT unit_code, unit_valid_from, fingerprint, public_key, source, trusted_at, trusted_by "
            "FROM trusted_keys ORDER BY unit_code, unit_valid_from"
        ).fetchall()
        return [TrustedKey(*r) for r in rows]


@record
class ImportRecord:
    """One row of the import log."""
    id: int
    at: str
    file_name: str
    file_sha256: str
    package_uuid: str | None
    unit_code: str | None
    period: str | None
    outcome: str
    message: str
    detail: list | dict | None
    quarantine_path: str | None


class ImportLog:
    def __init__(self, db: Database) -> None:
        self.db = db

    def add(self, **fields) -> None:
        """One row (`row`'s fields); `manifest` is the signed manifest of a file that passed
        every check."""
        self.db.execute(INSERT_IMPORT, self.row(**fields))

    def add_many(self, rows: list[tuple]) -> None:
        """Rows made by `row`, in their order, all or none, by a few multi-row statements
        (storage/bulk.py: an import batch's rows at its end)."""
        from desktop.core.storage.database import transaction  # it imports this module

        with transaction(self.db):
            bulk.insert_rows(self.db.conn, IMPORTS_INTO, 11, rows)

    @staticmethod
    def row(
        *,
        file_name: str,
        file_sha256: str,
        outcome: str,
        message: str,
        package_uuid: str | None = None,
        unit_code: str | None = None,
        period: str | None = None,
        detail: object = None,
        quarantine_path: str | None = None,
        manifest: bytes | None = None,
        detail_text: str | None = None,
    ) -> tuple:
        """The values of one row, stamped now; `detail_text`, when given, is `detail`
        already written as this JSON (a duplicate's, made once per form list)."""
        if detail_text is None and detail is not None:
            detail_text = json.dumps(detail, ensure_ascii=False)
        return (
            _now(),
            file_name,
            file_sha256,
            package_uuid,
            unit_code,
            period,
            outcome,
            message,
            detail_text,
            quarantine_path,
            manifest.decode("utf-8") if manifest is not None else None,
        )

    def arrived_for(self, period: str) -> bool:
        """A file for `period` has come in (whatever became of it: stored, held, refused);
        the status board opens on a month whose packages are arriving (board_period.py)."""
        row = self.db.execute("SELECT 1 FROM imports WHERE period = ? LIMIT 1", [period])
        return row.fetchone() is not None

    def accepted_before(self, file_sha256: str) -> bool:
        """These exact bytes were imported before and passed every check (stored or a
        duplicate of what was)."""
        row = self.db.execute(
            f"SELECT 1 FROM imports WHERE file_sha256 = ? AND outcome IN {ACCEPTED} LIMIT 1",
            [file_sha256],
        ).fetchone()
        return row is not None

    def accepted_among(self, digests: set[str]) -> set[str]:
        """`accepted_before` of many files at once: those of `digests` that passed."""
        wanted, out = sorted(digests), set()
        for start in range(0, len(wanted), 500):
            part = wanted[start : start + 500]
            out.update(
                digest
                for (digest,) in self.db.execute(
                    f"SELECT DISTINCT file_sha256 FROM imports WHERE file_sha256 IN "
                    f"({', '.join('?' * len(part))}) AND outcome IN {ACCEPTED}",
                    part,
                )
            )
        return out

    def accepted_manifest(self, file_sha256: str) -> bytes | None:
        """The signed manifest of these exact bytes, when they passed every check before."""
        row = self.db.execute(
            f"SELECT manifest FROM imports WHERE file_sha256 = ? AND outcome IN {ACCEPTED} "
            "AND manifest IS NOT NULL LIMIT 1",
            [file_sha256],
        ).fetchone()
        return None if row is None else row[0].encode("utf-8")

    def accepted_manifests(self, digests: set[str]) -> dict[str, str]:
        """`accepted_manifest` of many files at once: digest → manifest, for those known,
        as the log's text (exchange/recall.py reads it so, not encoded again)."""
        out: dict[str, str] = {}
        wanted = sorted(digests)
        for start in range(0, len(wanted), 500):
            part = wanted[start : start + 500]
            rows = self.db.execute(
                f"SELECT file_sha256, manifest FROM imports WHERE file_sha256 IN "
                f"({', '.join('?' * len(part))}) AND outcome IN {ACCEPTED} "
                "AND manifest IS NOT NULL ORDER BY id",
                part,
            )
            for digest, manifest in rows:
                out.setdefault(digest, manifest)
        return out

    def recent(self, limit: int = 200) -> list[ImportRecord]:
        rows = self.db.execute(
            "SELECT id, at, file_name, file_sha256, package_uuid, unit_code, period, outcome, message, detail, quarantine_path "
            "FROM imports ORDER BY id DESC LIMIT ?",
            [limit],
        ).fetchall()
        return [ImportRecord(*r[:9], json.loads(r[9]) if r[9] else None, r[10]) for r in rows]
