"""Delegations: a district that sends the packages of one of its communes, signed with
the district's own enrolled key.  Explicit (recorded by the officer), listed, revocable;
without one, such a package is refused (trust/policy.py).
"""

from __future__ import annotations

import datetime as dt

from desktop.core.errors import BaoCaoError
from desktop.core.storage.database import transaction
from desktop.core.storage.trust_tables import TrustStore
from desktop.core.trust.policy import unit_label
from desktop.core.units import UnitCatalog


def _pair(units: UnitCatalog, district_code: str, commune_code: str, on: dt.date):
    district, commune = units.get(district_code, on), units.get(commune_code, on)
    if (
        district.level != "district"
        or commune.level != "commune"
        or commune.parent_code != district.code
    ):
        raise BaoCaoError(
            f"{commune.name} (mã {commune.code}) không phải xã thuộc {district.name} "
            f"(mã {district.code}) vào ngày {on:%d/%m/%Y}: không ghi nhận ủy quyền.",
            code="uy_quyen_sai",
        )
    return district, commune


def change_delegation(
    db,
    units: UnitCatalog,
    district_code: str,
    commune_code: str,
    *,
    on: dt.date,
    actor: str | None = None,
    revoke: bool = False,
) -> str:
    """Record (or, with `revoke`, revoke) that the district sends for its commune; logged.
    Recording one already active changes nothing; revoking one that is not raises."""
    district, commune = _pair(units, district_code, commune_code, on)
    store = TrustStore(db)
    sends = "gửi thay" if revoke else "được gửi thay"
    text = f"{unit_label(units, *district.key)} {sends} {unit_label(units, *commune.key)}"
    found = store.active_delegation(district.key, commune.key)
    if revoke and not found:
        raise BaoCaoError(f"Không có ủy quyền đang hiệu lực: {text}.", code="khong_co_uy_quyen")
    if not revoke and found:
        return f"Đã có ủy quyền: {text}."
    with transaction(db):
        if revoke:
            store.revoke_delegation(found, actor)
            store.log(
                "revoke-delegation",
                f"Thu hồi ủy quyền: {text}.",
                actor=actor,
                unit_code=commune.code,
            )
        else:
            store.add_delegation(district.key, commune.key, actor)
            store.log("delegate", text + ".", actor=actor, unit_code=commune.code)
    return f"Đã thu hồi ủy quyền: {text}." if revoke else f"Đã ghi nhận ủy quyền: {text}."
