"""The province's key screen, as data: every unit whose signing key is pinned here, with
its fingerprint, how it came to be trusted, when it was first seen and the last package
that arrived; and the one action the officer takes on a key (`confirm_key`).

The screen (desktop/gui/pages/keys_page.py) and `baocao keys` read the same rows.  The
rule behind `confirm_key` belongs to the trust work (issue 12): today it pins the key as
verified by the officer (replacing any other key of the unit), as `baocao keys trust`
does; that rule can change behind this one function without touching the screen.
"""

from __future__ import annotations

from dataclasses import dataclass

from desktop.core.exchange.signing import normalise_fingerprint
from desktop.core.storage.exchange_tables import ImportLog, KeyStore

HOW = {"tofu": "tự ghi nhận ở gói đầu tiên", "manual": "đã xác minh"}
IMPORT_HISTORY = 20000  # import log rows scanned for first/last package (a province's years)


@dataclass(frozen=True)
class KeyRow:
    unit_code: str
    unit_valid_from: str
    unit_name: str
    fingerprint: str
    how: str  # HOW[source]
    verified: bool  # confirmed by an officer (not only pinned on first use)
    trusted_at: str  # when the key was pinned or last confirmed
    first_seen: str | None  # the first package that arrived from the unit
    last_package: str | None  # file name of the newest package from the unit
    last_at: str | None
    last_outcome: str | None


def _names(units) -> dict[tuple[str, str], str]:
    return {u.key: u.name for u in units.all()}


def unit_keys(db, units) -> list[KeyRow]:
    """Pinned keys, one row per unit, in unit-code order."""
    names = _names(units)
    imports = ImportLog(db).recent(IMPORT_HISTORY)  # newest first
    rows = []
    for k in KeyStore(db).all():
        mine = [r for r in imports if r.unit_code == k.unit_code]
        first, last = (mine[-1], mine[0]) if mine else (None, None)
        rows.append(
            KeyRow(
                unit_code=k.unit_code,
                unit_valid_from=k.unit_valid_from,
                unit_name=names.get((k.unit_code, k.unit_valid_from), k.unit_code),
                fingerprint=k.fingerprint,
                how=HOW.get(k.source, k.source),
                verified=k.source == "manual",
                trusted_at=k.trusted_at,
                first_seen=first.at if first else None,
                last_package=last.file_name if last else None,
                last_at=last.at if last else None,
                last_outcome=last.message if last else None,
            )
        )
    return rows


def confirm_key(svc, unit_code: str, unit_valid_from: str, fingerprint: str, *, actor=None) -> str:
    """The officer read `fingerprint` back with the unit (by phone): trust it for the unit.
    The same fingerprint confirms the pinned key; another one replaces it.  Returns what
    was done, in Vietnamese.  A malformed fingerprint raises `BaoCaoError` (nothing changes)."""
    fp = normalise_fingerprint(fingerprint)
    store = KeyStore(svc.db)
    old = store.get(unit_code, unit_valid_from)
    name = _names(svc.units).get((unit_code, unit_valid_from), unit_code)
    with svc.repo.transaction():
        store.pin(unit_code, unit_valid_from, fp, None, source="manual", actor=actor)
    # the enrolment that imports obey (issue 12): releases the unit's held packages
    from desktop.core.trust.enrolment import accept_key, find_unit

    accept_key(svc, find_unit(svc.units, unit_code, unit_valid_from), fp, actor=actor)
    if old is not None and old.fingerprint != fp:
        return f"Đã thay khóa của {name}: {old.fingerprint} → {fp}."
    return f"Đã xác nhận khóa {fp} của {name}."
