"""The province's key screen, as data: every key a unit presented here (`unit_keys` in the
trust tables, issue 12) with its state — waiting for the officer, enrolled, refused,
replaced — the packages held until a key is decided, when the unit was first seen and
the last package that arrived; and the officer's one action on a key (`confirm_key`).

The screen (desktop/gui/pages/keys_page.py) and `baocao keys list` read the same rows, and
imports obey the same table (core/trust/policy.py).  A package signed by a key nobody
asked to enrol yet is shown as its own row, «chưa đăng ký», with the packages held for it.
"""

from __future__ import annotations

from desktop.core.record import record
from desktop.core.storage.exchange_tables import ImportLog
from desktop.core.storage.trust_tables import TrustStore

KEY_STATES = {
    "pending": "chờ xác nhận",
    "enrolled": "đã đăng ký",
    "refused": "bị từ chối",
    "replaced": "đã thay",
    "unknown": "chưa đăng ký",  # only seen on held packages, no request yet
}
IMPORT_HISTORY = 20000  # import log rows scanned for first/last package (a province's years)


@record
class KeyRow:
    """One unit key as the province's key list shows it."""
    unit_code: str
    unit_valid_from: str
    unit_name: str
    fingerprint: str
    status: str  # KEY_STATES
    person: str | None  # who asked for the enrolment
    decided_at: str | None  # when the officer accepted / refused (or the request came)
    decided_by: str | None
    replaced_at: str | None
    held: int  # packages signed with this key held for the unit, not counted yet
    first_seen: str | None  # the first package that arrived from the unit
    last_package: str | None  # file name of the newest package from the unit
    last_at: str | None
    last_outcome: str | None
    reason: str = ""  # why the officer refused it (a refused key)

    @property
    def state(self) -> str:
        """«đã đăng ký», or «đã thay từ 01/12/2026 01:55» on the office clock (Vietnam
        time): the stored UTC stamp's own date was shown, «2026-11-30», a day early
        before 07:00 and in no Vietnamese way."""
        from desktop.core.vn_time import vn_datetime

        return KEY_STATES[self.status] + (
            f" từ {vn_datetime(self.replaced_at)}" if self.replaced_at else ""
        )

    @property
    def verified(self) -> bool:
        return self.status == "enrolled"


def _name(units, unit) -> str:
    """The unit's name, with its dates when its code names two units over time (reused
    after 1/7/2025): «Xã Đoàn Kết (từ 01/07/2025)» beside «Xã Đoàn Kết (đến 30/06/2025)»."""
    reused = len(units.versions(unit.code)) > 1 and unit.validity
    return f"{unit.name} ({unit.validity})" if reused else unit.name


def unit_named(units, code: str, valid_from: str) -> str:
    """A unit key's unit as the key screen names it, beside its code in a column of its own:
    «Xã Đoàn Kết (từ 01/07/2025)» for a reused code, the name alone otherwise; the code for a
    unit the catalog does not have."""
    unit = next((u for u in units.versions(code) if u.key[1] == valid_from), None)
    return _name(units, unit) if unit is not None else code


def unit_shown(units, code: str | None, period: str | None, name: str | None) -> str:
    """A package's unit as the inbox shows it: `name` (the one the package gave), with its
    dates when `code` names two units over time and `period` says which («Xã Đoàn Kết (đến
    30/06/2025)»), as the key screen names it; "" for a file whose unit is not known."""
    if not code or len(units.versions(code)) < 2:
        return name or ""
    valid_from = _unit_of(units, code, period)
    unit = next((u for u in units.versions(code) if u.key[1] == valid_from), None)
    return _name(units, unit) if unit is not None else name or ""


def _unit_of(units, code: str, period: str | None) -> str | None:
    """valid_from of the unit `code` names in `period` (an import log row's), or None."""
    from desktop.core.errors import BaoCaoError
    from desktop.core.periods import Period

    try:
        return units.for_period(code, Period.parse(period)).key[1] if period else None
    except BaoCaoError:
        return None


