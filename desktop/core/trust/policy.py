"""May this signer speak for this unit?  The one decision the import path asks
(exchange/service.py), after the package's signature and contents have been checked.

- counted: the key is enrolled for the unit (and was not yet replaced when it signed), or
  enrolled for a district the province has recorded as sending for this commune;
- held ("chờ xác nhận khóa"): nobody has been enrolled for the unit yet and the key is
  not enrolled elsewhere: kept aside, released when the officer decides;
- refused: anything else, with a reason naming the units and keys involved.

`signed_at` is the package's own creation time: a thief holding an old key could date a
package before the replacement (docs/trust.md, "what this does not answer").
"""

from __future__ import annotations

from desktop.core.record import record
from desktop.core.storage.trust_tables import TrustStore, UnitKey
from desktop.core.units import Unit, UnitCatalog
from desktop.core.vn_time import vn_datetime

COUNTED, HELD, REFUSED = "counted", "held", "refused"


@record
class Verdict:
    """The trust decision on a package: counted, held or refused, and why."""
    kind: str
    message: str = ""
    code: str = ""


def unit_label(units: UnitCatalog, code: str, valid_from: str) -> str:
    for u in units.versions(code):
        if u.key == (code, valid_from):
            return named(units, u)
    return f"đơn vị mã {code}"


def named(units: UnitCatalog, unit: Unit) -> str:
    """«Huyện Cao Lộc (mã 183)»; with its dates when the code names two units over time
    («Xã Đoàn Kết (mã 06001, từ 01/07/2025)»: the officer tells them apart)."""
    when = unit.validity if len(units.versions(unit.code)) > 1 else ""
    return f"{unit.name} (mã {unit.code}{', ' + when if when else ''})"


def _usable(k: UnitKey, signed_at: str) -> bool:
    return k.status == "enrolled" or (
        k.status == "replaced" and k.replaced_at is not None and signed_at < k.replaced_at
    )


_COUNTED = Verdict(COUNTED)  # the common answer, made once (a record is immutable)


def judge(store: TrustStore, units: UnitCatalog, unit: Unit, fp: str, signed_at: str) -> Verdict:
    """The unit named (`named`) only in a verdict that says something: a counted package,
    every duplicate of a re-import among them, asks nothing of the catalogue."""
    known = store.keys_with_fingerprint(fp)
    own = [k for k in known if (k.unit_code, k.unit_valid_from) == unit.key]
    for k in own:
        if k.status == "refused":
            here = named(units, unit)
            return Verdict(
                REFUSED,
                f"Gói cho {here} được ký bằng khóa {fp} mà tỉnh đã từ chối.",
                "khoa_bi_tu_choi",
            )
        if _usable(k, signed_at):
            return _COUNTED
        if k.status == "replaced":
            here = named(units, unit)
            return Verdict(
                REFUSED,
                f"Gói cho {here} được ký lúc {vn_datetime(signed_at)} bằng khóa cũ {fp}, đã được "
                f"thay từ {vn_datetime(k.replaced_at)}. Đơn vị cần gửi lại bằng khóa mới.",
                "khoa_da_thay",
            )
    for k in known:
        if k.status not in ("enrolled", "replaced") or (k.unit_code, k.unit_valid_from) == unit.key:
            continue
        other = unit_label(units, k.unit_code, k.unit_valid_from)
        delegated = store.active_delegation((k.unit_code, k.unit_valid_from), unit.key)
        if delegated and _usable(k, signed_at):
            return _COUNTED
        here = named(units, unit)
        return Verdict(
            REFUSED,
            f"Gói cho {here} được ký bằng khóa {fp} đã đăng ký cho {other}; tỉnh chưa ghi nhận "
            f"{other} được gửi thay {here}.",
            "khoa_cua_don_vi_khac",
        )
    here = named(units, unit)
    enrolled = [k for k in store.keys_of_unit(*unit.key) if k.status == "enrolled"]
    if enrolled:
        # kept aside (trust/holding.admit): accepting this key later counts it
        asked = any(k.status == "pending" for k in own)
        return Verdict(
            REFUSED,
            f"Gói cho {here} được ký bằng khóa {fp}, không phải khóa đã đăng ký của đơn vị "
            f"({enrolled[0].fingerprint}). "
            + (
                "Đơn vị đã gửi yêu cầu đăng ký khóa này: nếu tỉnh ghi nhầm dấu vân tay khi đăng "
                "ký, gọi điện xác minh rồi chấp nhận khóa này."
                if asked
                else "Nếu đơn vị đã cài lại máy, đơn vị gửi yêu cầu đăng ký khóa mới và tỉnh "
                "chấp nhận sau khi gọi điện xác minh."
            )
            + " Gói được giữ lại: khi tỉnh chấp nhận khóa này, gói được tính mà không cần gửi lại.",
            "khoa_khong_tin_cay",
        )
    pending = any(k.status == "pending" for k in own)
    return Verdict(
        HELD,
        f"Gói cho {here} được ký bằng khóa {fp} chưa được tỉnh xác nhận: giữ lại, chưa tính"
        + (
            " (đã có yêu cầu đăng ký khóa này, chờ cán bộ tỉnh chấp nhận)."
            if pending
            else ". Khi tỉnh chấp nhận khóa, gói được tính mà không cần gửi lại."
        ),
        "cho_xac_nhan_khoa",
    )
