"""Packages refused for their signer's key that an older BaoCao left only in `quarantine/`
beside the database, found again when the officer enrols that key.

Since 765c028 a package refused because its unit has another key enrolled (most often a
fingerprint mistyped at enrolment) is kept in `held/` and listed in `held_packages`, and
accepting the key that signed it re-imports it (trust/holding.release_held).  Before, such
a package was only copied to `quarantine/<time>_<8 of its SHA-256>_<name>` with a
`.ly-do.txt` beside it: the corrected enrolment could not find it, and the officer had to
import it again by hand.  When a key is accepted (trust/enrolment.accept_key), the
quarantine copies whose signature verifies, signed with that key and naming that unit,
neither kept in `held_packages` already nor counted before, are kept the way a refusal is
kept now (`hold_package(refused=True)`) and so go through the one re-import route with the
others: all-or-nothing per package, the outcome a fresh import would give.
"""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

from desktop.core.errors import BaoCaoError
from desktop.core.exchange.package import MAX_PACKAGE_BYTES, open_package
from desktop.core.periods import Period
from desktop.core.record import record
from desktop.core.storage.exchange_tables import ImportLog
from desktop.core.storage.trust_tables import TrustStore

REASON_SUFFIX = ".ly-do.txt"  # the refusal's reason beside each quarantined copy
_COPY_NAME = re.compile(r"^\d{8}-\d{6}_[0-9a-f]{8}_(?P<name>.+)$")


def quarantine_dir(db_path: Path) -> Path:
    """Where the import copies a refused file (exchange/service.py `_quarantine`)."""
    return Path(db_path).parent / "quarantine"


@record
class Quarantined:
    """A quarantined package signed with the key asked about, for the unit asked about."""

    path: Path
    name: str  # the file's name when it arrived, without the quarantine's prefix
    digest: str
    period: str


def original_name(copy: Path) -> str:
    """«20261130-212233_ab12cd34_cao_loc.baocao» → «cao_loc.baocao»."""
    m = _COPY_NAME.match(copy.name)
    return m.group("name") if m else copy.name


def _digest(path: Path) -> str | None:
    """The file's SHA-256; None for what cannot be a package (unreadable, or larger than a
    package may be: the quarantine keeps any refused file up to 200 MB)."""
    try:
        if path.stat().st_size > MAX_PACKAGE_BYTES:
            return None
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        return None


def signed_by(
    qdir: Path, unit_key: tuple[str, str], fingerprint: str, *, skip=lambda digest: False
) -> list[Quarantined]:
    """The quarantine's packages, one per content, whose signature verifies with key
    `fingerprint` and whose manifest names the unit `unit_key`; `skip(digest)` leaves a
    file out before it is opened.  Anything unreadable is not one of them."""
    if not qdir.is_dir():
        return []
    found: dict[str, Quarantined] = {}
    for path in sorted(qdir.iterdir()):
        if path.name.endswith(REASON_SUFFIX) or not path.is_file():
            continue
        digest = _digest(path)
        if digest is None or digest in found or skip(digest):
            continue
        try:
            signed = open_package(path)
            period = str(Period.parse(signed.manifest.period))
        except BaoCaoError:
            continue
        m = signed.manifest
        if signed.signer_fingerprint == fingerprint and (m.unit.code, m.unit.valid_from) == unit_key:
            found[digest] = Quarantined(path, original_name(path), digest, period)
    return list(found.values())


def named_in_quarantine(db, db_path: Path, unit_key: tuple[str, str], fingerprint: str) -> bool:
    """Did a package refused before, and left in quarantine, come signed with this key?"""
    return bool(signed_by(quarantine_dir(db_path), unit_key, fingerprint, skip=_known(db)))


def _known(db):
    store, log = TrustStore(db), ImportLog(db)
    return lambda digest: store.kept(digest) or log.accepted_before(digest)


def keep_quarantined(db, db_path: Path, unit_key: tuple[str, str], fingerprint: str) -> int:
    """Keep every package `signed_by` the key for the unit, not kept nor counted yet, as a
    refusal is kept now (held/, `held_packages` released 'rejected'), so that accepting the
    key re-imports it.  Returns how many.  A copy that cannot be made raises StorageError
    before anything of that package is recorded."""
    from desktop.core.trust.holding import hold_package

    found = signed_by(quarantine_dir(db_path), unit_key, fingerprint, skip=_known(db))
    for q in found:
        hold_package(
            db,
            db_path,
            q.path,
            q.digest,
            unit_key=unit_key,
            period=q.period,
            fp=fingerprint,
            refused=True,
            name=q.name,
        )
    return len(found)