def unit_keys(db, units) -> list[KeyRow]:
    """Every key presented for a unit, and every unknown key packages are held for, in
    unit-code order (a unit's keys oldest first)."""
    names = {u.key: _name(units, u) for u in units.all()}
    store = TrustStore(db)
    held = store.held()
    imports = ImportLog(db).recent(IMPORT_HISTORY)  # newest first

    def row(code, valid_from, fp, status, person=None, at=None, by=None, replaced=None, why=""):
        mine = [r for r in imports if r.unit_code == code]
        if len(units.versions(code)) > 1:  # a reused code: the packages of this unit's time
            mine = [r for r in mine if _unit_of(units, code, r.period) == valid_from]
        first, last = (mine[-1], mine[0]) if mine else (None, None)
        return KeyRow(
            unit_code=code,
            unit_valid_from=valid_from,
            unit_name=names.get((code, valid_from), code),
            fingerprint=fp,
            status=status,
            person=person,
            decided_at=at,
            decided_by=by,
            replaced_at=replaced,
            held=sum(
                1
                for h in held
                if (h["unit_code"], h["unit_valid_from"], h["fingerprint"])
                == (code, valid_from, fp)
            ),
            first_seen=first.at if first else None,
            last_package=last.file_name if last else None,
            last_at=last.at if last else None,
            last_outcome=last.message if last else None,
            reason=why,
        )

    rows = [
        row(
            k.unit_code,
            k.unit_valid_from,
            k.fingerprint,
            k.status,
            k.person,
            k.decided_at or k.requested_at,
            k.decided_by,
            k.replaced_at,
            k.reason,
        )
        for k in store.keys()
    ]
    known = {(r.unit_code, r.unit_valid_from, r.fingerprint) for r in rows}
    for h in held:
        key = (h["unit_code"], h["unit_valid_from"], h["fingerprint"])
        if key not in known:
            known.add(key)
            rows.append(row(*key, "unknown", at=h["held_at"]))
    return sorted(rows, key=lambda r: (r.unit_code, r.unit_valid_from))


def confirm_key(svc, unit_code: str, unit_valid_from: str, fingerprint: str, *, actor=None) -> str:
    """The officer read `fingerprint` back with the unit (by phone): enrol it for the unit,
    as `baocao keys trust` does — the unit's held packages are counted (or refused) at once;
    another key enrolled for the unit is marked replaced from now.  Returns what was done, in
    Vietnamese.  A malformed fingerprint, or one enrolled for another unit, raises
    `BaoCaoError` (nothing changes)."""
    from desktop.core.exchange.signing import normalise_fingerprint  # an action loads it
    from desktop.core.trust.enrolment import accept_key, find_unit, held_for_others, unseen

    fp = normalise_fingerprint(fingerprint)
    unit = find_unit(svc.units, unit_code, unit_valid_from)
    note = unseen(svc.db, svc.units, unit.key, fp, db_path=svc.db_path)
    before = [
        k.fingerprint
        for k in TrustStore(svc.db).keys_of_unit(unit_code, unit_valid_from)
        if k.status == "enrolled"
    ]
    results = accept_key(svc, unit, fp, actor=actor)
    counted = sum(1 for r in results if r.outcome not in ("rejected", "held"))
    refused = sum(1 for r in results if r.outcome == "rejected")
    text = (
        f"Đã thay khóa của {unit.name}: {', '.join(before)} → {fp}."
        if before and before != [fp]
        else f"Đã xác nhận khóa {fp} của {unit.name}."
    )
    if results:
        text += (
            f" Gói đang giữ hoặc trước đã bị từ chối vì ký bằng khóa này: {counted} đã tính, "
            f"{refused} bị từ chối."
        )
    if elsewhere := held_for_others(svc.db, svc.units, unit.key, fp):
        text += f" Lưu ý: {elsewhere}"
    return f"{text} Cảnh báo: {note}" if note else text


def refuse_key_of(
    svc, unit_code: str, unit_valid_from: str, fingerprint: str, reason: str, *, actor=None
) -> str:
    """The officer refuses the key `fingerprint` presented for the unit (not the unit's
    machine, by the phone call), as `baocao keys refuse`: written to the trust log with the
    reason (required); the packages held for it are refused.  An empty reason, or the unit's
    enrolled key, raises `BaoCaoError` (nothing changes).  Returns what was done, in Vietnamese."""
    from desktop.core.exchange.signing import normalise_fingerprint
    from desktop.core.trust.enrolment import find_unit, refuse_key

    fp = normalise_fingerprint(fingerprint)
    unit = find_unit(svc.units, unit_code, unit_valid_from)
    results = refuse_key(svc, unit, fp, actor=actor, reason=reason.strip())
    refused = sum(1 for r in results if r.outcome == "rejected")
    text = f"Đã từ chối khóa {fp} của {unit.name} (lý do: {reason.strip()})."
    return text + (f" Gói đang giữ bị từ chối: {refused}." if refused else "")
