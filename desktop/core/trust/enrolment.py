"""Enrolment: an installation's key is bound to its unit when the province accepts it.

Unit side: `write_request` (first run, or a new computer) writes a signed request file
(unit, person, fingerprint) that travels like a package; `import_decision` reads the
province's answer and pins the province's key.  Province side: `receive_request` lists it
as pending; the officer reads the fingerprint back over the phone, then `accept_key` or
`refuse_key`.  Accepting a new key for a unit that had one marks the old key replaced
from a date.  Every decision is written to the trust log and releases the unit's held
packages (trust/holding.py).  What the officer is told around a decision is trust/notices.py.
"""

from __future__ import annotations

import datetime as dt
import logging
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict

from desktop import __version__
from desktop.core.errors import BaoCaoError, NotFoundError
from desktop.core.exchange.signing import SigningKey
from desktop.core.periods import Period
from desktop.core.record import record
from desktop.core.storage.database import transaction
from desktop.core.storage.trust_tables import TrustStore, now
from desktop.core.trust.envelope import open_sealed, write_sealed
from desktop.core.trust.holding import release_held
from desktop.core.trust.notices import held_for_others, replacing, unseen  # noqa: F401 — offered here too
from desktop.core.trust.policy import unit_label
from desktop.core.units import Unit, UnitCatalog
from desktop.core.vn_time import vn_datetime

REQUEST_EXTENSION = ".baocao-dangky"
DECISION_EXTENSION = ".baocao-xacnhan"
log = logging.getLogger(__name__)


class _Body(BaseModel):
    """Strict like the package manifest: "1" is not a revision, true is not a number."""

    model_config = ConfigDict(frozen=True, extra="forbid", strict=True)


class UnitRef(_Body):
    code: str
    name: str
    valid_from: str = ""


class EnrolmentRequest(_Body):
    kind: Literal["enrolment-request"] = "enrolment-request"
    unit: UnitRef
    person: str
    fingerprint: str
    created_at: str
    app_version: str


class EnrolmentDecision(_Body):
    kind: Literal["enrolment-decision"] = "enrolment-decision"
    decision: Literal["accepted", "refused"]
    unit: UnitRef
    fingerprint: str
    decided_at: str
    decided_by: str | None = None
    reason: str = ""


def unit_ref(unit: Unit) -> UnitRef:
    return UnitRef(code=unit.code, name=unit.name, valid_from=unit.key[1])


def find_unit(units: UnitCatalog, code: str, valid_from: str) -> Unit:
    for u in units.all():
        if u.key == (code, valid_from):
            return u
    raise NotFoundError(f"Không có đơn vị mã {code} trong danh mục.", code="don_vi_khong_co")


def resolve_unit(
    store: TrustStore,
    units: UnitCatalog,
    code: str,
    fp: str | None,
    *,
    period: str | None = None,
    as_of: dt.date | None = None,
    today: dt.date,
) -> Unit:
    """The unit a decision is about: that of the period or day given; else that of this
    key's request or held packages (so a unit that existed in a package's period, such as
    Huyện Cao Lộc in 2023, can be decided in 2026); else the unit of that code today."""
    if period:
        return units.for_period(code, Period.parse(period))
    if as_of:
        return units.get(code, as_of)
    if fp:
        seen = [(k.unit_code, k.unit_valid_from) for k in store.keys_with_fingerprint(fp)]
        seen += [
            (h["unit_code"], h["unit_valid_from"]) for h in store.held() if h["fingerprint"] == fp
        ]
        for c, vf in seen:
            if c == code:
                return find_unit(units, c, vf)
    return units.get(code, today)


def write_request(key: SigningKey, unit: Unit, person: str, out) -> object:
    if not person.strip():
        raise BaoCaoError("Cần tên người gửi yêu cầu đăng ký khóa.", code="thieu_ten")
    body = EnrolmentRequest(
        unit=unit_ref(unit),
        person=person.strip(),
        fingerprint=key.fingerprint,
        created_at=now(),
        app_version=__version__,
    )
    return write_sealed(body, key, out)


