"""Files whose exact bytes passed every check before (exchange/known.py, the import's
duplicate path): the signed manifest the import log kept for them stands for the file,
read back here without opening the zip.

The log keeps a manifest only as the signed bytes that `package._parse` read strictly
(exchange/service.py writes nothing else into that column), so reading it back needs no
second check: plain JSON straight into the strict model's classes gives what `_parse`
gives, at a fraction of its cost (the largest cost of a duplicate).  A text that does not
fit them as it stands goes through `_parse`, whose answer it gets, as before
(tests/core/test_package_recall.py holds the two alike).
"""

from __future__ import annotations

import dataclasses
import json

from desktop.core.exchange.package import Manifest, _parse
from desktop.core.exchange.package_data import FormEntryData, ManifestData, UnitData
from desktop.core.record import assemble, record


@record
class KnownPackage:
    """A file whose exact bytes (the same SHA-256) passed every check before: its signed
    manifest, as the import log kept it, stands for it.  The signature over that manifest
    and the payload's hash were verified then; nothing of the file is read again."""

    manifest: Manifest | ManifestData

    @property
    def signer_fingerprint(self) -> str:
        return self.manifest.key_fingerprint  # checked equal to the signer's on that import


def recall_package(name: str, manifest: bytes | str) -> KnownPackage:
    """A known file's manifest from the text the import log kept (module doc): as the
    log's text (str, read without encoding it again) or the signed bytes themselves."""
    try:
        return KnownPackage(_recalled(json.loads(manifest)))
    except (ValueError, TypeError, KeyError, AttributeError, RecursionError):
        raw = manifest.encode("utf-8") if isinstance(manifest, str) else manifest
        return KnownPackage(_parse(name, raw, Manifest, "manifest.json"))


def _recalled(data: dict) -> ManifestData:
    """A kept manifest's JSON as `ManifestData` (anything else: TypeError, KeyError …)."""
    data["forms"] = [_filled(FormEntryData, entry) for entry in data["forms"]]
    data["unit"] = _filled(UnitData, data["unit"])
    if not data["forms"]:
        raise TypeError("a manifest without forms")  # ManifestData's own check
    return _filled(ManifestData, data)


def _fields(cls) -> tuple[frozenset, frozenset]:
    every = dataclasses.fields(cls)
    required = (f.name for f in every if f.default is dataclasses.MISSING)
    return frozenset(f.name for f in every), frozenset(required)


_RECALLED = {cls: _fields(cls) for cls in (ManifestData, FormEntryData, UnitData)}


def _filled(cls, data: dict):
    """`cls(**data)` for these frozen dataclasses of plain fields, their values set at once
    (a frozen `__init__` sets each through `object.__setattr__`, several times slower; a
    field left out keeps its default, the class attribute)."""
    every, required = _RECALLED[cls]
    if not (required <= data.keys() <= every):
        raise TypeError(f"not the fields of {cls.__name__}")
    return assemble(cls, data)
