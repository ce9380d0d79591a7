"""Packages held until their signer's key is decided ("chờ xác nhận khóa").

A held package is copied to `held/<first 12 of its SHA-256>/<its name>` beside the
database and listed in `held_packages`; nothing of it is counted.  When the officer
accepts or refuses a key, every held package of that unit goes through the import again
(`release_held`): counted now, still held, or refused and quarantined.  Nothing is dropped.

A package refused because the unit has another key enrolled (`khoa_khong_tin_cay`: most
often a fingerprint mistyped at enrolment) is kept the same way, as released 'rejected';
when the officer later accepts the key that signed it, it goes through the import again
with the held ones (one route): counted without being sent again.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from desktop.core.errors import StorageError
from desktop.core.storage.database import transaction
from desktop.core.storage.exchange_tables import ImportLog
from desktop.core.storage.trust_tables import TrustStore
from desktop.core.trust.policy import HELD, REFUSED, Verdict, judge

KEPT_REFUSALS = ("khoa_khong_tin_cay",)  # refusals a later acceptance of the signer undoes
STORED = ("new", "new_revision", "older_revision")  # a release that stored its forms


def admit(
    svc, path: Path, digest: str, pkg, unit, period, *, trust=None
) -> tuple[Verdict, tuple | None]:
    """The import path's one question about the signer (exchange/service.py): counted,
    refused (the caller quarantines), or held here; with the «held» row for the import
    log, which the caller writes with its batch's others (ImportLog.row; None unless
    held).  `trust` reads the key tables as `judge` does (exchange/known.py: once per
    batch); by default the tables themselves."""
    m = pkg.manifest
    fp = pkg.signer_fingerprint
    verdict = judge(trust or TrustStore(svc.db), svc.units, unit, fp, m.created_at)
    if verdict.kind == REFUSED and verdict.code in KEPT_REFUSALS:
        hold_package(
            svc.db,
            svc.db_path,
            path,
            digest,
            unit_key=unit.key,
            period=str(period),
            fp=fp,
            refused=True,
        )
    if verdict.kind == HELD:
        hold_package(
            svc.db, svc.db_path, path, digest, unit_key=unit.key, period=str(period), fp=fp
        )
        return verdict, ImportLog.row(
            file_name=Path(path).name,
            file_sha256=digest,
            outcome="held",
            message=verdict.message,
            package_uuid=m.package_uuid,
            unit_code=unit.code,
            period=str(period),
        )
    return verdict, None


def held_dir(db_path: Path) -> Path:
    return Path(db_path).parent / "held"


def hold_package(
    db,
    db_path: Path,
    path: Path,
    digest: str,
    *,
    unit_key: tuple[str, str],
    period: str,
    fp: str,
    refused: bool = False,
    name: str | None = None,
) -> str:
    """Copy the file aside and record it (idempotent), held or (`refused`) kept as
    refused, under `name` (default: the file's own name); returns where it is kept."""
    name = name or Path(path).name
    target = held_dir(db_path) / digest[:12] / name
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        if Path(path).resolve() != target.resolve():
            shutil.copyfile(path, target)
    except OSError as exc:
        raise StorageError(
            f"Không giữ lại được gói «{name}» vào «{target.parent}»: {exc.strerror or exc}.",
            code="khong_giu_duoc_goi",
        ) from exc
    store = TrustStore(db)
    with transaction(db):
        (store.keep_refused if refused else store.hold)(
            {
                "file_sha256": digest,
                "file_name": name,
                "stored_path": str(target),
                "unit_code": unit_key[0],
                "unit_valid_from": unit_key[1],
                "period": period,
                "fingerprint": fp,
            }
        )
    return str(target)


def release_held(
    svc, unit_key: tuple[str, str], *, actor: str | None = None, accepted: str | None = None
) -> list:
    """Import again every package held for this unit, and when key `accepted` was just
    accepted, the unit's packages refused for being signed with it while another key was
    enrolled; returns the import results."""
    from desktop.core.exchange.service import import_one

    store = TrustStore(svc.db)
    rows = store.held(*unit_key) + (store.refused_with(*unit_key, accepted) if accepted else [])
    results = []
    for row in rows:
        result = import_one(svc, Path(row["stored_path"]), actor=actor)
        results.append(result)
        if result.outcome != "held":
            # refused again though signed with the key just accepted: for what it holds
            # (figures, form), not for its signer; a later acceptance does not re-import it
            again = result.outcome == "rejected" and accepted == row["fingerprint"]
            with transaction(svc.db):
                store.release(row["file_sha256"], "rejected_content" if again else result.outcome)
                if result.package_uuid and result.outcome in STORED:
                    store.received_when_held(result.package_uuid, row["held_at"])
    return results
