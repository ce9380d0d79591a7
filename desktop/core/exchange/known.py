"""Files the province has seen before, recognised per batch of an import (exchange/service.py)
before any of them is opened.

A batch first hashes every file and asks the import log once for the digests it knows:
bytes that passed every check before, whose signed manifest the log kept.  Such a file is
a duplicate when its forms are still stored under the content hashes the manifest gives,
the manifest still passes today's checks (period, unit, form versions) and its signer
still counts for the unit: then its result is made from the manifest — the same outcome,
message and fields as the whole route gives — without opening the zip.  Anything else
(a new file, a file rejected or held before, a check that fails, a signer no longer
counted) goes the whole route, which then gives the same answer it always gave.  What the
checks read (units, periods, keys, which files passed before) is read once per batch and
distinct value: none of it changes during a batch but by the batch's own files, noted as
they pass (`accepted`).  Every file's log row, whatever its outcome, is kept here in the
files' order (`note`) and written with the batch's others at its end (`flush`).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from desktop.core.errors import BaoCaoError
from desktop.core.exchange.recall import KnownPackage, recall_package
from desktop.core.exchange.results import ImportResult, duplicate_result, duplicate_texts
from desktop.core.storage.exchange_tables import ImportLog
from desktop.core.storage.trust_tables import TrustStore
from desktop.core.trust.policy import COUNTED, judge
from desktop.core.units import UnitCatalog


class _TrustOnce:
    """The key tables as `judge` reads them, each question asked once per batch (an import
    changes no key, no delegation)."""

    def __init__(self, store: TrustStore) -> None:
        self._store = store
        self._asked: dict[tuple, object] = {}
        self._by_fingerprint: dict[str, list] = {}  # asked for every file: its own dict

    def _once(self, name: str, *args):
        key = (name, *args)
        if key not in self._asked:
            self._asked[key] = getattr(self._store, name)(*args)
        return self._asked[key]

    def keys_with_fingerprint(self, fp: str):
        keys = self._by_fingerprint.get(fp)
        if keys is None:
            keys = self._by_fingerprint[fp] = self._store.keys_with_fingerprint(fp)
        return keys

    def keys_of_unit(self, code: str, valid_from: str):
        return self._once("keys_of_unit", code, valid_from)

    def active_delegation(self, district, commune):
        return self._once("active_delegation", tuple(district), tuple(commune))


class KnownFiles:
    """One batch's view of the import log: the files' digests, the manifests of those it
    knows, and the log rows of its duplicates until they are written (`flush`)."""

    def __init__(
        self, db, repo, units: UnitCatalog, paths: list[Path], digest: Callable, check: Callable,
        *, pack,
    ) -> None:
        """`digest(path)` hashes a file; `check(manifest, name)` is the import's manifest
        check (service._check_manifest), giving (unit, period) or raising its rejection;
        `pack` names the forms in the results' messages."""
        self.repo, self.units, self.pack = repo, units, pack
        self.log = ImportLog(db)
        self.digests = {path: digest(path) for path in paths}
        kept = self.log.accepted_manifests(set(self.digests.values()))
        self._kept: dict[str, str | bytes] = dict(kept)  # the log's text, or a batch's bytes
        self._check = check
        self._units: dict[tuple, tuple] = {}
        self._forms: set[tuple] = set()
        self.trust = _TrustOnce(TrustStore(db))  # what trust.policy.judge reads
        self._pending: list[tuple] = []
        self._recalled: dict[str, KnownPackage] = {}
        self._stored: dict[tuple, str] = {}
        self._said: dict[tuple, tuple[str, str]] = {}  # form list → duplicate_texts
        self._prefetch_stored()
        fresh = set(self.digests.values()) - self._kept.keys()
        self._accepted = set(self._kept) | (self.log.accepted_among(fresh) if fresh else set())

    def _prefetch_stored(self) -> None:
        """The content hash of every stored form the known manifests name, by one query
        per thousand forms (rows are never changed once stored: what is found holds for
        the whole batch; what is not found may yet be stored by an earlier file)."""
        keys = set()
        for digest, kept in self._kept.items():
            try:
                signed = self._recalled[digest] = recall_package("", kept)
            except BaoCaoError:
                continue  # the whole route says what is wrong with it
            m = signed.manifest
            keys.update(
                (m.unit.code, m.unit.valid_from, e.id, m.period, e.revision) for e in m.forms
            )
        self._stored = self.repo.received_content_hashes(keys)

    def check(self, m, name: str):
        """`service._check_manifest`, asked again only for a (period, unit) or a form
        version not yet seen in the batch: the unit and period checks read nothing of the
        forms, each form's check nothing but its entry.  A failing check is never
        remembered: it raises its own message each time."""
        unit_key = (m.period, m.unit.code, m.unit.valid_from, m.unit.name)
        entries = [(e.id, e.version, e.form_hash) for e in m.forms]
        hit = self._units.get(unit_key)
        if hit is not None and self._forms.issuperset(entries):
            return hit
        hit = self._units[unit_key] = self._check(m, name)
        self._forms.update(entries)
        return hit

    def duplicate(self, path: Path) -> ImportResult | None:
        """The result of a known file that is a duplicate (module doc), as the whole route
        makes it, its log row kept for `flush`; None when the file must go the whole route.

        Why its signature is not verified again: the file is known by the SHA-256 of ALL
        its bytes, not by its manifest's hashes.  Bytes that hash alike are the same bytes
        (a second preimage of SHA-256 is out of reach), so this file carries the very
        manifest, signature and payload whose signature, payload hash and content hashes
        were verified when those bytes passed every check before.  A manifest re-signed
        with another key, or a payload changed under a kept manifest, claiming content
        hashes the province stores, is other bytes: it is not known here and goes the
        whole route (signature, payload, trust), never answered «đã có» from the log
        (tests/core/test_import_forged_duplicate.py).  What may have changed since — the
        form pack, the catalogue, the keys, the stored forms — is asked again below."""
        digest = self.digests[path]
        signed = self._recalled.get(digest)
        if signed is None:
            return None
        m, name = signed.manifest, path.name
        try:
            unit, period = self.check(m, name)
        except BaoCaoError:
            return None
        stored, code, valid_from, per = self._stored, m.unit.code, m.unit.valid_from, m.period
        for e in m.forms:
            if stored.get((code, valid_from, e.id, per, e.revision)) != e.content_hash:
                return None
        fp = signed.signer_fingerprint
        verdict = judge(self.trust, self.units, unit, fp, m.created_at)  # type: ignore[arg-type]
        if verdict.kind != COUNTED:
            return None  # held or refused: the whole route holds or rejects it
        forms = tuple((e.id, e.revision) for e in m.forms)
        said = self._said.get(forms)
        if said is None:
            said = self._said[forms] = duplicate_texts(forms, self.pack)
        out = duplicate_result(name, unit, period, m.package_uuid, forms, said[0])
        self.note(
            file_name=name,
            file_sha256=digest,
            outcome=out.outcome,
            message=out.message,
            package_uuid=m.package_uuid,
            unit_code=unit.code,
            period=out.period,
            detail_text=said[1],
        )
        return out

    def accepted_before(self, digest: str) -> bool:
        """ImportLog.accepted_before, as the log stands with the batch's rows in it."""
        return digest in self._accepted

    def stored_hash(self, key: tuple[str, str, str, str, int]) -> str | None:
        """The content hash stored for (unit code, unit valid_from, form, period,
        revision), if any (`repo.received_content_hash`, answered from what the batch read
        first when it was there then)."""
        found = self._stored.get(key)
        if found is None:
            found = self.repo.received_content_hash(key[:2], *key[2:])
        return found

    def recall(self, path: Path) -> KnownPackage | None:
        """The kept manifest of a file the whole route must take, when its bytes passed
        every check before — in an earlier import or earlier in this batch (`accepted`) —
        read as it is named in this batch, without asking the log again."""
        kept = self._kept.get(self.digests[path])
        return None if kept is None else recall_package(path.name, kept)

    def accepted(self, path: Path, manifest: bytes | None) -> None:
        """A file the whole route has just stored (its log row noted, with its signed
        manifest): it passed, and the same bytes again later in the batch are recalled from
        it, as from the log."""
        digest = self.digests[path]
        self._accepted.add(digest)
        if manifest is not None:
            self._kept.setdefault(digest, manifest)

    def note(self, **fields) -> None:
        """A file's log row (ImportLog.row: stamped now), written by `flush`."""
        self._pending.append(self.log.row(**fields))

    def keep(self, row: tuple) -> None:
        """A log row already made by ImportLog.row (trust/holding.admit's «held»)."""
        self._pending.append(row)

    def flush(self) -> None:
        """Write the log rows kept so far, in the files' order (before any row written
        another way: an unexpected failure's, service._failed)."""
        if self._pending:
            self.log.add_many(self._pending)
            self._pending = []
