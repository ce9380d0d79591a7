"""Tables of trust between units and the province (issue 12), and the SQL that reads and
writes them.  Created by migration m006 (storage/migrations.py); the rules that use them
live in `desktop/core/trust/`.

- `unit_keys`: every key a unit presented, with its state: pending (asked, not decided),
  enrolled (counted), refused, replaced (counted only for packages signed before
  `replaced_at`), and for a refused key the officer's reason (m009).  One fingerprint is
  enrolled for at most one unit.
- `delegations`: a district that may send for one of its communes (revocable).
- `held_packages`: packages kept aside until a key is decided ("chờ xác nhận khóa"), and
  those refused because the unit has another key enrolled (released as 'rejected': a
  mistyped enrolment corrected later brings them back, trust/holding.py); their SQL is
  storage/held_tables.py.
- `trust_log`: who decided what about trust, and when (never updated, never deleted).
- `province_pin`: on a unit's installation, the province's key (one row).
- `reviews`: accept / return decisions on a received revision (origin 'sent' at the
  province, 'received' at the unit), with the cell comments as JSON.
"""

from __future__ import annotations

import json

from desktop.core.record import record
from desktop.core.storage.connection import Database
from desktop.core.storage.held_tables import HeldPackages, now

TABLES = (
    """CREATE TABLE IF NOT EXISTS unit_keys (
        id INTEGER PRIMARY KEY,
        unit_code TEXT NOT NULL,
        unit_valid_from TEXT NOT NULL,
        fingerprint TEXT NOT NULL,
        public_key TEXT,
        person TEXT,
        status TEXT NOT NULL CHECK (status IN ('pending', 'enrolled', 'refused', 'replaced')),
        requested_at TEXT,
        decided_at TEXT,
        decided_by TEXT,
        replaced_at TEXT,
        UNIQUE (unit_code, unit_valid_from, fingerprint)
    )""",
    "CREATE INDEX IF NOT EXISTS unit_keys_by_fingerprint ON unit_keys (fingerprint)",
    """CREATE TABLE IF NOT EXISTS delegations (
        id INTEGER PRIMARY KEY,
        district_code TEXT NOT NULL,
        district_valid_from TEXT NOT NULL,
        commune_code TEXT NOT NULL,
        commune_valid_from TEXT NOT NULL,
        recorded_at TEXT NOT NULL,
        recorded_by TEXT,
        revoked_at TEXT,
        revoked_by TEXT
    )""",
    """CREATE TABLE IF NOT EXISTS held_packages (
        file_sha256 TEXT PRIMARY KEY,
        file_name TEXT NOT NULL,
        stored_path TEXT NOT NULL,
        unit_code TEXT NOT NULL,
        unit_valid_from TEXT NOT NULL,
        period TEXT NOT NULL,
        fingerprint TEXT NOT NULL,
        held_at TEXT NOT NULL,
        released_at TEXT,
        outcome TEXT
    )""",
    """CREATE TABLE IF NOT EXISTS trust_log (
        id INTEGER PRIMARY KEY,
        at TEXT NOT NULL,
        actor TEXT,
        action TEXT NOT NULL,
        unit_code TEXT,
        fingerprint TEXT,
        detail TEXT NOT NULL
    )""",
    """CREATE TABLE IF NOT EXISTS province_pin (
        id INTEGER PRIMARY KEY CHECK (id = 1),
        fingerprint TEXT NOT NULL,
        public_key TEXT NOT NULL,
        pinned_at TEXT NOT NULL
    )""",
    """CREATE TABLE IF NOT EXISTS reviews (
        id INTEGER PRIMARY KEY,
        feedback_uuid TEXT NOT NULL UNIQUE,
        origin TEXT NOT NULL CHECK (origin IN ('sent', 'received')),
        unit_code TEXT NOT NULL,
        unit_valid_from TEXT NOT NULL,
        form_id TEXT NOT NULL,
        period TEXT NOT NULL,
        revision INTEGER NOT NULL,
        decision TEXT NOT NULL CHECK (decision IN ('accepted', 'returned')),
        comment TEXT NOT NULL DEFAULT '',
        cells TEXT NOT NULL DEFAULT '[]',
        at TEXT NOT NULL,
        actor TEXT
    )""",
)


