"""Helpers for package tests: two real installations, and re-signing a changed package with
the unit's own key (a hostile unit, or a corrupted file that still carries a valid
signature), so that checks after the signature are reached."""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import json
import zipfile
from decimal import Decimal
from pathlib import Path

from desktop.core.exchange.service import export_package
from desktop.core.exchange.signing import SigningKey
from desktop.core.services import Services
from desktop.core.submission import Submission

TODAY = dt.date(2026, 11, 23)


def installation(tmp_path: Path, name: str) -> Services:
    svc = Services(db_path=tmp_path / name / "baocao.db", today=TODAY)
    svc.key_dir = tmp_path / name / "keys"
    return svc


def budget(unit: str, period: str, total: Decimal | str, spent: Decimal | str = "1000") -> Submission:
    return Submission(
        "ngan_sach",
        1,
        unit,
        period,
        values={("NS_THU", "th_ky"): Decimal(total), ("NS_CHI", "th_ky"): Decimal(spent)},
        narratives={"ket_qua": "Thu đạt khá."},
        author="Lan",
    )


def finalise(svc: Services, sub: Submission):
    report = svc.validate(sub)
    assert report.ok, [i.render() for i in report.issues]
    return svc.save_entry(report, final=True, actor="Lan")


def export(svc: Services, unit: str, period: str, out: Path) -> Path:
    return export_package(svc, unit_code=unit, period_text=period, form_ids=["ngan_sach"], out=out)[0]


def members(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as zf:
        return {n: zf.read(n) for n in zf.namelist()}


def zip_members(items: list[tuple[str, bytes]]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        for name, data in items:
            zf.writestr(name, data)
    return buf.getvalue()


def resign(src: Path, dst: Path, key_dir: Path, *, manifest=None, data=None, raw_data=None) -> Path:
    """Change the manifest (dict → dict or bytes) and/or the payload, then sign it again properly."""
    m = members(src)
    payload = m["data.json"]
    if data is not None:
        payload = json.dumps(data(json.loads(payload)), ensure_ascii=False).encode()
    if raw_data is not None:
        payload = raw_data(payload)
    man = json.loads(m["manifest.json"])
    man["payload_sha256"] = hashlib.sha256(payload).hexdigest()
    changed = manifest(man) if manifest else man
    # a callable may return bytes: JSON literals a dict cannot hold (1e-999999999 …)
    manifest_bytes = changed if isinstance(changed, bytes) else json.dumps(changed, ensure_ascii=False).encode()
    key = SigningKey.load_or_create(key_dir)
    signature = json.dumps(
        {"algorithm": "ed25519", "public_key": key.public_b64, "signature": key.sign(manifest_bytes)}
    ).encode()
    dst.write_bytes(
        zip_members([("manifest.json", manifest_bytes), ("data.json", payload), ("signature.json", signature)])
    )
    return dst


def enrol(province: Services, unit_svc: Services, code: str, period: str) -> None:
    """The province accepts the unit installation's key for unit `code` (key enrolment);
    before enrolment existed, a key was trusted on first use and nothing is needed."""
    try:
        from desktop.core.trust.enrolment import accept_key
    except ImportError:
        return
    from desktop.core.periods import Period

    unit = province.units.for_period(code, Period.parse(period))
    accept_key(province, unit, SigningKey.load_or_create(unit_svc.key_dir).fingerprint, actor="test")