def receive_request(db, units: UnitCatalog, path, *, actor: str | None = None) -> EnrolmentRequest:
    """Record a unit's request as pending (idempotent).  Nothing is counted until accepted."""
    body, signer, public = open_sealed(path, EnrolmentRequest)
    if body.fingerprint != signer:
        raise BaoCaoError(
            f"Tệp «{path.name}»: dấu vân tay ghi trong yêu cầu ({body.fingerprint}) khác khóa đã ký ({signer}).",
            code="van_tay_khong_khop",
        )
    try:
        unit = find_unit(units, body.unit.code, body.unit.valid_from)
    except NotFoundError as exc:
        raise exc.of_file(path.name) from None
    store = TrustStore(db)
    current = {k.fingerprint: k.status for k in store.keys_of_unit(*unit.key)}
    with transaction(db):
        if current.get(signer) is None:
            store.upsert_key(
                *unit.key,
                signer,
                status="pending",
                public_key=public,
                person=body.person,
                requested_at=body.created_at,
            )
            store.log(
                "request",
                f"{unit_label(units, *unit.key)} yêu cầu đăng ký khóa (người gửi: {body.person}).",
                actor=actor,
                unit_code=unit.code,
                fingerprint=signer,
            )
    return body


@record
class Received:
    """What one request file gave: `request` when recorded, else `message` says why not."""

    file: str
    request: EnrolmentRequest | None
    message: str


def receive_requests(db, units: UnitCatalog, files, *, actor: str | None = None) -> list[Received]:
    """Each file on its own, as `package import` does: a file that cannot be read, is
    forged or names an unknown unit is refused with its reason, the others are recorded."""
    results = []
    for path in map(Path, files):
        try:
            body = receive_request(db, units, path, actor=actor)
        except BaoCaoError as exc:
            results.append(Received(path.name, None, exc.message))
        except Exception as exc:  # noqa: BLE001 — one bad file never ends the batch
            log.exception("Nhận yêu cầu đăng ký khóa «%s» thất bại ngoài dự kiến", path)
            why = f"lỗi không mong đợi ({type(exc).__name__}), chi tiết ở tệp nhật ký"
            results.append(Received(path.name, None, f"Tệp «{path.name}» không nhận: {why}."))
        else:
            results.append(Received(path.name, body, ""))
    return results


def accept_key(
    svc, unit: Unit, fp: str, *, actor: str | None = None, replace_from: str | None = None
) -> list:
    """The officer's explicit acceptance of key `fp` for `unit`; returns what the release
    of the unit's held packages gave (those an older version left in quarantine included)."""
    store = TrustStore(svc.db)
    label = unit_label(svc.units, *unit.key)
    for k in store.keys_with_fingerprint(fp):
        if k.status == "enrolled" and (k.unit_code, k.unit_valid_from) != unit.key:
            raise BaoCaoError(
                f"Khóa {fp} đã đăng ký cho {unit_label(svc.units, k.unit_code, k.unit_valid_from)}; "
                f"một khóa chỉ đăng ký cho một đơn vị. Nếu huyện gửi thay xã, hãy ghi nhận ủy quyền.",
                code="khoa_da_dang_ky_cho_don_vi_khac",
            )
    from desktop.core.exchange.held_quarantine import keep_quarantined

    # refused under a wrong key by a version that left them only in quarantine/: kept now as
    # such refusals are kept, so that release_held below re-imports them with the others
    keep_quarantined(svc.db, svc.db_path, unit.key, fp)
    since = replace_from or now()
    with transaction(svc.db):
        for k in store.keys_of_unit(*unit.key):
            if k.status == "enrolled" and k.fingerprint != fp:
                store.mark_replaced(k.id, since)
                store.log(
                    "replace",
                    f"Khóa cũ của {label} được thay từ {vn_datetime(since)}.",
                    actor=actor,
                    unit_code=unit.code,
                    fingerprint=k.fingerprint,
                )
        store.upsert_key(*unit.key, fp, status="enrolled", decided_by=actor)
        store.log(
            "accept",
            f"Chấp nhận khóa của {label}.",
            actor=actor,
            unit_code=unit.code,
            fingerprint=fp,
        )
    return release_held(svc, unit.key, actor=actor, accepted=fp)