def create_trust_tables(db: Database) -> None:
    """Migration m006: the tables, and the keys pinned on first use before enrolment
    existed carried over as enrolled (the province had already been counting them)."""
    for sql in TABLES:
        db.execute(sql)
    if "trusted_keys" in db.table_names():
        db.execute(
            "INSERT OR IGNORE INTO unit_keys (unit_code, unit_valid_from, fingerprint, public_key, "
            "status, decided_at, decided_by) SELECT unit_code, unit_valid_from, fingerprint, "
            "public_key, 'enrolled', trusted_at, coalesce(trusted_by, source) FROM trusted_keys"
        )


def add_refusal_reason(db: Database) -> None:
    """Migration m009: `unit_keys.refusal_reason`, NULL but for a refused key.  A key refused
    before it existed gets the reason its last «refuse» log sentence gave after the first
    «: » («Từ chối khóa cho Huyện Cao Lộc (mã 183): lý do»), read this once."""
    db.execute("ALTER TABLE unit_keys ADD COLUMN refusal_reason TEXT")
    reasons = {
        (code, fp): detail.partition(": ")[2].strip()
        for code, fp, detail in db.execute(
            "SELECT unit_code, fingerprint, detail FROM trust_log WHERE action = 'refuse' "
            "ORDER BY id"
        ).fetchall()
    }
    for (code, fp), reason in reasons.items():
        db.execute(
            "UPDATE unit_keys SET refusal_reason = ? "
            "WHERE status = 'refused' AND unit_code = ? AND fingerprint = ?",
            [reason, code, fp],
        )


@record
class UnitKey:
    """A unit's signing key as enrolled at the province, with its state."""
    id: int
    unit_code: str
    unit_valid_from: str
    fingerprint: str
    public_key: str | None
    person: str | None
    status: str
    requested_at: str | None
    decided_at: str | None
    decided_by: str | None
    replaced_at: str | None
    reason: str  # why the officer refused it; '' but for a refused key


_KEY_COLS = (
    "id, unit_code, unit_valid_from, fingerprint, public_key, person, status, requested_at, "
    "decided_at, decided_by, replaced_at, coalesce(refusal_reason, '')"
)


