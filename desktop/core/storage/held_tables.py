"""The SQL of `held_packages` (created by m006 with the other trust tables,
storage/trust_tables.py): packages kept aside until a key is decided ("chờ xác nhận khóa"),
and those refused because the unit has another key enrolled, kept as released 'rejected'
(trust/holding.py).  A part of `TrustStore`; callers hold the transaction for writes."""

from __future__ import annotations

import datetime as dt


def now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")


_KEPT = (
    "file_sha256", "file_name", "stored_path", "unit_code", "unit_valid_from", "period", "fingerprint"
)


def _kept(row: dict) -> list:
    """A package's row values in `held_packages`' column order (file … fingerprint)."""
    return [row[k] for k in _KEPT]


class HeldPackages:
    """The held packages' statements, mixed into `TrustStore` (which gives `self.db`)."""

    def hold(self, row: dict) -> bool:
        """Keep a package aside; False if the same file is already held."""
        cur = self.db.execute(
            "INSERT OR IGNORE INTO held_packages (file_sha256, file_name, stored_path, unit_code, "
            "unit_valid_from, period, fingerprint, held_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            _kept(row) + [now()],
        )
        if cur.rowcount == 0:  # held before and released: hold again
            cur = self.db.execute(
                "UPDATE held_packages SET released_at = NULL, outcome = NULL, held_at = ? "
                "WHERE file_sha256 = ? AND released_at IS NOT NULL",
                [now(), row["file_sha256"]],
            )
        return cur.rowcount > 0

    def keep_refused(self, row: dict) -> None:
        """Keep aside a package refused because the unit has another key enrolled, as
        released with outcome 'rejected': accepting its key later re-imports it."""
        self.db.execute(
            "INSERT INTO held_packages (file_sha256, file_name, stored_path, unit_code, "
            "unit_valid_from, period, fingerprint, held_at, released_at, outcome) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 'rejected') ON CONFLICT (file_sha256) DO UPDATE "
            "SET released_at = excluded.released_at, outcome = 'rejected'",
            _kept(row) + [now(), now()],
        )

    def refused_with(self, code: str, valid_from: str, fingerprint: str) -> list[dict]:
        """The unit's packages kept aside and refused, signed with `fingerprint`."""
        cur = self.db.execute(
            "SELECT file_sha256, file_name, stored_path, unit_code, unit_valid_from, period, "
            "fingerprint, held_at FROM held_packages WHERE released_at IS NOT NULL AND "
            "outcome = 'rejected' AND unit_code = ? AND unit_valid_from = ? AND fingerprint = ? "
            "ORDER BY held_at, file_name",
            [code, valid_from, fingerprint],
        )
        names = [d[0] for d in cur.description]
        return [dict(zip(names, r, strict=True)) for r in cur.fetchall()]

    def seen(self, code: str, valid_from: str, fingerprint: str) -> bool:
        """Did a request, a decision or a package ever name this key for this unit?"""
        return bool(
            self.db.execute(
                "SELECT 1 FROM unit_keys WHERE unit_code = ? AND unit_valid_from = ? AND "
                "fingerprint = ? UNION ALL SELECT 1 FROM held_packages WHERE unit_code = ? AND "
                "unit_valid_from = ? AND fingerprint = ? LIMIT 1",
                [code, valid_from, fingerprint] * 2,
            ).fetchone()
        )

    def kept(self, file_sha256: str) -> bool:
        """Is this file in `held_packages` (held, kept refused, or released)?"""
        return bool(
            self.db.execute(
                "SELECT 1 FROM held_packages WHERE file_sha256 = ?", [file_sha256]
            ).fetchone()
        )

    def held(self, code: str | None = None, valid_from: str | None = None) -> list[dict]:
        sql = (
            "SELECT file_sha256, file_name, stored_path, unit_code, unit_valid_from, period, "
            "fingerprint, held_at FROM held_packages WHERE released_at IS NULL"
        )
        params: list = []
        if code is not None:
            sql += " AND unit_code = ? AND unit_valid_from = ?"
            params = [code, valid_from]
        cur = self.db.execute(sql + " ORDER BY held_at, file_name", params)
        names = [d[0] for d in cur.description]
        return [dict(zip(names, r, strict=True)) for r in cur.fetchall()]

    def received_when_held(self, package_uuid: str, held_at: str) -> None:
        """The submissions a released package stored were received when the package came
        (held, or refused under another key), not when its key was accepted: its deadline
        is the unit's, the days the officer took to phone it are not (status reads
        received_at).  A later stamp only is moved back."""
        self.db.execute(
            "UPDATE submissions SET received_at = ? WHERE package_uuid = ? "
            "AND origin = 'imported' AND received_at > ?",
            [held_at, package_uuid, held_at],
        )

    def release(self, file_sha256: str, outcome: str) -> None:
        self.db.execute(
            "UPDATE held_packages SET released_at = ?, outcome = ? WHERE file_sha256 = ?",
            [now(), outcome, file_sha256],
        )