def refuse_key(svc, unit: Unit, fp: str, *, actor: str | None = None, reason: str = "") -> list:
    """Refuse `fp` for the unit, with the officer's reason (required: kept with the key,
    which `keys list` shows, written in the trust log's sentence, and sent to the unit)."""
    reason = reason.strip()
    if not reason:
        raise BaoCaoError(
            "Cần ghi lý do từ chối khóa (ghi vào nhật ký tin cậy và báo cho đơn vị).",
            code="thieu_ly_do",
        )
    store = TrustStore(svc.db)
    if any(
        k.status == "enrolled"
        for k in store.keys_with_fingerprint(fp)
        if (k.unit_code, k.unit_valid_from) == unit.key
    ):
        raise BaoCaoError(
            f"Khóa {fp} đang là khóa đã đăng ký của {unit_label(svc.units, *unit.key)}; "
            "hãy chấp nhận khóa mới để thay nó.",
            code="khong_tu_choi_khoa_dang_dung",
        )
    with transaction(svc.db):
        store.upsert_key(*unit.key, fp, status="refused", decided_by=actor, reason=reason)
        store.log(
            "refuse",
            f"Từ chối khóa cho {unit_label(svc.units, *unit.key)}: {reason}",
            actor=actor,
            unit_code=unit.code,
            fingerprint=fp,
        )
    return release_held(svc, unit.key, actor=actor)


def write_decision(
    key: SigningKey,
    unit: Unit,
    fp: str,
    decision: str,
    out,
    *,
    actor: str | None = None,
    reason: str = "",
):
    """The signed answer the unit imports; it carries the province's key to pin."""
    body = EnrolmentDecision(
        decision=decision,
        unit=unit_ref(unit),
        fingerprint=fp,
        decided_at=now(),
        decided_by=actor,
        reason=reason,
    )
    return write_sealed(body, key, out)


def pin_province(
    store: TrustStore,
    signer: str,
    public: str,
    *,
    name: str,
    expect: str | None = None,
    actor: str | None = None,
) -> None:
    """Pin the province's key the first time; any other key afterwards is refused."""
    pinned = store.province_pin()
    if expect and expect != signer:
        raise BaoCaoError(
            f"Tệp «{name}» được ký bằng khóa {signer}, không phải khóa tỉnh đã đọc qua điện thoại ({expect}).",
            code="khoa_tinh_sai",
        )
    if pinned and pinned[0] != signer:
        raise BaoCaoError(
            f"Tệp «{name}» được ký bằng khóa {signer}, không phải khóa của tỉnh đã ghi nhận ({pinned[0]}). "
            "Không nhận; hãy gọi điện cho văn phòng tỉnh.",
            code="khoa_tinh_sai",
        )
    if not pinned:
        store.pin_province(signer, public)
        store.log("pin-province", "Ghi nhận khóa của tỉnh.", actor=actor, fingerprint=signer)


def import_decision(
    db, own_fp: str, path, *, expect: str | None = None, actor: str | None = None
) -> EnrolmentDecision:
    """Unit side: read the province's decision on this installation's key."""
    body, signer, public = open_sealed(path, EnrolmentDecision)
    if body.fingerprint != own_fp:
        raise BaoCaoError(
            f"Tệp «{path.name}» là quyết định cho khóa {body.fingerprint}, không phải khóa của máy "
            f"này ({own_fp}). Có thể tỉnh đã ghi nhầm dấu vân tay khi đăng ký: hãy gọi điện cho "
            "văn phòng tỉnh, đọc lại dấu vân tay của máy này để tỉnh đăng ký đúng khóa.",
            code="quyet_dinh_cho_khoa_khac",
        )
    store = TrustStore(db)
    with transaction(db):
        pin_province(store, signer, public, name=path.name, expect=expect, actor=actor)
        word = "chấp nhận" if body.decision == "accepted" else "từ chối"
        store.log(
            f"decision-{body.decision}",
            f"Tỉnh đã {word} khóa của {body.unit.name}"
            + (f": {body.reason}" if body.reason else "."),
            actor=actor,
            unit_code=body.unit.code,
            fingerprint=own_fp,
        )
    return body