class TrustStore(HeldPackages):
    """The SQL of trust; callers hold the transaction for writes (the held packages' SQL
    is storage/held_tables.py)."""

    def __init__(self, db: Database) -> None:
        self.db = db

    # ------------------------------------------------------------------ keys

    def keys(self, where: str = "1", params: list | None = None) -> list[UnitKey]:
        rows = self.db.execute(
            f"SELECT {_KEY_COLS} FROM unit_keys WHERE {where} ORDER BY unit_code, id",
            params or [],
        ).fetchall()
        return [UnitKey(*r) for r in rows]

    def keys_of_unit(self, code: str, valid_from: str) -> list[UnitKey]:
        return self.keys("unit_code = ? AND unit_valid_from = ?", [code, valid_from])

    def keys_with_fingerprint(self, fingerprint: str) -> list[UnitKey]:
        return self.keys("fingerprint = ?", [fingerprint])

    def upsert_key(
        self,
        code: str,
        valid_from: str,
        fingerprint: str,
        *,
        status: str,
        public_key: str | None = None,
        person: str | None = None,
        requested_at: str | None = None,
        decided_by: str | None = None,
        reason: str | None = None,
    ) -> None:
        """Record a key's state; `reason` is the officer's reason for a refusal (any other
        state clears it)."""
        decided = now() if status != "pending" else None
        self.db.execute(
            "INSERT INTO unit_keys (unit_code, unit_valid_from, fingerprint, public_key, person, "
            "status, requested_at, decided_at, decided_by, refusal_reason) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
            "ON CONFLICT (unit_code, unit_valid_from, fingerprint) DO UPDATE SET "
            "status = excluded.status, public_key = coalesce(excluded.public_key, public_key), "
            "person = coalesce(excluded.person, person), "
            "requested_at = coalesce(excluded.requested_at, requested_at), "
            "decided_at = coalesce(excluded.decided_at, decided_at), "
            "decided_by = coalesce(excluded.decided_by, decided_by), replaced_at = NULL, "
            "refusal_reason = excluded.refusal_reason",
            [
                code,
                valid_from,
                fingerprint,
                public_key,
                person,
                status,
                requested_at,
                decided,
                decided_by,
                reason if status == "refused" else None,
            ],
        )

    def mark_replaced(self, key_id: int, replaced_at: str) -> None:
        self.db.execute(
            "UPDATE unit_keys SET status = 'replaced', replaced_at = ? WHERE id = ?",
            [replaced_at, key_id],
        )

    # ------------------------------------------------------------------ delegations

    def active_delegation(self, district: tuple[str, str], commune: tuple[str, str]) -> int | None:
        row = self.db.execute(
            "SELECT id FROM delegations WHERE district_code = ? AND district_valid_from = ? AND "
            "commune_code = ? AND commune_valid_from = ? AND revoked_at IS NULL",
            [*district, *commune],
        ).fetchone()
        return row[0] if row else None

    def add_delegation(self, district: tuple[str, str], commune: tuple[str, str], actor) -> None:
        self.db.execute(
            "INSERT INTO delegations (district_code, district_valid_from, commune_code, "
            "commune_valid_from, recorded_at, recorded_by) VALUES (?, ?, ?, ?, ?, ?)",
            [*district, *commune, now(), actor],
        )

    def revoke_delegation(self, delegation_id: int, actor) -> None:
        self.db.execute(
            "UPDATE delegations SET revoked_at = ?, revoked_by = ? WHERE id = ?",
            [now(), actor, delegation_id],
        )

    def delegations(self) -> list[dict]:
        cur = self.db.execute(
            "SELECT id, district_code, district_valid_from, commune_code, commune_valid_from, "
            "recorded_at, recorded_by, revoked_at, revoked_by FROM delegations ORDER BY id"
        )
        names = [d[0] for d in cur.description]
        return [dict(zip(names, r, strict=True)) for r in cur.fetchall()]

    # ------------------------------------------------------------------ log

    def log(
        self, action: str, detail: str, *, actor=None, unit_code=None, fingerprint=None
    ) -> None:
        self.db.execute(
            "INSERT INTO trust_log (at, actor, action, unit_code, fingerprint, detail) "
            "VALUES (?, ?, ?, ?, ?, ?)",
            [now(), actor, action, unit_code, fingerprint, detail],
        )

    def log_entries(self) -> list[dict]:
        cur = self.db.execute(
            "SELECT id, at, actor, action, unit_code, fingerprint, detail FROM trust_log ORDER BY id"
        )
        names = [d[0] for d in cur.description]
        return [dict(zip(names, r, strict=True)) for r in cur.fetchall()]

    # ------------------------------------------------------------------ province key (unit side)

    def province_pin(self) -> tuple[str, str] | None:
        row = self.db.execute("SELECT fingerprint, public_key FROM province_pin").fetchone()
        return (row[0], row[1]) if row else None

    def pin_province(self, fingerprint: str, public_key: str) -> None:
        self.db.execute(
            "INSERT INTO province_pin (id, fingerprint, public_key, pinned_at) VALUES (1, ?, ?, ?) "
            "ON CONFLICT (id) DO UPDATE SET fingerprint = excluded.fingerprint, "
            "public_key = excluded.public_key, pinned_at = excluded.pinned_at",
            [fingerprint, public_key, now()],
        )

    # ------------------------------------------------------------------ reviews

    def add_review(self, row: dict) -> bool:
        cur = self.db.execute(
            "INSERT OR IGNORE INTO reviews (feedback_uuid, origin, unit_code, unit_valid_from, "
            "form_id, period, revision, decision, comment, cells, at, actor) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [
                row["feedback_uuid"],
                row["origin"],
                row["unit_code"],
                row["unit_valid_from"],
                row["form_id"],
                row["period"],
                row["revision"],
                row["decision"],
                row["comment"],
                json.dumps(row["cells"], ensure_ascii=False),
                row["at"],
                row.get("actor"),
            ],
        )
        return cur.rowcount > 0

    def reviews(self, where: str = "1", params: list | None = None) -> list[dict]:
        cur = self.db.execute(
            "SELECT feedback_uuid, origin, unit_code, unit_valid_from, form_id, period, revision, "
            f"decision, comment, cells, at, actor FROM reviews WHERE {where} ORDER BY id",
            params or [],
        )
        names = [d[0] for d in cur.description]
        out = []
        for r in cur.fetchall():
            item = dict(zip(names, r, strict=True))
            item["cells"] = json.loads(item["cells"])
            out.append(item)
        return out
