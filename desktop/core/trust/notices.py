"""What the officer is told around a key decision, beside trust/enrolment.py's decisions:
before accepting, that the unit's enrolled key would be replaced (`replacing`) or that no
request and no package ever named the key typed (`unseen`: a fingerprint misread?); after
accepting, which packages signed with it are still held for another unit (`held_for_others`).
Each is a sentence in Vietnamese, or "" when there is nothing to say; none refuses anything.
"""

from __future__ import annotations

from desktop.core.periods import Period
from desktop.core.storage.trust_tables import TrustStore
from desktop.core.trust.policy import unit_label
from desktop.core.units import UnitCatalog
from desktop.core.vn_time import vn_datetime


def replacing(db, units: UnitCatalog, unit_key: tuple[str, str], fingerprint: str) -> str:
    """What accepting `fingerprint` for the unit would replace, said before the officer
    decides: «Sở Y tế đang dùng khóa CC84-… (đăng ký 30/11/2026 22:08): chấp nhận là thay
    khóa …»; "" for a unit's first key.  A request from a new computer and an impostor's look
    alike — the officer must know a key is already enrolled (accept_key replaces it)."""
    old = [
        k
        for k in TrustStore(db).keys_of_unit(*unit_key)
        if k.status == "enrolled" and k.fingerprint != fingerprint
    ]
    if not old:
        return ""
    k = old[-1]
    when = f" (đăng ký {vn_datetime(k.decided_at)})" if k.decided_at else ""
    return (
        f"{unit_label(units, *unit_key)} đang dùng khóa {k.fingerprint}{when}: chấp nhận yêu "
        "cầu này là thay khóa, gói ký bằng khóa cũ từ nay bị từ chối. Chỉ chấp nhận khi đơn vị "
        "xác nhận đã đổi máy hoặc cài lại."
    )


def unseen(
    db, units: UnitCatalog, unit_key: tuple[str, str], fingerprint: str, *, db_path=None
) -> str:
    """A warning, said before enrolling, when no request and no package of the unit ever
    named this key (a fingerprint mistyped?); "" otherwise.  Not a refusal: a key may be
    enrolled before the unit's first package.  With `db_path`, a package an older version
    refused and left in the quarantine beside it names the key too (exchange/held_quarantine)."""
    from desktop.core.exchange.held_quarantine import named_in_quarantine

    if TrustStore(db).seen(*unit_key, fingerprint) or (
        db_path is not None and named_in_quarantine(db, db_path, unit_key, fingerprint)
    ):
        return ""
    waiting = [
        f"{k.fingerprint}" + (f" (người gửi {k.person})" if k.person else "")
        for k in TrustStore(db).keys_of_unit(*unit_key)
        if k.status == "pending" and k.fingerprint != fingerprint
    ]
    return (
        f"Chưa từng nhận yêu cầu hay gói nào ký bằng khóa {fingerprint} của đơn vị "
        f"{unit_label(units, *unit_key)}; kiểm tra lại dấu vân tay."
        + (f" Yêu cầu đang chờ của đơn vị: khóa {', '.join(waiting)}." if waiting else "")
    )


def held_for_others(db, units: UnitCatalog, unit_key: tuple[str, str], fingerprint: str) -> str:
    """Said after accepting `fingerprint` for the unit: packages signed with it still held
    for another unit (most often the other unit of a code reused after 1/7/2025, whose
    label alone looked the same), which this acceptance did not count; "" when none."""
    by_unit: dict[tuple[str, str], set[str]] = {}
    for h in TrustStore(db).held():
        where = (h["unit_code"], h["unit_valid_from"])
        if h["fingerprint"] == fingerprint and where != unit_key:
            by_unit.setdefault(where, set()).add(h["period"])
    if not by_unit:
        return ""
    parts = [
        f"{unit_label(units, *where)} ({', '.join(Period.parse(p).label for p in sorted(periods))})"
        for where, periods in sorted(by_unit.items())
    ]
    return (
        f"Gói ký bằng khóa này cho đơn vị khác vẫn đang giữ, chưa tính: {'; '.join(parts)}. "
        f"Khóa vừa chấp nhận chỉ dùng cho {unit_label(units, *unit_key)}."
    )
